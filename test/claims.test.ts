import { Size, Testing } from 'cdk8s';
import { ClaimAccessMode, ClaimRetentionPolicy, StatefulWeb, StorageClassRef } from '../src';
import { only, synthWeb } from './support/manifests';

// The claims each pod of a StatefulWeb gets: the claim templates, their
// defaults and their retention.

describe('claims', () => {
  test.each([
    [Size.mebibytes(100), '100Mi'],
    [Size.gibibytes(1.5), '1536Mi'],
    [Size.gibibytes(2), '2Gi'],
    [Size.kibibytes(1536), '1536Ki'],
    [Size.tebibytes(1), '1Ti'],
  ])('storageSize %p renders as %s', (storageSize, quantity) => {
    const { set } = synthWeb({ storageSize });
    expect(set.spec.volumeClaimTemplates[0].spec.resources).toEqual({ requests: { storage: quantity } });
  });

  test('the default claim is 1Gi ReadWriteOnce named data', () => {
    const [claim] = synthWeb().set.spec.volumeClaimTemplates;
    expect(claim).toEqual({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  });

  test('an extra claim template: its own class, size, access modes and a read-only mount', () => {
    const chart = Testing.chart();
    const web = new StatefulWeb(chart, 'web', { claimName: 'www', mountPath: '/srv/www' });
    web.addVolumeClaimTemplate('archive', {
      mountPath: '/srv/archive',
      storage: StorageClassRef.fromName('cold'),
      size: Size.gibibytes(10),
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE_POD],
      readOnly: true,
    });
    const set = only(Testing.synth(chart), 'StatefulSet');
    expect(set.spec.volumeClaimTemplates[1]).toEqual({
      metadata: { name: 'archive' },
      spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'cold', resources: { requests: { storage: '10Gi' } } },
    });
    const mounts = set.spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toContainEqual({ name: 'www', mountPath: '/srv/www' });
    expect(mounts).toContainEqual({ name: 'archive', mountPath: '/srv/archive', readOnly: true });
  });

  test('persistentVolumeClaimRetentionPolicy follows whenDeleted and whenScaled', () => {
    const { set } = synthWeb({ whenDeleted: ClaimRetentionPolicy.DELETE, whenScaled: ClaimRetentionPolicy.RETAIN });
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });
});
