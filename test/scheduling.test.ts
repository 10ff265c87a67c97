import { Chart, Testing } from 'cdk8s';
import { NodeLabelOperator, PullPolicy, Spreading, StatefulWeb, TolerationEffect, TolerationOperator } from '../src';
import { only, synthWeb } from './support/manifests';

// Where the pods run: spreading, node selection, tolerations, node affinity,
// priority and image pulls.

describe('spreading', () => {
  const term = (set: any) => ({ labelSelector: { matchLabels: set.spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' });

  test('by default replicas prefer different nodes and spread over zones, ScheduleAnyway', () => {
    const { pod, set } = synthWeb({ replicas: 3 });
    expect(pod.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term(set) }] },
    });
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: set.spec.selector.matchLabels },
    }]);
  });

  test('REQUIRED: one replica per node; NONE: no rule', () => {
    const strict = synthWeb({ replicas: 3, spreading: Spreading.REQUIRED });
    expect(strict.pod.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(strict.set)] } });
    expect(strict.pod.topologySpreadConstraints).toHaveLength(1);
    const none = synthWeb({ replicas: 3, spreading: Spreading.NONE });
    expect([none.pod.affinity, none.pod.topologySpreadConstraints]).toEqual([undefined, undefined]);
  });
});

describe('scheduling props', () => {
  test('node selector, tolerations, node affinity, priority class, pull policy and pull secrets reach the pods', () => {
    const chart = new Chart(Testing.app(), 'site');
    const web = new StatefulWeb(chart, 'web', {
      pages: ['a'],
      // An init container writes the page: the pull policy reaches it too.
      seedImage: 'busybox:1.36',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', value: 'web', effect: TolerationEffect.NO_SCHEDULE }, { key: 'spot', operator: TolerationOperator.EXISTS }],
      nodeAffinity: [{ requirements: [{ key: 'disk', operator: NodeLabelOperator.IN, values: ['ssd', 'nvme'] }, { key: 'web', operator: NodeLabelOperator.EXISTS }] }],
      priorityClassName: 'web-critical',
      imagePullPolicy: PullPolicy.ALWAYS,
      imagePullSecrets: ['regcred'],
    });
    const pod = only(Testing.synth(chart), 'StatefulSet').spec.template.spec;
    expect(web.name).toBeDefined();
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists' },
    ]);
    expect(pod.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }, { key: 'web', operator: 'Exists' }] }],
      },
    });
    expect(pod.affinity.podAntiAffinity).toBeDefined();
    expect(pod.priorityClassName).toBe('web-critical');
    expect([pod.containers[0].imagePullPolicy, pod.initContainers[0].imagePullPolicy]).toEqual(['Always', 'Always']);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });
});
