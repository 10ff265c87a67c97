import { Chart, Testing } from 'cdk8s';
import {
  IStorageClass, NfsStorage, ReclaimPolicy, StatefulWeb, StorageClassRef, VolumeBindingMode,
} from '../src';

function claimTemplates(chart: Chart): any[] {
  const sets = Testing.synth(chart).filter(o => o.kind === 'StatefulSet');
  expect(sets).toHaveLength(1);
  return sets[0].spec.volumeClaimTemplates;
}

describe('StorageClassRef', () => {
  test('fromName keeps the name it is given', () => {
    expect(StorageClassRef.fromName('gp3').storageClassName).toBe('gp3');
    expect(StorageClassRef.fromName('nfs.example.com').storageClassName).toBe('nfs.example.com');
  });

  test('a claim on StorageClassRef.fromName names that class and no StorageClass is emitted', () => {
    const chart = Testing.chart();
    const ref = StorageClassRef.fromName('managed-nfs');
    new StatefulWeb(chart, 'web', { storage: ref });

    const [template] = claimTemplates(chart);
    expect(template.spec.storageClassName).toBe(ref.storageClassName);
    expect(template.spec.storageClassName).toBe('managed-nfs');
    expect(Testing.synth(chart).filter(o => o.kind === 'StorageClass')).toEqual([]);
  });

  test('any object with a storageClassName is a storage class (the IStorageClass contract)', () => {
    const chart = Testing.chart();
    const custom: IStorageClass = { storageClassName: 'hand-made' };
    new StatefulWeb(chart, 'web', { storage: custom });
    expect(claimTemplates(chart)[0].spec.storageClassName).toBe('hand-made');
  });

  test('the claim template of each kind of storage', () => {
    // One chart, three StatefulWebs: an NfsStorage, an existing class, and none
    // (the cluster's default class: no storageClassName at all).
    const chart = new Chart(Testing.app(), 'claims', { namespace: 'claims' });
    const nfs = new NfsStorage(chart, 'nfs', { server: 'nfs.example.com', path: '/exports/web' });
    new StatefulWeb(chart, 'on-nfs', { name: 'on-nfs', storage: nfs });
    new StatefulWeb(chart, 'on-ref', { name: 'on-ref', storage: StorageClassRef.fromName('gp3') });
    new StatefulWeb(chart, 'on-default', { name: 'on-default' });

    const byName = Object.fromEntries(Testing.synth(chart)
      .filter(o => o.kind === 'StatefulSet')
      .map(o => [o.metadata.name, o.spec.volumeClaimTemplates]));
    expect(byName).toMatchSnapshot();

    expect(byName['on-nfs'][0].spec.storageClassName).toBe(nfs.storageClassName);
    expect(byName['on-ref'][0].spec.storageClassName).toBe('gp3');
    expect(byName['on-default'][0].spec).not.toHaveProperty('storageClassName');
    for (const templates of Object.values(byName) as any[]) {
      // Never the deprecated beta annotation of the tutorial.
      expect(JSON.stringify(templates)).not.toContain('volume.beta.kubernetes.io/storage-class');
      expect(Object.keys(templates[0].spec)).toEqual(expect.arrayContaining(['accessModes', 'resources']));
    }
  });

  test('a name of 253 characters is allowed', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(StorageClassRef.fromName(name).storageClassName).toBe(name);
  });
});

describe('enums', () => {
  test('are the Kubernetes strings', () => {
    expect(Object.values(ReclaimPolicy).sort()).toEqual(['Delete', 'Retain']);
    expect(ReclaimPolicy.RETAIN).toBe('Retain');
    expect(Object.values(VolumeBindingMode).sort()).toEqual(['Immediate', 'WaitForFirstConsumer']);
    expect(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER).toBe('WaitForFirstConsumer');
  });

  test.each([
    [ReclaimPolicy.RETAIN, VolumeBindingMode.IMMEDIATE],
    [ReclaimPolicy.DELETE, VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER],
  ])('reclaimPolicy %s and volumeBindingMode %s reach the StorageClass', (reclaimPolicy, volumeBindingMode) => {
    const chart = Testing.chart();
    const nfs = new NfsStorage(chart, 'nfs', { server: '10.0.0.2', path: '/srv/nfs', reclaimPolicy, volumeBindingMode });
    const [sc] = Testing.synth(chart).filter(o => o.kind === 'StorageClass');
    expect(nfs.reclaimPolicy).toBe(reclaimPolicy);
    expect(sc.reclaimPolicy).toBe(reclaimPolicy);
    expect(sc.volumeBindingMode).toBe(volumeBindingMode);
  });
});
