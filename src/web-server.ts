import { Duration } from 'cdk8s';
import { checkId, checkImage, checkMountPath, checkPort, checkWholeNumber, fail } from './checks';
import { HealthProbe } from './probes';
import { HTTPD_STATUS, NGINX_STATUS, StatusPage } from './status-page';

/**
 * How to run a web server image: a `WebServer` describes one.
 */
export interface WebServerOptions {
  /**
   * The image.
   */
  readonly image: string;

  /**
   * The port the server listens on.
   */
  readonly port: number;

  /**
   * The directory the server serves files from: each pod's claim is mounted there.
   */
  readonly documentRoot: string;

  /**
   * Paths the server writes to (pid file, locks, temporary files, caches):
   * each gets an emptyDir, as the root file system is read-only.
   *
   * @default - none
   */
  readonly writablePaths?: string[];

  /**
   * The user id the image runs as. A non-root user makes the pods
   * `runAsNonRoot` with every capability dropped, which the `restricted` Pod
   * Security level asks for; the port must then be 1024 or more.
   *
   * @default - the image's user, taken to be root
   */
  readonly runAsUser?: number;

  /**
   * The group id the image runs as.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;

  /**
   * The group that owns mounted volumes (where the volume type supports it),
   * so that a non-root server can write its claim.
   *
   * @default - none
   */
  readonly fsGroup?: number;

  /**
   * Linux capabilities the server needs, such as `NET_BIND_SERVICE`, added
   * after every other one is dropped. Only kept when the server runs as
   * root: a non-root process cannot use them.
   *
   * @default - none
   */
  readonly capabilities?: string[];

  /**
   * The readiness probe that proves the server serves, such as an HTTP GET
   * of '/'. A StatefulWeb uses it when it gives every pod a page (`pages`)
   * and no `readiness` of its own; otherwise it checks the port over TCP, as
   * a server may refuse '/' for a document root without `index.html` (nginx
   * answers 403).
   *
   * @default - a TCP check of the port
   */
  readonly readiness?: HealthProbe;

  /**
   * The startup probe that goes with `readiness`: used whenever `readiness`
   * is, unless the StatefulWeb has a `startup` of its own. A frequent one
   * lets a pod count as ready soon after its server listens (the kubelet
   * runs the readiness probe as soon as the startup probe passes), while
   * `readiness` itself runs less often for the pod's whole life.
   *
   * @default - none
   */
  readonly startup?: HealthProbe;

  /**
   * How long the web container goes on serving once its pod is deleted,
   * before it is told to stop: a `preStop` hook that runs `sleep`, so that
   * the Service's endpoints and every node's proxy stop sending requests to
   * the pod while it still answers them. The image must have `sleep` on its
   * `PATH`. The server then stops on the image's stop signal
   * (`STOPSIGNAL`), which should be its graceful one.
   *
   * @default - no pause: an image may have no `sleep`
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
   */
  readonly stopPause?: Duration;
}

/**
 * The presets' readiness: an HTTP GET of the page every five seconds, so a
 * pod that stops serving leaves its Services within 15 seconds.
 */
const PAGE_READINESS = HealthProbe.httpGet('/', { period: Duration.seconds(5) });

/**
 * The presets' startup probe: the same GET every second from the container's
 * start until it first succeeds (a minute at most), after which the kubelet
 * runs the readiness probe at once. Pods of the default `OrderedReady` policy
 * start one at a time, each once the one before it is ready, so every second
 * between a server that listens and a probe that sees it is paid once per
 * pod; a GET a second costs nothing once the pod has started, as the startup
 * probe then stops.
 */
const PAGE_STARTUP = HealthProbe.httpGet('/', { period: Duration.seconds(1), failureThreshold: 60 });

/**
 * The presets' stop pause: the endpoint controller and every node's
 * kube-proxy take a second or more to drop a deleted pod, and a loaded
 * control plane longer; five seconds covers both at the cost of five
 * seconds per pod stopped.
 */
const PRESET_STOP_PAUSE = Duration.seconds(5);

/** httpd's command: the image's (it has no entrypoint), with the two directives for a document root on NFS. */
const HTTPD_COMMAND = ['httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off'];

/** nginx-unprivileged's entrypoint and command, as its image runs them. */
const NGINX_COMMAND = ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'];

/**
 * A web server image and how to run it: port, document root, writable
 * paths, user and capabilities. `StatefulWeb` takes one as `server`; its own
 * props (`image`, `port`, `mountPath`, ...) override what it says.
 */
export class WebServer {
  /**
   * The Apache httpd image of the tutorial, `httpd:2.4.62`.
   *
   * It starts as root: the parent binds port 80 (NET_BIND_SERVICE), switches
   * its workers to `daemon` (SETUID, SETGID) and signals them on reload and
   * shutdown (KILL). Every other capability is dropped. Its pods pass the
   * `baseline` Pod Security level, not `restricted`.
   *
   * Its pages are on NFS, so it runs with `EnableMMAP Off` and
   * `EnableSendfile Off`, as Apache's documentation asks for a
   * network-mounted document root: a worker that maps a file which changes
   * or fails to read on the server dies of a bus error mid-request.
   *
   * It stops gracefully on `SIGWINCH`, the image's `STOPSIGNAL`: the parent
   * closes its listeners and lets its workers finish the requests they
   * serve. A `preStop` pause of 5 seconds (`sleep`, which the Debian-based
   * image has) comes first, so that no new request reaches it meanwhile.
   *
   * @param image another tag of the same image
   */
  public static httpd(image?: string): WebServer {
    return new WebServer('WebServer.httpd', {
      image: image ?? 'httpd:2.4.62',
      port: 80,
      documentRoot: '/usr/local/apache2/htdocs',
      // The pid file and the locks.
      writablePaths: ['/usr/local/apache2/logs'],
      capabilities: ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL'],
      readiness: PAGE_READINESS,
      startup: PAGE_STARTUP,
      stopPause: PRESET_STOP_PAUSE,
    }, HTTPD_STATUS, HTTPD_COMMAND, HTTPD_COMMAND);
  }

