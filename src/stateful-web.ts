import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, Names, Size } from 'cdk8s';
import {
  ContainerResources, Cpu, ImagePullPolicy, ISecret, k8s, LabeledNode, NodeTaintQuery, PersistentVolumeAccessMode,
  PodManagementPolicy, Probe, StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  checkDnsLabel, checkDnsSubdomain, checkId, checkImage, checkLabels, checkLabelValue, checkMountPath,
  checkOneOf, checkPort, checkQualifiedName, checkSomeOf, checkWholeNumber, fail, INT32_MAX,
} from './checks';
import { DisruptionBudget } from './disruption-budget';
import { HeadlessService } from './headless-service';
import { renderNodeSelectorTerm, renderProbe, renderToleration, renderUpdateStrategy } from './kplus-internal';
import { orderAfter, storageOrderTarget } from './ordering';
import { _podSecurityLevelOf, IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { toKubeResources, toQuantity } from './quantities';
import { SEED_PAGES_SCRIPT, SYNC_PAGES_SCRIPT } from './seed-pages';
import { IStorageClass } from './storage-class';
import { WebServer } from './web-server';
import { shareWire, WireNetworkPolicy, WirePodDisruptionBudget, WireStatefulSet } from './wire';

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
 * How the pods of a StatefulWeb are placed on nodes and zones.
 */
export enum Spreading {
  /**
   * Replicas prefer different nodes (a soft pod anti-affinity on
   * `kubernetes.io/hostname`) and spread over zones where nodes have a
   * `topology.kubernetes.io/zone` label (`ScheduleAnyway`). A cluster with
   * fewer nodes than replicas still runs them all.
   */
  PREFERRED = 'Preferred',
  /**
   * Replicas must run on different nodes (a required pod anti-affinity);
   * zones as with `PREFERRED`. A replica that finds no node of its own stays
   * Pending.
   */
  REQUIRED = 'Required',
  /** No rule: the scheduler may put every replica on one node. */
  NONE = 'None',
}

/**
 * What the pods do with `pages` when they start.
 */
export enum PagesMode {
  /**
   * Write a pod's page once, into a claim that has no `index.html` yet, and
   * never again: a page edited in the claim is never overwritten, and
   * changing `pages` later changes nothing in a claim already seeded.
   */
  SEED_ONCE = 'SeedOnce',
  /**
   * `pages` are the source of truth: every pod start writes the pod's current
   * page over the one in its claim, and the pod template carries a hash of
   * the pages, so that changing them rolls the pods (one at a time with the
   * default update strategy). A page edited in the claim is lost at the next
   * start.
   */
  SYNC = 'Sync',
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
   * The web server: its image, port, document root, writable paths, user
   * and capabilities. The props below that say the same override it.
   *
   * @default WebServer.httpd()
   */
  readonly server?: WebServer;

  /**
   * The web server image.
   *
   * @default - the server's image ('httpd:2.4.62' for the default server)
   */
  readonly image?: string;

  /**
   * The port the web server listens on (container port `http`).
   *
   * @default - the server's port (80 for the default server)
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
   * @default - the server's document root ('/usr/local/apache2/htdocs' for the default server)
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
   * An init container writes it into the pod's own claim, as `pagesMode`
   * says: by default on first start only, when the claim has no `index.html`
   * yet, so it survives pod deletion and is never overwritten. Pods past the
   * end of the list get no page. At most 1 MiB in all, the keys
   * `<ordinal>.html` included (one ConfigMap).
   *
   * @default - no page is written
   */
  readonly pages?: string[];

  /**
   * Whether `pages` are written once or on every pod start.
   *
   * @default PagesMode.SEED_ONCE
   */
  readonly pagesMode?: PagesMode;

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
   * @default - the server's user (for httpd, the image's: root, with the few capabilities httpd needs)
   */
  readonly runAsUser?: number;

  /**
   * Run the containers with this group id.
   *
   * @default - the server's group (the image's for httpd)
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns the mounted volumes.
   *
   * @default - the server's (none for httpd)
   */
  readonly fsGroup?: number;

  /**
   * Paths that stay writable (as emptyDir volumes) on the otherwise read-only
   * root file system.
   *
   * @default - the server's (['/usr/local/apache2/logs'] for httpd: its pid file and locks)
   */
  readonly writablePaths?: string[];

  /**
   * How many pods a node drain or an eviction may take down at once.
   *
   * @default - with 2 replicas or more, `DisruptionBudget.maxUnavailable(1)`;
   * with fewer, none (a budget of one pod would block every drain)
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How replicas are spread over nodes and zones.
   *
   * @default Spreading.PREFERRED
   */
  readonly spreading?: Spreading;

  /**
   * Emit a NetworkPolicy that lets the pods accept TCP traffic on the http
   * port only, from anywhere, and open no connection (they need none: the
   * pages come from a ConfigMap volume). It only has an effect where the
   * cluster's network plugin enforces NetworkPolicy. Policies add up: another
   * policy that selects the pods can open more.
   *
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Node labels a node must have to run the pods.
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node taints the pods tolerate, such as `NodeTaintQuery.is('dedicated', 'web')`.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: NodeTaintQuery[];

  /**
   * Nodes the pods must run on, such as `Node.labeled(NodeLabelQuery.in('disk', ['ssd']))`:
   * a node that matches any of them (a required node affinity).
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
   */
  readonly nodeAffinity?: LabeledNode[];

  /**
   * The PriorityClass of the pods.
   *
   * @default - the cluster's default priority
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
   */
  readonly priorityClassName?: string;

  /**
   * When the kubelet pulls the images.
   *
   * @default - Kubernetes' default: `IfNotPresent` for a tagged image, `Always` for `:latest` or no tag
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Secrets with the registry credentials to pull the images, such as
   * `Secret.fromSecretName(this, 'Pull', 'regcred')`.
   *
   * @default - none
   */
  readonly imagePullSecrets?: ISecret[];
}


