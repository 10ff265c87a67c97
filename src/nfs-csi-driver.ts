import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { libraryConstructsOfApp, registerAppChecks } from './app-checks';
import { checkAbsolutePath, checkDnsSubdomain, checkImage, checkLabels, checkWholeNumber, fail } from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { makeObject } from './objects';
import { orderAfter } from './ordering';
import { IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { grantRole, LEASE_LOCK_RULES } from './rbac';
import { resolveTolerations, Toleration } from './scheduling';

/**
 * The container images of an `NfsCsiDriver`, one per program. Each one left
 * out is the image csi-driver-nfs v4.13.4's own manifests name.
 */
export interface NfsCsiImages {
  /**
   * The driver itself (controller and node plugin in one program).
   *
   * @default 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4'
   */
  readonly nfsPlugin?: string;

  /**
   * The sidecar that creates and deletes volumes for claims.
   *
   * @default 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0'
   */
  readonly provisioner?: string;

  /**
   * The sidecar that grows volumes when a claim asks for more.
   *
   * @default 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0'
   */
  readonly resizer?: string;

  /**
   * The sidecar that takes and deletes snapshots (with `snapshots`).
   *
   * @default 'registry.k8s.io/sig-storage/csi-snapshotter:v8.6.0'
   */
  readonly snapshotter?: string;

  /**
   * The sidecar that answers the kubelet's liveness probe of the driver.
   *
   * @default 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0'
   */
  readonly livenessProbe?: string;

  /**
   * The sidecar that registers the node plugin with the kubelet.
   *
   * @default 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0'
   */
  readonly nodeDriverRegistrar?: string;
}

/**
 * Props for `NfsCsiDriver`.
 */
export interface NfsCsiDriverProps {
  /**
   * The driver's name: the `CSIDriver` object's name, the `provisioner` of its
   * StorageClasses and the `driver` of its volumes and snapshot classes.
   *
   * @default 'nfs.csi.k8s.io' (the driver's own default)
   */
  readonly name?: string;

  /**
   * The kubelet's root directory on the nodes (its `--root-dir`): the node
   * plugin registers in `<kubeletDir>/plugins_registry`, listens in
   * `<kubeletDir>/plugins/<socket folder>` and mounts volumes under
   * `<kubeletDir>/pods`.
   *
   * @default '/var/lib/kubelet' (the kubelet's default, and the chart's `kubeletDir`)
   */
  readonly kubeletDir?: string;

  /**
   * The container images.
   *
   * @default - the images of csi-driver-nfs v4.13.4's manifests
   */
  readonly images?: NfsCsiImages;

  /**
   * Number of controller pods. More than one stand by: the sidecars elect a
   * leader on a Lease.
   *
   * @default 1
   */
  readonly controllerReplicas?: number;

  /**
   * Run the csi-snapshotter sidecar, with its permissions, so that
   * `VolumeSnapshot`s of the driver's volumes can be taken. The cluster needs
   * the snapshot CRDs and a snapshot controller (`SnapshotController`).
   *
   * @default true
   */
  readonly snapshots?: boolean;

  /**
   * Node labels the controller and node pods must run on.
   *
   * @default { 'kubernetes.io/os': 'linux' } (as upstream)
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of the controller pods. The node pods tolerate every taint:
   * a node whose pods mount the driver's volumes needs the node plugin.
   *
   * @default - none: the controller runs where ordinary pods run (upstream
   * also lets it onto control-plane nodes)
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: Toleration[];
}

const UPSTREAM_IMAGES: Required<NfsCsiImages> = {
  nfsPlugin: 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4',
  provisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0',
  resizer: 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0',
  snapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.6.0',
  livenessProbe: 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0',
  nodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0',
};

const DEFAULT_NAME = 'nfs.csi.k8s.io';

/** Where the sidecars and the plugin of one pod share the driver's socket. */
const SOCKET_MOUNT = '/csi';
const SOCKET = `${SOCKET_MOUNT}/csi.sock`;

/** The livenessprobe sidecars' ports, as upstream's manifests have them. */
const CONTROLLER_HEALTH_PORT = 29652;
const NODE_HEALTH_PORT = 29653;

/** Requests and limits of each container, as upstream's manifests have them. */
function upstreamResources(memoryLimit: string): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('20Mi') },
    limits: { memory: k8s.Quantity.fromString(memoryLimit) },
  };
}

