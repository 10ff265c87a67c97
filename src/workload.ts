import { Duration } from 'cdk8s';
import { checkInstance, checkLabels, checkOneOf, checkWholeNumber } from './checks';
import { ClaimRetentionPolicy } from './claims';
import * as k8s from './imports/k8s';
import { shareWire } from './objects';

// How a StatefulSet runs, updates and keeps its pods and claims.

/** How a StatefulSet starts and stops its pods. */
export enum PodManagement {
  /** One at a time, in order: each pod waits for the one before it to be ready. */
  ORDERED_READY = 'OrderedReady',
  /** All at once, without waiting. */
  PARALLEL = 'Parallel',
}

/** Options of `UpdateStrategy.rollingUpdate()`. */
export interface RollingUpdateOptions {
  /**
   * Pods with an ordinal below it keep the old template (a staged roll-out).
   *
   * @default 0
   */
  readonly partition?: number;

  /**
   * How many pods may be unavailable during the update (written only when
   * set). Kubernetes honours it with the MaxUnavailableStatefulSet feature
   * gate: beta, and on by default, from 1.35; alpha and off by default from
   * 1.24 to 1.34, where the field is kept but ignored and pods are replaced
   * one at a time.
   *
   * @default - Kubernetes' default: 1
   */
  readonly maxUnavailable?: number;
}

/** How a StatefulSet replaces its pods when the template changes. */
export class UpdateStrategy {
  /** The controller replaces the pods one by one, from the highest ordinal down to `partition`. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    return new UpdateStrategy({ type: 'RollingUpdate', rollingUpdate: { partition: options.partition ?? 0, maxUnavailable: options.maxUnavailable } });
  }

  /** The controller replaces a pod only when it is deleted. */
  public static onDelete(): UpdateStrategy {
    return new UpdateStrategy({ type: 'OnDelete' });
  }

  private constructor(private readonly strategy: { type: string; rollingUpdate?: { partition: number; maxUnavailable?: number } }) {}

  /**
   * The Kubernetes update strategy, checked.
   *
   * @internal
   */
  public _render(owner: string, prop: string): k8s.StatefulSetUpdateStrategy {
    const r = this.strategy.rollingUpdate;
    if (r === undefined) return { type: this.strategy.type };
    checkWholeNumber(owner, `${prop}.partition`, r.partition, 0);
    if (r.maxUnavailable !== undefined) checkWholeNumber(owner, `${prop}.maxUnavailable`, r.maxUnavailable, 1);
    return {
      type: this.strategy.type,
      rollingUpdate: {
        partition: r.partition,
        maxUnavailable: r.maxUnavailable === undefined ? undefined : k8s.IntOrString.fromNumber(r.maxUnavailable),
      },
    };
  }
}

/** The workload props of a StatefulSet, as its props interface documents them. */
export interface WorkloadOptions {
  readonly podLabels?: { [key: string]: string };
  readonly podManagementPolicy?: PodManagement;
  readonly updateStrategy?: UpdateStrategy;
  readonly minReady?: Duration;
  readonly revisionHistoryLimit?: number;
  readonly whenDeleted?: ClaimRetentionPolicy;
  readonly whenScaled?: ClaimRetentionPolicy;
  /** Checked already. */
  readonly ordinalsStart?: number;
}

/** The update strategy unless `updateStrategy` is given. */
const DEFAULT_UPDATE_STRATEGY = shareWire(UpdateStrategy.rollingUpdate()._render('StatefulWeb', 'updateStrategy'));

/** The StatefulSet's own settings, resolved from the props. */
export interface WorkloadSettings {
  readonly podManagementPolicy: PodManagement;
  readonly updateStrategy: k8s.StatefulSetUpdateStrategy;
  readonly minReadySeconds?: number;
  /** Only when `revisionHistoryLimit` is given. */
  readonly revisionHistoryLimit?: number;
  /** Only when `ordinalsStart` is given: the field is left out otherwise. */
  readonly ordinals?: k8s.StatefulSetOrdinals;
  readonly whenDeleted: ClaimRetentionPolicy;
  readonly whenScaled: ClaimRetentionPolicy;
  readonly podLabels: { [key: string]: string };
  /** In `PagesMode.SYNC`: a hash of the pages, so that changing them changes the template. */
  readonly podAnnotations?: { [key: string]: string };
}

/** How the StatefulSet runs, updates and keeps its pods and claims. */
export function resolveWorkload(
  owner: string, props: WorkloadOptions, selectorLabels: { [key: string]: string }, podAnnotations?: { [key: string]: string },
): WorkloadSettings {
  const updateStrategy = props.updateStrategy
    ? checkInstance(owner, 'updateStrategy', props.updateStrategy, UpdateStrategy, 'an UpdateStrategy of this library, such as UpdateStrategy.rollingUpdate()')._render(owner, 'updateStrategy')
    : DEFAULT_UPDATE_STRATEGY;
  const minReadySeconds = props.minReady?.toSeconds({ integral: false });
  if (minReadySeconds !== undefined) checkWholeNumber(owner, 'minReady', minReadySeconds, 0);
  return {
    whenDeleted: checkOneOf(owner, 'whenDeleted', props.whenDeleted, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
    whenScaled: checkOneOf(owner, 'whenScaled', props.whenScaled, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
    podManagementPolicy: checkOneOf(owner, 'podManagementPolicy', props.podManagementPolicy, PodManagement) ?? PodManagement.ORDERED_READY,
    updateStrategy,
    minReadySeconds,
    revisionHistoryLimit: props.revisionHistoryLimit === undefined ? undefined : checkWholeNumber(owner, 'revisionHistoryLimit', props.revisionHistoryLimit, 0),
    ordinals: props.ordinalsStart !== undefined ? { start: props.ordinalsStart } : undefined,
    // A pod label cannot override a selector label.
    podLabels: { ...(props.podLabels && checkLabels(owner, 'podLabels', props.podLabels)), ...selectorLabels },
    podAnnotations,
  };
}