/** What the API server accepts in one ConfigMap's data, keys and values. */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/** Where the init container that writes `pages` finds them. */
const PAGES_DIR = '/pages';
/** The pod template annotation that carries the hash of the pages in `PagesMode.SYNC`. */
const PAGES_HASH_ANNOTATION = 'cdk8s-stateful-web/pages-hash';

/** The names the props of the first claim go by in error messages; an added claim's are `<name>.<option>`. */
const FIRST_CLAIM_PROPS = { name: 'claimName', mountPath: 'mountPath', size: 'storageSize', accessModes: 'accessModes' };

/** Resources of the web container unless `resources` is given. */
const DEFAULT_RESOURCES = shareWire(toKubeResources('StatefulWeb', 'resources', {
  cpu: { request: Cpu.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
}));

/** The update strategy unless `updateStrategy` is given. */
const DEFAULT_UPDATE_STRATEGY = shareWire(renderUpdateStrategy(StatefulSetUpdateStrategy.rollingUpdate()));

/** Resources of the init container that writes `pages`: a copy of one small file. */
const SEED_RESOURCES = shareWire(toKubeResources('StatefulWeb', 'seed resources', {
  cpu: { request: Cpu.millis(10) },
  memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
}));

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
  /** In `PagesMode.SYNC`: a hash of the pages, so that changing them changes the template. */
  readonly podAnnotations?: { [key: string]: string };
}

/** Where and with what the pods are scheduled and pulled, resolved from the props. */
interface SchedulingSettings {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
  readonly priorityClassName?: string;
  readonly imagePullPolicy?: ImagePullPolicy;
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
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
  /** Capabilities added to the web container after dropping all. */
  readonly capabilities: string[];
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
export class StatefulWeb extends Construct implements IPodSecurityRequirement {
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
  /** The web server. */
  public readonly server: WebServer;
  /** The most restrictive Pod Security level the pods pass. */
  public readonly podSecurityLevel: PodSecurityLevel;
  /** The PodDisruptionBudget, if any. */
  public readonly disruptionBudget?: ApiObject;
  /** The NetworkPolicy of the pods, if any. */
  public readonly networkPolicy?: ApiObject;

  private readonly owner: string;
  private readonly workload: WorkloadSettings;
  private readonly container: ContainerSettings;
  private readonly scheduling: SchedulingSettings;
  private readonly pagesMode: PagesMode;
  /** The emptyDir volumes of `writablePaths`, mounted in the web container. */
  private readonly writableVolumes: OwnVolume[];
  /** The pages ConfigMap's volume, mounted in the init container; with `pages` only. */
  private readonly pagesVolume?: OwnVolume;
  private readonly claims: VolumeClaimTemplate[] = [];
  /** Name of the pages ConfigMap; with `pages` only. */
  private readonly pagesConfigMap?: string;
  /** The StatefulSet (`apiObject`); `addVolumeClaimTemplate` renders its spec again. */
  private readonly statefulSet: WireStatefulSet;

