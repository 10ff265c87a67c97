import { createHash } from 'crypto';
import { checkDnsSubdomain, checkInstance, fail } from './checks';
import { OwnVolume } from './claims';
import * as k8s from './imports/k8s';
import { checkConfigMapSize, PagesMode, SEED_RESOURCES } from './pages';

// The content every replica of a StatefulWeb serves, beside or instead of its
// own page: where it comes from, and the init container that copies it into
// each pod's claim.

/** A ConfigMap key the web server can serve under the same name: no '/', no leading '.'. */
const FILE_NAME = /^[-_a-zA-Z0-9][-._a-zA-Z0-9]*$/;

/**
 * Files every replica of a StatefulWeb serves, beside or instead of the
 * per-pod `pages`: an init container copies them into each pod's claim, as
 * `pagesMode` says (by default, each file the claim does not have yet).
 */
export class SiteContent {
  /**
   * Files the library writes into a ConfigMap `<name>-content`, keyed by
   * file name: `{ 'style.css': '...', 'logo.svg': '...' }`. A name is a
   * ConfigMap key the server serves as it is: letters, digits, '-', '_' and
   * '.', not starting with '.', at most 253 characters, no directories. At
   * most 1 MiB in all, the names included (one ConfigMap).
   *
   * @param files the content of each file, by file name
   */
  public static fromFiles(files: { [name: string]: string }): SiteContent {
    const owner = 'SiteContent.fromFiles';
    if (typeof files !== 'object' || files === null || Array.isArray(files) || Object.keys(files).length === 0) {
      fail(owner, 'files', files, "one file or more, by file name: { 'style.css': '...' }");
    }
    for (const [name, content] of Object.entries(files)) {
      if (name.length > 253 || !FILE_NAME.test(name)) {
        fail(owner, `files.${name}`, name, "a file name of at most 253 letters, digits, '-', '_' or '.', not starting with '.' (a ConfigMap key served as it is)");
      }
      if (typeof content !== 'string') fail(owner, `files.${name}`, content, 'a string');
    }
    const data = { ...files };
    checkConfigMapSize(owner, 'files', data, 'the file names included');
    return new SiteContent(data, undefined, undefined);
  }

  /**
   * A ConfigMap that exists, in the StatefulWeb's namespace: each key is a
   * file. Keys that start with '.' are not copied.
   *
   * @param name the ConfigMap's name
   */
  public static fromConfigMap(name: string): SiteContent {
    return new SiteContent(undefined, checkDnsSubdomain('SiteContent.fromConfigMap', 'name', name), undefined);
  }

  /**
   * A PersistentVolumeClaim that exists, in the StatefulWeb's namespace,
   * mounted read-only by every pod's init container (a claim of access mode
   * `ReadOnlyMany` or `ReadWriteMany` for pods on several nodes). Its files
   * and directories are copied, but for those whose name starts with '.'.
   *
   * @param name the claim's name
   */
  public static fromClaim(name: string): SiteContent {
    return new SiteContent(undefined, undefined, checkDnsSubdomain('SiteContent.fromClaim', 'name', name));
  }

  /** The files of `fromFiles`, by name. */
  public readonly files?: { [name: string]: string };
  /** The ConfigMap of `fromConfigMap`. */
  public readonly configMapName?: string;
  /** The claim of `fromClaim`. */
  public readonly claimName?: string;

  private constructor(files: { [name: string]: string } | undefined, configMapName: string | undefined, claimName: string | undefined) {
    this.files = files;
    this.configMapName = configMapName;
    this.claimName = claimName;
  }
}

/** Where the init container that copies the shared content finds it. */
export const CONTENT_DIR = '/content';

/** The pod template annotation that carries the hash of `SiteContent.fromFiles` in `PagesMode.SYNC`. */
const CONTENT_HASH_ANNOTATION = 'cdk8s-stateful-web/content-hash';

