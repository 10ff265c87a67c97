import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NfsStorage, NfsStorageProps, SiteContent, StatefulWeb, StatefulWebProps } from '../../src';

// What every e2e app is given: the lab's NFS export, as the provisioner is told
// it. The e2e's mount.nfs stand-in serves that path and the directories under it
// (e2e/nfs.sh), so an app's own NfsStorage uses a sub-directory of it.
export interface NfsExport {
  readonly server: string;
  readonly path: string;
}

// The StorageClass of web-storage.app.ts, which the apps of the psa, spread and
// pages-sync checks claim from by name (a restricted namespace refuses the
// default provisioner, which runs as root).
export const WEB_STORAGE_CLASS = 'e2e-web';

// The taint of the KWOK nodes of the `spread` check: only pods that tolerate it go there.
export const KWOK_TAINT = { key: 'kwok.x-k8s.io/node', value: 'fake' };

// The e2e's API server port (E2E_API_PORT, which e2e/run.sh sets from the API
// server it started): NetworkPolicy is enforced on the node (kube-router), so
// every NfsStorage of the apps names it in its provisioner's policy.
export function apiServerPorts(): number[] {
  const port = Number(process.env.E2E_API_PORT);
  if (!Number.isInteger(port) || port < 1) throw new Error(`E2E_API_PORT must be the API server's port, not ${JSON.stringify(process.env.E2E_API_PORT)}`);
  return [port];
}

// What the apps ask of the library, recorded as they ask it: synth.js writes
// it beside each app's YAML as intent.json, and the checks take their expected
// pages and exports from there, never from the objects the library wrote. One
// record per app, shared by the bundles through a global (each bundle holds a
// copy of this file); synth.js sets it before an app and writes it after.
export interface Intent {
  /** Chart id, then StatefulWeb name: the pages it was given, in order. */
  readonly pages: { [chart: string]: { [site: string]: string[] } };
  /** Chart id, then StatefulWeb name: the labels and annotations it was given for its claims. */
  readonly claims: { [chart: string]: { [site: string]: { labels?: { [k: string]: string }; annotations?: { [k: string]: string } } } };
  /** Chart id, then StatefulWeb name: the files of its sharedContent, when given as files (filesContent). */
  readonly files: { [chart: string]: { [site: string]: { [name: string]: string } } };
  /** Chart id, then StorageClass name: what its NfsStorage was given. */
  readonly storages: { [chart: string]: { [storageClass: string]: StorageIntent } };
}

/** An NfsStorage's export, and the class settings the checks expect of it, as given. */
export interface StorageIntent extends NfsExport {
  readonly mountOptions?: string[];
  readonly pathPattern?: string;
  readonly reclaimPolicy?: string;
}

export const INTENT = Symbol.for('cdk8s-stateful-web.e2e.intent');

function intent(): Intent {
  const g = globalThis as { [INTENT]?: Intent };
  if (!g[INTENT]) throw new Error('no intent record: synthesize the e2e apps with e2e/apps/synth.js');
  return g[INTENT];
}

const givenFiles = new WeakMap<SiteContent, { [name: string]: string }>();

/** `SiteContent.fromFiles(files)`, its files recorded for the site that takes it. */
export function filesContent(files: { [name: string]: string }): SiteContent {
  const content = SiteContent.fromFiles(files);
  givenFiles.set(content, { ...files });
  return content;
}

/** `new StatefulWeb(...)`, what the app gave it recorded (copies taken before the library sees them). */
export function statefulWeb(scope: Construct, id: string, props: StatefulWebProps = {}): StatefulWeb {
  const pages = props.pages === undefined ? undefined : [...props.pages];
  const claims = { labels: props.claimLabels && { ...props.claimLabels }, annotations: props.claimAnnotations && { ...props.claimAnnotations } };
  const files = props.sharedContent && givenFiles.get(props.sharedContent);
  const web = new StatefulWeb(scope, id, props);
  const chart = Chart.of(scope).node.id;
  const record = intent();
  if (pages) (record.pages[chart] ??= {})[web.name] = pages;
  if (claims.labels || claims.annotations) (record.claims[chart] ??= {})[web.name] = claims;
  if (files) (record.files[chart] ??= {})[web.name] = files;
  return web;
}

/** `new NfsStorage(...)`, its export and class settings recorded as the app gave them. */
export function nfsStorage(scope: Construct, id: string, props: NfsStorageProps): NfsStorage {
  const given: StorageIntent = {
    server: props.server,
    path: props.path,
    mountOptions: props.mountOptions && [...props.mountOptions],
    pathPattern: props.pathPattern,
    reclaimPolicy: props.reclaimPolicy,
  };
  const storage = new NfsStorage(scope, id, props);
  (intent().storages[Chart.of(scope).node.id] ??= {})[storage.storageClassName] = given;
  return storage;
}
