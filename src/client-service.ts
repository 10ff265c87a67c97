import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkOneOf, checkPort, checkServiceName, fail } from './checks';
import * as k8s from './imports/k8s';
import { makeObject } from './objects';

// The client Service of a StatefulWeb: a second Service over the same pods,
// with a cluster IP that load-balances over the ready ones, beside the
// headless Service that names each pod.

/** How a client Service is reached. */
export enum ClientServiceType {
  /** Inside the cluster only, at a cluster IP. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node. */
  NODE_PORT = 'NodePort',
  /** Also through a load balancer of the cloud or of the cluster (MetalLB and the like), and a port of every node. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** A load-balanced Service over the pods of a StatefulWeb. */
export interface ClientServiceOptions {
  /**
   * Name of the Service, a DNS-1035 label.
   *
   * @default - `<name>-client`, after the StatefulWeb
   */
  readonly name?: string;

  /**
   * How the Service is reached. `NodePort` and `LoadBalancer` open it to
   * whatever reaches the nodes or the load balancer; the pods'
   * NetworkPolicy admits that traffic on the web port, as it admits any.
   *
   * @default ClientServiceType.CLUSTER_IP
   */
  readonly type?: ClientServiceType;

  /**
   * The port of the Service (named `http`); it sends to the pods' web port.
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * The node port, with `NodePort` or `LoadBalancer`; it must be in the
   * cluster's node port range (30000-32767 unless the API server says otherwise).
   *
   * @default - one the API server picks
   */
  readonly nodePort?: number;
}

/** A client Service, checked: everything to render it but the pods. */
export interface ClientServiceSettings {
  readonly name: string;
  readonly type: ClientServiceType;
  readonly port: number;
  readonly nodePort?: number;
}

/** The client Service of the StatefulWeb `webName`, checked, defaults filled in. */
export function resolveClientService(owner: string, options: ClientServiceOptions, webName: string): ClientServiceSettings {
  const name = checkServiceName(owner, 'clientService.name', options.name ?? `${webName}-client`);
  const type = checkOneOf(owner, 'clientService.type', options.type, ClientServiceType) ?? ClientServiceType.CLUSTER_IP;
  const port = checkPort(owner, 'clientService.port', options.port ?? 80);
  if (options.nodePort !== undefined) {
    checkPort(owner, 'clientService.nodePort', options.nodePort);
    if (type === ClientServiceType.CLUSTER_IP) {
      fail(owner, 'clientService.nodePort', options.nodePort, "given only with 'type' NodePort or LoadBalancer", 'A ClusterIP Service has no node port.');
    }
  }
  return { name, type, port, nodePort: options.nodePort };
}

/** The client Service, labelled `labels`: `settings.port` to `targetPort` of the pods `selector` selects. */
export function renderClientService(
  scope: Construct, settings: ClientServiceSettings, selector: { [key: string]: string }, targetPort: number, labels: { [key: string]: string },
): ApiObject {
  return makeObject(k8s.KubeService, scope, 'ClientService', {
    metadata: { name: settings.name, labels },
    spec: {
      type: settings.type,
      selector,
      ports: [{
        name: 'http',
        protocol: 'TCP',
        port: settings.port,
        targetPort: k8s.IntOrString.fromNumber(targetPort),
        nodePort: settings.nodePort,
      }],
    },
  });
}
