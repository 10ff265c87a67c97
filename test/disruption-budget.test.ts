import { DisruptionBudget } from '../src';
import { kindsOf, only, synthWeb } from './support/manifests';

// DisruptionBudget and the PodDisruptionBudget a StatefulWeb writes from it.

describe('disruption budget', () => {
  test('with 2 replicas or more, at most one pod unavailable, selecting the pods', () => {
    const { manifests, set, web } = synthWeb({ replicas: 3 });
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: set.spec.selector.matchLabels } });
    expect(pdb.metadata.name).toBe(web.name);
    expect(web.disruptionBudget?.name).toBe(web.name);
  });

  test('none with one replica: a budget would block every drain', () => {
    expect(kindsOf(synthWeb({ replicas: 1 }).manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(synthWeb({ replicas: 1 }).web.disruptionBudget).toBeUndefined();
  });

  test('configurable, and possible to turn off', () => {
    expect(only(synthWeb({ replicas: 5, disruptionBudget: DisruptionBudget.maxUnavailable(2) }).manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
    const min = only(synthWeb({ replicas: 5, disruptionBudget: DisruptionBudget.minAvailable(3) }).manifests, 'PodDisruptionBudget').spec;
    expect([min.minAvailable, min.maxUnavailable]).toEqual([3, undefined]);
    expect(kindsOf(synthWeb({ replicas: 3, disruptionBudget: DisruptionBudget.none() }).manifests, 'PodDisruptionBudget')).toEqual([]);
  });
});
