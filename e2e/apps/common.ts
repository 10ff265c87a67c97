import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { NfsStorage, NfsStorageProps, StatefulWeb, StatefulWebProps } from '../../src';

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
  /** Chart id, then StorageClass name: the NFS export its NfsStorage was given. */
  readonly storages: { [chart: string]: { [storageClass: string]: NfsExport } };
}

export const INTENT = Symbol.for('cdk8s-stateful-web.e2e.intent');

function intent(): Intent {
  const g = globalThis as { [INTENT]?: Intent };
  if (!g[INTENT]) throw new Error('no intent record: synthesize the e2e apps with e2e/apps/synth.js');
  return g[INTENT];
}

/** `new StatefulWeb(...)`, its pages recorded as the app gave them (a copy taken before the library sees them). */
export function statefulWeb(scope: Construct, id: string, props: StatefulWebProps = {}): StatefulWeb {
  const pages = props.pages === undefined ? undefined : [...props.pages];
  const web = new StatefulWeb(scope, id, props);
  if (pages) (intent().pages[Chart.of(scope).node.id] ??= {})[web.name] = pages;
  return web;
}

/** `new NfsStorage(...)`, its export recorded as the app gave it. */
export function nfsStorage(scope: Construct, id: string, props: NfsStorageProps): NfsStorage {
  const given: NfsExport = { server: props.server, path: props.path };
  const storage = new NfsStorage(scope, id, props);
  (intent().storages[Chart.of(scope).node.id] ??= {})[storage.storageClassName] = given;
  return storage;
}
