import { checkNamespace, checkPort, fail } from './checks';
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
}

/** The status page, checked: what the StatefulSet, the ConfigMap and the NetworkPolicy need. */
export interface MetricsSettings {
  readonly namespace: string;
  readonly port: number;
  readonly page: StatusPage;
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
  return { namespace, port, page };
}
