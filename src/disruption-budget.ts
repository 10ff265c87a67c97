import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkInstance, checkWholeNumber, fail } from './checks';
import * as k8s from './imports/k8s';
import { makeObject } from './objects';

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

/** The budget of a workload of `replicas` pods: the one given, which must fit them, or the default. */
export function resolveDisruptionBudget(owner: string, given: DisruptionBudget | undefined, replicas: number): DisruptionBudget {
  if (given === undefined) {
    return replicas >= 2 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none();
  }
  checkInstance(owner, 'disruptionBudget', given, DisruptionBudget, 'a DisruptionBudget such as DisruptionBudget.maxUnavailable(1)');
  const { maxUnavailablePods: max, minAvailablePods: min } = given;
  if (max !== undefined && max > replicas) {
    fail(owner, 'disruptionBudget', `maxUnavailable ${max}`, `at most the replicas (${replicas})`);
  }
  if (min !== undefined && min >= replicas) {
    fail(owner, 'disruptionBudget', `minAvailable ${min}`, `fewer than the replicas (${replicas}), or no node could ever be drained; use DisruptionBudget.none() for no budget`);
  }
  return given;
}

/**
 * The PodDisruptionBudget of the pods `selector` selects, named `name` and
 * labelled `labels`, unless the budget is none.
 */
export function renderDisruptionBudget(
  scope: Construct, budget: DisruptionBudget, name: string, selector: { [key: string]: string }, labels: { [key: string]: string },
): ApiObject | undefined {
  if (budget.isNone) return undefined;
  const count = (n: number | undefined) => n === undefined ? undefined : k8s.IntOrString.fromNumber(n);
  return makeObject(k8s.KubePodDisruptionBudget, scope, 'DisruptionBudget', {
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: selector },
      maxUnavailable: count(budget.maxUnavailablePods),
      minAvailable: count(budget.minAvailablePods),
    },
  });
}
