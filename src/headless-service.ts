import { ApiObject } from 'cdk8s';
import { k8s, Protocol } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkDnsLabel, checkDnsSubdomain, checkOneOf, checkLabels, checkPort, checkPortName, checkServiceName, fail } from './checks';
import { renderWire, toWire } from './wire';

/** The part of a Service spec a HeadlessService writes, as the API server takes it. */
interface ServiceSpecWire {
  /** cdk8s-plus's `clusterIp`. */
  readonly clusterIP: 'None';
  publishNotReadyAddresses?: true;
  selector?: { [key: string]: string };
  ports?: Array<{ name: string; port: number; targetPort?: number; protocol: string }>;
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
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
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
 * The construct is the Service object itself (a `k8s.KubeService`), not a
 * wrapper around one: one construct per Service keeps every walk of the
 * construct tree at synth shorter (BENCHMARKS.md).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
 */
export class HeadlessService extends k8s.KubeService {
  /** Namespace of the Service (`default` when the chart has none). */
  public readonly namespace: string;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;

  private readonly owner: string;
  private readonly _ports: HeadlessServicePort[] = [];
  /**
   * The spec the object renders, as the API server takes it (see `toJson`):
   * `addPort` and `selectLabels` write it.
   */
  private readonly spec: ServiceSpecWire;

  constructor(scope: Construct, id: string, props: HeadlessServiceProps = {}) {
    // Without a name, cdk8s names the object from its construct path, as
    // `Names.toDnsLabel` does; it is checked below.
    const spec: ServiceSpecWire = props.publishNotReadyAddresses ? { clusterIP: 'None', publishNotReadyAddresses: true } : { clusterIP: 'None' };
    // Typed as cdk8s-plus spells it, given as the API server takes it: only `toJson` reads it.
    super(scope, id, { metadata: props.name === undefined ? {} : { name: props.name }, spec: spec as k8s.ServiceSpec });
    this.spec = spec;
    this.owner = `HeadlessService ${this.node.path}`;
    this.namespace = this.metadata.namespace ?? 'default';
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    try {
      checkServiceName(this.owner, 'name', this.name);
      checkDnsSubdomain(this.owner, 'clusterDomain', this.clusterDomain);
      if (props.selector) this.selectLabels(props.selector);
      for (const port of props.ports ?? []) this.addPort(port);
    } catch (e) {
      // The Service is in the tree as soon as it is made, before it can check
      // what cdk8s named it; a construct that throws leaves nothing to synthesize.
      this.node.scope?.node.tryRemoveChild(this.node.id);
      throw e;
    }
  }

  /**
   * Renders the object to Kubernetes JSON.
   *
   * The JSON a `k8s.KubeService` renders, in one pass: the HeadlessService
   * keeps its spec as the API server takes it, so there is nothing for
   * cdk8s-plus's second, typed pass to convert. JSON patches apply to this
   * JSON as they are written.
   */
  public toJson(): any {
    return renderWire(this);
  }

  /**
   * The Service object: the HeadlessService itself.
   */
  public get apiObject(): ApiObject {
    return this;
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
    const protocol = port.protocol ?? Protocol.TCP;
    checkOneOf(this.owner, `ports[${i}].protocol`, protocol, Protocol);
    if (this._ports.some(p => p.name === port.name)) {
      fail(this.owner, `ports[${i}].name`, port.name, `unique among the ports (${this._ports.map(p => p.name).join(', ')})`);
    }
    if (this._ports.some(p => p.port === port.port && p.protocol === protocol)) {
      fail(this.owner, `ports[${i}].port`, port.port, 'unique per protocol among the ports');
    }
    this._ports.push({ ...port, protocol });
    (this.spec.ports ??= []).push(toWire({
      name: port.name,
      port: port.port,
      targetPort: port.targetPort === undefined ? undefined : k8s.IntOrString.fromNumber(port.targetPort),
      protocol,
    } satisfies k8s.ServicePort));
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
