import { Size, SizeRoundingBehavior } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-27';
import { fail } from './checks';

// Conversions from cdk8s and cdk8s-plus-27 values to the Kubernetes ones, each
// refusing what the API server would refuse, in the library's error format.

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
 * cdk8s-plus `ContainerResources` as the Kubernetes object, sizes as exact
 * binary quantities. A request above its limit is refused, as the API server would.
 */
export function toKubeResources(owner: string, prop: string, r: ContainerResources): k8s.ResourceRequirements {
  const cpu = (name: string, c: Cpu | undefined) => {
    if (c === undefined) return undefined;
    const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(c.amount));
    if (!m || Number(m[1]) <= 0) fail(owner, `${prop}.${name}`, c.amount, 'a positive CPU amount such as Cpu.millis(100)');
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