/**
 * The init container script that copies the shared content into a pod's
 * claim. It copies every regular file under `$CONTENT_DIR` (following the
 * symbolic links of a ConfigMap volume, skipping every name that starts with
 * '.') to the same path under `$DATA_DIR`: with `$MODE` `SeedOnce` only the
 * files the claim does not have, with `Sync` every one, over the claim's.
 * With `$PAGES_DIR` set and a page for the pod's ordinal there, the top
 * `index.html` is the page's, and the content's is not copied. Each copy goes
 * through a temporary file and a rename. POSIX sh and find.
 */
export const COPY_CONTENT_SCRIPT = [
  'set -eu',
  'ordinal="${POD_NAME##*-}"',
  'skip=""',
  'if [ -n "${PAGES_DIR:-}" ] && [ -f "$PAGES_DIR/$ordinal.html" ]; then skip="./index.html"; fi',
  'export ordinal skip',
  'cd "$CONTENT_DIR"',
  'find -L . -name ".*" ! -name . -prune -o -type f -exec sh -c \'',
  'set -eu',
  'for f in "$@"; do',
  '  if [ "$f" = "$skip" ]; then echo "$f: left to the page of ordinal $ordinal"; continue; fi',
  '  target="$DATA_DIR/${f#./}"',
  '  if [ "$MODE" = SeedOnce ] && [ -e "$target" ]; then echo "$target exists: left as it is"; continue; fi',
  '  mkdir -p "$(dirname "$target")"',
  '  cp "$f" "$target.copying"',
  '  mv -f "$target.copying" "$target"',
  '  echo "wrote $target"',
  'done',
  '\' sh {} +',
].join('\n') + '\n';

/** The shared content, checked; `undefined` without it. */
export function resolveSiteContent(owner: string, content: SiteContent | undefined): SiteContent | undefined {
  return content && checkInstance(owner, 'sharedContent', content, SiteContent, "a SiteContent such as SiteContent.fromFiles({ 'style.css': '...' })");
}

/** The pod volume of the shared content. */
export function renderContentVolume(volume: OwnVolume, content: SiteContent, configMap: string | undefined): k8s.Volume {
  return content.claimName !== undefined
    ? { name: volume.name, persistentVolumeClaim: { claimName: content.claimName, readOnly: true } }
    : { name: volume.name, configMap: { name: configMap ?? content.configMapName! } };
}

/** In `PagesMode.SYNC` with `SiteContent.fromFiles`, the pod annotation that carries a hash of the files. */
export function contentAnnotations(mode: PagesMode, content: SiteContent | undefined): { [key: string]: string } | undefined {
  return content?.files && mode === PagesMode.SYNC
    ? { [CONTENT_HASH_ANNOTATION]: createHash('sha256').update(JSON.stringify(content.files)).digest('hex').slice(0, 16) }
    : undefined;
}

/** What the init container that copies the shared content needs to know. */
export interface ContentContainerOptions {
  readonly mode: PagesMode;
  readonly image: string;
  readonly imagePullPolicy?: string;
  /** The shared content's volume. */
  readonly content: OwnVolume;
  /** The pages' volume, so that a pod's own page stays its `index.html`; with `pages` only. */
  readonly pages?: OwnVolume;
  /** The claim the content is copied into. */
  readonly data: OwnVolume;
  readonly securityContext: k8s.SecurityContext;
}

/** The init container that copies the shared content into each pod's first claim. */
export function renderContentContainer(options: ContentContainerOptions): k8s.Container {
  const { content, pages, data } = options;
  return {
    name: options.mode === PagesMode.SYNC ? 'sync-content' : 'seed-content',
    image: options.image,
    imagePullPolicy: options.imagePullPolicy,
    command: ['sh', '-c', COPY_CONTENT_SCRIPT],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'MODE', value: options.mode },
      { name: 'CONTENT_DIR', value: content.mountPath },
      { name: 'DATA_DIR', value: data.mountPath },
      ...(pages ? [{ name: 'PAGES_DIR', value: pages.mountPath }] : []),
    ],
    volumeMounts: [
      { name: data.name, mountPath: data.mountPath },
      { name: content.name, mountPath: content.mountPath, readOnly: true },
      ...(pages ? [{ name: pages.name, mountPath: pages.mountPath, readOnly: true }] : []),
    ],
    resources: SEED_RESOURCES,
    securityContext: options.securityContext,
  };
}
