import { Duration } from 'cdk8s';
import { checkAbsolutePath, checkPort, checkWholeNumber, fail } from './checks';
import * as k8s from './imports/k8s';

// Health checks of a container, in the library's own type: any cdk8s-plus
// line (or none) can sit beside it in an app.

/** The scheme of an HTTP probe. */
export enum ProbeScheme {
  /** Plain HTTP. */
  HTTP = 'HTTP',
  /** HTTPS; the kubelet does not verify the certificate. */
  HTTPS = 'HTTPS',
}

/** When and how often a probe runs, and how many results decide. */
export interface HealthProbeOptions {
  /**
   * How long after the container starts the first probe runs.
   *
   * @default - Kubernetes' default: at once
   */
  readonly initialDelay?: Duration;

  /**
   * How often the probe runs.
   *
   * @default - Kubernetes' default: every 10 seconds
   */
  readonly period?: Duration;

  /**
   * How long one probe may take.
   *
   * @default - Kubernetes' default: 1 second
   */
  readonly timeout?: Duration;

  /**
   * How many failures in a row count as failed.
   *
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * How many successes in a row count as succeeded after a failure (1 for
   * liveness and startup probes, which accept no other value).
   *
   * @default - Kubernetes' default: 1
   */
  readonly successThreshold?: number;
}

/** Options of an HTTP GET probe. */
export interface HttpHealthProbeOptions extends HealthProbeOptions {
  /**
   * The port to probe.
   *
   * @default - the container's port
   */
  readonly port?: number;

  /**
   * HTTP or HTTPS.
   *
   * @default ProbeScheme.HTTP
   */
  readonly scheme?: ProbeScheme;
}

/** Options of a TCP probe. */
export interface TcpHealthProbeOptions extends HealthProbeOptions {
  /**
   * The port to connect to.
   *
   * @default - the container's port
   */
  readonly port?: number;
}

/**
 * A health check of a container (readiness, liveness or startup): an HTTP
 * GET, a TCP connection or a command. HTTP and TCP probes go to the pod's own
 * address: the baseline Pod Security level of recent Kubernetes releases
 * forbids a probe of another host, so there is no option for one.
 */
export class HealthProbe {
  /**
   * An HTTP GET of `path`: a status from 200 to 399 succeeds.
   *
   * @param path the absolute path to get, such as '/healthz'
   */
  public static httpGet(path: string, options: HttpHealthProbeOptions = {}): HealthProbe {
    return new HealthProbe('httpGet', options, path);
  }

  /** A TCP connection: a connection accepted succeeds. */
  public static tcpSocket(options: TcpHealthProbeOptions = {}): HealthProbe {
    return new HealthProbe('tcpSocket', options);
  }

  /**
   * A command run in the container: exit status 0 succeeds.
   *
   * @param command the command and its arguments, run without a shell
   */
  public static exec(command: string[], options: HealthProbeOptions = {}): HealthProbe {
    return new HealthProbe('exec', options, undefined, command);
  }

  private constructor(
    private readonly kind: 'httpGet' | 'tcpSocket' | 'exec',
    private readonly options: HttpHealthProbeOptions & TcpHealthProbeOptions,
    private readonly path?: string,
    private readonly command?: string[],
  ) {}

  /**
   * The Kubernetes probe, checked, for a container listening on `port` (an
   * HTTP or TCP probe without a port of its own uses it).
   *
   * @internal
   */
  public _render(owner: string, prop: string, port: number): k8s.Probe {
    const o = this.options;
    const seconds = (name: string, d: Duration | undefined, min: number) => {
      if (d === undefined) return undefined;
      const s = d instanceof Duration ? d.toSeconds({ integral: false }) : NaN;
      return checkWholeNumber(owner, `${prop}.${name}`, s, min);
    };
    const count = (name: string, n: number | undefined) => n === undefined ? undefined : checkWholeNumber(owner, `${prop}.${name}`, n, 1);
    const probePort = (p: number | undefined) => k8s.IntOrString.fromNumber(p === undefined ? port : checkPort(owner, `${prop}.port`, p));
    let action: Pick<k8s.Probe, 'httpGet' | 'tcpSocket' | 'exec'>;
    if (this.kind === 'httpGet') {
      checkAbsolutePath(owner, `${prop}.path`, this.path!);
      action = { httpGet: { path: this.path!, port: probePort(o.port), scheme: o.scheme ?? ProbeScheme.HTTP } };
      if (!Object.values(ProbeScheme).includes(action.httpGet!.scheme as ProbeScheme)) {
        fail(owner, `${prop}.scheme`, o.scheme, `one of ${Object.values(ProbeScheme).join(', ')}`);
      }
    } else if (this.kind === 'tcpSocket') {
      action = { tcpSocket: { port: probePort(o.port) } };
    } else {
      const command = this.command!;
      if (!Array.isArray(command) || command.length === 0 || command.some(c => typeof c !== 'string' || c === '')) {
        fail(owner, `${prop}.command`, command, 'a command of one or more non-empty strings, such as [\'cat\', \'/tmp/ready\']');
      }
      action = { exec: { command } };
    }
    return {
      failureThreshold: count('failureThreshold', o.failureThreshold) ?? 3,
      initialDelaySeconds: seconds('initialDelay', o.initialDelay, 0),
      periodSeconds: seconds('period', o.period, 1),
      successThreshold: count('successThreshold', o.successThreshold),
      timeoutSeconds: seconds('timeout', o.timeout, 1),
      ...action,
    };
  }
}
