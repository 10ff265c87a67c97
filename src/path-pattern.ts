import { fail } from './checks';

/*
 * The rules for an nfs-subdir-external-provisioner `pathPattern`: which
 * patterns give every claim a directory of its own, and what v4.0.2 does on
 * delete with one that makes sub-directories.
 *
 * How v4.0.2 expands a pattern (cmd/nfs-subdir-external-provisioner): every
 * `${.PVC.<field>}` found by the expression below is replaced by the claim's
 * namespace, name, `labels.<key>` or `annotations.<key>`; any other field,
 * and a label or annotation the claim does not have, becomes the empty
 * string. The result is joined to the export with Go's `filepath.Join`,
 * which drops empty and '.' parts and resolves '..'.
 *
 * So the directory of a claim is its own, for every pair of claims, when the
 * pattern is read as directory names (the parts between '/') and:
 * - it has no annotation: an annotation is any text the claim's author
 *   writes, '/' and '..' included, which can name any directory;
 * - it has `${.PVC.namespace}` and `${.PVC.name}`: a class serves claims of
 *   every namespace, and only the two together tell two claims apart;
 * - a directory name that holds the namespace or the name holds no label, and
 *   each of them at most once; when it holds both, the text between them has
 *   a character no namespace has ('.', '_' or a capital letter), so the
 *   directory name splits one way only;
 * - every directory name keeps something when its labels are missing (the
 *   namespace, the name or a character other than '.'): then every claim's
 *   path has as many parts as the pattern, so no claim's directory is the
 *   export's root or the parent of another's.
 */

/** The expression v4.0.2 finds fields with (its `pattern`), so the pattern is read the same way. */
const FIELD = /\$\{\.PVC\.((labels|annotations)\.(.*?)|.*?)\}/g;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** One part of a directory name: fixed text, or a field of the claim. */
type Part = { readonly text: string } | { readonly field: 'namespace' | 'name' | 'label' };

const EXAMPLE = "such as '${.PVC.namespace}/${.PVC.name}'";

/**
 * Reads a pattern into its directory names, refusing one that can give two
 * claims one directory, or a claim the export's root.
 *
 * @returns the number of directory levels the pattern makes
 */
export function checkPathPattern(owner: string, prop: string, pattern: string): number {
  function rule(allowed: string, detail?: string): never {
    return fail(owner, prop, pattern, allowed, detail);
  }
  const shape = `a path relative to the export, without an empty, '.' or '..' directory name, ${EXAMPLE}`;
  if (typeof pattern !== 'string') rule(shape);

  const dirs: Part[][] = [[]];
  const text = (t: string) => t.split('/').forEach((piece, i) => {
    if (i > 0) dirs.push([]);
    if (piece) dirs[dirs.length - 1].push({ text: piece });
  });
  let end = 0;
  for (const m of pattern.matchAll(FIELD)) {
    text(pattern.slice(end, m.index));
    end = m.index! + m[0].length;
    if (m[2] === 'annotations') {
      rule('a path without ${.PVC.annotations.<key>}',
        "An annotation is text the claim's author writes freely, '/' and '..' included, so it can name another claim's directory or one outside the export.");
    }
    const field = m[2] === 'labels' && LABEL_KEY.test(m[3]) ? 'label' : m[1];
    if (field !== 'namespace' && field !== 'name' && field !== 'label') {
      rule('a path whose fields are ${.PVC.namespace}, ${.PVC.name} and ${.PVC.labels.<label key>}', `v4.0.2 expands \${.PVC.${m[1]}} to nothing.`);
    }
    dirs[dirs.length - 1].push({ field });
  }
  text(pattern.slice(end));

  const texts = (dir: Part[]) => dir.map(p => 'text' in p ? p.text : '').join('');
  const count = (dir: Part[], field: string) => dir.filter(p => 'field' in p && p.field === field).length;
  if (!/^[A-Za-z0-9._\/-]*$/.test(dirs.map(texts).join(''))) {
    rule(`a path of fields, letters, digits, '.', '_', '-' and '/', ${EXAMPLE}`);
  }
  if (dirs.some(dir => dir.length === 0 || (dir.every(p => 'text' in p) && /^\.\.?$/.test(texts(dir))))) {
    rule(shape);
  }
  if (!dirs.some(dir => count(dir, 'namespace')) || !dirs.some(dir => count(dir, 'name'))) {
    rule(`a path with both \${.PVC.namespace} and \${.PVC.name}, ${EXAMPLE}`,
      'A StorageClass serves claims of every namespace, and only the two together tell two claims apart.');
  }
  for (const dir of dirs) {
    const namespaces = count(dir, 'namespace');
    const names = count(dir, 'name');
    if (namespaces + names === 0) {
      if (!/[^.]/.test(texts(dir))) {
        rule("a path whose every directory name keeps a character other than '.' when its labels are missing",
          "A missing label expands to nothing, and a directory level that vanishes puts one claim's directory inside another's.");
      }
      continue;
    }
    if (count(dir, 'label')) {
      rule('a path with no label in a directory name that holds ${.PVC.namespace} or ${.PVC.name}',
        "Claim 'ab' without the label and claim 'a' with the label 'b' would share a directory.");
    }
    const [first, second] = dir.flatMap((p, i) => 'field' in p ? [i] : []);
    const between = dir.slice(first + 1, second).map(p => 'text' in p ? p.text : '').join('');
    if (namespaces > 1 || names > 1 || (namespaces && names && !separatesFields(between))) {
      rule("a path with ${.PVC.namespace} and ${.PVC.name} at most once per directory name, with a '.', '_' or capital letter between them where one name holds both",
        "No namespace has one of those: with '-', namespace 'a-b' with claim 'c' and namespace 'a' with claim 'b-c' would share a directory.");
    }
  }
  return dirs.length;
}

/**
 * Whether the text between two fields of one directory name (a namespace, a
 * claim or volume name) tells where one ends: it has a character none of them
 * has ('.', '_' or a capital letter), at most one of them being a claim name,
 * which may hold a '.'. Shared with csi-driver-nfs's `subDir` (src/sub-dir.ts).
 */
export function separatesFields(between: string): boolean {
  return /[^-a-z0-9]/.test(between);
}

/**
 * Whether a provisioner image, on delete, looks only at the last directory
 * name of a volume's path: the tags up to v4.0.2 (the upstream fix, "Fix
 * onDelete option for subdirectories", came after). An image given by
 * digest or by another tag is taken to be newer.
 */
export function deletesLastNameOnly(image: string): boolean {
  const tag = /:v?(\d+)\.(\d+)\.(\d+)(-[-\w.]+)?$/.exec(image);
  if (!tag) return false;
  const [major, minor, patch] = tag.slice(1).map(Number);
  return major < 4 || (major === 4 && minor === 0 && patch <= 2);
}
