import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { NfsOnDelete, NfsStorage, ReclaimPolicy } from '../src';
import { clash as clashOf } from './support/directories';

/*
 * `pathPattern` against a model of what nfs-subdir-external-provisioner v4.0.2
 * does with it (cmd/nfs-subdir-external-provisioner/provisioner.go): every
 * `${.PVC.<field>}` its expression finds is replaced by the claim's namespace,
 * name, label or annotation, or by nothing, and the result is joined to
 * `/persistentvolumes` with Go's filepath.Join (empty and '.' parts dropped,
 * '..' resolved, no trailing '/').
 */

const FIELD = /\$\{\.PVC\.((labels|annotations)\.(.*?)|.*?)\}/g;
const MOUNT = '/persistentvolumes';

interface Claim {
  readonly namespace: string;
  readonly name: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** The directory v4.0.2 makes for `claim`, as the provisioner pod sees it. */
function directory(pattern: string, claim: Claim): string {
  let expanded = pattern;
  for (const [whole, field, map, key] of [...pattern.matchAll(FIELD)]) {
    const value = map === 'labels' ? claim.labels?.[key]
      : map === 'annotations' ? claim.annotations?.[key]
        : field === 'namespace' ? claim.namespace
          : field === 'name' ? claim.name : undefined;
    expanded = expanded.split(whole).join(value ?? '');
  }
  const joined = path.posix.join(MOUNT, expanded);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** Claims chosen to run together: names and namespaces that share '-', '.', prefixes; labels missing, empty or not. */
const NAMESPACES = ['a', 'b', 'ab', 'a-b', 'b-c', 'c'];
const NAMES = ['a', 'b', 'c', 'ab', 'b-c', 'a.b', 'web'];
const LABEL_VALUES = [undefined, '', 'a', 'b', 'ab', 'a-b', 'web', 'a.b'];
const CLAIMS: Claim[] = NAMESPACES.flatMap(namespace => NAMES.flatMap(name => LABEL_VALUES.flatMap(app =>
  LABEL_VALUES.slice(0, 4).map(tier => ({
    namespace,
    name,
    labels: Object.fromEntries(Object.entries({ app, tier }).filter(([, v]) => v !== undefined)) as { [key: string]: string },
  })))));

/** Two claims that `pattern` makes meet (see support/directories.ts); else undefined. */
function clash(pattern: string, claims: Claim[] = CLAIMS): string | undefined {
  return clashOf(MOUNT, claims, claim => directory(pattern, claim));
}

function accepts(pathPattern: string, props: { reclaimPolicy?: ReclaimPolicy; onDelete?: NfsOnDelete; image?: string } = {}): boolean {
  const chart = new Chart(Testing.app(), 'pp', { namespace: 'storage' });
  try {
    new NfsStorage(chart, 'nfs', { server: 'nfs', path: '/export', pathPattern, ...props });
    return true;
  } catch (e) {
    expect((e as Error).message).toMatch(/^NfsStorage pp\/nfs: 'pathPattern' must be /);
    return false;
  }
}

describe('pathPattern', () => {
  test('the model: v4.0.2 directories for the tutorial pattern and the default', () => {
    const claim = { namespace: 'xgp-lll', name: 'test-statefulset-test-0' };
    expect(directory('${.PVC.namespace}/${.PVC.name}', claim)).toBe('/persistentvolumes/xgp-lll/test-statefulset-test-0');
    expect(directory('${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}', claim)).toBe('/persistentvolumes/xgp-lll/test-statefulset-test-0');
    expect(directory('${.PVC.Name}', claim)).toBe(MOUNT);
    expect(directory('${.PVC.namespace}/${.PVC.annotations.dir}', { ...claim, annotations: { dir: '../../etc' } })).toBe('/etc');
  });

  test.each([
    '${.PVC.namespace}/${.PVC.name}',
    '${.PVC.namespace}.${.PVC.name}',
    '${.PVC.name}_${.PVC.namespace}',
    '${.PVC.namespace}/tier-${.PVC.labels.tier}/${.PVC.name}',
    'k8s/${.PVC.labels.app.kubernetes.io/name}.d/${.PVC.namespace}/pv-${.PVC.name}',
  ])('%s is accepted, and no two claims meet', pattern => {
    expect(accepts(pattern)).toBe(true);
    expect(clash(pattern)).toBeUndefined();
  });

  // Each refused pattern of the README's table, with the claims it would mix.
  test.each([
    ['${.PVC.name}', [{ namespace: 'a', name: 'web' }, { namespace: 'b', name: 'web' }]],
    ['${.PVC.namespace}-${.PVC.name}', [{ namespace: 'a-b', name: 'c' }, { namespace: 'a', name: 'b-c' }]],
    ['${.PVC.namespace}/${.PVC.name}${.PVC.labels.app}', [{ namespace: 'a', name: 'ab' }, { namespace: 'a', name: 'a', labels: { app: 'b' } }]],
    ['${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}', [{ namespace: 'a', name: 'web' }, { namespace: 'a', name: 'x', labels: { tier: 'web' } }]],
    ['${.PVC.namespace}/${.PVC.Name}', [{ namespace: 'a', name: 'web' }, { namespace: 'a', name: 'x' }]],
    ['${.PVC.namespace}/${.PVC.name}/${.PVC.annotations.dir}', [{ namespace: 'a', name: 'web' }, { namespace: 'a', name: 'x', annotations: { dir: '../web' } }]],
  ] as Array<[string, Claim[]]>)('%s is refused: two claims would meet', (pattern, claims) => {
    expect(clash(pattern, claims)).toBeDefined();
    expect(accepts(pattern)).toBe(false);
  });

  test.each([
    '', '/${.PVC.namespace}/${.PVC.name}', '${.PVC.namespace}//${.PVC.name}', '${.PVC.namespace}/${.PVC.name}/',
    './${.PVC.namespace}/${.PVC.name}', '${.PVC.namespace}/../${.PVC.name}', '${.PVC.namespace}/${.PVC.name',
  ])('%j is refused: not a plain relative path', pattern => {
    expect(accepts(pattern)).toBe(false);
  });

  test('no accepted pattern gives two claims one directory, nests one in another, or gives one the root', () => {
    const [ns, name, app, tier] = ['${.PVC.namespace}', '${.PVC.name}', '${.PVC.labels.app}', '${.PVC.labels.tier}'];
    // Directory names made of a core and text or a label on either side, so
    // that a good share of the patterns is accepted and the rest fails each rule.
    const core = fc.constantFrom(ns, name, `${ns}.${name}`, `${name}_${ns}`, `${ns}-${name}`, `${ns}${name}`, app, tier, 'x', '.', '..', '${.PVC.nope}');
    const side = fc.constantFrom('', '', 'x', '-', '.', '_', app, '..');
    const pattern = fc.array(fc.tuple(side, core, side).map(parts => parts.join('')), { minLength: 1, maxLength: 4 })
      .map(dirs => dirs.join('/'));
    let accepted = 0;
    fc.assert(fc.property(pattern, p => {
      if (!accepts(p)) return;
      accepted++;
      expect(clash(p)).toBeUndefined();
    }), { numRuns: 400 });
    // ...and the generator reaches accepted patterns (about 1 in 10), so the property is not empty.
    expect(accepted).toBeGreaterThanOrEqual(10);
  });
});
