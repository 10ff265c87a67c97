import { checkWholeNumber } from './checks';

/**
 * How many pods of a workload voluntary disruptions (a node drain, an
 * eviction) may take down at once: a PodDisruptionBudget.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets
 */
export class DisruptionBudget {
  /**
   * At most this many pods unavailable at once (1 or more).
   */
  public static maxUnavailable(pods: number): DisruptionBudget {
    return new DisruptionBudget(checkWholeNumber('DisruptionBudget.maxUnavailable', 'pods', pods, 1), undefined);
  }

  /**
   * At least this many pods available at all times. Fewer than the replicas,
   * or no node could ever be drained.
   */
  public static minAvailable(pods: number): DisruptionBudget {
    return new DisruptionBudget(undefined, checkWholeNumber('DisruptionBudget.minAvailable', 'pods', pods, 0));
  }

  /**
   * No PodDisruptionBudget: a drain may take every pod down at once.
   */
  public static none(): DisruptionBudget {
    return new DisruptionBudget(undefined, undefined);
  }

  /** The most pods unavailable at once, if the budget says so. */
  public readonly maxUnavailablePods?: number;
  /** The fewest pods available, if the budget says so. */
  public readonly minAvailablePods?: number;

  private constructor(maxUnavailable: number | undefined, minAvailable: number | undefined) {
    this.maxUnavailablePods = maxUnavailable;
    this.minAvailablePods = minAvailable;
  }

  /** Whether this budget makes a PodDisruptionBudget at all. */
  public get isNone(): boolean {
    return this.maxUnavailablePods === undefined && this.minAvailablePods === undefined;
  }
}
