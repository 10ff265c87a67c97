import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from './imports/k8s';
import { makeObject } from './objects';

// The NetworkPolicies the library writes. Plain objects: cdk8s-plus's
// NetworkPolicy needs a peer per rule, and none of its peers says "from
// anywhere" (an ipBlock of 0.0.0.0/0 is not meant to match pods, an empty pod
// selector only matches the namespace).

/** A port of the pods that one namespace alone may reach. */
export interface NamespacePort {
  readonly port: number;
  readonly namespace: string;
}

/**
 * A NetworkPolicy `name` for the pods `labels` select: TCP in on `port` from
 * anywhere, and on each of `more` from its namespace alone; nothing out. The
 * policy itself carries `objectLabels`.
 */
export function renderIngressOnlyPolicy(
  scope: Construct, name: string, labels: { [key: string]: string }, port: number, more: NamespacePort[] = [],
  objectLabels: { [key: string]: string } = labels,
): ApiObject {
  const tcp = (p: number) => [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) }];
  return makeObject(k8s.KubeNetworkPolicy, scope, 'NetworkPolicy', {
    metadata: { name, labels: objectLabels },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { ports: tcp(port) },
        // The API server sets the kubernetes.io/metadata.name label of every namespace to its name.
        ...more.map(m => ({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': m.namespace } } }], ports: tcp(m.port) })),
      ],
    },
  });
}

/**
 * A NetworkPolicy `name` for the pods `labels` select: nothing in; out only
 * to the API server at `cidrs`, on its ports (443 for the Service, 6443 for
 * most API servers behind it).
 */
export function renderApiServerOnlyPolicy(
  scope: Construct, name: string, labels: { [key: string]: string }, cidrs: string[], objectLabels: { [key: string]: string } = labels,
): ApiObject {
  return makeObject(k8s.KubeNetworkPolicy, scope, 'NetworkPolicy', {
    metadata: { name, labels: objectLabels },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{
        to: cidrs.map(cidr => ({ ipBlock: { cidr } })),
        ports: [443, 6443].map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
      }],
    },
  });
}
