/**
 * Two claims that a directory template gives one directory, one inside the
 * other's, or the root or a directory outside it; else undefined.
 * `directoryOf` is the model of the provisioner: the directory it makes for a
 * claim, under `root`.
 */
export function clash<C extends { namespace: string; name: string }>(
  root: string, claims: C[], directoryOf: (claim: C) => string,
): string | undefined {
  const owner = new Map<string, string>();
  for (const claim of claims) {
    const dir = directoryOf(claim);
    const id = `${claim.namespace}/${claim.name}`;
    if (!dir.startsWith(`${root}/`)) return `${id} gets ${dir}`;
    const other = owner.get(dir);
    if (other !== undefined && other !== id) return `${other} and ${id} share ${dir}`;
    owner.set(dir, id);
  }
  const depth = root.split('/').length;
  for (const [dir, id] of owner) {
    const parts = dir.split('/');
    for (let n = depth + 1; n < parts.length; n++) {
      const parent = parts.slice(0, n).join('/');
      if (owner.has(parent)) return `${owner.get(parent)}'s ${parent} holds ${id}'s ${dir}`;
    }
  }
  return undefined;
}
