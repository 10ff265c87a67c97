import { Duration } from 'cdk8s';
import { checkDnsSubdomain, checkLabels, checkLabelValue, checkOneOf, checkQualifiedName, checkWholeNumber, fail } from './checks';
import * as k8s from './imports/k8s';

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

/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint's value must equal the toleration's `value`. */
  EQUAL = 'Equal',
  /** Any value (the toleration has no `value`). */
  EXISTS = 'Exists',
}

/** The effect of a taint that a toleration tolerates. */
export enum TolerationEffect {
  /** New pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted, after `tolerationSeconds` where it is given. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A node taint that pods tolerate, such as `{ key: 'dedicated', value: 'web',
 * effect: TolerationEffect.NO_SCHEDULE }`.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Toleration {
  /**
   * The taint's key.
   *
   * @default - every key (with `TolerationOperator.EXISTS` only)
   */
  readonly key?: string;

  /**
   * How the taint's value is matched.
   *
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;

  /**
   * The taint's value, with `TolerationOperator.EQUAL`.
   *
   * @default - the empty value
   */
  readonly value?: string;

  /**
   * The taint effect tolerated.
   *
   * @default - every effect
   */
  readonly effect?: TolerationEffect;

  /**
   * With `TolerationEffect.NO_EXECUTE`: how long a pod stays on a node after
   * the taint appears (whole seconds).
   *
   * @default - for ever
   */
  readonly tolerationSeconds?: Duration;
}

/** How a node label requirement matches. */
export enum NodeLabelOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label's value is none of `values` (or the node has no such label). */
  NOT_IN = 'NotIn',
  /** The node has the label. */
  EXISTS = 'Exists',
  /** The node does not have the label. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label's value, a whole number, is greater than the one value. */
  GT = 'Gt',
  /** The label's value, a whole number, is less than the one value. */
  LT = 'Lt',
}

/** A requirement on a node label, such as `{ key: 'disk', operator: NodeLabelOperator.IN, values: ['ssd'] }`. */
export interface NodeLabelRequirement {
  /** The label key. */
  readonly key: string;

  /** How the label is matched. */
  readonly operator: NodeLabelOperator;

  /**
   * The values: one or more for `IN` and `NOT_IN`, one whole number for `GT`
   * and `LT`, none for `EXISTS` and `DOES_NOT_EXIST`.
   *
   * @default - none
   */
  readonly values?: string[];
}

/** A kind of node: one that meets every requirement. */
export interface NodeAffinityTerm {
  /** The requirements, all of which a node must meet. */
  readonly requirements: NodeLabelRequirement[];
}

/** When the kubelet pulls a container's image. */
export enum PullPolicy {
  /** On every container start. */
  ALWAYS = 'Always',
  /** When the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never: the image must be on the node. */
  NEVER = 'Never',
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
   * Node taints the pods tolerate, such as `[{ key: 'dedicated', value: 'web', effect: TolerationEffect.NO_SCHEDULE }]`.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: Toleration[];

  /**
   * Nodes the pods must run on, such as
   * `[{ requirements: [{ key: 'disk', operator: NodeLabelOperator.IN, values: ['ssd'] }] }]`:
   * a node that matches any of the terms (a required node affinity).
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  readonly nodeAffinity?: NodeAffinityTerm[];

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
  readonly imagePullPolicy?: PullPolicy;
  readonly imagePullSecrets?: string[];
}

/** Where and with what the pods are scheduled and pulled, resolved from the props. */
export interface SchedulingSettings {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly imagePullPolicy?: PullPolicy;
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
  const nodeSelectorTerms = props.nodeAffinity?.map((term, i) => {
    if (!Array.isArray(term?.requirements) || term.requirements.length === 0) {
      fail(owner, `nodeAffinity[${i}].requirements`, term?.requirements, 'one or more node label requirements');
    }
    return { matchExpressions: term.requirements.map((r, j) => checkNodeSelectorRequirement(owner, `nodeAffinity[${i}].requirements[${j}]`, r)) };
  });
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
    imagePullPolicy: checkOneOf(owner, 'imagePullPolicy', props.imagePullPolicy, PullPolicy),
    imagePullSecrets: props.imagePullSecrets?.map((name, i) => ({ name: checkDnsSubdomain(owner, `imagePullSecrets[${i}]`, name) })),
  };
}

/** Tolerations, each checked as the API server checks it. */
export function resolveTolerations(owner: string, prop: string, tolerations: Toleration[] | undefined): k8s.Toleration[] | undefined {
  return tolerations?.map((t, i) => checkToleration(owner, `${prop}[${i}]`, t));
}

/** A toleration as the API server takes it. */
function checkToleration(owner: string, prop: string, t: Toleration): k8s.Toleration {
  const operator = checkOneOf(owner, `${prop}.operator`, t.operator, TolerationOperator) ?? TolerationOperator.EQUAL;
  const effect = checkOneOf(owner, `${prop}.effect`, t.effect, TolerationEffect);
  if (t.key !== undefined) checkQualifiedName(owner, `${prop}.key`, t.key);
  else if (operator !== TolerationOperator.EXISTS) fail(owner, `${prop}.key`, t.key, "given unless 'operator' is Exists (an empty key tolerates every taint)");
  if (t.value !== undefined) {
    if (operator === TolerationOperator.EXISTS) fail(owner, `${prop}.value`, t.value, "left out when 'operator' is Exists");
    checkLabelValue(owner, `${prop}.value`, t.value);
  }
  let tolerationSeconds: number | undefined;
  if (t.tolerationSeconds !== undefined) {
    if (effect !== TolerationEffect.NO_EXECUTE) fail(owner, `${prop}.tolerationSeconds`, t.tolerationSeconds.toSeconds({ integral: false }), "given only with the effect 'NoExecute'");
    tolerationSeconds = checkWholeNumber(owner, `${prop}.tolerationSeconds`, t.tolerationSeconds.toSeconds({ integral: false }), 0, Number.MAX_SAFE_INTEGER);
  }
  return { key: t.key, operator, value: t.value, effect, tolerationSeconds };
}

/** A node label requirement as the API server takes it. */
function checkNodeSelectorRequirement(owner: string, prop: string, r: NodeLabelRequirement): k8s.NodeSelectorRequirement {
  checkQualifiedName(owner, `${prop}.key`, r.key);
  checkOneOf(owner, `${prop}.operator`, r.operator, NodeLabelOperator);
  if ((r.operator === NodeLabelOperator.EXISTS || r.operator === NodeLabelOperator.DOES_NOT_EXIST) && r.values?.length) {
    fail(owner, `${prop}.values`, r.values, `left out for '${r.operator}'`);
  }
  if ((r.operator === NodeLabelOperator.IN || r.operator === NodeLabelOperator.NOT_IN) && !r.values?.length) {
    fail(owner, `${prop}.values`, r.values, `at least one value for '${r.operator}'`);
  }
  if (r.operator === NodeLabelOperator.GT || r.operator === NodeLabelOperator.LT) {
    if (r.values?.length !== 1 || !/^-?\d+$/.test(r.values[0])) fail(owner, `${prop}.values`, r.values, `one whole number for '${r.operator}'`);
  } else {
    (r.values ?? []).forEach((v, i) => checkLabelValue(owner, `${prop}.values[${i}]`, v));
  }
  return { key: r.key, operator: r.operator, values: r.values };
}
