import { ApiObject, Chart, Duration, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppChecks } from './app-checks';
import { checkDnsLabel, checkInstance, checkOneOf, checkPort, checkWholeNumber, fail, INT32_MAX } from './checks';
import { ClaimPropNames, OwnVolume, renderClaimTemplates, resolveClaim, VolumeClaimTemplate, VolumeClaimTemplateOptions } from './claims';
import { renderClientService, resolveClientService } from './client-service';
import { renderDisruptionBudget, resolveDisruptionBudget } from './disruption-budget';
import { HeadlessService } from './headless-service';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { metricsPorts, MetricsSettings, renderExporter, renderPodMonitor, resolveMetrics } from './metrics';
import { renderIngressOnlyPolicy } from './network-policy';
import { makeObject, respec } from './objects';
import { orderAfter, storageOrderTarget } from './ordering';
import { PAGES_DIR, PagesMode, pagesAnnotations, renderPagesContainer, resolvePages, seedThenServe } from './pages';
import { _podSecurityLevelOf, IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { checkRouteNeedsService, renderHttpRoute, renderIngress, resolveHttpRoute, resolveIngress } from './routes';
import { resolveScheduling, SchedulingSettings } from './scheduling';
import { contentAnnotations, CONTENT_DIR, renderContentContainer, renderContentVolume, resolveSiteContent, SiteContent } from './site-content';
import { StatefulWebProps } from './stateful-web-props';
import { resolveWebContainer, resolveWritablePaths, WebContainerSettings } from './web-container';
import { WebServer } from './web-server';
import { resolveWorkload, WorkloadSettings } from './workload';

/** The names the props of the first claim go by in error messages; an added claim's are `<name>.<option>`. */
const FIRST_CLAIM_PROPS: ClaimPropNames = {
  name: 'claimName',
  mountPath: 'mountPath',
  size: 'storageSize',
  accessModes: 'accessModes',
  labels: 'claimLabels',
  annotations: 'claimAnnotations',
  storage: 'storage',
};

/**
 * A StatefulSet of web pods, each with claims of its own.
 *
 * Emits the StatefulSet, its governing headless Service (unless one is given)
 * and, with `pages`, a ConfigMap of per-pod pages (with `sharedContent`, one
 * of the files every pod serves); with `clientService`,
 * `httpRoute`, `ingress` and `metrics`, a load-balanced Service, an HTTPRoute,
 * an Ingress and a ConfigMap of the status page's config. Each pod gets one claim per
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
  /** How long a deleted pod goes on serving before the server is told to stop (zero: no pause). */
  public readonly stopPause: Duration;
  /** The pods' termination grace period. */
  public readonly terminationGracePeriod: Duration;
  /** The PodDisruptionBudget, if any. */
  public readonly disruptionBudget?: ApiObject;
  /** The NetworkPolicy of the pods, if any. */
  public readonly networkPolicy?: ApiObject;
  /** The client Service, with `clientService` only. */
  public readonly clientService?: ApiObject;
  /** The HTTPRoute, with `httpRoute` only. */
  public readonly httpRoute?: ApiObject;
  /** The Ingress, with `ingress` only. */
  public readonly ingress?: ApiObject;
  /** The PodMonitor, with `metrics.podMonitor` only. */
  public readonly podMonitor?: ApiObject;
  /** The files every pod serves, with `sharedContent` only. */
  public readonly sharedContent?: SiteContent;
  /** The ConfigMap of the files every pod serves, with `SiteContent.fromFiles` only. */
  public readonly contentConfigMap?: ApiObject;

  private readonly owner: string;
  private readonly workload: WorkloadSettings;
  private readonly container: WebContainerSettings;
  private readonly scheduling: SchedulingSettings;
  private readonly pagesMode: PagesMode;
  /** The emptyDir volumes of `writablePaths`, mounted in the web container. */
  private readonly writableVolumes: OwnVolume[];
  /** The status page; with `metrics` only. */
  private readonly metrics?: MetricsSettings;
  /** The status config's volume, mounted in the web container; with `metrics` only. */
  private readonly statusVolume?: OwnVolume;
  /** The pages ConfigMap's volume, mounted in the container that writes them; with `pages` only. */
  private readonly pagesVolume?: OwnVolume;
  /** The shared content's volume, mounted in its init container; with `sharedContent` only. */
  private readonly contentVolume?: OwnVolume;
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
    this.sharedContent = resolveSiteContent(this.owner, props.sharedContent);
    // Every pod gets an index.html where the server serves '/' from.
    const pageCount = props.pages?.length ?? 0;
    const sharedIndex = this.sharedContent?.files !== undefined && 'index.html' in this.sharedContent.files;
    const atDocumentRoot = (props.mountPath ?? this.server.documentRoot) === this.server.documentRoot;
    const everyPodHasPage = ((pageCount > 0 && pageCount >= this.replicas) || sharedIndex) && atDocumentRoot;
    this.container = resolveWebContainer(this.owner, props, this.server, this.port, everyPodHasPage);
    this.podSecurityLevel = _podSecurityLevelOf(this.container.nonRoot, this.container.capabilities);
    this.stopPause = this.container.stopPause;
    this.terminationGracePeriod = this.container.terminationGracePeriod;
    this.pagesMode = checkOneOf(this.owner, 'pagesMode', props.pagesMode, PagesMode) ?? PagesMode.SEED_ONCE;
    const pageData = resolvePages(this.owner, props.pages, this.replicas, this.ordinalsStart);
    const annotations = { ...pagesAnnotations(this.pagesMode, pageData), ...contentAnnotations(this.pagesMode, this.sharedContent) };
    this.workload = resolveWorkload(this.owner, props, this.selectorLabels, Object.keys(annotations).length ? annotations : undefined);
    this.scheduling = resolveScheduling(this.owner, props, this.selectorLabels);
    const budget = resolveDisruptionBudget(this.owner, props.disruptionBudget, this.replicas);
    const client = props.clientService && resolveClientService(this.owner, props.clientService, this.name);
    checkRouteNeedsService(this.owner, 'httpRoute', props.httpRoute, client !== undefined);
    checkRouteNeedsService(this.owner, 'ingress', props.ingress, client !== undefined);
    const route = props.httpRoute && resolveHttpRoute(this.owner, props.httpRoute, this.name);
    const ingress = props.ingress && resolveIngress(this.owner, props.ingress, this.name);
    const copyDirs = [...props.pages !== undefined ? [PAGES_DIR] : [], ...this.sharedContent ? [CONTENT_DIR] : []];
    this.writableVolumes = resolveWritablePaths(this.owner, props.writablePaths ?? this.server.writablePaths, copyDirs);
    if (pageData) this.pagesVolume = { name: 'pages', mountPath: PAGES_DIR };
    if (this.sharedContent) this.contentVolume = { name: 'content', mountPath: CONTENT_DIR };
    this.metrics = props.metrics && resolveMetrics(this.owner, props.metrics, this.server, this.port, this.container.nonRoot);
    if (this.metrics) this.statusVolume = { name: 'status', mountPath: this.metrics.page.mountPath };
    this.claims.push(this.checkClaim({
      name: props.claimName ?? 'data',
      labels: props.claimLabels,
      annotations: props.claimAnnotations,
      mountPath: props.mountPath ?? this.server.documentRoot,
      storage: props.storage,
      size: props.storageSize,
      accessModes: props.accessModes,
      readOnly: props.claimReadOnly,
    }, FIRST_CLAIM_PROPS));

    // Then the objects, in the order they are synthesized.
    this.service = this.bindService(props.service);
    this.clientService = client && renderClientService(this, client, this.selectorLabels, this.port, this.objectLabels('client-service'));
    this.httpRoute = route && client && renderHttpRoute(this, route, client, this.objectLabels('http-route'));
    this.ingress = ingress && client && renderIngress(this, ingress, client, this.objectLabels('ingress'));
    const pages = pageData && makeObject(k8s.KubeConfigMap, this, 'Pages', { metadata: { name: `${this.name}-pages`, labels: this.objectLabels('pages') }, data: pageData });
    this.pagesConfigMap = pages?.name;
    const files = this.sharedContent?.files;
    this.contentConfigMap = files && makeObject(k8s.KubeConfigMap, this, 'Content', {
      metadata: { name: `${this.name}-content`, labels: this.objectLabels('content') }, data: files,
    });
    const status = this.metrics && makeObject(k8s.KubeConfigMap, this, 'Status', {
      metadata: { name: `${this.name}-status`, labels: this.objectLabels('status-page') },
      data: { 'status.conf': this.metrics.page.config(this.metrics.port) },
    });
    this.disruptionBudget = renderDisruptionBudget(this, budget, this.name, this.selectorLabels, this.objectLabels('disruption-budget'));
    // Ingress on the http port from anywhere, no egress: the pages come from a ConfigMap volume.
    // With metrics, the status port from the monitoring namespace alone.
    this.networkPolicy = props.networkPolicy ?? true
      ? renderIngressOnlyPolicy(this, this.name, this.selectorLabels, this.port, this.metrics ? metricsPorts(this.metrics) : [],
        this.objectLabels('network-policy')) : undefined;
    this.podMonitor = this.metrics?.exporter && renderPodMonitor(this, this.name, this.selectorLabels, this.objectLabels('pod-monitor'));
    this.statefulSet = makeObject(k8s.KubeStatefulSet, this, 'Resource', {
      metadata: { name: this.name, labels: this.objectLabels('web') },
      spec: this.renderSpec(),
    });
    this.apiObject = this.statefulSet;
    // No pod starts before the budget and the policy that cover it.
    orderAfter(this.apiObject, pages);
    orderAfter(this.apiObject, this.contentConfigMap);
    orderAfter(this.apiObject, status);
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
    const claim = this.checkClaim({
      ...options,
      name,
      // Over the first claim's, which are `claimLabels` and `claimAnnotations`.
      labels: { ...this.claims[0].labels, ...options.labels },
      annotations: { ...this.claims[0].annotations, ...options.annotations },
    }, {
      name: 'addVolumeClaimTemplate.name',
      mountPath: prop('mountPath'),
      size: prop('size'),
      accessModes: prop('accessModes'),
      labels: prop('labels'),
      annotations: prop('annotations'),
      storage: prop('storage'),
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
    if (!given) {
      const http = { name: 'http', port: this.port, targetPort: this.port };
      return this.labelService(new HeadlessService(this, 'Service', { name: this.name, selector: this.selectorLabels, ports: [http] }));
    }
    const service = given;
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
    return this.labelService(service);
  }

  /** The site's labels on the Service it governs, so that selecting "all of this site" finds it too. */
  private labelService(service: HeadlessService): HeadlessService {
    for (const [key, value] of Object.entries(this.objectLabels('service'))) service.apiObject.metadata.addLabel(key, value);
    return service;
  }

  /** A claim template checked against the claims there are and the pod's own volumes, defaults filled in. */
  private checkClaim(claim: VolumeClaimTemplate, props: ClaimPropNames): VolumeClaimTemplate {
    return resolveClaim(this.owner, claim, props, this.claims, this.ownVolumes());
  }

  /** The pod's own volumes (not claims), each with one name. */
  private ownVolumes(): OwnVolume[] {
    return [...this.writableVolumes, ...[this.pagesVolume, this.contentVolume, this.statusVolume].filter((v): v is OwnVolume => v !== undefined)];
  }

  /**
   * The server's command line, when the web container writes `pages` itself
   * before it runs the server: a server whose command the library knows (the
   * presets), no `seedImage` of its own and a first claim it may write. Each
   * ordered pod then starts a second or more sooner than with an init
   * container, whose start and end kubelet each notices on its next relist.
   */
  private pagesServerCommand(): string[] | undefined {
    const command = this.server._command;
    return this.pagesConfigMap !== undefined && command && this.container.seedImage === undefined && !this.claims[0].readOnly
      ? this.withStatusArgs(command) : undefined;
  }

  /** The init containers that write `pages` (unless `pagesInWeb`) and `sharedContent` into the first claim; undefined without either. */
  private renderInitContainers(securityContext: k8s.SecurityContext, pagesInWeb: boolean): k8s.Container[] | undefined {
    const common = {
      mode: this.pagesMode,
      image: this.container.seedImage ?? this.container.image,
      imagePullPolicy: this.scheduling.imagePullPolicy,
      data: this.claims[0],
      securityContext,
    };
    const init = [
      ...(this.pagesConfigMap !== undefined && !pagesInWeb ? [renderPagesContainer({ ...common, pages: this.pagesVolume! })] : []),
      ...(this.contentVolume ? [renderContentContainer({ ...common, content: this.contentVolume, pages: this.pagesVolume })] : []),
    ];
    return init.length ? init : undefined;
  }

  /** The web container's arguments: the server's, then those that load its status page; none: the image's command. */
  private containerArgs(): string[] | undefined {
    const args = this.withStatusArgs(this.server._args ?? []);
    return args.length > 0 ? args : undefined;
  }

  /** The server's arguments, then those that load its status page (with `metrics`). */
  private withStatusArgs(args: string[]): string[] {
    return [...args, ...this.metrics?.page.args ?? []];
  }

  /** The StatefulSet spec, from the resolved fields. */
  private renderSpec(): k8s.StatefulSetSpec {
    const { workload, container, scheduling, pagesConfigMap } = this;
    const serverCommand = this.pagesServerCommand();
    const seed = serverCommand && seedThenServe({ mode: this.pagesMode, pages: this.pagesVolume!, data: this.claims[0] }, serverCommand);
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
      revisionHistoryLimit: workload.revisionHistoryLimit,
      ordinals: workload.ordinals,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: workload.whenDeleted, whenScaled: workload.whenScaled },
      template: {
        metadata: { labels: workload.podLabels, annotations: workload.podAnnotations },
        spec: {
          // A web server does not talk to the API server, and needs no
          // environment variables for every Service in the namespace.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: container.terminationGracePeriodSeconds,
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
          initContainers: this.renderInitContainers(containerSecurity([]), seed !== undefined),
          containers: [{
            name: 'web',
            image: container.image,
            imagePullPolicy: scheduling.imagePullPolicy,
            // With `seed`, the page is written first, by the same process
            // that then runs the server (as root for httpd, with the
            // capabilities the server keeps: a copy uses none of them).
            command: seed?.command,
            args: seed ? undefined : this.containerArgs(),
            env: seed?.env,
            ports: [{ name: 'http', containerPort: this.port }, ...(this.metrics ? [{ name: 'status', containerPort: this.metrics.port }] : [])],
            resources: container.resources,
            readinessProbe: container.readiness,
            livenessProbe: container.liveness,
            startupProbe: container.startup,
            // A pause before the server's graceful stop, so that no request
            // reaches it after it stopped listening (stopPause).
            lifecycle: container.preStop && { preStop: container.preStop },
            // The claims first, then the pod's own volumes.
            volumeMounts: [
              ...this.claims.map(c => ({ name: c.name, mountPath: c.mountPath, readOnly: c.readOnly || undefined })),
              ...this.writableVolumes.map(v => ({ name: v.name, mountPath: v.mountPath })),
              ...(this.statusVolume ? [{
                name: this.statusVolume.name, mountPath: this.statusVolume.mountPath, readOnly: true, subPath: this.metrics!.page.subPath ? 'status.conf' : undefined,
              }] : []),
              ...seed?.volumeMounts ?? [],
            ],
            // Every capability is dropped but those the server needs as root
            // (WebServer.httpd() says which and why); a non-root server keeps none.
            securityContext: containerSecurity(container.capabilities),
          }, ...(this.metrics?.exporter ? [renderExporter(this.metrics.exporter, scheduling.imagePullPolicy, containerSecurity([]))] : [])],
          volumes: [
            ...this.writableVolumes.map(v => ({ name: v.name, emptyDir: {} })),
            ...(pagesConfigMap !== undefined && this.pagesVolume ? [{ name: this.pagesVolume.name, configMap: { name: pagesConfigMap } }] : []),
            ...(this.sharedContent && this.contentVolume
              ? [renderContentVolume(this.contentVolume, this.sharedContent, this.contentConfigMap?.name)] : []),
            ...(this.statusVolume ? [{ name: this.statusVolume.name, configMap: { name: `${this.name}-status` } }] : []),
          ],
        },
      },
      volumeClaimTemplates: renderClaimTemplates(this.owner, this.claims),
    };
  }
}
