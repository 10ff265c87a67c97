import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppChecks } from './app-checks';
import { checkDnsLabel, checkDnsSubdomain, checkOneOf, checkLabels, checkPort, checkPortName, checkServiceName, fail } from './checks';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { makeObject, respec } from './objects';

/** The part of a Service spec a HeadlessService writes, as the API server takes it. */
interface ServiceSpecWire {
  /** `clusterIp` in the generated `k8s.ServiceSpec`. */
  readonly clusterIP: 'None';
  publishNotReadyAddresses?: true;
  selector?: { [key: string]: string };
  ports?: Array<{ name: string; port: number; targetPort?: number; protocol: string }>;
}

/** The protocol of a port. */
export enum PortProtocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/**
 * A named port of a `HeadlessService`.
 */
export interface HeadlessServicePort {
  /**
   * Name of the port, an IANA service name such as `http`. Pods find it in
   * their SRV records as `_<name>._<protocol>.<service>`.
   */
  readonly name: string;

  /**
   * The port number.
   */
  readonly port: number;

  /**
   * The container port the traffic goes to.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;

  /**
   * The protocol.
   *
   * @default PortProtocol.TCP
   */
  readonly protocol?: PortProtocol;
}

/**
 * Props for `HeadlessService`.
 */
export interface HeadlessServiceProps {
  /**
   * Name of the Service, a DNS-1035 label. It is part of every pod's DNS name.
   *
   * @default - a name made of the construct path
   */
  readonly name?: string;

  /**
   * Named ports.
   *
   * @default - none; a StatefulWeb that uses the Service adds its own port
   */
  readonly ports?: HeadlessServicePort[];

  /**
   * Labels of the pods the Service selects.
   *
   * @default - none; a StatefulWeb that uses the Service sets its pod labels
   */
  readonly selector?: { [key: string]: string };

  /**
   * Publish DNS records for pods that are not ready yet, so that peers can
   * find each other while they start.
   *
   * @default false
   * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec
   */
  readonly publishNotReadyAddresses?: boolean;

  /**
   * The cluster's DNS domain, used by `podDnsName()`.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * The governing Service of a StatefulSet: a Service without a cluster IP.
 *
 * A headless Service (`clusterIP: None`) load-balances nothing; it gives each
 * selected pod a stable DNS name, `<pod>.<service>.<namespace>.svc.<domain>`.
 * A StatefulSet names it in `serviceName`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
 */
export class HeadlessService extends Construct {
  /** Name of the Service. */
  public readonly name: string;
  /** Namespace of the Service (`default` when the chart has none). */
  public readonly namespace: string;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;
  /** The Service object. */
  public readonly apiObject: ApiObject;

  private readonly owner: string;
  private readonly _ports: HeadlessServicePort[] = [];
  /** The spec, as the API server takes it: `addPort` and `selectLabels` change it. */
  private readonly spec: ServiceSpecWire;

  constructor(scope: Construct, id: string, props: HeadlessServiceProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    this.owner = `HeadlessService ${this.node.path}`;
    // Without a name, the Service is named from the construct path, as cdk8s
    // names an object of its own.
    this.name = checkServiceName(this.owner, 'name', props.name ?? Names.toDnsLabel(this));
    this.namespace = Chart.of(this).namespace ?? 'default';
    this.clusterDomain = props.clusterDomain === undefined ? 'cluster.local' : checkDnsSubdomain(this.owner, 'clusterDomain', props.clusterDomain);
    this.spec = props.publishNotReadyAddresses ? { clusterIP: 'None', publishNotReadyAddresses: true } : { clusterIP: 'None' };
    if (props.selector) this.selectLabels(props.selector);
    for (const port of props.ports ?? []) this.addPort(port);
    // The spec is written as the API server takes it (`clusterIP`, where
    // the generated `k8s.ServiceSpec` spells `clusterIp`): it is rendered as it is, in one pass.
    // Its own labels until a StatefulWeb it governs gives it the site's.
    const labels = recommendedLabels('headless-service', this.name, 'service', 'stateful-web');
    this.apiObject = makeObject(k8s.KubeService, this, 'Resource', { metadata: { name: this.name, labels }, spec: this.spec as k8s.ServiceSpec });
  }

  /** The ports of the Service. */
  public get ports(): HeadlessServicePort[] {
    return [...this._ports];
  }

  /** The labels the Service selects, if any. */
  public get selector(): { [key: string]: string } | undefined {
    return this.spec.selector ? { ...this.spec.selector } : undefined;
  }

  /**
   * Adds a named port.
   */
  public addPort(port: HeadlessServicePort): void {
    const i = this._ports.length;
    checkPortName(this.owner, `ports[${i}].name`, port.name);
    checkPort(this.owner, `ports[${i}].port`, port.port);
    if (port.targetPort !== undefined) checkPort(this.owner, `ports[${i}].targetPort`, port.targetPort);
    const protocol = port.protocol ?? PortProtocol.TCP;
    checkOneOf(this.owner, `ports[${i}].protocol`, protocol, PortProtocol);
    if (this._ports.some(p => p.name === port.name)) {
      fail(this.owner, `ports[${i}].name`, port.name, `unique among the ports (${this._ports.map(p => p.name).join(', ')})`);
    }
    if (this._ports.some(p => p.port === port.port && p.protocol === protocol)) {
      fail(this.owner, `ports[${i}].port`, port.port, 'unique per protocol among the ports');
    }
    this._ports.push({ ...port, protocol });
    (this.spec.ports ??= []).push({ name: port.name, port: port.port, targetPort: port.targetPort, protocol });
    this.respec();
  }

  /**
   * Selects the pods that carry these labels. A Service has one selector: a
   * second, different one is an error.
   */
  public selectLabels(labels: { [key: string]: string }): void {
    const prop = 'selector';
    checkLabels(this.owner, prop, labels);
    if (Object.keys(labels).length === 0) {
      fail(this.owner, prop, labels, 'at least one label');
    }
    const current = this.spec.selector;
    if (current && JSON.stringify(current) !== JSON.stringify(labels)) {
      fail(this.owner, prop, labels, `the selector it already has, ${JSON.stringify(current)}: one headless Service governs one StatefulSet`);
    }
    this.spec.selector = { ...labels };
    this.respec();
  }

  /** Renders the spec again into the Service object, once it is made. */
  private respec(): void {
    if (this.apiObject) respec(this.apiObject, this.spec);
  }

  /**
   * The stable DNS name of a pod behind this Service:
   * `<pod>.<service>.<namespace>.svc.<clusterDomain>`.
   *
   * @param podName the pod name, such as `web-0`
   */
  public podDnsName(podName: string): string {
    checkDnsLabel(this.owner, 'podDnsName.podName', podName);
    return `${podName}.${this.name}.${this.namespace}.svc.${this.clusterDomain}`;
  }
}
