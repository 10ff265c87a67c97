import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkImage, checkNamespace, checkPort, fail } from './checks';
import * as k8s from './imports/k8s';
import * as mon from './imports/monitoring.coreos.com';
import { makeObject } from './objects';
import { StatusPage } from './status-page';
import { WebServer } from './web-server';

// The web server's own status page (httpd's mod_status, nginx's stub_status)
// on a port of its own, which the web NetworkPolicy opens to one namespace.

/** The status page of a StatefulWeb's web server. */
export interface MetricsOptions {
  /**
   * The namespace allowed to reach the status port (the monitoring one, such
   * as 'monitoring'); the web NetworkPolicy admits no other. Without the
   * NetworkPolicy (`networkPolicy: false`), anything that reaches the pods does.
   */
  readonly namespace: string;

  /**
   * The port of the status page (container port `status`).
   *
   * @default 8081
   */
  readonly port?: number;

  /**
   * Also run the server's Prometheus exporter beside it (container
   * `exporter`, port `metrics`: apache_exporter for httpd,
   * nginx-prometheus-exporter for nginx), which reads the status page over
   * loopback, and write a PodMonitor (monitoring.coreos.com/v1) that
   * scrapes it; the NetworkPolicy opens that port to `namespace` too. The
   * cluster needs prometheus-operator's CRDs.
   *
   * @default false
   */
  readonly podMonitor?: boolean;

  /**
   * The exporter's image, with `podMonitor`.
   *
   * @default - the server's exporter ('quay.io/prometheuscommunity/apache-exporter:v1.0.10' for httpd,
   * 'nginx/nginx-prometheus-exporter:1.4.2' for nginx)
   */
  readonly exporterImage?: string;
}

/** The status page, checked: what the StatefulSet, the ConfigMap and the NetworkPolicy need. */
export interface MetricsSettings {
  readonly namespace: string;
  readonly port: number;
  readonly page: StatusPage;
  /** With `podMonitor`: the exporter's image and port. */
  readonly exporter?: { readonly image: string; readonly port: number; readonly args: string[] };
}

/** The `metrics` prop, checked against the server and the web port. */
export function resolveMetrics(owner: string, options: MetricsOptions, server: WebServer, webPort: number, nonRoot: boolean): MetricsSettings {
  const page = server._statusPage;
  if (!page) {
    fail(owner, 'metrics', options, 'given with a server that has a status page (WebServer.httpd() or WebServer.nginxUnprivileged())');
  }
  const namespace = checkNamespace(owner, 'metrics.namespace', options.namespace);
  const port = checkPort(owner, 'metrics.port', options.port ?? 8081);
  if (port === webPort) fail(owner, 'metrics.port', port, `a port other than the web port (${webPort})`);
  if (nonRoot && port < 1024) fail(owner, 'metrics.port', port, '1024 or more: a non-root server cannot bind a privileged port');
  if (options.exporterImage !== undefined && !options.podMonitor) {
    fail(owner, 'metrics.exporterImage', options.exporterImage, "given with 'podMonitor' true: the exporter runs only for it");
  }
  const e = page.exporter;
  if (options.podMonitor && (port === e.port || webPort === e.port)) {
    fail(owner, 'metrics.port', port, `a port other than the exporter's (${e.port}) with 'podMonitor'`, `The web port is ${webPort}.`);
  }
  const exporter = options.podMonitor
    ? { image: checkImage(owner, 'metrics.exporterImage', options.exporterImage ?? e.image), port: e.port, args: e.args(port) } : undefined;
  return { namespace, port, page, exporter };
}

/** The ports of the pods the metrics namespace alone reaches: the status page's and, with `podMonitor`, the exporter's. */
export function metricsPorts(m: MetricsSettings): Array<{ port: number; namespace: string }> {
  return [m.port, ...(m.exporter ? [m.exporter.port] : [])].map(port => ({ port, namespace: m.namespace }));
}

/** The exporter container, beside the web one; it reads the status page over loopback, so it needs no NetworkPolicy rule out. */
export function renderExporter(
  exporter: NonNullable<MetricsSettings['exporter']>, imagePullPolicy: string | undefined, securityContext: k8s.SecurityContext,
): k8s.Container {
  return {
    name: 'exporter',
    image: exporter.image,
    imagePullPolicy,
    args: exporter.args,
    ports: [{ name: 'metrics', containerPort: exporter.port }],
    resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
    securityContext,
  };
}

/** The PodMonitor, labelled `labels`, that scrapes the exporter's `metrics` port of the pods `selector` selects, in their namespace. */
export function renderPodMonitor(scope: Construct, name: string, selector: { [key: string]: string }, labels: { [key: string]: string }): ApiObject {
  return makeObject(mon.PodMonitor, scope, 'PodMonitor', {
    metadata: { name, labels },
    spec: {
      selector: { matchLabels: selector },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }],
    },
  });
}
