import { App, Chart, Testing } from 'cdk8s';
import { NfsCsiDriver, NfsCsiStorage, NfsCsiStorageProps, NfsOnDelete, NfsStorage, ReclaimPolicy, StatefulWeb, VolumeBindingMode } from '../src';
import { only } from './support/manifests';

function setUp(props: Partial<NfsCsiStorageProps> = {}) {
  const app = Testing.app();
  const csi = new Chart(app, 'csi', { namespace: 'csi' });
  const driver = new NfsCsiDriver(csi, 'driver');
  const chart = new Chart(app, 'web', { namespace: 'web' });
  const storage = new NfsCsiStorage(chart, 'nfs', { driver, server: '192.168.1.21', share: '/nfsdata', ...props });
  return { app, csi, driver, chart, storage };
}

function storageClass(props: Partial<NfsCsiStorageProps> = {}): any {
  const { chart } = setUp(props);
  return only(Testing.synth(chart), 'StorageClass');
}

describe('NfsCsiStorage', () => {
  test('defaults', () => {
    const { chart } = setUp();
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('customised', () => {
    const { chart } = setUp({
      subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
      onDelete: NfsOnDelete.ARCHIVE,
      mountPermissions: 0o2775,
      mountOptions: ['nfsvers=4.1', 'hard'],
      reclaimPolicy: ReclaimPolicy.DELETE,
      storageClassName: 'shared-nfs',
      defaultClass: true,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: true,
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('public fields resolve the defaults', () => {
    const { storage, driver } = setUp();
    expect(storage.driver).toBe(driver);
    expect(storage.server).toBe('192.168.1.21');
    expect(storage.share).toBe('/nfsdata');
    expect(storage.subDir).toBeUndefined();
    expect(storage.onDelete).toBeUndefined();
    expect(storage.reclaimPolicy).toBe(ReclaimPolicy.RETAIN);
    expect(storage.storageClassName).toMatch(/^web-nfs-/);
    expect(storage.orderAfter).toBe(storage.apiObject);
  });

  test("the class's provisioner is the driver's name, its parameters the share", () => {
    const { chart } = setUp();
    new NfsCsiDriver(new Chart(chart.node.scope as App, 'other'), 'driver', { name: 'nfs.example.com' });
    const cls = only(Testing.synth(chart), 'StorageClass');
    expect(cls.provisioner).toBe('nfs.csi.k8s.io');
    expect(cls.parameters).toEqual({ server: '192.168.1.21', share: '/nfsdata' });
    expect(cls.reclaimPolicy).toBe('Retain');
    expect(cls.allowVolumeExpansion).toBe(false);
    expect(cls.metadata.namespace).toBeUndefined();
  });

  test('a custom driver name is the provisioner', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const driver = new NfsCsiDriver(chart, 'driver', { name: 'nfs.example.com' });
    new NfsCsiStorage(chart, 'nfs', { driver, server: 'nfs.example.com', share: '/' });
    expect(only(Testing.synth(chart), 'StorageClass').provisioner).toBe('nfs.example.com');
  });

  test.each([
    [0o2775, '2775'], [0o777, '777'], [0, '0'], [0o7777, '7777'],
  ])('mountPermissions %o is written as octal digits %s', (mode, digits) => {
    expect(storageClass({ mountPermissions: mode }).parameters.mountPermissions).toBe(digits);
  });

  test.each([NfsOnDelete.DELETE, NfsOnDelete.RETAIN, NfsOnDelete.ARCHIVE])('onDelete %s is the parameter', onDelete => {
    expect(storageClass({ onDelete, reclaimPolicy: ReclaimPolicy.DELETE }).parameters.onDelete).toBe(onDelete);
  });

  test('a StatefulWeb on the class claims from it and comes after the class and the driver', () => {
    const { app, chart, storage, driver } = setUp({ subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}' });
    const site = new StatefulWeb(chart, 'web', { replicas: 2, storage });
    const sts = only(Testing.synth(chart), 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(storage.storageClassName);
    expect(site.apiObject.node.dependencies).toContain(storage.apiObject);
    expect(storage.apiObject.node.dependencies).toContain(driver.apiObject);
    // Across charts: the driver's chart is written first.
    const charts = app.charts.map(c => c.node.id);
    expect(charts.indexOf('csi')).toBeLessThan(charts.indexOf('web'));
  });

  test('several classes share one driver', () => {
    const { chart, driver } = setUp();
    new NfsCsiStorage(chart, 'retain', { driver, server: '192.168.1.21', share: '/nfsdata', onDelete: NfsOnDelete.RETAIN });
    const classes = Testing.synth(chart).filter(o => o.kind === 'StorageClass');
    expect(classes).toHaveLength(2);
    expect(new Set(classes.map(c => c.provisioner))).toEqual(new Set(['nfs.csi.k8s.io']));
    expect(new Set(classes.map(c => c.metadata.name)).size).toBe(2);
  });
});

describe('NfsOnDelete.ARCHIVE for NfsStorage', () => {
  test("is archiveOnDelete 'true' without an onDelete parameter, which the subdir provisioner does not know", () => {
    const chart = Testing.chart();
    new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', reclaimPolicy: ReclaimPolicy.DELETE, onDelete: NfsOnDelete.ARCHIVE });
    expect(only(Testing.synth(chart), 'StorageClass').parameters).toEqual({ archiveOnDelete: 'true' });
  });

  test('with a multi-level pathPattern and Delete, is refused like delete (v4.0.2 archives the last directory name only)', () => {
    expect(() => new NfsStorage(Testing.chart(), 'nfs', {
      server: '192.168.1.21',
      path: '/nfsdata',
      reclaimPolicy: ReclaimPolicy.DELETE,
      onDelete: NfsOnDelete.ARCHIVE,
      pathPattern: '${.PVC.namespace}/${.PVC.name}',
    })).toThrow(/'pathPattern' must be one directory name/);
  });

  test('a class name an NfsStorage of the app has too is refused at synth; another name is not', () => {
    const { chart } = setUp({ storageClassName: 'nfs' });
    new NfsStorage(chart, 'other', { server: '192.168.1.21', path: '/nfsdata', storageClassName: 'other' });
    expect(() => Testing.synth(chart)).not.toThrow();
    new NfsStorage(chart, 'old', { server: '192.168.1.21', path: '/nfsdata', storageClassName: 'nfs' });
    expect(() => Testing.synth(chart)).toThrow(/NfsCsiStorage web\/nfs: 'storageClassName' must be unique in the app \(web\/old has it too\), got "nfs"/);
  });
});
