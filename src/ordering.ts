import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { IStorageClass } from './storage-class';

// The library's one ordering rule, so that `kubectl apply` of the synthesized
// YAML creates what an object names before the object:
//
// - what a construct makes for itself comes in the order it makes it, and an
//   object that names another one it made (a StatefulSet naming its Service or
//   its pages ConfigMap) also gets a dependency on it, which keeps the order
//   whatever else an app makes depend on either;
// - what it is given (a Service, a storage class) gets a dependency too: it
//   may live anywhere in the app, in another chart, and be made later.
//
// Dependencies go from object to object. cdk8s expands a dependency on a
// construct into one per object in it, on every synth; one edge to a single
// object is what keeps the synth cheap (BENCHMARKS.md).

/** Orders `obj` after `target`, if there is one. */
export function orderAfter(obj: ApiObject, target: IConstruct | undefined): void {
  if (target) obj.node.addDependency(target);
}

/**
 * What a workload that claims from `storage` is ordered after: what the class
 * says (`IStorageClass.orderAfter`), else the storage itself when it is a
 * construct (a user's own storage construct), else nothing (a class that exists).
 */
export function storageOrderTarget(storage: IStorageClass | undefined): IConstruct | undefined {
  if (!storage) return undefined;
  return storage.orderAfter ?? (Construct.isConstruct(storage) ? storage : undefined);
}