/** A sidecar's container security: it only talks to the socket and the API server. */
const SIDECAR_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

/**
 * The plugin's container security, as upstream's: mounting NFS shares (and,
 * on the node, propagating them to the kubelet) needs a privileged container.
 * Kubernetes refuses `privileged` without privilege escalation.
 */
const PLUGIN_SECURITY: k8s.SecurityContext = {
  privileged: true,
  allowPrivilegeEscalation: true,
  capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] },
};

const ENV_NODE_ID: k8s.EnvVar = { name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
const ENV_POD_NAMESPACE: k8s.EnvVar = { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };

/**
 * The csi-driver-nfs CSI driver: NFS volumes provisioned as sub-directories of
 * a share, with snapshots.
 *
 * Emits, in the chart's namespace, the driver's controller Deployment
 * (nfsplugin with csi-provisioner, csi-resizer, csi-snapshotter and
 * livenessprobe), its node DaemonSet (nfsplugin, privileged, with
 * node-driver-registrar and livenessprobe), their ServiceAccounts and
 * least-privilege RBAC (leader election on Leases), and the cluster-scoped
 * `CSIDriver` object. The node plugin is privileged: the namespace must admit
 * `PodSecurityLevel.PRIVILEGED` (see `PodSecurityNamespace`).
 *
 * StorageClasses of the driver are `NfsCsiStorage`s; several can share one
 * driver.
 *
 * @see https://github.com/kubernetes-csi/csi-driver-nfs
 */
export class NfsCsiDriver extends Construct implements IPodSecurityRequirement {
  /** The driver's name: the `CSIDriver`'s and every StorageClass's `provisioner`. */
  public readonly name: string;
  /** Namespace of the controller and node pods. */
  public readonly namespace: string;
  /** The kubelet's root directory the node plugin works in. */
  public readonly kubeletDir: string;
  /** Whether the controller runs the csi-snapshotter sidecar. */
  public readonly snapshots: boolean;
  /** `PRIVILEGED`: the controller and node plugins run privileged to mount shares. */
  public readonly podSecurityLevel: PodSecurityLevel;
  /**
   * The `CSIDriver` object, ordered after every other object of the driver:
   * a StorageClass ordered after it comes after the whole driver.
   */
  public readonly apiObject: ApiObject;
  /** Name of the controller's ServiceAccount (also of its Deployment). */
  public readonly controllerServiceAccountName: string;

  private readonly owner: string;
  private readonly base: string;
  private readonly images: Required<NfsCsiImages>;

  constructor(scope: Construct, id: string, props: NfsCsiDriverProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    const owner = this.owner = `NfsCsiDriver ${this.node.path}`;
    this.name = checkDnsSubdomain(owner, 'name', props.name ?? DEFAULT_NAME);
    if (this.name.length > 63) fail(owner, 'name', this.name, 'a CSI driver name of at most 63 characters');
    this.kubeletDir = checkAbsolutePath(owner, 'kubeletDir', props.kubeletDir ?? '/var/lib/kubelet');
    if (this.kubeletDir === '/') fail(owner, 'kubeletDir', this.kubeletDir, "the kubelet's root directory, not '/'");
    const images: { -readonly [K in keyof NfsCsiImages]-?: string } = { ...UPSTREAM_IMAGES };
    for (const key of Object.keys(UPSTREAM_IMAGES) as Array<keyof NfsCsiImages>) {
      const given = props.images?.[key];
      if (given !== undefined) images[key] = checkImage(owner, `images.${key}`, given);
    }
    this.images = images;
    const replicas = checkWholeNumber(owner, 'controllerReplicas', props.controllerReplicas ?? 1, 0, 100);
    this.snapshots = props.snapshots ?? true;
    const nodeSelector = checkLabels(owner, 'nodeSelector', props.nodeSelector ?? { 'kubernetes.io/os': 'linux' });
    const tolerations = resolveTolerations(owner, 'tolerations', props.tolerations);
    const chartNamespace = Chart.of(this).namespace;
    this.namespace = chartNamespace ?? 'default';
    // Cluster-scoped names carry the namespace, as NfsStorage's do.
    this.base = Names.toDnsLabel(this, { extra: chartNamespace ? [chartNamespace] : [] });
    this.controllerServiceAccountName = `${this.base}-controller`;
    this.podSecurityLevel = PodSecurityLevel.PRIVILEGED;

    this.makeControllerRbac();
    this.makeController(replicas, nodeSelector, tolerations);
    this.makeNode(nodeSelector);
    this.apiObject = this.makeCsiDriver();
    this.checkUniqueInApp();
  }

  /** The recommended labels of one part of the driver. */
  private labels(component: string): { [key: string]: string } {
    return recommendedLabels('csi-driver-nfs', this.base, component, 'csi-driver-nfs');
  }

  /**
   * The controller's ServiceAccount and what its sidecars ask the API server
   * for; the plugin itself never calls it.
   */
  private makeControllerRbac(): void {
    const name = this.controllerServiceAccountName;
    const labels = this.labels('controller');
    const account = { name, namespace: this.namespace };
    makeObject(k8s.KubeServiceAccount, this, 'ControllerServiceAccount', { metadata: { name, labels } });

    // Upstream's rbac-csi-nfs.yaml, less what these sidecars never ask for:
    // - no secrets: the provisioner reads one only for a class that names
    //   `csi.storage.k8s.io/provisioner-secret-*`, which NfsCsiStorage never
    //   writes (upstream uses it to pass mount options to DeleteVolume);
    // - no csinodes and only `get` on nodes: the driver reports no topology,
    //   so the provisioner watches neither; it gets the node a
    //   WaitForFirstConsumer claim was scheduled to;
    // - no list or watch of events: the sidecars only write them;
    // - persistentvolumes without `update` (the resizer patches);
    // - leases in a namespaced Role below, not cluster-wide.
    // Snapshot rules: the provisioner reads snapshots to restore a claim
    // from one; the csi-snapshotter (with `snapshots`) manages contents.
    const rules: k8s.PolicyRule[] = [
      { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
      { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get', 'list', 'watch'] },
    ];
    if (this.snapshots) {
      rules.push(
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['update', 'patch'] },
      );
    } else {
      rules.push({ apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list'] });
    }
    grantRole(this, account, labels, { id: 'ControllerClusterRole', roleName: name, clusterWide: true, rules });

    // Each sidecar leads on its own Lease in this namespace; client-go's
    // Lease lock only gets, creates and updates it. Lease names are the
    // sidecars' own (derived from the driver name), so not listed here.
    grantRole(this, account, labels, { id: 'LeaderElectionRole', roleName: `${name}-leader-election`, clusterWide: false, rules: LEASE_LOCK_RULES });
  }

  /** A sidecar of the controller that leads on a Lease and talks to the plugin's socket. */
  private controllerSidecar(name: string, image: string, args: string[], memoryLimit: string): k8s.Container {
    return {
      name,
      image,
      args: [...args, '--csi-address=$(ADDRESS)', '--leader-election', '--leader-election-namespace=$(POD_NAMESPACE)'],
      env: [{ name: 'ADDRESS', value: SOCKET }, ENV_POD_NAMESPACE],
      volumeMounts: [{ name: 'socket-dir', mountPath: SOCKET_MOUNT }],
      resources: upstreamResources(memoryLimit),
      securityContext: SIDECAR_SECURITY,
    };
  }

  /**
   * The controller: creates, deletes and snapshots volumes by mounting the
   * share in its own mount namespace. Unlike upstream it runs in the pod
   * network (no `hostNetwork`) and without the kubelet's pods folder: it
   * mounts nothing a pod uses, so it needs neither.
   */
  // No NetworkPolicy (NfsStorage has one): the controller mounts the share
  // itself, and an NFSv3 mount needs rpcbind and mountd on ports the server
  // chooses, which a policy by port cannot name; the node plugin runs in the
  // node's network, which policies do not govern.
  private makeController(replicas: number, nodeSelector: { [key: string]: string }, tolerations?: k8s.Toleration[]): void {
    const name = this.controllerServiceAccountName;
    const labels = this.labels('controller');
    const images = this.images;
    const containers: k8s.Container[] = [
      this.controllerSidecar('csi-provisioner', images.provisioner, [
        '--v=2', '--extra-create-metadata=true', '--feature-gates=VolumeAttributesClass=false',
        '--timeout=1200s', '--retry-interval-max=30m',
      ], '400Mi'),
      this.controllerSidecar('csi-resizer', images.resizer, [
        '--v=2', '--handle-volume-inuse-error=false', '--feature-gates=VolumeAttributesClass=false',
      ], '400Mi'),
    ];
    if (this.snapshots) {
      containers.push(this.controllerSidecar('csi-snapshotter', images.snapshotter, [
        '--v=2', '--timeout=1200s', '--retry-interval-max=30m',
      ], '200Mi'));
    }
    containers.push(
      {
        name: 'liveness-probe',
        image: images.livenessProbe,
        // In the pod's network the kubelet probes the pod's address, not localhost.
        args: [`--csi-address=${SOCKET}`, '--probe-timeout=3s', `--http-endpoint=:${CONTROLLER_HEALTH_PORT}`, '--v=2'],
        volumeMounts: [{ name: 'socket-dir', mountPath: SOCKET_MOUNT }],
        resources: upstreamResources('100Mi'),
        securityContext: SIDECAR_SECURITY,
      },
      {
        name: 'nfs',
        image: images.nfsPlugin,
        args: ['--v=5', '--nodeid=$(NODE_ID)', '--endpoint=$(CSI_ENDPOINT)', `--drivername=${this.name}`, '--working-mount-dir=/tmp'],
        env: [ENV_NODE_ID, { name: 'CSI_ENDPOINT', value: `unix://${SOCKET}` }],
        livenessProbe: this.pluginProbe(k8s.IntOrString.fromNumber(CONTROLLER_HEALTH_PORT)),
        volumeMounts: [{ name: 'socket-dir', mountPath: SOCKET_MOUNT }],
        resources: upstreamResources('200Mi'),
        securityContext: PLUGIN_SECURITY,
      },
    );
    makeObject(k8s.KubeDeployment, this, 'Controller', {
      metadata: { name, labels },
      spec: {
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            nodeSelector,
            tolerations,
            priorityClassName: 'system-cluster-critical',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers,
            volumes: [{ name: 'socket-dir', emptyDir: {} }],
          },
        },
      },
    });
  }

  /** The liveness probe of an nfs plugin container, answered by its livenessprobe sidecar. */
  private pluginProbe(port: k8s.IntOrString, host?: string): k8s.Probe {
    return {
      httpGet: { host, path: '/healthz', port },
      failureThreshold: 5,
      initialDelaySeconds: 30,
      timeoutSeconds: 10,
      periodSeconds: 30,
    };
  }

  /**
   * The node plugin on every node: mounts the share for each pod under the
   * kubelet's pods folder, where only `Bidirectional` propagation makes the
   * mount visible to the kubelet and the pod. It runs in the node's network,
   * as upstream: an NFS mount keeps the network namespace it was made in.
   * It never calls the API server, so it gets no token.
   */
  private makeNode(nodeSelector: { [key: string]: string }): void {
    const name = `${this.base}-node`;
    const labels = this.labels('node');
    const dir = this.kubeletDir;
    const socketDir = `${dir}/plugins/${this.name === DEFAULT_NAME ? 'csi-nfsplugin' : this.name}`;
    const socketMount = { name: 'socket-dir', mountPath: SOCKET_MOUNT };
    makeObject(k8s.KubeServiceAccount, this, 'NodeServiceAccount', { metadata: { name, labels }, automountServiceAccountToken: false });
    makeObject(k8s.KubeDaemonSet, this, 'Node', {
      metadata: { name, labels },
      spec: {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            automountServiceAccountToken: false,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            nodeSelector,
            tolerations: [{ operator: 'Exists' }],
            priorityClassName: 'system-node-critical',
            securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'liveness-probe',
                image: this.images.livenessProbe,
                args: [`--csi-address=${SOCKET}`, '--probe-timeout=3s', `--http-endpoint=localhost:${NODE_HEALTH_PORT}`, '--v=2'],
                volumeMounts: [socketMount],
                resources: upstreamResources('100Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              {
                name: 'node-driver-registrar',
                image: this.images.nodeDriverRegistrar,
                args: ['--v=2', `--csi-address=${SOCKET}`, '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)'],
                env: [
                  { name: 'DRIVER_REG_SOCK_PATH', value: `${socketDir}/csi.sock` },
                  { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                volumeMounts: [socketMount, { name: 'registration-dir', mountPath: '/registration' }],
                resources: upstreamResources('100Mi'),
                securityContext: SIDECAR_SECURITY,
              },
              {
                name: 'nfs',
                image: this.images.nfsPlugin,
                args: ['--v=5', '--nodeid=$(NODE_ID)', '--endpoint=$(CSI_ENDPOINT)', `--drivername=${this.name}`],
                env: [ENV_NODE_ID, { name: 'CSI_ENDPOINT', value: `unix://${SOCKET}` }],
                livenessProbe: this.pluginProbe(k8s.IntOrString.fromNumber(NODE_HEALTH_PORT), 'localhost'),
                volumeMounts: [
                  socketMount,
                  { name: 'pods-mount-dir', mountPath: `${dir}/pods`, mountPropagation: 'Bidirectional' },
                ],
                resources: upstreamResources('300Mi'),
                securityContext: PLUGIN_SECURITY,
              },
            ],
            volumes: [
              { name: 'socket-dir', hostPath: { path: socketDir, type: 'DirectoryOrCreate' } },
              { name: 'pods-mount-dir', hostPath: { path: `${dir}/pods`, type: 'Directory' } },
              { name: 'registration-dir', hostPath: { path: `${dir}/plugins_registry`, type: 'Directory' } },
            ],
          },
        },
      },
    });
  }

  /** The `CSIDriver`, after every other object of the driver. */
  private makeCsiDriver(): ApiObject {
    const others = [...this.node.children];
    const driver = clusterScoped(makeObject(k8s.KubeCsiDriver, this, 'Resource', {
      metadata: { name: this.name, labels: this.labels('driver') },
      spec: {
        // Nothing to attach: the node plugin mounts the share directly.
        attachRequired: false,
        volumeLifecycleModes: ['Persistent'],
        // The kubelet changes the group of a volume's files to a pod's fsGroup.
        fsGroupPolicy: 'File',
      },
    }));
    for (const other of others) orderAfter(driver, other as ApiObject);
    return driver;
  }

  /** Two drivers of one name in an app overwrite each other's cluster-wide objects. */
  private checkUniqueInApp(): void {
    this.node.addValidation({
      validate: () => libraryConstructsOfApp(this, (c): c is NfsCsiDriver => c instanceof NfsCsiDriver && c !== this && c.name === this.name)
        .map(other => `${this.owner}: 'name' must be unique in the app (${other.node.path} has it too), got ${JSON.stringify(this.name)}`),
    });
  }
}
