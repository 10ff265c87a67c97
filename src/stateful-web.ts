import { ApiObject, Duration, Names, Size } from 'cdk8s';
import {
  ContainerResources, Cpu, k8s, PersistentVolumeAccessMode, PodManagementPolicy, Probe,
  StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  checkDnsLabel, checkId, checkImage, checkLabels, checkMountPath, checkOneOf, checkPort, checkSomeOf, checkWholeNumber, fail, INT32_MAX,
} from './checks';
import { HeadlessService } from './headless-service';
import { renderProbe, renderUpdateStrategy } from './kplus-internal';
import { orderAfter, storageOrderTarget } from './ordering';
import { toKubeResources, toQuantity } from './quantities';
import { SEED_PAGES_SCRIPT } from './seed-pages';
import { IStorageClass } from './storage-class';

/**
 * What happens to the claims of a StatefulSet when it is deleted or scaled down.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum ClaimRetentionPolicy {
  /** The claims stay, and a pod that comes back gets its claim (and data) again. */
  RETAIN = 'Retain',
  /** The claims are deleted with the pods (what happens to the data is the StorageClass's reclaim policy). */
  DELETE = 'Delete',
}

/**
 * A claim every pod of a StatefulWeb gets for itself.
 */
export interface VolumeClaimTemplateOptions {
  /**
   * Where the claim is mounted in the web container.
   */
  readonly mountPath: string;

  /**
   * The StorageClass of the claims.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storage?: IStorageClass;

  /**
   * Requested size of each claim.
   *
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;

  /**
   * Access modes of each claim.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * Mount the claim read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A claim template of a StatefulWeb, as it is rendered: every default filled in.
 * The first claim (from `claimName`, `mountPath`, `storage`, `storageSize`,
 * `accessModes`, `claimReadOnly`) and each added one are the same model.
 */
export interface VolumeClaimTemplate extends VolumeClaimTemplateOptions {
  /**
   * Name of the template; each pod's claim is `<name>-<statefulset>-<ordinal>`.
   */
  readonly name: string;
}

/**
 * Props for `StatefulWeb`.
 */
export interface StatefulWebProps {
  /**
   * Name of the StatefulSet. Pods are `<name>-<ordinal>` and claims
   * `<claim>-<name>-<ordinal>`: renaming a StatefulWeb orphans its data.
   * At most 52 characters, so the controller-revision-hash label fits in 63.
   *
   * @default - a name made of the construct path
   */
  readonly name?: string;

  /**
   * Number of pods.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The web server image.
   *
   * @default 'httpd:2.4.62'
   */
  readonly image?: string;

  /**
   * The port the web server listens on (container port `http`).
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * The StorageClass of the pods' claims: an `NfsStorage`, or
   * `StorageClassRef.fromName()` for a class that exists.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storage?: IStorageClass;

  /**
   * Requested size of each pod's claim.
   *
   * @default Size.gibibytes(1)
   */
  readonly storageSize?: Size;

  /**
   * Access modes of each pod's claim.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * Where the claim is mounted: the web server's document root.
   *
   * @default '/usr/local/apache2/htdocs'
   */
  readonly mountPath?: string;

  /**
   * Name of the claim template. Each pod's claim is `<claimName>-<name>-<ordinal>`.
   *
   * @default 'data'
   */
  readonly claimName?: string;

  /**
   * Mount the claim read-only in the web container. The init container that
   * writes `pages` still writes into it.
   *
   * @default false
   */
  readonly claimReadOnly?: boolean;

  /**
   * The governing headless Service. Its selector is set to the pod labels and
   * it gets the `http` port if it has no port.
   *
   * @default - a HeadlessService named like the StatefulSet
   */
  readonly service?: HeadlessService;

