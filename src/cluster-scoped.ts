import { ApiObject, JsonPatch } from 'cdk8s';

/** The objects `clusterScoped` was given. */
const CLUSTER_SCOPED = new WeakSet<ApiObject>();

/** Whether the object is cluster-scoped (made so by `clusterScoped`). */
export function isClusterScoped(obj: ApiObject): boolean {
  return CLUSTER_SCOPED.has(obj);
}

/**
 * cdk8s gives every object the chart's namespace (cdk8s#1558). A cluster-scoped
 * object must not carry one, so it is removed from the output.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  CLUSTER_SCOPED.add(obj);
  if (obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
