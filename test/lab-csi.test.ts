import { Testing } from 'cdk8s';
import { buildCsiLab, CSI_DRIVER_CHART_ID, CSI_LAB_CHART_ID, SNAPSHOT_API_CHART_ID } from '../examples/lab-csi/lab-csi';
import { buildMovedLab } from '../examples/lab-csi/move';
import { addBackup, addRestore } from '../examples/lab-csi/snapshots';
import { PodSecurityLevel, PodSecurityNamespace } from '../src';
import { only } from './support/manifests';
import { podSecurityOf } from './support/pod-security';

describe('the lab on csi-driver-nfs (examples/lab-csi)', () => {
  const app = Testing.app();
  const { driver, lab } = buildCsiLab(app);
  const snapshots = addBackup(lab, driver.snapshotClass);
  const restored = addRestore(lab, snapshots);
  const charts = Object.fromEntries(app.charts.map(c => [c.node.id, Testing.synth(c)]));

  test('the snapshot API, the driver and the lab, each in a chart of its own, in that order', () => {
    expect(app.charts.map(c => c.node.id)).toEqual([SNAPSHOT_API_CHART_ID, CSI_DRIVER_CHART_ID, CSI_LAB_CHART_ID, 'lab-csi-backup', 'lab-csi-restore']);
    expect(charts[SNAPSHOT_API_CHART_ID].filter(m => m.kind === 'CustomResourceDefinition')).toHaveLength(3);
    expect(charts[CSI_DRIVER_CHART_ID][0].kind).toBe('Namespace');
    expect(charts[CSI_LAB_CHART_ID][0].kind).toBe('Namespace');
  });

  test("the driver's namespace admits privileged pods; the lab's stays at baseline", () => {
    const driverNamespace = only(charts[CSI_DRIVER_CHART_ID], 'Namespace');
    expect(driverNamespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(PodSecurityNamespace.levelFor([driver])).toBe(PodSecurityLevel.PRIVILEGED);
    const labNamespace = only(charts[CSI_LAB_CHART_ID], 'Namespace');
    expect(labNamespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(PodSecurityNamespace.levelFor([lab])).toBe(PodSecurityLevel.BASELINE);
    // The upstream checks agree: every pod of the lab passes baseline.
    for (const levels of Object.values(podSecurityOf(charts[CSI_LAB_CHART_ID]))) expect(Object.values(levels)).toEqual(['baseline', 'baseline']);
  });

  test("the lab's claims come from the driver's class, one directory per claim", () => {
    const cls = only(charts[CSI_LAB_CHART_ID], 'StorageClass');
    expect(cls.provisioner).toBe(driver.driver.name);
    expect(cls.parameters).toEqual({ server: '192.168.1.21', share: '/nfsdata', subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}' });
    const sts = only(charts[CSI_LAB_CHART_ID], 'StatefulSet');
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe(cls.metadata.name);
    expect(lab.web.claimNames).toEqual(['test-statefulset-test-0', 'test-statefulset-test-1', 'test-statefulset-test-2']);
  });

  test('backup and restore: a snapshot per claim, and a second site whose claims start from them', () => {
    expect(charts['lab-csi-backup'].map(m => m.spec.source.persistentVolumeClaimName)).toEqual(lab.web.claimNames);
    const claims = charts['lab-csi-restore'].filter(m => m.kind === 'PersistentVolumeClaim');
    expect(claims.map(c => c.metadata.name)).toEqual(restored.claimNames);
    expect(claims.map(c => c.spec.dataSource.name)).toEqual(snapshots.snapshotNames);
  });

  test('the moved lab: the old class kept, a static volume on each old directory', () => {
    const movedApp = Testing.app();
    const moved = buildMovedLab(movedApp, ['pvc-a', 'pvc-b', 'pvc-c']);
    const manifests = Testing.synth(moved);
    expect(manifests.filter(m => m.kind === 'StorageClass').map(m => m.metadata.name)).toEqual(['stateful-nfs', 'stateful-nfs-csi']);
    expect(moved.move.directories).toEqual(['a', 'b', 'c'].map((v, i) => `xgp-lll-test-statefulset-test-${i}-pvc-${v}`));
    expect(only(manifests, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName).toBe('stateful-nfs-csi');
  });
});