  constructor(scope: Construct, id: string, props: StatefulWebProps = {}) {
    super(scope, id);
    this.owner = `StatefulWeb ${this.node.path}`;
    // Checks and defaults first: a bad prop throws before any object is made
    // (or a given Service changed), and leaves nothing to synthesize.
    this.name = checkDnsLabel(this.owner, 'name', props.name ?? Names.toDnsLabel(this, { maxLen: 52 }), 52);
    this.replicas = checkWholeNumber(this.owner, 'replicas', props.replicas ?? 1, 0);
    this.ordinalsStart = checkWholeNumber(this.owner, 'ordinalsStart', props.ordinalsStart ?? 0, 0);
    this.server = props.server ?? WebServer.httpd();
    this.port = checkPort(this.owner, 'port', props.port ?? this.server.port);
    const lastStart = INT32_MAX - Math.max(this.replicas - 1, 0);
    if (this.ordinalsStart > lastStart) {
      fail(this.owner, 'ordinalsStart', this.ordinalsStart, `at most ${lastStart} with ${this.replicas} replicas, so that the last ordinal is an int32`);
    }
    this.selectorLabels = { 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': this.name };
    this.container = this.resolveContainer(props);
    this.podSecurityLevel = _podSecurityLevelOf(this.container.nonRoot, this.container.capabilities);
    this.pagesMode = checkOneOf(this.owner, 'pagesMode', props.pagesMode, PagesMode) ?? PagesMode.SEED_ONCE;
    const pageData = this.resolvePages(props);
    this.workload = this.resolveWorkload(props, pageData);
    this.scheduling = this.resolveScheduling(props);
    const budget = this.resolveBudget(props.disruptionBudget);
    this.writableVolumes = this.resolveWritablePaths(props);
    if (pageData) this.pagesVolume = { name: 'pages', mountPath: PAGES_DIR };
    this.claims.push(this.resolveClaim({
      name: props.claimName ?? 'data',
      mountPath: props.mountPath ?? this.server.documentRoot,
      storage: props.storage,
      size: props.storageSize,
      accessModes: props.accessModes,
      readOnly: props.claimReadOnly,
    }, FIRST_CLAIM_PROPS));

    // Then the objects, in the order they are synthesized.
    this.service = this.bindService(props.service);
    const pages = pageData && new k8s.KubeConfigMap(this, 'Pages', { metadata: { name: `${this.name}-pages` }, data: pageData });
    this.pagesConfigMap = pages?.name;
    this.disruptionBudget = this.makeDisruptionBudget(budget);
    this.networkPolicy = props.networkPolicy ?? true ? this.makeNetworkPolicy() : undefined;
    this.statefulSet = new WireStatefulSet(this, 'Resource', {
      metadata: { name: this.name, labels: this.selectorLabels },
      spec: this.renderSpec(),
    });
    this.apiObject = this.statefulSet;
    // No pod starts before the budget and the policy that cover it.
    orderAfter(this.apiObject, pages);
    orderAfter(this.apiObject, this.service);
    orderAfter(this.apiObject, this.disruptionBudget);
    orderAfter(this.apiObject, this.networkPolicy);
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
    this.claims.push(claim);
    this.statefulSet.respec(this.renderSpec());
    orderAfter(this.apiObject, storageOrderTarget(claim.storage));
    return claim;
  }

  /** The web container's image, resources, probes and user. */
  private resolveContainer(props: StatefulWebProps): ContainerSettings {
    const owner = this.owner;
    const server = this.server;
    const image = checkImage(owner, 'image', props.image ?? server.image);
    const seedImage = props.seedImage === undefined ? image : checkImage(owner, 'seedImage', props.seedImage);
    const ids = {
      runAsUser: props.runAsUser === undefined ? server.runAsUser : checkId(owner, 'runAsUser', props.runAsUser),
      runAsGroup: props.runAsGroup === undefined ? server.runAsGroup : checkId(owner, 'runAsGroup', props.runAsGroup),
      fsGroup: props.fsGroup === undefined ? server.fsGroup : checkId(owner, 'fsGroup', props.fsGroup),
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
      // A non-root process cannot use added capabilities: none is kept.
      capabilities: nonRoot ? [] : server.capabilities,
      // Checked here, not at synth, so a request above its limit fails at construction.
      resources: props.resources ? toKubeResources(owner, 'resources', props.resources) : DEFAULT_RESOURCES,
      readiness: renderProbe(props.readiness ?? Probe.fromTcpSocket(), this.port),
      liveness: props.liveness && renderProbe(props.liveness, this.port),
      startup: props.startup && renderProbe(props.startup, this.port),
    };
  }

  /** How the StatefulSet runs, updates and keeps its pods and claims. */
  private resolveWorkload(props: StatefulWebProps, pageData: { [key: string]: string } | undefined): WorkloadSettings {
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
      podAnnotations: pageData && this.pagesMode === PagesMode.SYNC
        ? { [PAGES_HASH_ANNOTATION]: createHash('sha256').update(JSON.stringify(pageData)).digest('hex').slice(0, 16) }
        : undefined,
    };
  }

