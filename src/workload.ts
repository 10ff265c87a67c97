import { Duration } from 'cdk8s';
import { k8s, PodManagementPolicy, StatefulSetUpdateStrategy } from 'cdk8s-plus-27';
import { checkInstance, checkLabels, checkOneOf, checkWholeNumber } from './checks';
import { ClaimRetentionPolicy } from './claims';
import { renderUpdateStrategy, shareWire } from './kplus-internal';

// How a StatefulSet runs, updates and keeps its pods and claims.

/** The workload props of a StatefulSet, as its props interface documents them. */
export interface WorkloadOptions {
  readonly podLabels?: { [key: string]: string };
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly updateStrategy?: StatefulSetUpdateStrategy;
  readonly minReady?: Duration;
  readonly whenDeleted?: ClaimRetentionPolicy;
  readonly whenScaled?: ClaimRetentionPolicy;
  /** Checked already. */
  readonly ordinalsStart?: number;
}

/** The update strategy unless `updateStrategy` is given. */
const DEFAULT_UPDATE_STRATEGY = shareWire(renderUpdateStrategy(StatefulSetUpdateStrategy.rollingUpdate()));

/** The StatefulSet's own settings, resolved from the props. */
export interface WorkloadSettings {
  readonly podManagementPolicy: PodManagementPolicy;
  readonly updateStrategy: k8s.StatefulSetUpdateStrategy;
  readonly minReadySeconds?: number;
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
    ? renderUpdateStrategy(checkInstance(owner, 'updateStrategy', props.updateStrategy, StatefulSetUpdateStrategy, 'a StatefulSetUpdateStrategy of cdk8s-plus-27, such as StatefulSetUpdateStrategy.rollingUpdate()'))
    : DEFAULT_UPDATE_STRATEGY;
  const partition = updateStrategy.rollingUpdate?.partition;
  if (partition !== undefined) checkWholeNumber(owner, 'updateStrategy.partition', partition as number, 0);
  const minReadySeconds = props.minReady?.toSeconds({ integral: false });
  if (minReadySeconds !== undefined) checkWholeNumber(owner, 'minReady', minReadySeconds, 0);
  return {
    whenDeleted: checkOneOf(owner, 'whenDeleted', props.whenDeleted, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
    whenScaled: checkOneOf(owner, 'whenScaled', props.whenScaled, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
    podManagementPolicy: checkOneOf(owner, 'podManagementPolicy', props.podManagementPolicy, PodManagementPolicy) ?? PodManagementPolicy.ORDERED_READY,
    updateStrategy,
    minReadySeconds,
    ordinals: props.ordinalsStart !== undefined ? { start: props.ordinalsStart } : undefined,
    // A pod label cannot override a selector label.
    podLabels: { ...(props.podLabels && checkLabels(owner, 'podLabels', props.podLabels)), ...selectorLabels },
    podAnnotations,
  };
}
