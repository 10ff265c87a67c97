import { createHash } from 'crypto';
import { Size } from 'cdk8s';
import { fail } from './checks';
import { OwnVolume } from './claims';
import * as k8s from './imports/k8s';
import { shareWire } from './objects';
import { CpuAmount, toKubeResources } from './quantities';
import { PullPolicy } from './scheduling';

// The pages of a StatefulWeb: one ConfigMap of per-pod pages, and the script
// that writes a pod's page into its own claim, run by the web container before
// its server or by an init container.

/**
 * What the pods do with `pages` when they start.
 */
export enum PagesMode {
  /**
   * Write a pod's page once, into a claim that has no `index.html` yet, and
   * never again: a page edited in the claim is never overwritten, and
   * changing `pages` later changes nothing in a claim already seeded.
   */
  SEED_ONCE = 'SeedOnce',
  /**
   * `pages` are the source of truth: every pod start writes the pod's current
   * page over the one in its claim, and the pod template carries a hash of
   * the pages, so that changing them rolls the pods (one at a time with the
   * default update strategy). A page edited in the claim is lost at the next
   * start, and where the web container writes the page (a preset server),
   * at its next restart too.
   */
  SYNC = 'Sync',
}

/**
 * The script that writes a pod's page into its own claim.
 *
 * It reads the pod's ordinal from its name (`<statefulset>-<ordinal>`), and
 * copies `$PAGES_DIR/<ordinal>.html` to `$DATA_DIR/index.html` only when the
 * pod has a page and the claim has no `index.html` yet: content written once
 * survives pod deletion and is never overwritten. The copy goes through a
 * temporary file and a rename, so a pod killed mid-copy never leaves half a page.
 * POSIX sh, so it runs in any image with a shell. It ends without `exit`, so
 * that the web container can run its server after it (`seedThenServe`).
 */
export const SEED_PAGES_SCRIPT = [
  'set -eu',
  'ordinal="${POD_NAME##*-}"',
  'page="$PAGES_DIR/$ordinal.html"',
  'target="$DATA_DIR/index.html"',
  'if [ ! -f "$page" ]; then echo "no page for ordinal $ordinal: $DATA_DIR left as it is"',
  'elif [ -e "$target" ]; then echo "$target exists: left as it is"',
  'else',
  '  cp "$page" "$target.seeding"',
  '  mv "$target.seeding" "$target"',
  '  echo "wrote $target for ordinal $ordinal"',
  'fi',
].join('\n') + '\n';

/**
 * The script of `PagesMode.SYNC`: like `SEED_PAGES_SCRIPT`, but it writes
 * the pod's page on every start, over the one in the claim. A pod without a
 * page leaves its claim as it is.
 */
export const SYNC_PAGES_SCRIPT = [
  'set -eu',
  'ordinal="${POD_NAME##*-}"',
  'page="$PAGES_DIR/$ordinal.html"',
  'target="$DATA_DIR/index.html"',
  'if [ ! -f "$page" ]; then echo "no page for ordinal $ordinal: $DATA_DIR left as it is"',
  'else',
  '  cp "$page" "$target.syncing"',
  '  mv -f "$target.syncing" "$target"',
  '  echo "wrote $target for ordinal $ordinal"',
  'fi',
].join('\n') + '\n';

/** What the API server accepts in one ConfigMap's data, keys and values. */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/** Where the container that writes `pages` finds them. */
export const PAGES_DIR = '/pages';

/** The pod template annotation that carries the hash of the pages in `PagesMode.SYNC`. */
const PAGES_HASH_ANNOTATION = 'cdk8s-stateful-web/pages-hash';

/** Resources of the init container that writes `pages`: a copy of one small file. */
export const SEED_RESOURCES = shareWire(toKubeResources('StatefulWeb', 'seed resources', {
  cpu: { request: CpuAmount.millis(10) },
  memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
}));

/**
 * The pages ConfigMap's data, keyed `<ordinal>.html`; undefined without
 * pages. At most one page per replica, and what one ConfigMap holds.
 */
