import { createHash } from 'crypto';
import { Size } from 'cdk8s';
import { fail } from './checks';
import { OwnVolume } from './claims';
import * as k8s from './imports/k8s';
import { shareWire } from './objects';
import { CpuAmount, toKubeResources } from './quantities';
import { PullPolicy } from './scheduling';

// The pages of a StatefulWeb: one ConfigMap of per-pod pages, and the init
// container that writes a pod's page into its own claim.

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
   * start.
   */
  SYNC = 'Sync',
}

/**
 * The init container script that writes a pod's page into its own claim.
 *
 * It reads the pod's ordinal from its name (`<statefulset>-<ordinal>`), and
 * copies `$PAGES_DIR/<ordinal>.html` to `$DATA_DIR/index.html` only when the
 * pod has a page and the claim has no `index.html` yet: content written once
 * survives pod deletion and is never overwritten. The copy goes through a
 * temporary file and a rename, so a pod killed mid-copy never leaves half a page.
 * POSIX sh, so it runs in any image with a shell.
 */
export const SEED_PAGES_SCRIPT = [
  'set -eu',
  'ordinal="${POD_NAME##*-}"',
  'page="$PAGES_DIR/$ordinal.html"',
  'target="$DATA_DIR/index.html"',
  'if [ ! -f "$page" ]; then echo "no page for ordinal $ordinal: $DATA_DIR left as it is"; exit 0; fi',
  'if [ -e "$target" ]; then echo "$target exists: left as it is"; exit 0; fi',
  'cp "$page" "$target.seeding"',
  'mv "$target.seeding" "$target"',
  'echo "wrote $target for ordinal $ordinal"',
].join('\n') + '\n';

/**
 * The init container script of `PagesMode.SYNC`: like `SEED_PAGES_SCRIPT`,
 * but it writes the pod's page on every start, over the one in the claim. A
 * pod without a page leaves its claim as it is.
 */
export const SYNC_PAGES_SCRIPT = [
  'set -eu',
  'ordinal="${POD_NAME##*-}"',
  'page="$PAGES_DIR/$ordinal.html"',
  'target="$DATA_DIR/index.html"',
  'if [ ! -f "$page" ]; then echo "no page for ordinal $ordinal: $DATA_DIR left as it is"; exit 0; fi',
  'cp "$page" "$target.syncing"',
  'mv -f "$target.syncing" "$target"',
  'echo "wrote $target for ordinal $ordinal"',
].join('\n') + '\n';

/** What the API server accepts in one ConfigMap's data, keys and values. */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/** Where the init container that writes `pages` finds them. */
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

/** What the init container that writes the pages needs to know. */
export interface PagesContainerOptions {
  readonly mode: PagesMode;
  readonly image: string;
  readonly imagePullPolicy?: PullPolicy;
  /** The pages ConfigMap's volume. */
  readonly pages: OwnVolume;
  /** The claim the pages are written into. */
  readonly data: OwnVolume;
  readonly securityContext: k8s.SecurityContext;
}

/** The init container that writes each pod's page into its first claim. */
export function renderPagesContainer(options: PagesContainerOptions): k8s.Container {
  const { pages, data } = options;
  const sync = options.mode === PagesMode.SYNC;
  return {
    name: sync ? 'sync-pages' : 'seed-pages',
    image: options.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['sh', '-c', sync ? SYNC_PAGES_SCRIPT : SEED_PAGES_SCRIPT],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PAGES_DIR', value: pages.mountPath },
      { name: 'DATA_DIR', value: data.mountPath },
    ],
    volumeMounts: [{ name: data.name, mountPath: data.mountPath }, { name: pages.name, mountPath: pages.mountPath, readOnly: true }],
    resources: SEED_RESOURCES,
    securityContext: options.securityContext,
  };
}
