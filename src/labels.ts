// The labels of every object the library writes: Kubernetes' recommended
// `app.kubernetes.io/*` set, so that one selector finds all of a site, a
// provisioner or a driver. Selectors (of a StatefulSet, a Deployment, a
// Service, a budget, a policy) use only `name` and `instance`: a StatefulSet's
// selector cannot change once it exists, so these labels go on the objects'
// metadata only, never into a selector. docs/labels.md lists them.

/** The value of `app.kubernetes.io/managed-by` on every object the library writes. */
export const MANAGED_BY = 'cdk8s';

/** The five recommended labels. */
export function recommendedLabels(name: string, instance: string, component: string, partOf: string): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
