import { ApiObject, Duration, Lazy, Names, Size } from 'cdk8s';
import {
  ContainerResources, Container, Cpu, k8s, PersistentVolumeAccessMode, PodManagementPolicy, Probe,
  StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  checkAbsolutePath, checkDnsLabel, checkLabels, checkOneOf, checkPort, checkWholeNumber, fail,
} from './checks';
import { HeadlessService } from './headless-service';
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
   * never overwritten. Pods past the end of the list get no page.
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

interface ClaimTemplate extends VolumeClaimTemplateOptions {
  readonly name: string;
  readonly quantity: string;
  readonly accessModes: PersistentVolumeAccessMode[];
}

const DEFAULT_IMAGE = 'httpd:2.4.62';
const PAGES_DIR = '/pages';

/**
 * A StatefulSet of web pods, each with claims of its own.
 *
 * Emits the StatefulSet, its governing headless Service (unless one is given)
 * and, with `pages`, a ConfigMap of per-pod pages. Each pod gets one claim per
 * template from `volumeClaimTemplates`, named `<claim>-<name>-<ordinal>`, which
 * stays bound to the pod of that ordinal across deletion and rescheduling.
 * Pods start one at a time, in order, by default.
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
  /** The pod names, `<name>-<ordinal>` for each replica, in order. */
  public readonly podNames: string[];

  private readonly owner: string;
  private readonly props: StatefulWebProps;
  private readonly image: string;
  private readonly templates: ClaimTemplate[] = [];
  private readonly writablePaths: string[];
  private readonly pages?: ApiObject;
  private readonly resources: k8s.ResourceRequirements;

  constructor(scope: Construct, id: string, props: StatefulWebProps = {}) {
    super(scope, id);
    this.props = props;
    const owner = this.owner = `StatefulWeb ${this.node.path}`;
    this.name = checkDnsLabel(owner, 'name', props.name ?? Names.toDnsLabel(this, { maxLen: 52 }), 52);
    this.replicas = checkWholeNumber(owner, 'replicas', props.replicas ?? 1, 0);
    this.ordinalsStart = checkWholeNumber(owner, 'ordinalsStart', props.ordinalsStart ?? 0, 0);
    this.port = checkPort(owner, 'port', props.port ?? 80);
    this.image = props.image ?? DEFAULT_IMAGE;
    if (!this.image || /\s/.test(this.image)) fail(owner, 'image', this.image, 'a container image reference without spaces');
    if (props.seedImage !== undefined && (!props.seedImage || /\s/.test(props.seedImage))) {
      fail(owner, 'seedImage', props.seedImage, 'a container image reference without spaces');
    }
    this.podNames = Array.from({ length: this.replicas }, (_, i) => `${this.name}-${this.ordinalsStart + i}`);

    if (props.runAsUser !== undefined) {
      checkWholeNumber(owner, 'runAsUser', props.runAsUser, 0, 2147483647);
      if (props.runAsUser > 0 && this.port < 1024) {
        fail(owner, 'port', this.port, `1024 or more when 'runAsUser' is ${props.runAsUser}: a non-root user cannot bind a privileged port`);
      }
    }
    if (props.runAsGroup !== undefined) checkWholeNumber(owner, 'runAsGroup', props.runAsGroup, 0, 2147483647);
    if (props.fsGroup !== undefined) checkWholeNumber(owner, 'fsGroup', props.fsGroup, 0, 2147483647);
    checkOneOf(owner, 'whenDeleted', props.whenDeleted, ClaimRetentionPolicy);
    checkOneOf(owner, 'whenScaled', props.whenScaled, ClaimRetentionPolicy);
    checkOneOf(owner, 'podManagementPolicy', props.podManagementPolicy, PodManagementPolicy);
    const partition = props.updateStrategy?._toKube().rollingUpdate?.partition;
    if (partition !== undefined) checkWholeNumber(owner, 'updateStrategy.partition', partition as number, 0);
    if (props.minReady !== undefined) checkWholeNumber(owner, 'minReady', props.minReady.toSeconds({ integral: false }), 0);
    // Checked here, not at synth, so a request above its limit fails at construction.
    this.resources = toKubeResources(owner, 'resources', props.resources ?? {
      cpu: { request: Cpu.millis(50) },
      memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    });

    this.writablePaths = [];
    (props.writablePaths ?? ['/usr/local/apache2/logs']).forEach((p, i) => {
      this.writablePaths.push(this.checkMountPath(`writablePaths[${i}]`, p));
    });
    const podLabels = props.podLabels ? checkLabels(owner, 'podLabels', props.podLabels) : {};
    this.selectorLabels = { 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': this.name };

    // The first claim and the pages are checked before any object is made (or
    // a given Service changed), so that a bad prop leaves nothing to synthesize.
    const firstClaim = this.checkClaim('claimName', props.claimName ?? 'data', {
      mountPath: props.mountPath ?? '/usr/local/apache2/htdocs',
      storage: props.storage,
      size: props.storageSize,
      accessModes: props.accessModes,
    });
    let pageData: { [key: string]: string } | undefined;
    if (props.pages !== undefined) {
      if (props.pages.length > this.replicas) {
        fail(owner, 'pages', `${props.pages.length} pages`, `at most one page per replica (${this.replicas})`);
      }
      const data: { [key: string]: string } = {};
      let bytes = 0;
      props.pages.forEach((page, i) => {
        if (typeof page !== 'string') fail(owner, `pages[${i}]`, page, 'a string');
        data[`${this.ordinalsStart + i}.html`] = page;
        bytes += Buffer.byteLength(page);
      });
      if (bytes > 1000 * 1000) fail(owner, 'pages', `${bytes} bytes`, 'at most 1 MB in all (one ConfigMap)');
      pageData = data;
    }

    // The Service: the given one must select these pods; or one is made.
    if (!props.service && !/^[a-z]/.test(this.name)) {
      // The Service made here takes this name, and a Service name (DNS-1035) starts with a letter.
      fail(owner, 'name', this.name, "a name starting with a letter, as it also names the governing Service; or give a 'service'");
    }
    this.service = props.service ?? new HeadlessService(this, 'Service', { name: this.name });
    const allLabels = { ...podLabels, ...this.selectorLabels };
    const given = this.service.selector;
    if (given) {
      const missing = Object.entries(given).filter(([k, v]) => allLabels[k] !== v);
      if (missing.length) {
        fail(owner, 'service', this.service.name, `a HeadlessService whose selector matches the pod labels ${JSON.stringify(allLabels)}; it selects ${JSON.stringify(given)}`);
      }
    } else {
      this.service.selectLabels(this.selectorLabels);
    }
    if (this.service.ports.length === 0) {
      this.service.addPort({ name: 'http', port: this.port, targetPort: this.port });
    }

    if (pageData) {
      this.pages = new k8s.KubeConfigMap(this, 'Pages', { metadata: { name: `${this.name}-pages` }, data: pageData });
    }

    this.apiObject = new k8s.KubeStatefulSet(this, 'Resource', {
      metadata: { name: this.name, labels: this.selectorLabels },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
    // The pages, the Service and the claims' StorageClasses go before the
    // StatefulSet, in this order. Objects, not constructs: cdk8s turns a
    // dependency on a construct into one on each of its objects at synth.
    if (this.pages) this.apiObject.node.addDependency(this.pages);
    this.apiObject.node.addDependency(this.service.apiObject);

    this.pushClaim(firstClaim);
  }

  /**
   * The names of the claims the StatefulSet controller creates, for every
   * claim template (in the order they were added) and every pod:
   * `<claim>-<name>-<ordinal>`.
   */
  public get claimNames(): string[] {
    return this.templates.flatMap(t => this.podNames.map(pod => `${t.name}-${pod}`));
  }

  /**
   * Gives each pod one more claim of its own, mounted at `options.mountPath`.
   *
   * @param name name of the claim template; pods' claims are `<name>-<statefulset>-<ordinal>`
   */
  public addVolumeClaimTemplate(name: string, options: VolumeClaimTemplateOptions): void {
    this.pushClaim(this.checkClaim('addVolumeClaimTemplate.name', name, options));
  }

  /** Checks a claim template; changes nothing. */
  private checkClaim(prop: string, name: string, options: VolumeClaimTemplateOptions): ClaimTemplate {
    const owner = this.owner;
    // The claim name is also the pod's volume name: a DNS label.
    checkDnsLabel(owner, prop, name, 63);
    if (this.templates.some(t => t.name === name)) {
      fail(owner, prop, name, `a claim name not used yet (${this.templates.map(t => t.name).join(', ')})`);
    }
    // The pod's own volumes: the StatefulSet controller would replace a volume
    // of the same name with the claim, silently.
    const ownVolumes = [...this.writablePaths.map((_, i) => `writable-${i}`), ...(this.props.pages !== undefined ? ['pages'] : [])];
    if (ownVolumes.includes(name)) {
      fail(owner, prop, name, `a claim name other than the pod's own volumes (${ownVolumes.join(', ')})`);
    }
    const first = this.templates.length === 0;
    const mountPath = this.checkMountPath(first ? 'mountPath' : `${name}.mountPath`, options.mountPath);
    const accessModes = options.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE];
    if (accessModes.length === 0 || accessModes.some(m => !Object.values(PersistentVolumeAccessMode).includes(m))) {
      fail(owner, first ? 'accessModes' : `${name}.accessModes`, accessModes, `one or more of ${Object.values(PersistentVolumeAccessMode).join(', ')}`);
    }
    const quantity = toQuantity(owner, first ? 'storageSize' : `${name}.size`, options.size ?? Size.gibibytes(1));
    return { ...options, name, mountPath, accessModes, quantity };
  }

  private pushClaim(claim: ClaimTemplate): void {
    this.templates.push(claim);
    orderAfter(this.apiObject, storageOrderTarget(claim.storage));
  }

  /** An absolute path that no other mount of the web container uses. */
  private checkMountPath(prop: string, path: string): string {
    checkAbsolutePath(this.owner, prop, path);
    const used = [...this.templates.map(t => t.mountPath), ...(this.writablePaths ?? [])];
    if (this.props.pages !== undefined) used.push(PAGES_DIR);
    if (used.includes(path)) {
      fail(this.owner, prop, path, `a path no other mount of the pod uses (${used.join(', ')})`);
    }
    return path;
  }

  /** @internal */
  public _toKube(): k8s.StatefulSetSpec {
    const nonRoot = this.props.runAsUser !== undefined && this.props.runAsUser > 0;
    const probeTarget = new Container({ image: this.image, portNumber: this.port });
    const probe = (p: Probe | undefined) => p?._toKube(probeTarget);
    const containerSecurity = (caps: string[]): k8s.SecurityContext => ({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: nonRoot || undefined,
      capabilities: { drop: ['ALL'], add: caps.length ? caps : undefined },
    });
    const data = this.templates[0];
    const claimMounts = this.templates.map(t => ({ name: t.name, mountPath: t.mountPath, readOnly: t.readOnly || undefined }));
    const writable = this.writablePaths.map((mountPath, i) => ({ name: `writable-${i}`, mountPath }));

    const initContainers: k8s.Container[] | undefined = this.pages && [{
      name: 'seed-pages',
      image: this.props.seedImage ?? this.image,
      command: ['sh', '-c', SEED_PAGES_SCRIPT],
      env: [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'PAGES_DIR', value: PAGES_DIR },
        { name: 'DATA_DIR', value: data.mountPath },
      ],
      volumeMounts: [{ name: data.name, mountPath: data.mountPath }, { name: 'pages', mountPath: PAGES_DIR, readOnly: true }],
      resources: toKubeResources(this.owner, 'seed resources', {
        cpu: { request: Cpu.millis(10) },
        memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
      }),
      // Copying a file into a directory it may write needs no capability.
      securityContext: containerSecurity([]),
    }];

    return {
      replicas: this.replicas,
      serviceName: this.service.name,
      selector: { matchLabels: this.selectorLabels },
      podManagementPolicy: this.props.podManagementPolicy ?? PodManagementPolicy.ORDERED_READY,
      updateStrategy: (this.props.updateStrategy ?? StatefulSetUpdateStrategy.rollingUpdate())._toKube(),
      minReadySeconds: this.props.minReady?.toSeconds(),
      ordinals: this.props.ordinalsStart !== undefined ? { start: this.ordinalsStart } : undefined,
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: this.props.whenDeleted ?? ClaimRetentionPolicy.RETAIN,
        whenScaled: this.props.whenScaled ?? ClaimRetentionPolicy.RETAIN,
      },
      template: {
        metadata: { labels: { ...this.props.podLabels, ...this.selectorLabels } },
        spec: {
          // A web server does not talk to the API server, and needs no
          // environment variables for every Service in the namespace.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            seccompProfile: { type: 'RuntimeDefault' },
            runAsUser: this.props.runAsUser,
            runAsGroup: this.props.runAsGroup,
            fsGroup: this.props.fsGroup,
            runAsNonRoot: nonRoot || undefined,
          },
          initContainers,
          containers: [{
            name: 'web',
            image: this.image,
            ports: [{ name: 'http', containerPort: this.port }],
            resources: this.resources,
            readinessProbe: probe(this.props.readiness ?? Probe.fromTcpSocket()),
            livenessProbe: probe(this.props.liveness),
            startupProbe: probe(this.props.startup),
            volumeMounts: [...claimMounts, ...writable],
            // The stock httpd image starts as root: the parent binds port 80
            // (NET_BIND_SERVICE), switches its workers to 'daemon' (SETUID,
            // SETGID) and signals them on reload and shutdown (KILL). Every
            // other capability is dropped. With `runAsUser` set to a non-root
            // user none is kept.
            securityContext: containerSecurity(nonRoot ? [] : ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL']),
          }],
          volumes: [
            ...this.writablePaths.map((_, i) => ({ name: `writable-${i}`, emptyDir: {} })),
            ...(this.pages ? [{ name: 'pages', configMap: { name: this.pages.name } }] : []),
          ],
        },
      },
      volumeClaimTemplates: this.templates.map(t => ({
        metadata: { name: t.name },
        spec: {
          accessModes: t.accessModes,
          storageClassName: t.storage?.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(t.quantity) } },
        },
      })),
    };
  }
}

