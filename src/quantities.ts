import { Size, SizeRoundingBehavior } from 'cdk8s';
import { fail } from './checks';
import * as k8s from './imports/k8s';

// Container resources in the library's own types, and conversions from them
// and from cdk8s values to the Kubernetes ones, each refusing what the API
// server would refuse, in the library's error format.

/** An amount of CPU, such as `CpuAmount.millis(250)` or `CpuAmount.cores(2)`. */
export class CpuAmount {
  /** Thousandths of a core: `millis(250)` is a quarter of a core ('250m'). */
  public static millis(amount: number): CpuAmount {
    return new CpuAmount(`${amount}m`);
  }

  /** Whole or fractional cores: `cores(1.5)` is '1.5'. */
  public static cores(amount: number): CpuAmount {
    return new CpuAmount(`${amount}`);
  }

  /** The amount as a Kubernetes quantity, such as '250m'. */
  public readonly amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
}

/** A CPU request and limit. */
export interface CpuRequestLimit {
  /**
   * The CPU the scheduler reserves for the container.
   *
   * @default - none
   */
  readonly request?: CpuAmount;

  /**
   * The most CPU the container may use (it is throttled above it).
   *
   * @default - none
   */
  readonly limit?: CpuAmount;
}

/** A memory or storage request and limit. */
export interface SizeRequestLimit {
  /**
   * The amount the scheduler reserves for the container.
   *
   * @default - none
   */
  readonly request?: Size;

  /**
   * The most the container may use (above it, memory is OOM-killed and local storage evicted).
   *
   * @default - none
   */
  readonly limit?: Size;
}

/**
 * The compute resources of a container: CPU, memory and local ephemeral
 * storage, each a request and a limit. A request above its limit is refused.
 */
export interface ComputeResources {
  /**
   * CPU, such as `{ request: CpuAmount.millis(100) }`.
   *
   * @default - none
   */
  readonly cpu?: CpuRequestLimit;

  /**
   * Memory, such as `{ request: Size.mebibytes(64), limit: Size.mebibytes(256) }`.
   *
   * @default - none
   */
  readonly memory?: SizeRequestLimit;

  /**
   * Local ephemeral storage (writable layers, logs, emptyDir).
   *
   * @default - none
   */
  readonly ephemeralStorage?: SizeRequestLimit;
}

const UNITS: Array<[string, number]> = [['Pi', 1024 ** 4], ['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/**
 * A positive size as a Kubernetes quantity in the largest binary unit that
 * holds it exactly: 100 MiB is '100Mi', never '0.09765625Gi'.
 */
export function toQuantity(owner: string, prop: string, size: Size): string {
  const isSize = size && typeof size.toKibibytes === 'function';
  const kib = isSize ? size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) : NaN;
  if (!Number.isInteger(kib) || kib <= 0) {
    fail(owner, prop, isSize ? `${kib}Ki` : size, 'a positive whole number of KiB, such as Size.mebibytes(100)');
  }
  // 2^53 KiB is 2^63 bytes: the largest quantity the API server keeps exact
  // (an int64 of bytes), and the largest whole number a JavaScript number holds.
  if (kib > Number.MAX_SAFE_INTEGER) {
    fail(owner, prop, `${kib}Ki`, 'at most 2^53 - 1 KiB (8 EiB), what an int64 of bytes holds');
  }
  const [unit, factor] = UNITS.find(([, f]) => kib % f === 0)!;
  return `${kib / factor}${unit}`;
}

/**
 * `ComputeResources` as the Kubernetes object, sizes as exact binary
 * quantities. A request above its limit is refused, as the API server would.
 */
export function toKubeResources(owner: string, prop: string, r: ComputeResources): k8s.ResourceRequirements {
  const cpu = (name: string, c: CpuAmount | undefined) => {
    if (c === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(c.amount));
    if (!m || Number(m[1]) <= 0 || (m[2] && m[1].includes('.'))) {
      fail(owner, `${prop}.${name}`, c.amount, 'a positive CPU amount such as CpuAmount.millis(100) (whole millicores) or CpuAmount.cores(0.5)');
    }
    return { text: c.amount, value: Number(m[1]) / (m[2] ? 1000 : 1) };
  };
  const mem = (name: string, s: Size | undefined) => {
    if (s === undefined) return undefined;
    return { text: toQuantity(owner, `${prop}.${name}`, s), value: s.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) };
  };
  const rows: Array<[string, string, { text: string; value: number } | undefined, { text: string; value: number } | undefined]> = [
    ['cpu', 'cpu', cpu('cpu.request', r.cpu?.request), cpu('cpu.limit', r.cpu?.limit)],
    ['memory', 'memory', mem('memory.request', r.memory?.request), mem('memory.limit', r.memory?.limit)],
    ['ephemeral-storage', 'ephemeralStorage', mem('ephemeralStorage.request', r.ephemeralStorage?.request), mem('ephemeralStorage.limit', r.ephemeralStorage?.limit)],
  ];
  const requests: { [key: string]: k8s.Quantity } = {};
  const limits: { [key: string]: k8s.Quantity } = {};
  for (const [key, name, request, limit] of rows) {
    if (request && limit && request.value > limit.value) {
      fail(owner, `${prop}.${name}.request`, request.text, `at most the limit ${limit.text}`);
    }
    if (request) requests[key] = k8s.Quantity.fromString(request.text);
    if (limit) limits[key] = k8s.Quantity.fromString(limit.text);
  }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}
