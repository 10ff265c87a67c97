import { ApiObject, Chart, Duration, Names, Size } from 'cdk8s';
import {
  ContainerResources, ImagePullPolicy, ISecret, k8s, PersistentVolumeAccessMode,
  PodManagementPolicy, Probe, StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { registerAppChecks } from './app-checks';
import { checkDnsLabel, checkInstance, checkOneOf, checkPort, checkWholeNumber, fail, INT32_MAX } from './checks';
import { ClaimPropNames, ClaimRetentionPolicy, OwnVolume, renderClaimTemplates, resolveClaim, VolumeClaimTemplate, VolumeClaimTemplateOptions } from './claims';
import { DisruptionBudget, renderDisruptionBudget, resolveDisruptionBudget } from './disruption-budget';
import { HeadlessService } from './headless-service';
import { makeObject, respec } from './kplus-internal';
import { recommendedLabels } from './labels';
import { orderAfter, storageOrderTarget } from './ordering';
import { PAGES_DIR, PagesMode, pagesAnnotations, renderPagesContainer, resolvePages } from './pages';
import { _podSecurityLevelOf, IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { PodSchedulingProps, resolveScheduling, SchedulingSettings } from './scheduling';
import { IStorageClass } from './storage-class';
import { resolveWebContainer, resolveWritablePaths, WebContainerSettings } from './web-container';
import { WebServer } from './web-server';
import { resolveWorkload, WorkloadSettings } from './workload';

/**
 * Props for `StatefulWeb`.
 */
export interface StatefulWebProps extends PodSchedulingProps {
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

/** The names the props of the first claim go by in error messages; an added claim's are `<name>.<option>`. */
const FIRST_CLAIM_PROPS: ClaimPropNames = { name: 'claimName', mountPath: 'mountPath', size: 'storageSize', accessModes: 'accessModes', storage: 'storage' };

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
  private readonly container: WebContainerSettings;
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
  private readonly statefulSet: k8s.KubeStatefulSet;

  constructor(scope: Construct, id: string, props: StatefulWebProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    this.owner = `StatefulWeb ${this.node.path}`;
    // Checks and defaults first: a bad prop throws before any object is made
    // (or a given Service changed), and leaves nothing to synthesize.
    if (props.service !== undefined) checkInstance(this.owner, 'service', props.service, HeadlessService, 'a HeadlessService (new HeadlessService(scope, id, { name }))');
    this.name = checkDnsLabel(this.owner, 'name', props.name ?? Names.toDnsLabel(this, { maxLen: 52 }), 52);
    this.replicas = checkWholeNumber(this.owner, 'replicas', props.replicas ?? 1, 0);
    this.ordinalsStart = checkWholeNumber(this.owner, 'ordinalsStart', props.ordinalsStart ?? 0, 0);
    this.server = props.server === undefined ? WebServer.httpd() : checkInstance(this.owner, 'server', props.server, WebServer, 'a WebServer such as WebServer.httpd() or WebServer.nginxUnprivileged()');
    this.port = checkPort(this.owner, 'port', props.port ?? this.server.port);
    const lastStart = INT32_MAX - Math.max(this.replicas - 1, 0);
    if (this.ordinalsStart > lastStart) {
      fail(this.owner, 'ordinalsStart', this.ordinalsStart, `at most ${lastStart} with ${this.replicas} replicas, so that the last ordinal is an int32`);
    }
    this.selectorLabels = { 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': this.name };
    this.container = resolveWebContainer(this.owner, props, this.server, this.port);
    this.podSecurityLevel = _podSecurityLevelOf(this.container.nonRoot, this.container.capabilities);
    this.pagesMode = checkOneOf(this.owner, 'pagesMode', props.pagesMode, PagesMode) ?? PagesMode.SEED_ONCE;
    const pageData = resolvePages(this.owner, props.pages, this.replicas, this.ordinalsStart);
    this.workload = resolveWorkload(this.owner, props, this.selectorLabels, pagesAnnotations(this.pagesMode, pageData));
    this.scheduling = resolveScheduling(this.owner, props, this.selectorLabels);
    const budget = resolveDisruptionBudget(this.owner, props.disruptionBudget, this.replicas);
    const pagesDir = props.pages !== undefined ? [PAGES_DIR] : [];
    this.writableVolumes = resolveWritablePaths(this.owner, props.writablePaths ?? this.server.writablePaths, pagesDir);
    if (pageData) this.pagesVolume = { name: 'pages', mountPath: PAGES_DIR };
    this.claims.push(this.checkClaim({
      name: props.claimName ?? 'data',
      mountPath: props.mountPath ?? this.server.documentRoot,
      storage: props.storage,
      size: props.storageSize,
      accessModes: props.accessModes,
      readOnly: props.claimReadOnly,
    }, FIRST_CLAIM_PROPS));

    // Then the objects, in the order they are synthesized.
    this.service = this.bindService(props.service);
    const pages = pageData && makeObject(k8s.KubeConfigMap, this, 'Pages', { metadata: { name: `${this.name}-pages`, labels: this.objectLabels('pages') }, data: pageData });
    this.pagesConfigMap = pages?.name;
    this.disruptionBudget = renderDisruptionBudget(this, budget, this.name, this.selectorLabels, this.objectLabels('disruption-budget'));
    this.networkPolicy = props.networkPolicy ?? true ? this.makeNetworkPolicy() : undefined;
    this.statefulSet = makeObject(k8s.KubeStatefulSet, this, 'Resource', {
      metadata: { name: this.name, labels: this.objectLabels('web') },
      spec: this.renderSpec(),
    });
    this.apiObject = this.statefulSet;
    // No pod starts before the budget and the policy that cover it.
    orderAfter(this.apiObject, pages);
    orderAfter(this.apiObject, this.service.apiObject);
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
    const claim = this.checkClaim({ ...options, name }, {
      name: 'addVolumeClaimTemplate.name', mountPath: prop('mountPath'), size: prop('size'), accessModes: prop('accessModes'), storage: prop('storage'),
    });
    this.claims.push(claim);
    respec(this.statefulSet, this.renderSpec());
    orderAfter(this.apiObject, storageOrderTarget(claim.storage));
    return claim;
  }

  /** The labels of one of its objects: the selector's, and the rest of the recommended set. */
  private objectLabels(component: string): { [key: string]: string } {
    return recommendedLabels('stateful-web', this.name, component, 'stateful-web');
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
      fail(this.owner, 'service', given.name, `a HeadlessService in the StatefulWeb's namespace ${JSON.stringify(namespace)}`, `It is in ${JSON.stringify(given.namespace)}.`);
    }
    const service = given ?? new HeadlessService(this, 'Service', { name: this.name });
    const selector = service.selector;
    if (!selector) {
      service.selectLabels(this.selectorLabels);
    } else if (Object.entries(selector).some(([k, v]) => this.workload.podLabels[k] !== v)) {
      fail(this.owner, 'service', service.name, 'a HeadlessService whose selector matches the pod labels',
        `The pod labels are ${JSON.stringify(this.workload.podLabels)}; the Service selects ${JSON.stringify(selector)}.`);
    }
    if (service.ports.length === 0) {
      service.addPort({ name: 'http', port: this.port, targetPort: this.port });
    }
    for (const [key, value] of Object.entries(this.objectLabels('service'))) service.apiObject.metadata.addLabel(key, value);
    return service;
  }

  /** A claim template checked against the claims there are and the pod's own volumes, defaults filled in. */
  private checkClaim(claim: VolumeClaimTemplate, props: ClaimPropNames): VolumeClaimTemplate {
    return resolveClaim(this.owner, claim, props, this.claims, this.ownVolumes());
  }

  /** The pod's own volumes (not claims), each with one name. */
  private ownVolumes(): OwnVolume[] {
    return this.pagesVolume ? [...this.writableVolumes, this.pagesVolume] : this.writableVolumes;
  }

  /**
   * Ingress on the http port from anywhere, no egress. A plain object:
   * cdk8s-plus's NetworkPolicy needs a peer per rule, and none of its peers
   * says "from anywhere" (an ipBlock of 0.0.0.0/0 is not meant to match pods,
   * an empty pod selector only matches the namespace).
   */
  private makeNetworkPolicy(): ApiObject {
    return makeObject(k8s.KubeNetworkPolicy, this, 'NetworkPolicy', {
      metadata: { name: this.name, labels: this.objectLabels('network-policy') },
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
          initContainers: pagesConfigMap === undefined ? undefined : [renderPagesContainer({
            mode: this.pagesMode,
            image: container.seedImage,
            imagePullPolicy: scheduling.imagePullPolicy,
            pages: this.pagesVolume!,
            data: this.claims[0],
            securityContext: containerSecurity([]),
          })],
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
      volumeClaimTemplates: renderClaimTemplates(this.owner, this.claims),
    };
  }
}
