import { Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s, Probe } from 'cdk8s-plus-27';
import { checkId, checkImage, checkInstance, fail } from './checks';
import { checkFreeMountPath, OwnVolume } from './claims';
import { renderProbe, shareWire } from './kplus-internal';
import { toKubeResources } from './quantities';
import { WebServer } from './web-server';

// The web container of a StatefulWeb: its image, resources, probes and user,
// from the WebServer and the props that override it.

/** The container props of a workload, as its props interface documents them. */
export interface WebContainerOptions {
  readonly image?: string;
  readonly seedImage?: string;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly resources?: ContainerResources;
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
}

/** The web container's settings, resolved from the props. */
export interface WebContainerSettings {
  readonly image: string;
  readonly seedImage: string;
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
}

/** Resources of the web container unless `resources` is given. */
const DEFAULT_RESOURCES = shareWire(toKubeResources('StatefulWeb', 'resources', {
  cpu: { request: Cpu.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
}));

/** The web container's image, resources, probes and user. */
export function resolveWebContainer(owner: string, props: WebContainerOptions, server: WebServer, port: number): WebContainerSettings {
  const image = checkImage(owner, 'image', props.image ?? server.image);
  const seedImage = props.seedImage === undefined ? image : checkImage(owner, 'seedImage', props.seedImage);
  const ids = {
    runAsUser: props.runAsUser === undefined ? server.runAsUser : checkId(owner, 'runAsUser', props.runAsUser),
    runAsGroup: props.runAsGroup === undefined ? server.runAsGroup : checkId(owner, 'runAsGroup', props.runAsGroup),
    fsGroup: props.fsGroup === undefined ? server.fsGroup : checkId(owner, 'fsGroup', props.fsGroup),
  };
  const nonRoot = ids.runAsUser !== undefined && ids.runAsUser > 0;
  if (nonRoot && port < 1024) {
    fail(owner, 'port', port, `1024 or more when 'runAsUser' is ${ids.runAsUser}: a non-root user cannot bind a privileged port`);
  }
  return {
    image,
    seedImage,
    ...ids,
    nonRoot,
    // A non-root process cannot use added capabilities: none is kept.
    capabilities: nonRoot ? [] : server.capabilities,
    // Checked here, not at synth, so a request above its limit fails at construction.
    resources: props.resources ? toKubeResources(owner, 'resources', props.resources) : DEFAULT_RESOURCES,
    readiness: renderProbe(props.readiness === undefined ? Probe.fromTcpSocket() : checkProbe(owner, 'readiness', props.readiness), port),
    liveness: props.liveness && renderProbe(checkProbe(owner, 'liveness', props.liveness), port),
    startup: props.startup && renderProbe(checkProbe(owner, 'startup', props.startup), port),
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

/** A probe of the cdk8s-plus line the library renders. */
function checkProbe(owner: string, prop: string, probe: Probe): Probe {
  return checkInstance(owner, prop, probe, Probe, "a Probe of cdk8s-plus-27, such as Probe.fromHttpGet('/')");
}
