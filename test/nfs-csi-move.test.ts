import { Chart, Size, Testing } from 'cdk8s';
import { NfsCsiDriver, NfsCsiMove, NfsCsiMoveProps, NfsCsiStorage, NfsStorage, StatefulWeb } from '../src';

const VOLUMES = ['pvc-11111111-1111-1111-1111-111111111111', 'pvc-22222222-2222-2222-2222-222222222222'];

/** The lab's shape: the old NfsStorage stays in the app, the site moves to a csi class. */
function setUp(props: Partial<NfsCsiMoveProps> = {}) {
  const app = Testing.app();
  const csi = new Chart(app, 'csi', { namespace: 'csi' });
  const driver = new NfsCsiDriver(csi, 'driver');
  const chart = new Chart(app, 'lab', { namespace: 'xgp-lll' });
  const from = new NfsStorage(chart, 'Nfs', { server: '192.168.1.21', path: '/nfsdata' });
  const storage = new NfsCsiStorage(chart, 'Csi', {
    driver, server: '192.168.1.21', share: '/nfsdata', subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}', mountOptions: ['nfsvers=4.1'],
  });
  const site = new StatefulWeb(chart, 'Web', { name: 'statefulset-test', claimName: 'test', replicas: 2, storage, storageSize: Size.mebibytes(100) });
  const move = new NfsCsiMove(chart, 'Move', { site, fromStorage: from, volumes: VOLUMES, ...props });
  return { chart, driver, storage, site, move, from };
}

describe('NfsCsiMove', () => {
  test('from the old volume names: a static csi volume per ordinal on its old directory, and the claim the StatefulSet adopts', () => {
    const { chart, move, site } = setUp();
    const manifests = Testing.synth(chart);
    const moved = manifests.filter(m => m.metadata.labels?.['app.kubernetes.io/component'] === 'moved-claim');
    expect(moved).toMatchSnapshot();
    expect(move.directories).toEqual([
      `xgp-lll-test-statefulset-test-0-${VOLUMES[0]}`, `xgp-lll-test-statefulset-test-1-${VOLUMES[1]}`,
    ]);
    const pvs = manifests.filter(m => m.kind === 'PersistentVolume' && m.spec.csi);
    const pvcs = manifests.filter(m => m.kind === 'PersistentVolumeClaim' && m.spec.volumeName?.startsWith('nfs-csi-'));
    expect(pvcs.map(c => c.metadata.name)).toEqual(site.claimNames);
    pvs.forEach((pv, i) => {
      expect(pv.metadata.namespace).toBeUndefined();
      expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
      expect(pv.spec.claimRef).toMatchObject({ namespace: 'xgp-lll', name: site.claimNames[i] });
      expect(pv.spec.csi).toEqual({
        driver: 'nfs.csi.k8s.io',
        volumeHandle: `192.168.1.21#nfsdata#${move.directories[i]}##retain`,
        volumeAttributes: { server: '192.168.1.21', share: '/nfsdata', subdir: move.directories[i] },
      });
      expect(pv.spec.mountOptions).toEqual(['nfsvers=4.1']);
      expect(pvcs[i].spec.volumeName).toBe(pv.metadata.name);
      expect(pvcs[i].spec.storageClassName).toBe(pv.spec.storageClassName);
      expect(pvcs[i].spec.resources.requests.storage).toBe('100Mi');
    });
    expect(new Set(pvs.map(pv => pv.spec.csi.volumeHandle)).size).toBe(2);
    // PV, then its claim, then the StatefulSet.
    const order = manifests.map(m => `${m.kind}/${m.metadata.name}`);
    for (const [i, pv] of pvs.entries()) {
      expect(order.indexOf(`PersistentVolume/${pv.metadata.name}`)).toBeLessThan(order.indexOf(`PersistentVolumeClaim/${pvcs[i].metadata.name}`));
      expect(order.indexOf(`PersistentVolumeClaim/${pvcs[i].metadata.name}`)).toBeLessThan(order.indexOf('StatefulSet/statefulset-test'));
    }
  });

  test('from explicit directories, for a pathPattern', () => {
    const { move } = setUp({ volumes: undefined, directories: ['xgp-lll/test-statefulset-test-0', 'xgp-lll/test-statefulset-test-1'] });
    expect(move.directories).toEqual(['xgp-lll/test-statefulset-test-0', 'xgp-lll/test-statefulset-test-1']);
  });

  test('an export at the root makes a handle with an empty share', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'web' });
    const driver = new NfsCsiDriver(chart, 'driver');
    const from = new NfsStorage(chart, 'old', { server: 'nfs.example.com', path: '/' });
    const storage = new NfsCsiStorage(chart, 'new', { driver, server: 'nfs.example.com', share: '/' });
    const site = new StatefulWeb(chart, 'site', { name: 'web', replicas: 1, storage });
    new NfsCsiMove(chart, 'move', { site, fromStorage: from, directories: ['web-data-web-0-pvc-1'] });
    const pv = Testing.synth(chart).find(m => m.kind === 'PersistentVolume' && m.spec.csi);
    expect(pv.spec.csi.volumeHandle).toBe('nfs.example.com##web-data-web-0-pvc-1##retain');
  });
});
