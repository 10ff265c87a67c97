import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * cdk8s gives every object the chart's namespace (cdk8s#1558). A cluster-scoped
 * object must not carry one, so it is removed from the output.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
