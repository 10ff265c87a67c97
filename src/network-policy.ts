import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkPort, fail } from './checks';
import * as k8s from './imports/k8s';
import { makeObject } from './kplus-internal';

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

/** The API server's ports by default: 443 (managed clusters, the `kubernetes` Service) and 6443 (kubeadm). */
export const DEFAULT_API_SERVER_PORTS = [443, 6443];

/** `apiServerPorts`, checked: one port or more, each 1..65535, none twice; the defaults when not given. */
export function resolveApiServerPorts(owner: string, ports: number[] | undefined): number[] {
  if (ports === undefined) return DEFAULT_API_SERVER_PORTS;
  if (!Array.isArray(ports) || ports.length === 0) {
    fail(owner, 'apiServerPorts', ports, 'one port or more (the API server\'s, such as [6443])', 'An empty list would cut the pods off from the API server.');
  }
  ports.forEach((p, i) => checkPort(owner, `apiServerPorts[${i}]`, p));
  ports.forEach((p, i) => {
    if (ports.indexOf(p) !== i) fail(owner, `apiServerPorts[${i}]`, p, 'a port not listed before it');
  });
  return ports;
}

/**
 * A NetworkPolicy `name` for the pods `labels` select: nothing in; out only
 * to the API server at `cidrs`, on TCP `ports`.
 */
export function renderApiServerOnlyPolicy(
  scope: Construct, name: string, labels: { [key: string]: string }, cidrs: string[], ports: number[],
  objectLabels: { [key: string]: string } = labels,
): ApiObject {
  return makeObject(k8s.KubeNetworkPolicy, scope, 'NetworkPolicy', {
    metadata: { name, labels: objectLabels },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{
        to: cidrs.map(cidr => ({ ipBlock: { cidr } })),
        ports: ports.map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
      }],
    },
  });
}