  /**
   * NGINX's non-root image, `nginxinc/nginx-unprivileged:1.26.3` (stable).
   *
   * It runs as user and group 101, listens on 8080, serves
   * `/usr/share/nginx/html`, and writes its pid file and temporary files
   * under `/tmp` and its cache under `/var/cache/nginx`. No capability.
   * Its pods pass the `restricted` Pod Security level.
   *
   * It stops gracefully on `SIGQUIT`, the image's `STOPSIGNAL`: nginx stops
   * accepting and finishes the requests it serves. A `preStop` pause of 5
   * seconds (`sleep`, which the Debian-based image has) comes first, so that
   * no new request reaches it meanwhile.
   *
   * @param image another tag of the same image
   * @see https://github.com/nginx/docker-nginx-unprivileged
   */
  public static nginxUnprivileged(image?: string): WebServer {
    return new WebServer('WebServer.nginxUnprivileged', {
      image: image ?? 'nginxinc/nginx-unprivileged:1.26.3',
      port: 8080,
      documentRoot: '/usr/share/nginx/html',
      writablePaths: ['/tmp', '/var/cache/nginx'],
      runAsUser: 101,
      runAsGroup: 101,
      fsGroup: 101,
      readiness: PAGE_READINESS,
      startup: PAGE_STARTUP,
      stopPause: PRESET_STOP_PAUSE,
    }, NGINX_STATUS, undefined, NGINX_COMMAND);
  }

  /**
   * Any other web server image.
   */
  public static custom(options: WebServerOptions): WebServer {
    return new WebServer('WebServer.custom', options);
  }

  /** The image. */
  public readonly image: string;
  /** The port. */
  public readonly port: number;
  /** The document root. */
  public readonly documentRoot: string;
  /** Paths kept writable. */
  public readonly writablePaths: string[];
  /** The user id, if not the image's. */
  public readonly runAsUser?: number;
  /** The group id, if not the image's. */
  public readonly runAsGroup?: number;
  /** The group of mounted volumes. */
  public readonly fsGroup?: number;
  /** Capabilities added when it runs as root. */
  public readonly capabilities: string[];
  /** The readiness probe that proves the server serves, if any. */
  public readonly readiness?: HealthProbe;
  /** The startup probe that goes with `readiness`, if any. */
  public readonly startup?: HealthProbe;
  /** The pause before the server is told to stop (zero: none). */
  public readonly stopPause: Duration;
  /**
   * How the server serves its status page (`metrics`), if it can.
   *
   * @internal
   */
  public readonly _statusPage?: StatusPage;
  /**
   * The container's arguments, if not the image's command.
   *
   * @internal
   */
  public readonly _args?: string[];
  /**
   * The server's whole command line, the image's entrypoint then its
   * arguments, if the library knows it: a StatefulWeb then writes `pages` in
   * the web container before it runs this, not in an init container.
   *
   * @internal
   */
  public readonly _command?: string[];

  private constructor(owner: string, options: WebServerOptions, statusPage?: StatusPage, args?: string[], command?: string[]) {
    this.image = checkImage(owner, 'image', options.image);
    this.port = checkPort(owner, 'port', options.port);
    this.documentRoot = checkMountPath(owner, 'documentRoot', options.documentRoot);
    this.writablePaths = (options.writablePaths ?? []).map((p, i) => checkMountPath(owner, `writablePaths[${i}]`, p));
    this.runAsUser = options.runAsUser === undefined ? undefined : checkId(owner, 'runAsUser', options.runAsUser);
    this.runAsGroup = options.runAsGroup === undefined ? undefined : checkId(owner, 'runAsGroup', options.runAsGroup);
    this.fsGroup = options.fsGroup === undefined ? undefined : checkId(owner, 'fsGroup', options.fsGroup);
    this.capabilities = (options.capabilities ?? []).map((c, i) => {
      if (typeof c !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(c) || c.startsWith('CAP_')) {
        fail(owner, `capabilities[${i}]`, c, "a capability name without the 'CAP_' prefix, such as 'NET_BIND_SERVICE'");
      }
      return c;
    });
    this.readiness = options.readiness;
    this.startup = options.startup;
    this.stopPause = checkStopPause(owner, 'stopPause', options.stopPause ?? Duration.seconds(0));
    this._statusPage = statusPage;
    this._args = args;
    this._command = command;
  }
}

/** A stop pause: whole seconds, at most an hour (it delays every pod's deletion). */
export function checkStopPause(owner: string, prop: string, value: Duration): Duration {
  const s = value instanceof Duration ? value.toSeconds({ integral: false }) : NaN;
  checkWholeNumber(owner, prop, s, 0, 3600);
  return value;
}