  /**
   * Content of `index.html` per pod: `pages[i]` is served by `podNames[i]`.
   * An init container writes it into the pod's own claim on first start only,
   * when the claim has no `index.html` yet, so it survives pod deletion and is
   * never overwritten. Pods past the end of the list get no page. At most
   * 1 MiB in all, the keys `<ordinal>.html` included (one ConfigMap).
   *
   * @default - no page is written
   */
  readonly pages?: string[];

  /**
   * Image of the init container that writes `pages`. It needs `sh`, `cp` and `mv`.
   *
   * @default - the web server image
   */
  readonly seedImage?: string;

  /**
   * Extra labels of the pods (the selector labels are always there).
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * How pods are started and stopped: one at a time in order, or all at once.
   *
   * @default PodManagementPolicy.ORDERED_READY
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
   */
  readonly podManagementPolicy?: PodManagementPolicy;

  /**
   * How pods are replaced when the template changes; a rolling update may
   * carry a partition.
   *
   * @default StatefulSetUpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: StatefulSetUpdateStrategy;

  /**
   * How long a new pod must be ready before it counts as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * What happens to the claims when the StatefulSet is deleted.
   *
   * @default ClaimRetentionPolicy.RETAIN
   */
  readonly whenDeleted?: ClaimRetentionPolicy;

  /**
   * What happens to the claims of pods removed by scaling down.
   *
   * @default ClaimRetentionPolicy.RETAIN
   */
  readonly whenScaled?: ClaimRetentionPolicy;

  /**
   * The first ordinal: pods are `<name>-<start>` to `<name>-<start + replicas - 1>`.
   *
   * @default 0
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#start-ordinal
   */
  readonly ordinalsStart?: number;

  /**
   * CPU and memory of the web container.
   *
   * @default - requests 50m CPU and 64Mi memory, limit 256Mi memory
   */
  readonly resources?: ContainerResources;

  /**
   * Readiness probe of the web container.
   *
   * @default - a TCP check of the port every 10 seconds
   */
  readonly readiness?: Probe;

  /**
   * Liveness probe of the web container.
   *
   * @default - none
   */
  readonly liveness?: Probe;

  /**
   * Startup probe of the web container.
   *
   * @default - none
   */
  readonly startup?: Probe;

  /**
   * Run the containers as this user id. A non-root user makes the pods
   * `runAsNonRoot` with every capability dropped; it needs an image that runs
   * as that user and a `port` of 1024 or more.
   *
   * @default - the image's user (root for httpd), with the few capabilities httpd needs
   */
  readonly runAsUser?: number;

  /**
   * Run the containers with this group id.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns the mounted volumes.
   *
   * @default - none
   */
  readonly fsGroup?: number;

