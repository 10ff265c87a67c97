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