  /** Spreading, node selection, tolerations, priority and image pulls. */
  private resolveScheduling(props: StatefulWebProps): SchedulingSettings {
    const owner = this.owner;
    const spreading = checkOneOf(owner, 'spreading', props.spreading, Spreading) ?? Spreading.PREFERRED;
    const sameSite = { labelSelector: { matchLabels: this.selectorLabels }, topologyKey: 'kubernetes.io/hostname' };
    const podAntiAffinity: k8s.PodAntiAffinity | undefined =
      spreading === Spreading.PREFERRED ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: sameSite }] }
        : spreading === Spreading.REQUIRED ? { requiredDuringSchedulingIgnoredDuringExecution: [sameSite] }
          : undefined;
    const nodeSelectorTerms = props.nodeAffinity?.map((node, i) => ({
      matchExpressions: renderNodeSelectorTerm(node).map((r, j) => checkNodeSelectorRequirement(owner, `nodeAffinity[${i}][${j}]`, r)),
    }));
    const nodeAffinity = nodeSelectorTerms && { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } };
    return {
      affinity: podAntiAffinity || nodeAffinity ? { podAntiAffinity, nodeAffinity } : undefined,
      // Zones where there are zones; ScheduleAnyway, so that nodes without the label still take pods.
      topologySpreadConstraints: spreading === Spreading.NONE ? undefined : [{
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selectorLabels },
      }],
      nodeSelector: props.nodeSelector && checkLabels(owner, 'nodeSelector', props.nodeSelector),
      tolerations: props.tolerations?.map((t, i) => checkToleration(owner, `tolerations[${i}]`, renderToleration(t))),
      priorityClassName: props.priorityClassName === undefined ? undefined : checkDnsSubdomain(owner, 'priorityClassName', props.priorityClassName),
      imagePullPolicy: checkOneOf(owner, 'imagePullPolicy', props.imagePullPolicy, ImagePullPolicy),
      imagePullSecrets: props.imagePullSecrets?.map(secret => ({ name: secret.name })),
    };
  }

  /** The budget in effect; a given one must fit the replicas. */
  private resolveBudget(given: DisruptionBudget | undefined): DisruptionBudget {
    if (given === undefined) {
      return this.replicas >= 2 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none();
    }
    const { maxUnavailablePods: max, minAvailablePods: min } = given;
    if (max !== undefined && max > this.replicas) {
      fail(this.owner, 'disruptionBudget', `maxUnavailable ${max}`, `at most the replicas (${this.replicas})`);
    }
    if (min !== undefined && min >= this.replicas) {
      fail(this.owner, 'disruptionBudget', `minAvailable ${min}`, `fewer than the replicas (${this.replicas}), or no node could ever be drained; use DisruptionBudget.none() for no budget`);
    }
    return given;
  }

  /** An emptyDir volume per writable path. */
  private resolveWritablePaths(props: StatefulWebProps): OwnVolume[] {
    const volumes: OwnVolume[] = [];
    const pagesDir = props.pages !== undefined ? [PAGES_DIR] : [];
    (props.writablePaths ?? this.server.writablePaths).forEach((path, i) => {
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
    const namespace = Chart.of(this).namespace ?? 'default';
    if (given && given.namespace !== namespace) {
      // A StatefulSet's serviceName names a Service in its own namespace.
      fail(this.owner, 'service', given.name, `a HeadlessService in the StatefulWeb's namespace ${JSON.stringify(namespace)}; it is in ${JSON.stringify(given.namespace)}`);
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

  /** The PodDisruptionBudget of the pods, unless the budget is none. */
  private makeDisruptionBudget(budget: DisruptionBudget): ApiObject | undefined {
    if (budget.isNone) return undefined;
    const count = (n: number | undefined) => n === undefined ? undefined : k8s.IntOrString.fromNumber(n);
    return new WirePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: { name: this.name, labels: this.selectorLabels },
      spec: {
        selector: { matchLabels: this.selectorLabels },
        maxUnavailable: count(budget.maxUnavailablePods),
        minAvailable: count(budget.minAvailablePods),
      },
    });
  }

  /**
   * Ingress on the http port from anywhere, no egress. A plain object:
   * cdk8s-plus's NetworkPolicy needs a peer per rule, and none of its peers
   * says "from anywhere" (an ipBlock of 0.0.0.0/0 is not meant to match pods,
   * an empty pod selector only matches the namespace).
   */
  private makeNetworkPolicy(): ApiObject {
    return new WireNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: this.name, labels: this.selectorLabels },
      spec: {
        podSelector: { matchLabels: this.selectorLabels },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.port) }] }],
      },
    });
  }

  /** The StatefulSet spec, from the resolved fields. */
  private renderSpec(): k8s.StatefulSetSpec {
    const { workload, container, scheduling, pagesConfigMap } = this;
    const containerSecurity = (caps: string[]): k8s.SecurityContext => ({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: container.nonRoot || undefined,
      capabilities: { drop: ['ALL'], add: caps.length ? caps : undefined },
    });
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
        metadata: { labels: workload.podLabels, annotations: workload.podAnnotations },
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
          nodeSelector: scheduling.nodeSelector,
          tolerations: scheduling.tolerations,
          affinity: scheduling.affinity,
          topologySpreadConstraints: scheduling.topologySpreadConstraints,
          priorityClassName: scheduling.priorityClassName,
          imagePullSecrets: scheduling.imagePullSecrets,
          // Copying a file into a directory it may write needs no capability.
          initContainers: pagesConfigMap === undefined ? undefined : [this.renderSeedContainer(containerSecurity([]))],
          containers: [{
            name: 'web',
            image: container.image,
            imagePullPolicy: scheduling.imagePullPolicy,
            ports: [{ name: 'http', containerPort: this.port }],
            resources: container.resources,
            readinessProbe: container.readiness,
            livenessProbe: container.liveness,
            startupProbe: container.startup,
            // The claims first, then the pod's own volumes.
            volumeMounts: [
              ...this.claims.map(c => ({ name: c.name, mountPath: c.mountPath, readOnly: c.readOnly || undefined })),
              ...this.writableVolumes.map(v => ({ name: v.name, mountPath: v.mountPath })),
            ],
            // Every capability is dropped but those the server needs as root
            // (WebServer.httpd() says which and why); a non-root server keeps none.
            securityContext: containerSecurity(container.capabilities),
          }],
          volumes: [
            ...this.writableVolumes.map(v => ({ name: v.name, emptyDir: {} })),
            ...(pagesConfigMap !== undefined && this.pagesVolume ? [{ name: this.pagesVolume.name, configMap: { name: pagesConfigMap } }] : []),
          ],
        },
      },
      volumeClaimTemplates: this.claims.map(claim => ({
        metadata: { name: claim.name },
        spec: {
          accessModes: claim.accessModes,
          storageClassName: claim.storage?.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(toQuantity(this.owner, claim.name, claim.size!)) } },
        },
      })),
    };
  }

  /** The init container that writes each pod's page into its first claim. */
  private renderSeedContainer(securityContext: k8s.SecurityContext): k8s.Container {
    const pagesVolume = this.pagesVolume!;
    const data = this.claims[0];
    const sync = this.pagesMode === PagesMode.SYNC;
    return {
      name: sync ? 'sync-pages' : 'seed-pages',
      image: this.container.seedImage,
      imagePullPolicy: this.scheduling.imagePullPolicy,
      command: ['sh', '-c', sync ? SYNC_PAGES_SCRIPT : SEED_PAGES_SCRIPT],
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

/** A toleration as the API server takes it. */
function checkToleration(owner: string, prop: string, t: k8s.Toleration): k8s.Toleration {
  if (t.key !== undefined) checkQualifiedName(owner, `${prop}.key`, t.key);
  if (t.value !== undefined) checkLabelValue(owner, `${prop}.value`, t.value);
  return t;
}

/** A node selector requirement as the API server takes it. */
function checkNodeSelectorRequirement(owner: string, prop: string, r: k8s.NodeSelectorRequirement): k8s.NodeSelectorRequirement {
  checkQualifiedName(owner, `${prop}.key`, r.key);
  if ((r.operator === 'In' || r.operator === 'NotIn') && !r.values?.length) {
    fail(owner, `${prop}.values`, r.values, `at least one value for '${r.operator}'`);
  }
  if (r.operator === 'Gt' || r.operator === 'Lt') {
    if (r.values?.length !== 1 || !/^-?\d+$/.test(r.values[0])) fail(owner, `${prop}.values`, r.values, `one whole number for '${r.operator}'`);
  } else {
    (r.values ?? []).forEach((v, i) => checkLabelValue(owner, `${prop}.values[${i}]`, v));
  }
  return r;
}
