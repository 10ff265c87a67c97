// How the preset web servers serve their status page on a port of their own
// (StatefulWeb's `metrics`).

/** How a web server serves its status page on a port of its own. */
export interface StatusPage {
  /** The path of the page, such as '/server-status'. */
  readonly path: string;
  /** Where the config file is mounted (a file when `subPath`, else a directory holding `status.conf`). */
  readonly mountPath: string;
  /** Whether `mountPath` is the file itself, mounted alone among the server's own. */
  readonly subPath: boolean;
  /** The arguments that load the config, after the server's own, if its config does not include the file. */
  readonly args?: string[];
  /** The Prometheus exporter that reads the page over loopback. */
  readonly exporter: StatusExporter;
  /** The config file that serves the page on `port`. */
  config(port: number): string;
}

/** A Prometheus exporter of a status page, run beside the server. */
export interface StatusExporter {
  /** Its image. */
  readonly image: string;
  /** The port it serves '/metrics' on. */
  readonly port: number;
  /** Its arguments, to read the page on `statusPort` and listen on `port`. */
  args(statusPort: number): string[];
}

/** httpd: mod_status (loaded by the image's config) on its own virtual host, the config included by `-c`. */
export const HTTPD_STATUS: StatusPage = {
  path: '/server-status',
  mountPath: '/etc/web-status',
  subPath: false,
  args: ['-c', 'Include /etc/web-status/status.conf'],
  // The Prometheus community's apache_exporter reads the page's '?auto' form.
  exporter: {
    image: 'quay.io/prometheuscommunity/apache-exporter:v1.0.10',
    port: 9117,
    args: p => [`--scrape_uri=http://127.0.0.1:${p}/server-status?auto`, '--web.listen-address=:9117'],
  },
  config: port => [
    '<IfModule !status_module>',
    '  LoadModule status_module modules/mod_status.so',
    '</IfModule>',
    `Listen ${port}`,
    `<VirtualHost *:${port}>`,
    '  <Location "/server-status">',
    '    SetHandler server-status',
    '    Require all granted',
    '  </Location>',
    '</VirtualHost>',
    '',
  ].join('\n'),
};

/** nginx: stub_status in a server of its own, a file of conf.d, which the image's config includes. */
export const NGINX_STATUS: StatusPage = {
  path: '/stub_status',
  mountPath: '/etc/nginx/conf.d/status.conf',
  subPath: true,
  // NGINX's own exporter of stub_status.
  exporter: {
    image: 'nginx/nginx-prometheus-exporter:1.4.2',
    port: 9113,
    args: p => [`--nginx.scrape-uri=http://127.0.0.1:${p}/stub_status`, '--web.listen-address=:9113'],
  },
  config: port => [
    'server {',
    `  listen ${port};`,
    '  location = /stub_status {',
    '    stub_status;',
    '  }',
    '}',
    '',
  ].join('\n'),
};
