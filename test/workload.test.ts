import { Duration } from 'cdk8s';
import { PodManagement, UpdateStrategy } from '../src';
import { synthWeb } from './support/manifests';

// How the StatefulSet runs, updates and keeps its pods: management policy,
// update strategy, minReady, ordinals.

describe('the StatefulSet', () => {
  test('the spec defaults: OrderedReady, rolling update, claims retained, no ordinals', () => {
    const { set, container } = synthWeb();
    expect(set.apiVersion).toBe('apps/v1');
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.podManagementPolicy).toBe('OrderedReady');
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(set.spec).not.toHaveProperty('ordinals');
    expect(set.spec).not.toHaveProperty('minReadySeconds');
    expect(container.image).toBe('httpd:2.4.62');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/usr/local/apache2/htdocs' });
  });

  test('ordinals, management policy, minReady and an update strategy with a partition', () => {
    const { set } = synthWeb({
      replicas: 4,
      ordinalsStart: 1,
      podManagementPolicy: PodManagement.PARALLEL,
      minReady: Duration.seconds(30),
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 2 }),
    });
    expect(set.spec.ordinals).toEqual({ start: 1 });
    expect(set.spec.podManagementPolicy).toBe('Parallel');
    expect(set.spec.minReadySeconds).toBe(30);
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(synthWeb({ updateStrategy: UpdateStrategy.onDelete() }).set.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });
});
