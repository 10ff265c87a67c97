import { ApiObject, Chart, Testing } from 'cdk8s';
import { clusterScoped } from '../src/cluster-scoped';

describe('clusterScoped', () => {
  test("takes the chart's namespace off the object, and only off that one", () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'web' });
    const kept = clusterScoped(new ApiObject(chart, 'sc', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'p' }));
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(kept.kind).toBe('StorageClass');
    expect(Testing.synth(chart).map(o => [o.kind, o.metadata.namespace])).toEqual([['StorageClass', undefined], ['ConfigMap', 'web']]);
  });

  test('an object of a chart without a namespace is left as it is', () => {
    const chart = Testing.chart();
    clusterScoped(new ApiObject(chart, 'sc', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'p' }));
    expect(Testing.synth(chart)[0].metadata).not.toHaveProperty('namespace');
  });
});
