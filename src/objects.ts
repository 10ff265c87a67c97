import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './imports/k8s';

// The library's one rendering path: every object the library writes is made
// by `makeObject`, from the typed Kubernetes API classes generated into
// ./imports/k8s (`npx projen import:k8s`). A change of how those generated
// classes render breaks this file alone (test/objects.test.ts holds it
// to what the typed objects render).
//
// A `k8s.Kube*` object renders in two passes: cdk8s resolves, cleans and
// sorts its props, then the generated `toJson_*` converters walk the result
// again, field by field, to rename the few fields the generated types spell
// otherwise (`clusterIp` for `clusterIP`), unwrap Quantity and IntOrString
// values and drop undefined ones. That second walk and its garbage cost more
// than anything else the library does per site (BENCHMARKS.md). So an
// object's props are built typed, converted once with `toWire`, and the
// object renders them as a plain `ApiObject` does: the same JSON, in one
// pass, from an object that is still the typed `k8s.Kube*`. JSON patches
// apply to that JSON as they are written. An app's own resolvers see the keys
// of the JSON; where a value was a Quantity or an IntOrString they see its
// value, and they see no undefined field. With cdk8s's undocumented
// CDK8S_DISABLE_SORT switch set, cdk8s keeps keys in the order it is given
// them, which here is the library's, where the typed pass put the generated
// converters' order.

// Read once: the classes of the module's namespace object.
const { Quantity, IntOrString } = k8s;

/**
 * A typed value as the API server takes it: Quantity and IntOrString as their
 * values, no undefined field; anything else as it is. Field names are kept,
 * so they must be the API's own: the generated types rename a few (`clusterIp`,
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

/** A generated `k8s.Kube*` class, such as `k8s.KubeStatefulSet`. */
export type KubeKind<T extends ApiObject, P> = new (scope: Construct, id: string, props: P) => T;

/** An object made by `makeObject`: it keeps its spec, as the API server takes it, for `respec`. */
interface OnePass {
  readonly wireSpec?: { [key: string]: unknown };
}

/** The one-pass subclass of each `k8s.Kube*` class, made on first use. */
const ONE_PASS = new Map<Function, new (scope: Construct, id: string, props: any) => ApiObject>();

/** The subclass of `kind` that renders in one pass. */
function onePass(kind: KubeKind<ApiObject, any>): new (scope: Construct, id: string, props: any) => ApiObject {
  let cls = ONE_PASS.get(kind);
  if (cls === undefined) {
    const base = kind as new (...args: any[]) => ApiObject;
    cls = class extends base implements OnePass {
      public readonly wireSpec?: { [key: string]: unknown };
      constructor(scope: Construct, id: string, wire: { spec?: { [key: string]: unknown } }) {
        super(scope, id, wire);
        this.wireSpec = wire.spec;
      }
      public toJson(): any {
        return ApiObject.prototype.toJson.call(this);
      }
    };
    ONE_PASS.set(kind, cls);
  }
  return cls;
}

/**
 * Makes an object of `kind` (a `k8s.Kube*` class) from typed props: it is a
 * `kind`, and renders its props converted once by `toWire`, in one pass, as a
 * plain `ApiObject` does.
 */
export function makeObject<T extends ApiObject, P>(kind: KubeKind<T, P>, scope: Construct, id: string, props: P): T {
  return new (onePass(kind as KubeKind<ApiObject, any>))(scope, id, toWire(props)) as T;
}

/** Takes a spec rendered again in place of the one `obj` (made by `makeObject` with a spec) has. */
export function respec<S>(obj: ApiObject, spec: S): void {
  const target = (obj as OnePass).wireSpec;
  if (target === undefined) throw new Error(`${obj.node.path} was not made with a spec to replace`);
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, toWire(spec));
}
