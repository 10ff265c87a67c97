import { Duration, Size } from 'cdk8s';
import { ClaimAccessMode, ClaimRetentionPolicy } from './claims';
import { ClientServiceOptions } from './client-service';
import { DisruptionBudget } from './disruption-budget';
import { HeadlessService } from './headless-service';
import { MetricsOptions } from './metrics';
import { PagesMode } from './pages';
import { HealthProbe } from './probes';
import { ComputeResources } from './quantities';
import { HttpRouteOptions, IngressOptions } from './routes';
import { PodSchedulingProps, PullPolicy } from './scheduling';
import { SiteContent } from './site-content';
import { IStorageClass } from './storage-class';
import { WebServer } from './web-server';
import { PodManagement, UpdateStrategy } from './workload';

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
   * @default [ClaimAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: ClaimAccessMode[];

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
   * Labels of every claim (of the first template and of those
   * `addVolumeClaimTemplate` adds, whose `labels` go over them). A
   * provisioner's `pathPattern` with `${.PVC.labels.<key>}` and backup tools
   * that select claims by label find them. The API server refuses a change of
   * the claim templates of a StatefulSet that exists: set them before the first apply.
   *
   * @default - none
   */
  readonly claimLabels?: { [key: string]: string };

  /**
   * Annotations of every claim (an added template's `annotations` go over them).
   *
   * @default - none
   */
  readonly claimAnnotations?: { [key: string]: string };

  /**
   * Mount the claim read-only in the web container. `pages` are then
   * written by an init container, which mounts it writable.
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
   * A second Service over the pods, beside the headless one: a cluster IP
   * (and, as `type` says, a node port or a load balancer) that spreads
   * requests over the ready pods. The NetworkPolicy already admits its
   * traffic on the web port.
   *
   * @default - none: the pods are reached one by one through the headless Service
   */
  readonly clientService?: ClientServiceOptions;

  /**
   * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1) from a Gateway
   * to the client Service; needs `clientService`. The web NetworkPolicy
   * admits the web port from anywhere, the Gateway's namespace included.
   *
   * @default - none
   */
  readonly httpRoute?: HttpRouteOptions;

  /**
   * An Ingress (networking.k8s.io/v1) to the client Service, for clusters
   * without the Gateway API; needs `clientService`. The web NetworkPolicy
   * admits the web port from anywhere, the ingress controller's namespace included.
   *
   * @default - none
   */
  readonly ingress?: IngressOptions;

  /**
   * The web server's own status page (httpd's mod_status at
   * '/server-status', nginx's stub_status at '/stub_status') on a port of its
   * own, container port `status`, which the web NetworkPolicy opens to one
   * namespace alone. The config comes from a ConfigMap `<name>-status`.
   * Both presets keep their Pod Security level. The page is the server's own
   * format, not Prometheus': a scraper reads it through an exporter.
   *
   * @default - no status page
   */
  readonly metrics?: MetricsOptions;

  /**
   * Content of `index.html` per pod: `pages[i]` is served by `podNames[i]`.
   * It is written into the pod's own claim, as `pagesMode` says: by default
   * on first start only, when the claim has no `index.html` yet, so it
   * survives pod deletion and is never overwritten. With a preset server
   * (whose command the library knows), the web container writes it before
   * it runs the server, and logs what it did; with a `WebServer.custom`, a
   * `seedImage` or `claimReadOnly`, an init container does (`seed-pages`, or
   * `sync-pages`). Pods past the end of the list get no page. At most 1 MiB in all, the keys
   * `<ordinal>.html` included (one ConfigMap).
   *
   * @default - no page is written
   */
  readonly pages?: string[];

  /**
   * Files every pod serves, beside or instead of its own page (`pages`):
   * files the library writes into a ConfigMap `<name>-content`
   * (`SiteContent.fromFiles`), or a ConfigMap or a claim that exists
   * (`SiteContent.fromConfigMap`, `SiteContent.fromClaim`). An init container
   * copies them into each pod's claim, as `pagesMode` says: by default each
   * file the claim does not have yet, so files edited in the claim stay. A
   * pod's own page stays its `index.html`.
   *
   * @default - none
   */
  readonly sharedContent?: SiteContent;

  /**
   * Whether `pages` and `sharedContent` are written once or on every pod
   * start. With `PagesMode.SYNC`, changing `pages` or
   * `SiteContent.fromFiles` rolls the pods; a ConfigMap or claim of your own
   * is copied again at each pod's next start (`kubectl rollout restart`).
   *
   * @default PagesMode.SEED_ONCE
   */
  readonly pagesMode?: PagesMode;

  /**
   * Image of the init containers that write `pages` and `sharedContent`.
   * They need `sh`, `cp`, `mv` and, for `sharedContent`, `find`, `mkdir` and `dirname`.
   * Given, `pages` are written by an init container of this image, not by
   * the web container.
   *
   * @default - the web server image; with a preset server, `pages` are
   * written by the web container itself
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
   * @default PodManagement.ORDERED_READY
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies
   */
  readonly podManagementPolicy?: PodManagement;

  /**
   * How pods are replaced when the template changes; a rolling update may
   * carry a partition.
   *
   * @default UpdateStrategy.rollingUpdate()
   */
  readonly updateStrategy?: UpdateStrategy;

  /**
   * How many old revisions of the pod template (ControllerRevisions) the
   * controller keeps for a rollback.
   *
   * @default - Kubernetes' default: 10
   */
  readonly revisionHistoryLimit?: number;

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
  readonly resources?: ComputeResources;

  /**
   * Readiness probe of the web container.
   *
   * @default - the server's readiness probe when every pod has a page at the
   * document root (for the presets, an HTTP GET of '/' every 5 seconds),
   * otherwise a TCP check of the port every 10 seconds
   */
  readonly readiness?: HealthProbe;

  /**
   * Liveness probe of the web container.
   *
   * @default - none
   */
  readonly liveness?: HealthProbe;

  /**
   * Startup probe of the web container.
   *
   * @default - the server's startup probe when its readiness probe is used
   * (for the presets, an HTTP GET of '/' every second until it first
   * succeeds), none otherwise
   */
  readonly startup?: HealthProbe;

  /**
   * How long a deleted pod's web container goes on serving before it is told
   * to stop: a `preStop` hook that runs `sleep` (the image must have it), so
   * that the Service's endpoints and every node's proxy stop sending it
   * requests first. `Duration.seconds(0)` turns the pause off. Each pod's
   * deletion takes this much longer.
   *
   * @default - the server's: 5 seconds for `WebServer.httpd()` and `WebServer.nginxUnprivileged()`, none for `WebServer.custom()` (an image may have no `sleep`)
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
   */
  readonly stopPause?: Duration;

  /**
   * How long a deleted pod has, from the start of the pause, before its
   * containers are killed: the pause, then the server's graceful stop (on the
   * image's stop signal) finishing the requests it serves. Longer than
   * `stopPause`.
   *
   * @default - `stopPause` plus 30 seconds (Kubernetes' own default grace period, left to the server)
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
   */
  readonly terminationGracePeriod?: Duration;

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
   * port only, from anywhere (and on the `metrics` port from its namespace
   * alone), and open no connection (they need none: the pages come from a
   * ConfigMap volume). It only has an effect where the
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
  readonly imagePullPolicy?: PullPolicy;

  /**
   * Names of the Secrets (of type `kubernetes.io/dockerconfigjson`, in the
   * pods' namespace) with the registry credentials to pull the images, such as `['regcred']`.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}
