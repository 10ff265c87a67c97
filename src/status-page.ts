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
  /** The container's arguments that load the config, if the server's default ones do not. */
  readonly args?: string[];
  /** The config file that serves the page on `port`. */
  config(port: number): string;
}

/** httpd: mod_status (loaded by the image's config) on its own virtual host, the config included by `-c`. */
export const HTTPD_STATUS: StatusPage = {
  path: '/server-status',
  mountPath: '/etc/web-status',
  subPath: false,
  args: ['httpd-foreground', '-c', 'Include /etc/web-status/status.conf'],
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
