import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';

// Read once: `k8s` is a lazy namespace, a getter on every read.
const { Quantity, IntOrString } = k8s;

// Typed objects that render in one pass.
//
// A `k8s.Kube*` object renders in two: cdk8s resolves, cleans and sorts its
// props, then cdk8s-plus's generated `toJson_*` converters walk the result
// again, field by field, to rename the few fields cdk8s-plus spells otherwise
// (`clusterIp` for `clusterIP`), unwrap Quantity and IntOrString values and
// drop undefined ones. For the objects the library makes per site, that
// second walk and its garbage cost more than anything else the library does
// (BENCHMARKS.md). So their props are built typed, as before, converted once
// with `toWire`, and the object renders them as a plain `ApiObject` does: the
// same JSON, in one pass, from an object that is still the typed `k8s.Kube*`.
// An app's own resolvers see the same keys as before; where a value was a
// Quantity or an IntOrString they see its value, and they see no undefined
// field. One difference is left: with cdk8s's undocumented
// CDK8S_DISABLE_SORT switch set, cdk8s keeps keys in the order it is given
// them, which for these objects is the library's, where the typed pass put
// cdk8s-plus's order (the same JSON, with keys in another order).

/**
 * A typed value as the API server takes it: Quantity and IntOrString as their
 * values, no undefined field; anything else as it is. Field names are kept,
 * so they must be the API's own: cdk8s-plus renames a few (`clusterIp`,
 * `hostIpc`, `setHostnameAsFqdn` and the like), and no value converted here
 * sets one of them (the tests validate every manifest against the API
 * server's own schema, where such a field is an error).
 */
export function toWire(value: unknown): any {
  if (typeof value !== 'object' || value === null) return value;
  const shared = SHARED.get(value);
  if (shared !== undefined) return shared;
  if (Array.isArray(value)) return value.map(toWire);
  if (value instanceof Quantity || value instanceof IntOrString) return value.value;
  // Tokens and other objects of a class are left to cdk8s's resolvers.
  if (value.constructor !== Object) return value;
  const out: { [key: string]: unknown } = {};
  for (const key in value) {
    const v = (value as { [key: string]: unknown })[key];
    if (v !== undefined) out[key] = toWire(v);
  }
  return out;
}

/** The converted forms of typed values made once per process (see `shareWire`). */
const SHARED = new WeakMap<object, unknown>();

/**
 * Converts a typed value made once and never changed (a default) once:
 * `toWire` gives every spec that holds it this one converted value instead of
 * a copy per object. Nothing changes a converted spec in place (cdk8s renders
 * copies of it), so they can share it.
 */
export function shareWire<T extends object>(value: T): T {
  SHARED.set(value, toWire(value));
  return value;
}

/**
 * Puts `source`'s fields in `target` in place of its own: props an object
 * was made with, rendered again.
 */
export function replaceFields(target: { [key: string]: unknown }, source: { [key: string]: unknown }): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

/**
 * A StatefulSet made from typed props and kept as `toWire` makes them: it
 * renders in one pass, as a plain `ApiObject`, and is still a
 * `k8s.KubeStatefulSet`.
 */
export class WireStatefulSet extends k8s.KubeStatefulSet {
  private readonly wireSpec: { [key: string]: unknown };

  constructor(scope: Construct, id: string, props: k8s.KubeStatefulSetProps) {
    const wire = toWire(props);
    super(scope, id, wire);
    this.wireSpec = wire.spec;
  }

  /** Takes a spec rendered again in place of the one it has. */
  public respec(spec: k8s.StatefulSetSpec): void {
    replaceFields(this.wireSpec, toWire(spec));
  }

  public toJson(): any {
    return renderWire(this);
  }
}

/** A PodDisruptionBudget that renders in one pass (see `WireStatefulSet`). */
export class WirePodDisruptionBudget extends k8s.KubePodDisruptionBudget {
  constructor(scope: Construct, id: string, props: k8s.KubePodDisruptionBudgetProps) {
    super(scope, id, toWire(props));
  }

  public toJson(): any {
    return renderWire(this);
  }
}

/** A NetworkPolicy that renders in one pass (see `WireStatefulSet`). */
export class WireNetworkPolicy extends k8s.KubeNetworkPolicy {
  constructor(scope: Construct, id: string, props: k8s.KubeNetworkPolicyProps) {
    super(scope, id, toWire(props));
  }

  public toJson(): any {
    return renderWire(this);
  }
}

/** What `ApiObject.toJson` renders: for an object whose props are already as the API server takes them. */
export function renderWire(obj: ApiObject): any {
  return ApiObject.prototype.toJson.call(obj);
}
