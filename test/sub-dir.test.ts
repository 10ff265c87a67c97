import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { NfsCsiDriver, NfsCsiStorage } from '../src';
import { clash as clashOf } from './support/directories';

/*
 * `subDir` against a model of what csi-driver-nfs v4.13.4 does with it
 * (pkg/nfs/controllerserver.go, newNFSVolume and getInternalVolumePath):
 * each of `${pvc.metadata.name}`, `${pvc.metadata.namespace}` and
 * `${pv.metadata.name}` is replaced by its value, any other text is kept, and
 * the result is joined to the share's mount with Go's filepath.Join.
 */

const SHARE = '/share';

interface Claim {
  readonly namespace: string;
  readonly name: string;
  /** The volume's name, `pvc-<claim uid>`. */
  readonly volume: string;
}

/** The directory v4.13.4 makes for `claim`. */
function directory(template: string, claim: Claim): string {
  const expanded = template
    .split('${pvc.metadata.name}').join(claim.name)
    .split('${pvc.metadata.namespace}').join(claim.namespace)
    .split('${pv.metadata.name}').join(claim.volume);
  return path.posix.join(SHARE, expanded);
}

/** Claims chosen to run together: names and namespaces that share '-', '.', prefixes, and volume names inside claim names. */
const uid = (n: number) => `${n.toString(16).padStart(8, '0')}-1111-2222-3333-444444444444`;
const NAMESPACES = ['a', 'b', 'ab', 'a-b', 'b-c', 'c'];
const NAMES = ['a', 'b', 'c', 'ab', 'b-c', 'a.b', 'web', `x-pvc-${uid(1)}`, `pvc-${uid(2)}-x`];
// Every claim its own volume, `pvc-<uid>` of fixed length, as the provisioner names them.
const CLAIMS: Claim[] = NAMESPACES.flatMap((namespace, i) => NAMES.map((name, j) => ({
  namespace, name, volume: `pvc-${uid(i * NAMES.length + j)}`,
})));

/** Two claims that `template` makes meet (see support/directories.ts); else undefined. */
function clash(template: string, claims: Claim[] = CLAIMS): string | undefined {
  return clashOf(SHARE, claims, claim => directory(template, claim));
}

const driver = new NfsCsiDriver(Testing.chart(), 'driver');

function accepts(subDir: string): boolean {
  const chart = new Chart(Testing.app(), 'sd', { namespace: 'storage' });
  try {
    new NfsCsiStorage(chart, 'nfs', { driver, server: 'nfs', share: SHARE, subDir });
    return true;
  } catch (e) {
    expect((e as Error).message).toMatch(/^NfsCsiStorage sd\/nfs: 'subDir' must be /);
    return false;
  }
}

const [NS, NAME, PV] = ['${pvc.metadata.namespace}', '${pvc.metadata.name}', '${pv.metadata.name}'];

describe('subDir', () => {
  test('the model: the directories of the lab pattern', () => {
    const claim = { namespace: 'xgp-lll', name: 'test-statefulset-test-0', volume: `pvc-${uid(1)}` };
    expect(directory(`${NS}/${NAME}`, claim)).toBe('/share/xgp-lll/test-statefulset-test-0');
    expect(directory(`${NS}-${NAME}-${PV}`, claim)).toBe(`/share/xgp-lll-test-statefulset-test-0-pvc-${uid(1)}`);
    expect(directory('${pvc.metadata.labels.app}', claim)).toBe('/share/${pvc.metadata.labels.app}');
  });

  test.each([
    `${NS}/${NAME}`, `${NS}.${NAME}`, `${NAME}_${NS}`, PV, `k8s/${PV}`, `${NS}/${PV}`,
    `${NS}-${NAME}-${PV}`, `${PV}-${NAME}`, `${NS}/${NAME}/${PV}`,
  ])('%s is accepted, and no two claims meet', template => {
    expect(accepts(template)).toBe(true);
    expect(clash(template)).toBeUndefined();
  });

  test.each([
    [NAME, [{ namespace: 'a', name: 'web', volume: 'pvc-1' }, { namespace: 'b', name: 'web', volume: 'pvc-2' }]],
    [`${NS}-${NAME}`, [{ namespace: 'a-b', name: 'c', volume: 'pvc-1' }, { namespace: 'a', name: 'b-c', volume: 'pvc-2' }]],
    ['data', [{ namespace: 'a', name: 'web', volume: 'pvc-1' }, { namespace: 'a', name: 'x', volume: 'pvc-2' }]],
    [`${NS}/\${pvc.metadata.labels.app}`, [{ namespace: 'a', name: 'web', volume: 'pvc-1' }, { namespace: 'a', name: 'x', volume: 'pvc-2' }]],
  ] as Array<[string, Claim[]]>)('%s is refused: two claims would meet', (template, claims) => {
    expect(clash(template, claims)).toBeDefined();
    expect(accepts(template)).toBe(false);
  });

  test.each([
    '', `/${PV}`, `${NS}//${NAME}`, `${PV}/`, `./${PV}`, `${NS}/../${NAME}`, `${PV}x${PV}`, '${pv.metadata.name',
  ])('%j is refused: not a plain relative path with each variable once', template => {
    expect(accepts(template)).toBe(false);
  });

  test('no accepted template gives two claims one directory, nests one in another, or leaves the share', () => {
    const core = fc.constantFrom(NS, NAME, PV, `${NS}.${NAME}`, `${NAME}_${NS}`, `${NS}-${NAME}`, `${NS}${NAME}`, `${NAME}-${PV}`, `${PV}${NAME}`, 'x', '.', '..', '${pvc.nope}');
    const side = fc.constantFrom('', '', 'x', '-', '.', '_', '..');
    const template = fc.array(fc.tuple(side, core, side).map(parts => parts.join('')), { minLength: 1, maxLength: 4 })
      .map(dirs => dirs.join('/'));
    let accepted = 0;
    fc.assert(fc.property(template, t => {
      if (!accepts(t)) return;
      accepted++;
      expect(clash(t)).toBeUndefined();
    }), { numRuns: 400 });
    expect(accepted).toBeGreaterThanOrEqual(10);
  });
});