export function resolvePages(
  owner: string, pages: string[] | undefined, replicas: number, ordinalsStart: number,
): { [key: string]: string } | undefined {
  if (pages === undefined) return undefined;
  if (pages.length > replicas) {
    fail(owner, 'pages', `${pages.length} pages`, `at most one page per replica (${replicas})`);
  }
  const data: { [key: string]: string } = {};
  pages.forEach((page, i) => {
    if (typeof page !== 'string') fail(owner, `pages[${i}]`, page, 'a string');
    data[`${ordinalsStart + i}.html`] = page;
  });
  return checkConfigMapSize(owner, 'pages', data, "the keys '<ordinal>.html' included");
}

/** Data that fits one ConfigMap: the API server's limit, keys and values in UTF-8 bytes; `what` says what the keys are. */
export function checkConfigMapSize(owner: string, prop: string, data: { [key: string]: string }, what: string): { [key: string]: string } {
  const bytes = Object.entries(data).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  if (bytes > CONFIG_MAP_MAX_BYTES) {
    fail(owner, prop, `${bytes} bytes`, `at most ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) in all, ${what}: one ConfigMap`);
  }
  return data;
}

/** In `PagesMode.SYNC`, the pod annotations that carry a hash of the pages, so that changing them changes the template. */
export function pagesAnnotations(mode: PagesMode, data: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  return data && mode === PagesMode.SYNC
    ? { [PAGES_HASH_ANNOTATION]: createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16) }
    : undefined;
}

/** What the container that writes the pages needs to know. */
export interface PagesCopyOptions {
  readonly mode: PagesMode;
  /** The pages ConfigMap's volume. */
  readonly pages: OwnVolume;
  /** The claim the pages are written into. */
  readonly data: OwnVolume;
}

/** What the init container that writes the pages needs to know. */
export interface PagesContainerOptions extends PagesCopyOptions {
  readonly image: string;
  readonly imagePullPolicy?: PullPolicy;
  readonly securityContext: k8s.SecurityContext;
}

/** The copy's name (the init container's, or `$0` of the web container's script), script and environment. */
function pagesCopy(options: PagesCopyOptions): { name: string; script: string; env: k8s.EnvVar[] } {
  const sync = options.mode === PagesMode.SYNC;
  return {
    name: sync ? 'sync-pages' : 'seed-pages',
    script: sync ? SYNC_PAGES_SCRIPT : SEED_PAGES_SCRIPT,
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PAGES_DIR', value: options.pages.mountPath },
      { name: 'DATA_DIR', value: options.data.mountPath },
    ],
  };
}

/** The pages ConfigMap's mount, read-only. */
function pagesMount(pages: OwnVolume): k8s.VolumeMount {
  return { name: pages.name, mountPath: pages.mountPath, readOnly: true };
}

/** The init container that writes each pod's page into its first claim. */
export function renderPagesContainer(options: PagesContainerOptions): k8s.Container {
  const { name, script, env } = pagesCopy(options);
  return {
    name,
    image: options.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['sh', '-c', script],
    env,
    volumeMounts: [{ name: options.data.name, mountPath: options.data.mountPath }, pagesMount(options.pages)],
    resources: SEED_RESOURCES,
    securityContext: options.securityContext,
  };
}

/**
 * What the web container needs to write the pod's page before it runs its
 * server: `sh -c '<script>exec "$@"' seed-pages <server command>`, the
 * script's environment and the pages' mount (its claim it mounts already).
 * The server only starts once the page is written, as the script stops at
 * its first error (`set -e`), and `exec` makes it the container's first
 * process, which gets the stop signal. A pod then starts without an init
 * container, which saves kubelet a container's start and end per pod.
 */
export function seedThenServe(options: PagesCopyOptions, serverCommand: string[]): Pick<k8s.Container, 'command' | 'env' | 'volumeMounts'> {
  const { name, script, env } = pagesCopy(options);
  return { command: ['sh', '-c', `${script}exec "$@"\n`, name, ...serverCommand], env, volumeMounts: [pagesMount(options.pages)] };
}
