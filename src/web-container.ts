import { Duration, Size } from 'cdk8s';
import { checkId, checkImage, checkInstance, checkWholeNumber, fail } from './checks';
import { checkFreeMountPath, OwnVolume } from './claims';
import * as k8s from './imports/k8s';
import { shareWire } from './objects';
import { HealthProbe } from './probes';
import { ComputeResources, CpuAmount, toKubeResources } from './quantities';
import { checkStopPause, WebServer } from './web-server';

// The web container of a StatefulWeb: its image, resources, probes and user,
// from the WebServer and the props that override it.

/** The container props of a workload, as its props interface documents them. */
export interface WebContainerOptions {
  readonly image?: string;
  readonly seedImage?: string;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly resources?: ComputeResources;
  readonly readiness?: HealthProbe;
  readonly liveness?: HealthProbe;
  readonly startup?: HealthProbe;
  readonly stopPause?: Duration;
  readonly terminationGracePeriod?: Duration;
}

/** The web container's settings, resolved from the props. */
export interface WebContainerSettings {
  readonly image: string;
  /** The init containers' image, if given; the web image otherwise. */
  readonly seedImage?: string;
  readonly resources: k8s.ResourceRequirements;
  readonly readiness: k8s.Probe;
  readonly liveness?: k8s.Probe;
  readonly startup?: k8s.Probe;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  /** A non-root `runAsUser`: no capability at all. */
  readonly nonRoot: boolean;
  /** Capabilities added to the web container after dropping all. */
  readonly capabilities: string[];
  /** The pause before the server is told to stop (zero: none). */
  readonly stopPause: Duration;
  /** The pod's grace period: the pause, then the server's own stop. */
  readonly terminationGracePeriod: Duration;
  /** The `preStop` hook that makes the pause; none without a pause. */
  readonly preStop?: k8s.LifecycleHandler;
  /** Only with a pause or a `terminationGracePeriod`: Kubernetes' default otherwise. */
  readonly terminationGracePeriodSeconds?: number;
}

/** The time a server gets to finish its requests after the pause, unless `terminationGracePeriod` is given: Kubernetes' default grace period. */
const SERVER_STOP = 30;

/** Resources of the web container unless `resources` is given. */
const DEFAULT_RESOURCES = shareWire(toKubeResources('StatefulWeb', 'resources', {
  cpu: { request: CpuAmount.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
}));

/** The readiness probe unless `readiness` is given: a TCP check of the port. */
const DEFAULT_READINESS = HealthProbe.tcpSocket();

/** A liveness or startup probe: the API server takes no success threshold but 1. */
function checkSingleSuccess(owner: string, prop: string, probe: k8s.Probe): k8s.Probe {
  if (probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    fail(owner, `${prop}.successThreshold`, probe.successThreshold, `1 for a ${prop} probe`);
  }
  return probe;
}

/** The web container's image, resources, probes and user; `everyPodHasPage` when `pages` gives each pod an `index.html`. */
export function resolveWebContainer(
  owner: string, props: WebContainerOptions, server: WebServer, port: number, everyPodHasPage: boolean,
): WebContainerSettings {
  const image = checkImage(owner, 'image', props.image ?? server.image);
  const seedImage = props.seedImage === undefined ? undefined : checkImage(owner, 'seedImage', props.seedImage);
  const ids = {
    runAsUser: props.runAsUser === undefined ? server.runAsUser : checkId(owner, 'runAsUser', props.runAsUser),
    runAsGroup: props.runAsGroup === undefined ? server.runAsGroup : checkId(owner, 'runAsGroup', props.runAsGroup),
    fsGroup: props.fsGroup === undefined ? server.fsGroup : checkId(owner, 'fsGroup', props.fsGroup),
  };
  const nonRoot = ids.runAsUser !== undefined && ids.runAsUser > 0;
  if (nonRoot && port < 1024) {
    fail(owner, 'port', port, `1024 or more when 'runAsUser' is ${ids.runAsUser}: a non-root user cannot bind a privileged port`);
  }
  // The server's probes when the StatefulWeb has no readiness of its own and every pod a page to get.
  const serverProbes = props.readiness === undefined && everyPodHasPage && server.readiness !== undefined;
  // The server's startup probe goes with its readiness probe.
  const startup = props.startup !== undefined ? checkProbe(owner, 'startup', props.startup) : serverProbes ? server.startup : undefined;
  const stopPause = props.stopPause === undefined ? server.stopPause : checkStopPause(owner, 'stopPause', props.stopPause);
  const pause = stopPause.toSeconds();
  let grace = pause + SERVER_STOP;
  if (props.terminationGracePeriod !== undefined) {
    const d = props.terminationGracePeriod;
    grace = checkWholeNumber(owner, 'terminationGracePeriod', d instanceof Duration ? d.toSeconds({ integral: false }) : NaN, 1, Number.MAX_SAFE_INTEGER);
    if (grace <= pause) {
      fail(owner, 'terminationGracePeriod', grace, `more seconds than 'stopPause' (${pause})`,
        'The grace period starts with the pause, and the server needs time to finish its requests after it.');
    }
  }
  return {
    image,
    seedImage,
    ...ids,
    stopPause,
    terminationGracePeriod: Duration.seconds(grace),
    preStop: pause > 0 ? { exec: { command: ['sleep', String(pause)] } } : undefined,
    terminationGracePeriodSeconds: pause > 0 || props.terminationGracePeriod !== undefined ? grace : undefined,
    nonRoot,
    // A non-root process cannot use added capabilities: none is kept.
    capabilities: nonRoot ? [] : server.capabilities,
    // Checked here, not at synth, so a request above its limit fails at construction.
    resources: props.resources ? toKubeResources(owner, 'resources', props.resources) : DEFAULT_RESOURCES,
    // The server's own probe needs a page to get; a TCP check needs none.
    readiness: (serverProbes ? server.readiness! : props.readiness === undefined ? DEFAULT_READINESS : checkProbe(owner, 'readiness', props.readiness))._render(owner, 'readiness', port),
    liveness: props.liveness && checkSingleSuccess(owner, 'liveness', checkProbe(owner, 'liveness', props.liveness)._render(owner, 'liveness', port)),
    startup: startup && checkSingleSuccess(owner, 'startup', startup._render(owner, 'startup', port)),
  };
}

/** An emptyDir volume per writable path, at a path no other (`used`) has. */
export function resolveWritablePaths(owner: string, paths: string[], used: string[]): OwnVolume[] {
  const volumes: OwnVolume[] = [];
  paths.forEach((path, i) => {
    checkFreeMountPath(owner, `writablePaths[${i}]`, path, [...volumes.map(v => v.mountPath), ...used]);
    volumes.push({ name: `writable-${i}`, mountPath: path });
  });
  return volumes;
}

/** A probe of this library's own (a cdk8s-plus Probe has no place here). */
function checkProbe(owner: string, prop: string, probe: HealthProbe): HealthProbe {
  return checkInstance(owner, prop, probe, HealthProbe, "a HealthProbe of this library, such as HealthProbe.httpGet('/')");
}