  /**
   * Paths that stay writable (as emptyDir volumes) on the otherwise read-only
   * root file system.
   *
   * @default ['/usr/local/apache2/logs'] (httpd's pid file and locks)
   */
  readonly writablePaths?: string[];
}


const DEFAULT_IMAGE = 'httpd:2.4.62';

/** What the API server accepts in one ConfigMap's data, keys and values. */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/** Where the init container that writes `pages` finds them. */
const PAGES_DIR = '/pages';

/** The names the props of the first claim go by in error messages; an added claim's are `<name>.<option>`. */
const FIRST_CLAIM_PROPS = { name: 'claimName', mountPath: 'mountPath', size: 'storageSize', accessModes: 'accessModes' };

/** Resources of the web container unless `resources` is given. */
const DEFAULT_RESOURCES = toKubeResources('StatefulWeb', 'resources', {
  cpu: { request: Cpu.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
});

/** The update strategy unless `updateStrategy` is given. */
const DEFAULT_UPDATE_STRATEGY = renderUpdateStrategy(StatefulSetUpdateStrategy.rollingUpdate());

/** Resources of the init container that writes `pages`: a copy of one small file. */
const SEED_RESOURCES = toKubeResources('StatefulWeb', 'seed resources', {
  cpu: { request: Cpu.millis(10) },
  memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
});

/** A volume of the pod's own (not a claim), and where it is mounted. */
interface OwnVolume {
  readonly name: string;
  readonly mountPath: string;
}

/** The StatefulSet's own settings, resolved from the props. */
interface WorkloadSettings {
  readonly podManagementPolicy: PodManagementPolicy;
  readonly updateStrategy: k8s.StatefulSetUpdateStrategy;
  readonly minReadySeconds?: number;
  /** Only when `ordinalsStart` is given: the field is left out otherwise. */
  readonly ordinals?: k8s.StatefulSetOrdinals;
  readonly whenDeleted: ClaimRetentionPolicy;
  readonly whenScaled: ClaimRetentionPolicy;
  readonly podLabels: { [key: string]: string };
}

/** The web container's settings, resolved from the props. */
interface ContainerSettings {
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
}

/**
 * A StatefulSet of web pods, each with claims of its own.
 *
 * Emits the StatefulSet, its governing headless Service (unless one is given)
 * and, with `pages`, a ConfigMap of per-pod pages. Each pod gets one claim per
 * template from `volumeClaimTemplates`, named `<claim>-<name>-<ordinal>`, which
 * stays bound to the pod of that ordinal across deletion and rescheduling.
 * Pods start one at a time, in order, by default.
 *
 * Every prop is checked and resolved once, in the constructor, before any
 * object is made; the objects are rendered from the resolved fields.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulWeb extends Construct {
  /** Name of the StatefulSet. */
  public readonly name: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** The first ordinal. */
  public readonly ordinalsStart: number;
  /** The container port. */
  public readonly port: number;
  /** The governing headless Service. */
  public readonly service: HeadlessService;
  /** Labels that select the pods (the Service selector and the StatefulSet selector). */
  public readonly selectorLabels: { [key: string]: string };
  /** The StatefulSet object. */
  public readonly apiObject: ApiObject;

  private readonly owner: string;
  private readonly workload: WorkloadSettings;
  private readonly container: ContainerSettings;
  /** The emptyDir volumes of `writablePaths`, mounted in the web container. */
  private readonly writableVolumes: OwnVolume[];
  /** The pages ConfigMap's volume, mounted in the init container; with `pages` only. */
  private readonly pagesVolume?: OwnVolume;
  private readonly claims: VolumeClaimTemplate[] = [];
  /** Rendered once; `addVolumeClaimTemplate` appends to them. */
  private readonly claimTemplates: k8s.KubePersistentVolumeClaimProps[] = [];
  private readonly webMounts: k8s.VolumeMount[] = [];

  constructor(scope: Construct, id: string, props: StatefulWebProps = {}) {
    super(scope, id);
    this.owner = `StatefulWeb ${this.node.path}`;
    // Checks and defaults first: a bad prop throws before any object is made
    // (or a given Service changed), and leaves nothing to synthesize.
    this.name = checkDnsLabel(this.owner, 'name', props.name ?? Names.toDnsLabel(this, { maxLen: 52 }), 52);
    this.replicas = checkWholeNumber(this.owner, 'replicas', props.replicas ?? 1, 0);
    this.ordinalsStart = checkWholeNumber(this.owner, 'ordinalsStart', props.ordinalsStart ?? 0, 0);
    this.port = checkPort(this.owner, 'port', props.port ?? 80);
    const lastStart = INT32_MAX - Math.max(this.replicas - 1, 0);
    if (this.ordinalsStart > lastStart) {
      fail(this.owner, 'ordinalsStart', this.ordinalsStart, `at most ${lastStart} with ${this.replicas} replicas, so that the last ordinal is an int32`);
    }
    this.selectorLabels = { 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': this.name };
    this.container = this.resolveContainer(props);
    this.workload = this.resolveWorkload(props);
    this.writableVolumes = this.resolveWritablePaths(props);
    const pageData = this.resolvePages(props);
    if (pageData) this.pagesVolume = { name: 'pages', mountPath: PAGES_DIR };
    this.pushClaim(this.resolveClaim({
      name: props.claimName ?? 'data',
      mountPath: props.mountPath ?? '/usr/local/apache2/htdocs',
      storage: props.storage,
      size: props.storageSize,
      accessModes: props.accessModes,
      readOnly: props.claimReadOnly,
    }, FIRST_CLAIM_PROPS));

    // Then the objects, in the order they are synthesized.
    this.service = this.bindService(props.service);
    const pages = pageData && new k8s.KubeConfigMap(this, 'Pages', { metadata: { name: `${this.name}-pages` }, data: pageData });
    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.name, labels: this.selectorLabels },
      spec: this.renderSpec(pages),
    });
    orderAfter(this.apiObject, pages);
    orderAfter(this.apiObject, this.service);
    orderAfter(this.apiObject, storageOrderTarget(this.claims[0].storage));
  }

  /**
   * The pod names, `<name>-<ordinal>` for each replica, in order. Made when
   * asked for: a StatefulWeb of many replicas costs nothing until then (see
   * `podName` for one).
   */
  public get podNames(): string[] {
    return Array.from({ length: this.replicas }, (_, i) => `${this.name}-${this.ordinalsStart + i}`);
  }

  /**
   * The names of the claims the StatefulSet controller creates, for every
   * claim template (in the order they were added) and every pod:
   * `<claim>-<name>-<ordinal>`. Made when asked for (see `claimName` for one).
   */
  public get claimNames(): string[] {
    const pods = this.podNames;
    return this.claims.flatMap(t => pods.map(pod => `${t.name}-${pod}`));
  }

  /**
   * The name of the pod of one ordinal, `<name>-<ordinal>`.
   *
   * @param ordinal from `ordinalsStart` to `ordinalsStart + replicas - 1`
   */
  public podName(ordinal: number): string {
    if (this.replicas === 0) fail(this.owner, 'podName.ordinal', ordinal, 'the ordinal of a pod, and with 0 replicas there is none');
    checkWholeNumber(this.owner, 'podName.ordinal', ordinal, this.ordinalsStart, this.ordinalsStart + this.replicas - 1);
    return `${this.name}-${ordinal}`;
  }

  /**
   * The name of the claim of one template for the pod of one ordinal,
   * `<claim>-<name>-<ordinal>`.
   *
   * @param template the name of a claim template, such as `data`
   * @param ordinal from `ordinalsStart` to `ordinalsStart + replicas - 1`
   */
  public claimName(template: string, ordinal: number): string {
    if (!this.claims.some(t => t.name === template)) {
      fail(this.owner, 'claimName.template', template, `one of the claim templates (${this.claims.map(t => t.name).join(', ')})`);
    }
    return `${template}-${this.podName(ordinal)}`;
  }

  /**
   * The claim templates, the first one first, every default filled in.
   */
  public get volumeClaimTemplates(): VolumeClaimTemplate[] {
    return [...this.claims];
  }

  /**
   * Gives each pod one more claim of its own, mounted at `options.mountPath`.
   *
   * @param name name of the claim template; pods' claims are `<name>-<statefulset>-<ordinal>`
   * @returns the template as rendered, every default filled in
   */
  public addVolumeClaimTemplate(name: string, options: VolumeClaimTemplateOptions): VolumeClaimTemplate {
    const prop = (option: string) => `${name}.${option}`;
    const claim = this.resolveClaim({ ...options, name }, {
      name: 'addVolumeClaimTemplate.name', mountPath: prop('mountPath'), size: prop('size'), accessModes: prop('accessModes'),
    });
    this.pushClaim(claim);
    orderAfter(this.apiObject, storageOrderTarget(claim.storage));
    return claim;
  }

  /** The web container's image, resources, probes and user. */
  private resolveContainer(props: StatefulWebProps): ContainerSettings {
    const owner = this.owner;
    const image = checkImage(owner, 'image', props.image ?? DEFAULT_IMAGE);
    const seedImage = props.seedImage === undefined ? image : checkImage(owner, 'seedImage', props.seedImage);
    const ids = {
      runAsUser: props.runAsUser === undefined ? undefined : checkId(owner, 'runAsUser', props.runAsUser),
      runAsGroup: props.runAsGroup === undefined ? undefined : checkId(owner, 'runAsGroup', props.runAsGroup),
      fsGroup: props.fsGroup === undefined ? undefined : checkId(owner, 'fsGroup', props.fsGroup),
    };
    const nonRoot = ids.runAsUser !== undefined && ids.runAsUser > 0;
    if (nonRoot && this.port < 1024) {
      fail(owner, 'port', this.port, `1024 or more when 'runAsUser' is ${ids.runAsUser}: a non-root user cannot bind a privileged port`);
    }
    return {
      image,
      seedImage,
      ...ids,
      nonRoot,
      // Checked here, not at synth, so a request above its limit fails at construction.
      resources: props.resources ? toKubeResources(owner, 'resources', props.resources) : DEFAULT_RESOURCES,
      readiness: renderProbe(props.readiness ?? Probe.fromTcpSocket(), this.port),
      liveness: props.liveness && renderProbe(props.liveness, this.port),
      startup: props.startup && renderProbe(props.startup, this.port),
    };
  }

  /** How the StatefulSet runs, updates and keeps its pods and claims. */
  private resolveWorkload(props: StatefulWebProps): WorkloadSettings {
    const owner = this.owner;
    const updateStrategy = props.updateStrategy ? renderUpdateStrategy(props.updateStrategy) : DEFAULT_UPDATE_STRATEGY;
    const partition = updateStrategy.rollingUpdate?.partition;
    if (partition !== undefined) checkWholeNumber(owner, 'updateStrategy.partition', partition as number, 0);
    const minReadySeconds = props.minReady?.toSeconds({ integral: false });
    if (minReadySeconds !== undefined) checkWholeNumber(owner, 'minReady', minReadySeconds, 0);
    return {
      whenDeleted: checkOneOf(owner, 'whenDeleted', props.whenDeleted, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
      whenScaled: checkOneOf(owner, 'whenScaled', props.whenScaled, ClaimRetentionPolicy) ?? ClaimRetentionPolicy.RETAIN,
      podManagementPolicy: checkOneOf(owner, 'podManagementPolicy', props.podManagementPolicy, PodManagementPolicy) ?? PodManagementPolicy.ORDERED_READY,
      updateStrategy,
      minReadySeconds,
      ordinals: props.ordinalsStart !== undefined ? { start: this.ordinalsStart } : undefined,
      // A pod label cannot override a selector label.
      podLabels: { ...(props.podLabels && checkLabels(owner, 'podLabels', props.podLabels)), ...this.selectorLabels },
    };
  }

  /** An emptyDir volume per writable path. */
  private resolveWritablePaths(props: StatefulWebProps): OwnVolume[] {
    const volumes: OwnVolume[] = [];
    const pagesDir = props.pages !== undefined ? [PAGES_DIR] : [];
    (props.writablePaths ?? ['/usr/local/apache2/logs']).forEach((path, i) => {
      this.checkMountPath(`writablePaths[${i}]`, path, [...volumes.map(v => v.mountPath), ...pagesDir]);
      volumes.push({ name: `writable-${i}`, mountPath: path });
    });
    return volumes;
  }

  /** The pages ConfigMap's data, keyed `<ordinal>.html`; undefined without pages. */
  private resolvePages(props: StatefulWebProps): { [key: string]: string } | undefined {
    if (props.pages === undefined) return undefined;
    if (props.pages.length > this.replicas) {
      fail(this.owner, 'pages', `${props.pages.length} pages`, `at most one page per replica (${this.replicas})`);
    }
    const data: { [key: string]: string } = {};
    let bytes = 0;
    props.pages.forEach((page, i) => {
      if (typeof page !== 'string') fail(this.owner, `pages[${i}]`, page, 'a string');
      const key = `${this.ordinalsStart + i}.html`;
      data[key] = page;
      bytes += Buffer.byteLength(key) + Buffer.byteLength(page);
    });
    // The API server's limit for one ConfigMap: keys and values, in UTF-8 bytes.
    if (bytes > CONFIG_MAP_MAX_BYTES) {
      fail(this.owner, 'pages', `${bytes} bytes`, `at most ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) in all, the keys '<ordinal>.html' included: one ConfigMap`);
    }
    return data;
  }

  /**
   * A claim template checked against the others and the pod's own volumes,
   * defaults filled in; changes nothing. `props` names each option in errors.
   */
  private resolveClaim(claim: VolumeClaimTemplate, props: typeof FIRST_CLAIM_PROPS): VolumeClaimTemplate {
    const owner = this.owner;
    // The claim name is also the pod's volume name: a DNS label.
    checkDnsLabel(owner, props.name, claim.name, 63);
    if (this.claims.some(t => t.name === claim.name)) {
      fail(owner, props.name, claim.name, `a claim name not used yet (${this.claims.map(t => t.name).join(', ')})`);
    }
    // The StatefulSet controller would replace a pod volume of the same name
    // with the claim, silently.
    const own = this.ownVolumes();
    if (own.some(v => v.name === claim.name)) {
      fail(owner, props.name, claim.name, `a claim name other than the pod's own volumes (${own.map(v => v.name).join(', ')})`);
    }
    this.checkMountPath(props.mountPath, claim.mountPath, [...this.claims.map(t => t.mountPath), ...own.map(v => v.mountPath)]);
    const size = claim.size ?? Size.gibibytes(1);
    toQuantity(owner, props.size, size);
    const accessModes = claim.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE];
    return {
      name: claim.name,
      mountPath: claim.mountPath,
      storage: claim.storage,
      size,
      accessModes: checkSomeOf(owner, props.accessModes, accessModes, PersistentVolumeAccessMode),
      readOnly: claim.readOnly ?? false,
    };
  }

  /** The given Service, made to select these pods; or a new one. */
  private bindService(given: HeadlessService | undefined): HeadlessService {
    if (!given && !/^[a-z]/.test(this.name)) {
      // The Service made here takes this name, and a Service name (DNS-1035) starts with a letter.
      fail(this.owner, 'name', this.name, "a name starting with a letter, as it also names the governing Service; or give a 'service'");
    }
    const service = given ?? new HeadlessService(this, 'Service', { name: this.name });
    const selector = service.selector;
    if (!selector) {
      service.selectLabels(this.selectorLabels);
    } else if (Object.entries(selector).some(([k, v]) => this.workload.podLabels[k] !== v)) {
      fail(this.owner, 'service', service.name, `a HeadlessService whose selector matches the pod labels ${JSON.stringify(this.workload.podLabels)}; it selects ${JSON.stringify(selector)}`);
    }
    if (service.ports.length === 0) {
      service.addPort({ name: 'http', port: this.port, targetPort: this.port });
    }
    return service;
  }

  /** Adds a resolved claim to the StatefulSet's templates and the web container's mounts. */
  private pushClaim(claim: VolumeClaimTemplate): void {
    this.claims.push(claim);
    this.claimTemplates.push({
      metadata: { name: claim.name },
      spec: {
        accessModes: claim.accessModes,
        storageClassName: claim.storage?.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(toQuantity(this.owner, claim.name, claim.size!)) } },
      },
    });
    // The web container mounts the claims first, then its own volumes.
    this.webMounts.splice(this.claims.length - 1, 0, { name: claim.name, mountPath: claim.mountPath, readOnly: claim.readOnly || undefined });
  }

  /** The pod's own volumes (not claims), each with one name. */
  private ownVolumes(): OwnVolume[] {
    return this.pagesVolume ? [...this.writableVolumes, this.pagesVolume] : this.writableVolumes;
  }

  /** A path a volume may be mounted at, that no other mount of the pod (`used`) has. */
  private checkMountPath(prop: string, path: string, used: string[]): void {
    checkMountPath(this.owner, prop, path);
    if (used.includes(path)) {
      fail(this.owner, prop, path, `a path no other mount of the pod uses (${used.join(', ')})`);
    }
  }

  /** The StatefulSet spec, from the resolved fields. */
  private renderSpec(pages: ApiObject | undefined): k8s.StatefulSetSpec {
    const { workload, container } = this;
    const containerSecurity = (caps: string[]): k8s.SecurityContext => ({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: container.nonRoot || undefined,
      capabilities: { drop: ['ALL'], add: caps.length ? caps : undefined },
    });
    this.webMounts.push(...this.writableVolumes.map(v => ({ name: v.name, mountPath: v.mountPath })));
    return {
      replicas: this.replicas,
      serviceName: this.service.name,
      selector: { matchLabels: this.selectorLabels },
      podManagementPolicy: workload.podManagementPolicy,
      updateStrategy: workload.updateStrategy,
      minReadySeconds: workload.minReadySeconds,
      ordinals: workload.ordinals,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: workload.whenDeleted, whenScaled: workload.whenScaled },
      template: {
        metadata: { labels: workload.podLabels },
        spec: {
          // A web server does not talk to the API server, and needs no
          // environment variables for every Service in the namespace.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            seccompProfile: { type: 'RuntimeDefault' },
            runAsUser: container.runAsUser,
            runAsGroup: container.runAsGroup,
            fsGroup: container.fsGroup,
            runAsNonRoot: container.nonRoot || undefined,
          },
          // Copying a file into a directory it may write needs no capability.
          initContainers: pages && [this.renderSeedContainer(containerSecurity([]))],
          containers: [{
            name: 'web',
            image: container.image,
            ports: [{ name: 'http', containerPort: this.port }],
            resources: container.resources,
            readinessProbe: container.readiness,
            livenessProbe: container.liveness,
            startupProbe: container.startup,
            volumeMounts: this.webMounts,
            // The stock httpd image starts as root: the parent binds port 80
            // (NET_BIND_SERVICE), switches its workers to 'daemon' (SETUID,
            // SETGID) and signals them on reload and shutdown (KILL). Every
            // other capability is dropped. With `runAsUser` set to a non-root
            // user none is kept.
            securityContext: containerSecurity(container.nonRoot ? [] : ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL']),
          }],
          volumes: [
            ...this.writableVolumes.map(v => ({ name: v.name, emptyDir: {} })),
            ...(pages && this.pagesVolume ? [{ name: this.pagesVolume.name, configMap: { name: pages.name } }] : []),
          ],
        },
      },
      volumeClaimTemplates: this.claimTemplates,
    };
  }

  /** The init container that writes each pod's page into its first claim. */
  private renderSeedContainer(securityContext: k8s.SecurityContext): k8s.Container {
    const pagesVolume = this.pagesVolume!;
    const data = this.claims[0];
    return {
      name: 'seed-pages',
      image: this.container.seedImage,
      command: ['sh', '-c', SEED_PAGES_SCRIPT],
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'PAGES_DIR', value: pagesVolume.mountPath },
        { name: 'DATA_DIR', value: data.mountPath },
      ],
      volumeMounts: [{ name: data.name, mountPath: data.mountPath }, { name: pagesVolume.name, mountPath: pagesVolume.mountPath, readOnly: true }],
      resources: SEED_RESOURCES,
      securityContext,
    };
  }
}
