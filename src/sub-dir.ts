import { fail } from './checks';
import { separatesFields } from './path-pattern';

/*
 * The rules for a csi-driver-nfs `subDir` template: which templates give
 * every claim a directory of its own on the share.
 *
 * How v4.13.4 expands one (pkg/nfs/controllerserver.go, `newNFSVolume`):
 * each of `${pvc.metadata.name}`, `${pvc.metadata.namespace}` and
 * `${pv.metadata.name}` is replaced by the claim's name and namespace and the
 * volume's name (the provisioner passes them with `--extra-create-metadata`);
 * any other text, `${...}` included, stays as written. The result is joined to
 * the share. None of the three values holds a '/', '_' or capital letter;
 * only a claim name may hold a '.'; volume names are `pvc-<claim uid>`.
 *
 * So the directory of a claim is its own, for every pair of claims, when,
 * read as directory names (the parts between '/'):
 * - it has `${pv.metadata.name}` (unique per volume), or both
 *   `${pvc.metadata.namespace}` and `${pvc.metadata.name}` (a class serves
 *   claims of every namespace);
 * - a directory name holds each variable at most once and, between two of
 *   them, a '.', '_' or capital letter (the rule `pathPattern` has), so that
 *   it splits one way only, unless it starts or ends with the volume name
 *   (`pvc-` and a 36-character uid: the provisioner's default names, which
 *   NfsCsiDriver keeps), which is unique and found by its length;
 * - no directory name is empty, '.' or '..': every claim's path then has as
 *   many parts as the template, none outside the share.
 */

const VARIABLES: { [variable: string]: string } = {
  '${pvc.metadata.namespace}': 'namespace',
  '${pvc.metadata.name}': 'name',
  '${pv.metadata.name}': 'volume',
};

const EXAMPLE = "such as '${pvc.metadata.namespace}/${pvc.metadata.name}'";

/** One part of a directory name: fixed text, or a variable. */
type Part = { readonly text: string } | { readonly variable: string };

/**
 * Reads a `subDir` template into its directory names, refusing one that can
 * give two claims one directory, or a directory outside the share.
 *
 * @returns the template
 */
export function checkSubDir(owner: string, prop: string, template: string): string {
  function rule(allowed: string): never {
    return fail(owner, prop, template, allowed);
  }
  if (typeof template !== 'string') rule(`a path relative to the share ${EXAMPLE}`);
  const dirs: Part[][] = [[]];
  const text = (t: string) => t.split('/').forEach((piece, i) => {
    if (i > 0) dirs.push([]);
    if (piece) dirs[dirs.length - 1].push({ text: piece });
  });
  let end = 0;
  for (const m of template.matchAll(/\$\{[^}]*\}/g)) {
    text(template.slice(end, m.index));
    end = m.index! + m[0].length;
    const variable = VARIABLES[m[0]];
    if (!variable) {
      rule(`a path whose variables are \${pvc.metadata.namespace}, \${pvc.metadata.name} and \${pv.metadata.name}: the driver writes ${m[0]} as it is`);
    }
    dirs[dirs.length - 1].push({ variable });
  }
  text(template.slice(end));

  const texts = (dir: Part[]) => dir.map(p => 'text' in p ? p.text : '').join('');
  if (!/^[A-Za-z0-9._\/-]*$/.test(dirs.map(texts).join(''))) {
    rule(`a path of variables, letters, digits, '.', '_', '-' and '/', ${EXAMPLE}`);
  }
  if (dirs.some(dir => dir.length === 0 || (dir.every(p => 'text' in p) && /^\.\.?$/.test(texts(dir))))) {
    rule(`a path relative to the share, without an empty, '.' or '..' directory name (so not starting or ending with '/'), ${EXAMPLE}`);
  }
  const has = (variable: string) => dirs.some(dir => dir.some(p => 'variable' in p && p.variable === variable));
  if (!has('volume') && !(has('namespace') && has('name'))) {
    rule('a path with ${pv.metadata.name}, or with both ${pvc.metadata.namespace} and ${pvc.metadata.name}: a class serves claims of every namespace, each with a directory of its own');
  }
  for (const dir of dirs) {
    const variables = dir.flatMap((p, i) => 'variable' in p ? [{ i, variable: p.variable }] : []);
    const once = new Set(variables.map(v => v.variable)).size === variables.length;
    // A volume name at either end of a directory name is its fixed-length
    // tail or head, `pvc-<uid>`: the name splits one way whatever comes next.
    const volumeAtEnd = [dir[0], dir[dir.length - 1]].some(p => 'variable' in p && p.variable === 'volume');
    const split = volumeAtEnd || variables.every((v, k) => k === 0 || separatesFields(
      dir.slice(variables[k - 1].i + 1, v.i).map(p => 'text' in p ? p.text : '').join('')));
    if (!once || !split) {
      rule("a path with each variable at most once per directory name, and between two in one name a '.', '_' or capital letter (with '-', namespace 'a-b' claim 'c' meets namespace 'a' claim 'b-c')");
    }
  }
  return template;
}
