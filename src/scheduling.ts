import { ImagePullPolicy, ISecret, k8s, LabeledNode, NodeTaintQuery } from 'cdk8s-plus-27';
import { checkDnsSubdomain, checkInstance, checkLabels, checkLabelValue, checkOneOf, checkQualifiedName, fail } from './checks';
import { renderNodeSelectorTerm, renderToleration } from './kplus-internal';

// Where pods run: spreading over nodes and zones, node selection,
// tolerations, priority and image pulls.

/**
 * How the pods of a StatefulWeb are placed on nodes and zones.
 */
export enum Spreading {
  /**
   * Replicas prefer different nodes (a soft pod anti-affinity on
   * `kubernetes.io/hostname`) and spread over zones where nodes have a
   * `topology.kubernetes.io/zone` label (`ScheduleAnyway`). A cluster with
   * fewer nodes than replicas still runs them all.
   */
  PREFERRED = 'Preferred',
  /**
   * Replicas must run on different nodes (a required pod anti-affinity);
   * zones as with `PREFERRED`. A replica that finds no node of its own stays
   * Pending.
   */
  REQUIRED = 'Required',
  /** No rule: the scheduler may put every replica on one node. */
  NONE = 'None',
}

/**
 * Where the pods of a workload run: spreading over nodes and zones, node
 * selection, tolerations and priority.
 */
export interface PodSchedulingProps {
  /**
   * How replicas are spread over nodes and zones.
   *
   * @default Spreading.PREFERRED
   */
  readonly spreading?: Spreading;

  /**
   * Node labels a node must have to run the pods.
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node taints the pods tolerate, such as `NodeTaintQuery.is('dedicated', 'web')`.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: NodeTaintQuery[];

  /**
   * Nodes the pods must run on, such as `Node.labeled(NodeLabelQuery.in('disk', ['ssd']))`:
   * a node that matches any of them (a required node affinity).
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  readonly nodeAffinity?: LabeledNode[];

  /**
   * The PriorityClass of the pods.
   *
   * @default - the cluster's default priority
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   */
  readonly priorityClassName?: string;
}

/** The scheduling props and the image pulls of a workload, as its props interface documents them. */
export interface SchedulingOptions extends PodSchedulingProps {
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: ISecret[];
}

/** Where and with what the pods are scheduled and pulled, resolved from the props. */
export interface SchedulingSettings {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
}

/**
 * Spreading, node selection, tolerations, priority and image pulls of the
 * pods that `selectorLabels` select, checked.
 */
export function resolveScheduling(owner: string, props: SchedulingOptions, selectorLabels: { [key: string]: string }): SchedulingSettings {
  const spreading = checkOneOf(owner, 'spreading', props.spreading, Spreading) ?? Spreading.PREFERRED;
  const sameSite = { labelSelector: { matchLabels: selectorLabels }, topologyKey: 'kubernetes.io/hostname' };
  const podAntiAffinity: k8s.PodAntiAffinity | undefined =
    spreading === Spreading.PREFERRED ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: sameSite }] }
      : spreading === Spreading.REQUIRED ? { requiredDuringSchedulingIgnoredDuringExecution: [sameSite] }
        : undefined;
  const nodeSelectorTerms = props.nodeAffinity?.map((node, i) => ({
    matchExpressions: renderNodeSelectorTerm(checkInstance(owner, `nodeAffinity[${i}]`, node, LabeledNode, "a LabeledNode of cdk8s-plus-27, such as Node.labeled(NodeLabelQuery.is('disk', 'ssd'))")).map((r, j) => checkNodeSelectorRequirement(owner, `nodeAffinity[${i}][${j}]`, r)),
  }));
  const nodeAffinity = nodeSelectorTerms && { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } };
  return {
    affinity: podAntiAffinity || nodeAffinity ? { podAntiAffinity, nodeAffinity } : undefined,
    // Zones where there are zones; ScheduleAnyway, so that nodes without the label still take pods.
    topologySpreadConstraints: spreading === Spreading.NONE ? undefined : [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selectorLabels },
    }],
    nodeSelector: props.nodeSelector && checkLabels(owner, 'nodeSelector', props.nodeSelector),
    tolerations: resolveTolerations(owner, 'tolerations', props.tolerations),
    priorityClassName: props.priorityClassName === undefined ? undefined : checkDnsSubdomain(owner, 'priorityClassName', props.priorityClassName),
    imagePullPolicy: checkOneOf(owner, 'imagePullPolicy', props.imagePullPolicy, ImagePullPolicy),
    imagePullSecrets: props.imagePullSecrets?.map(secret => ({ name: secret.name })),
  };
}

/** The tolerations of cdk8s-plus taint queries, each as the API server takes it. */
export function resolveTolerations(owner: string, prop: string, queries: NodeTaintQuery[] | undefined): k8s.Toleration[] | undefined {
  return queries?.map((q, i) => checkToleration(owner, `${prop}[${i}]`,
    renderToleration(checkInstance(owner, `${prop}[${i}]`, q, NodeTaintQuery, "a NodeTaintQuery of cdk8s-plus-27, such as NodeTaintQuery.is('dedicated', 'web')"))));
}

/** A toleration as the API server takes it. */
function checkToleration(owner: string, prop: string, t: k8s.Toleration): k8s.Toleration {
  if (t.key !== undefined) checkQualifiedName(owner, `${prop}.key`, t.key);
  if (t.value !== undefined) checkLabelValue(owner, `${prop}.value`, t.value);
  return t;
}

/** A node selector requirement as the API server takes it. */
function checkNodeSelectorRequirement(owner: string, prop: string, r: k8s.NodeSelectorRequirement): k8s.NodeSelectorRequirement {
  checkQualifiedName(owner, `${prop}.key`, r.key);
  if ((r.operator === 'In' || r.operator === 'NotIn') && !r.values?.length) {
    fail(owner, `${prop}.values`, r.values, `at least one value for '${r.operator}'`);
  }
  if (r.operator === 'Gt' || r.operator === 'Lt') {
    if (r.values?.length !== 1 || !/^-?\d+$/.test(r.values[0])) fail(owner, `${prop}.values`, r.values, `one whole number for '${r.operator}'`);
  } else {
    (r.values ?? []).forEach((v, i) => checkLabelValue(owner, `${prop}.values[${i}]`, v));
  }
  return r;
}
