import { ApiObject, Chart, Names, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { libraryConstructsOfApp, registerAppChecks } from './app-checks';
import {
  checkAbsolutePath, checkCidr, checkDnsSubdomain, checkHost, checkId, checkImage, checkLabels, checkMountOption,
  checkOneOf, checkQualifiedName, checkWholeNumber, fail,
} from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { renderApiServerOnlyPolicy, resolveApiServerPorts } from './network-policy';
import { makeObject } from './objects';
import { orderAfter } from './ordering';
import { checkPathPattern, deletesLastNameOnly } from './path-pattern';
import { _podSecurityLevelOf, IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { ComputeResources, CpuAmount, toKubeResources } from './quantities';
import { grantRole } from './rbac';
import { resolveTolerations, Toleration } from './scheduling';
import { IStorageClass, NfsOnDelete, ReclaimPolicy, VolumeBindingMode } from './storage-class';

/**
 * Props for `NfsStorage`.
 */
export interface NfsStorageProps {
  /**
   * The NFS server: host name or IP address.
   */
  readonly server: string;

  /**
   * The exported directory on the server. Each claim gets a sub-directory of it.
   */
  readonly path: string;

  /**
   * Name of the StorageClass.
   *
   * @default - a name made of the construct path and the chart's namespace, so
   * that two NfsStorage in one cluster never share it
   */
  readonly storageClassName?: string;

  /**
   * The provisioner name: the StorageClass `provisioner` and the provisioner's
   * `PROVISIONER_NAME`, written once here so the two cannot drift.
   *
   * @default - `cluster.local/<storageClassName>` with the default class name,
   * unique like it
   */
  readonly provisionerName?: string;

  /**
   * What happens to a volume when its claim is deleted.
   *
   * Retain is the default because it never loses data: a deleted claim leaves
   * its PersistentVolume (Released) and its directory on the export, which an
   * administrator can bind again. Delete with `archiveOnDelete` keeps the data
   * too, but as a renamed directory with no volume object left to point at it.
   *
   * @default ReclaimPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
   */
  readonly reclaimPolicy?: ReclaimPolicy;

  /**
   * With `ReclaimPolicy.DELETE`: rename a deleted volume's directory to
   * `archived-<dir>` instead of removing it. Ignored when `onDelete` is set.
   *
   * @default true
   */
  readonly archiveOnDelete?: boolean;

  /**
   * With `ReclaimPolicy.DELETE`: remove, keep or archive a deleted volume's
   * directory. Takes precedence over `archiveOnDelete`; `NfsOnDelete.ARCHIVE`
   * is `archiveOnDelete` true.
   *
   * @default - not set: `archiveOnDelete` decides
   */
  readonly onDelete?: NfsOnDelete;

  /**
   * Template for the directory of each volume, relative to the export.
   *
   * For example `${.PVC.namespace}/${.PVC.name}`: the directory is then
   * named after the claim, and a claim created again with the same name
   * finds its old directory, data included.
   *
   * Refused at construction when two claims could get one directory, one
   * inside the other's, or the export's root: the fields are
   * `${.PVC.namespace}`, `${.PVC.name}` and `${.PVC.labels.<key>}` (not
   * annotations, which the claim's author writes freely); both the namespace
   * and the name appear, in a directory name without labels (with a '.', '_'
   * or capital letter between them if they share one); and every directory
   * name keeps a character other than '.' when its labels are missing.
   *
   * With `ReclaimPolicy.DELETE` and an image tagged v4.0.2 or older (the
   * default), a pattern with a sub-directory is refused unless `onDelete` is
   * `NfsOnDelete.RETAIN`: on delete, v4.0.2 looks only at
   * `<export>/<last directory name>`, so it would leave the directory, or
   * delete or archive another one of that name.
   *
   * @default - `<namespace>-<claim>-<volume>`, a new directory per volume
   */
  readonly pathPattern?: string;

  /**
   * Mount options of the export, for example `['nfsvers=4.1']`: of the
   * provisioned volumes (on the StorageClass) and of the provisioner's own
   * mount (on its static PersistentVolume).
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options
   */
  readonly mountOptions?: string[];

  /**
   * When claims of the class are bound.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of the class may ask to grow. Off by default: the
   * provisioner cannot resize a volume, so a claim that grows is left in an
   * error state ("didn't find a plugin capable of expanding the volume"), and
   * NFS enforces no size anyway.
   *
   * @default false
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Make this the cluster's default StorageClass.
   *
   * @default false
   */
  readonly defaultClass?: boolean;

  /**
   * The provisioner image.
   *
   * The RBAC rules fit the default image, whose controller library leads on an
   * Endpoints lock. An image built on a newer library that leads on a Lease
   * needs a Role on `coordination.k8s.io` leases added, or `leaderElection: false`.
   *
   * @default 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2'
   */
  readonly image?: string;

  /**
   * Number of provisioner pods. More than one needs leader election.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * CPU and memory of the provisioner container.
   *
   * @default - requests 10m CPU and 32Mi memory, limit 128Mi memory
   */
  readonly resources?: ComputeResources;

  /**
   * Node labels the provisioner pod must run on.
   *
   * @default - any node
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Node taints the provisioner pods tolerate, such as `[{ key: 'dedicated', value: 'storage', effect: TolerationEffect.NO_SCHEDULE }]`.
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: Toleration[];

  /**
   * Run the provisioner as this user id, for an export that lets this user
   * create, rename and remove directories in its top directory: the directory
   * belongs to the user, or the export squashes every user to it
   * (`all_squash,anonuid=<id>`). A user other than 0 makes the pod
   * `runAsNonRoot`, which meets the `restricted` Pod Security level.
   *
   * @default - the image's user, root: the export must not squash root
   * (`no_root_squash`, as in the tutorial) or must let the anonymous user write
   */
  readonly runAsUser?: number;

  /**
   * Run the provisioner with this group id, for an export directory that this
   * group may write.
   *
   * @default - the image's group
   */
  readonly runAsGroup?: number;

  /**
   * Leader election between provisioner pods. It needs a namespaced Role on
   * endpoints; without it only one pod may run.
   *
   * @default true
   */
  readonly leaderElection?: boolean;

  /**
   * Emit a NetworkPolicy that lets the provisioner pods accept no connection
   * and open TCP connections only to the API server (`apiServerCidrs`, on
   * `apiServerPorts`). The export needs no rule: the kubelet mounts it, in the
   * node's network, which NetworkPolicy does not govern. It only has an
   * effect where the cluster's network plugin enforces NetworkPolicy.
   *
   * @default true
   */
  readonly networkPolicy?: boolean;

  /**
   * Where the API server is, as the provisioner's packets see it: most
   * network plugins apply policies after the `kubernetes` Service address is
   * translated to the API server's own, so give those addresses (`kubectl -n
   * default get endpoints kubernetes`) to narrow the policy to them.
   *
   * @default ['0.0.0.0/0', '::/0'] - any address, on the API server ports only
   */
  readonly apiServerCidrs?: string[];

  /**
   * The API server's TCP ports, as the provisioner's packets see them. Most
   * network plugins apply policies after the `kubernetes` Service address
   * (port 443) is translated to an API server's own address and port, so
   * the port that counts is the one `kubectl get endpoints kubernetes -n
   * default` shows: 6443 on kubeadm clusters, 443 on most managed ones
   * (both by default); a cluster whose API server listens elsewhere needs
   * that port here, or the provisioner loses the API server wherever the
   * policy is enforced.
   *
   * @default [443, 6443]
   */
  readonly apiServerPorts?: number[];
}

const DEFAULT_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';

/** Where the provisioner image expects the export to be mounted; fixed in its code. */
const EXPORT_MOUNT_PATH = '/persistentvolumes';
const EXPORT_ACCESS_MODES = ['ReadWriteMany']; // every provisioner replica mounts the export
const EXPORT_SIZE = { storage: k8s.Quantity.fromString('10Mi') }; // nominal: NFS enforces no size

/** The provisioner's settings, resolved from the props. */
interface ProvisionerSettings {
  readonly image: string;
  readonly replicas: number;
  readonly leaderElection: boolean;
  readonly resources: k8s.ResourceRequirements;
  readonly nodeSelector?: { [key: string]: string };
  readonly tolerations?: k8s.Toleration[];
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** The API server addresses the NetworkPolicy lets it reach; none: no policy. */
  readonly apiServerCidrs?: string[];
  /** The API server ports the NetworkPolicy lets it reach. */
  readonly apiServerPorts: number[];
}

/** The StorageClass's settings, resolved from the props. */
interface ClassSettings {
  readonly volumeBindingMode: VolumeBindingMode;
  readonly allowVolumeExpansion: boolean;
  readonly defaultClass: boolean;
  readonly mountOptions?: string[];
  readonly parameters: { [key: string]: string };
}

/**
 * An NFS dynamic provisioner and its StorageClass.
 *
 * Emits the nfs-subdir-external-provisioner as a Deployment with its
 * ServiceAccount, a least-privilege ClusterRole and ClusterRoleBinding, a
 * namespaced Role and RoleBinding for leader election, a static
 * PersistentVolume and claim through which it mounts the export, and the
 * StorageClass whose `provisioner` is the Deployment's `PROVISIONER_NAME` by
 * construction. Each claim of the class gets its own directory on the export.
 */
export class NfsStorage extends Construct implements IStorageClass, IPodSecurityRequirement {
  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The provisioner name shared by the StorageClass and the Deployment. */
  public readonly provisionerName: string;
  /** The NFS server. */
  public readonly server: string;
  /** The exported directory. */
  public readonly path: string;
  /** The reclaim policy of provisioned volumes. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** The directory template of each volume, if set (else `<namespace>-<claim>-<volume>`). */
  public readonly pathPattern?: string;
  /** Name of the provisioner's ServiceAccount (also of its Deployment). */
  public readonly serviceAccountName: string;
  /** Namespace of the provisioner's ServiceAccount and Deployment. */
  public readonly namespace: string;
  /**
   * The Pod Security level of the provisioner's pods: `restricted` with a
   * non-root `runAsUser` (they mount the export through a claim, and drop
   * every capability), else `baseline`, as root.
   */
  public readonly podSecurityLevel: PodSecurityLevel;
  /**
   * The StorageClass object: a workload that claims from this class comes
   * after it, and it comes after every other object of the provisioner.
   */
  public readonly orderAfter?: IConstruct;
  /** The provisioner Deployment. */
  public readonly apiObject: ApiObject;

  private readonly owner: string;
  /** The base of every object name, unique per construct path and namespace. */
  private readonly base: string;
  /** The labels that select the provisioner's pods. */
  private readonly labels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: NfsStorageProps) {
    super(scope, id);
    registerAppChecks(this);
    this.owner = `NfsStorage ${this.node.path}`;
    // Checks and defaults first: a bad prop throws before any object is made.
    this.server = checkHost(this.owner, 'server', props.server);
    this.path = checkAbsolutePath(this.owner, 'path', props.path);
    const chartNamespace = Chart.of(this).namespace;
    this.namespace = chartNamespace ?? 'default';
    // Cluster-scoped names carry the namespace: the same app applied to two
    // namespaces gets two classes, two provisioners and two ClusterRoles.
    this.base = Names.toDnsLabel(this, { extra: chartNamespace ? [chartNamespace] : [] });
    this.serviceAccountName = this.base;
    this.storageClassName = checkDnsSubdomain(this.owner, 'storageClassName', props.storageClassName ?? this.base);
    this.provisionerName = checkQualifiedName(this.owner, 'provisionerName', props.provisionerName ?? `cluster.local/${this.base}`);
    this.reclaimPolicy = checkOneOf(this.owner, 'reclaimPolicy', props.reclaimPolicy, ReclaimPolicy) ?? ReclaimPolicy.RETAIN;
    this.pathPattern = props.pathPattern;
    this.labels = { 'app.kubernetes.io/name': 'nfs-subdir-external-provisioner', 'app.kubernetes.io/instance': this.base };
    const provisioner = this.resolveProvisioner(props);
    const storageClass = this.resolveClass(props, provisioner.image);
    // The provisioner container adds no capability.
    this.podSecurityLevel = _podSecurityLevelOf(provisioner.runAsUser !== undefined && provisioner.runAsUser > 0, []);

    // Then the objects, in the order they are synthesized (makeExportVolume says why the volume is first).
    const exportVolume = this.makeExportVolume(storageClass.mountOptions);
    this.makeRbac(provisioner.leaderElection);
    // Its address differs per cluster, hence any address by default.
    if (provisioner.apiServerCidrs) renderApiServerOnlyPolicy(this, this.base, this.labels, provisioner.apiServerCidrs, provisioner.apiServerPorts, this.objectLabels('provisioner'));
    this.apiObject = this.makeDeployment(provisioner, this.makeExportClaim(exportVolume));
    this.orderAfter = this.makeStorageClass(storageClass);
    this.checkUniqueInApp();
  }

  /** The provisioner Deployment's image, replicas, resources and scheduling. */
  private resolveProvisioner(props: NfsStorageProps): ProvisionerSettings {
    const owner = this.owner;
    const leaderElection = props.leaderElection ?? true;
    const replicas = checkWholeNumber(owner, 'replicas', props.replicas ?? 1, 0, 100);
    if (!leaderElection && replicas > 1) {
      fail(owner, 'replicas', replicas, "at most 1 when 'leaderElection' is false", 'Two provisioners without a leader would both act on every claim.');
    }
    return {
      image: checkImage(owner, 'image', props.image ?? DEFAULT_IMAGE),
      replicas,
      leaderElection,
      nodeSelector: props.nodeSelector && checkLabels(owner, 'nodeSelector', props.nodeSelector),
      tolerations: resolveTolerations(owner, 'tolerations', props.tolerations),
      runAsUser: props.runAsUser === undefined ? undefined : checkId(owner, 'runAsUser', props.runAsUser),
      runAsGroup: props.runAsGroup === undefined ? undefined : checkId(owner, 'runAsGroup', props.runAsGroup),
      apiServerCidrs: props.networkPolicy ?? true
        ? (props.apiServerCidrs ?? ['0.0.0.0/0', '::/0']).map((c, i) => checkCidr(owner, `apiServerCidrs[${i}]`, c))
        : undefined,
      apiServerPorts: resolveApiServerPorts(owner, props.apiServerPorts),
      resources: toKubeResources(owner, 'resources', props.resources ?? {
        cpu: { request: CpuAmount.millis(10) },
        memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
      }),
    };
  }

  /**
   * The StorageClass's binding mode, options and provisioner parameters; the
   * directory pattern checked against what `image` does on delete.
   */
  private resolveClass(props: NfsStorageProps, image: string): ClassSettings {
    const owner = this.owner;
    const volumeBindingMode = checkOneOf(owner, 'volumeBindingMode', props.volumeBindingMode, VolumeBindingMode) ?? VolumeBindingMode.IMMEDIATE;
    const onDelete = checkOneOf(owner, 'onDelete', props.onDelete, NfsOnDelete);
    if (props.pathPattern !== undefined) {
      const levels = checkPathPattern(owner, 'pathPattern', props.pathPattern);
      if (levels > 1 && this.reclaimPolicy === ReclaimPolicy.DELETE && onDelete !== NfsOnDelete.RETAIN && deletesLastNameOnly(image)) {
        fail(owner, 'pathPattern', props.pathPattern, "one directory name (no '/') with 'reclaimPolicy' Delete and an image of v4.0.2 or older",
          "On delete, v4.0.2 looks only at <export>/<last directory name>, so 'onDelete' and 'archiveOnDelete' would leave the claim's directory as it is, "
          + "or act on another directory of that name. Keep ReclaimPolicy.RETAIN, set 'onDelete' to NfsOnDelete.RETAIN, or use a newer image.");
      }
    }
    props.mountOptions?.forEach((option, i) => checkMountOption(owner, `mountOptions[${i}]`, option));
    // The subdir provisioner knows onDelete delete and retain only; archiving
    // is its archiveOnDelete.
    if (onDelete === NfsOnDelete.ARCHIVE && props.archiveOnDelete === false) {
      fail(owner, 'archiveOnDelete', props.archiveOnDelete, "true or left out with 'onDelete' NfsOnDelete.ARCHIVE, which archives");
    }
    const parameters: { [key: string]: string } = { archiveOnDelete: String(props.archiveOnDelete ?? true) };
    if (onDelete && onDelete !== NfsOnDelete.ARCHIVE) parameters.onDelete = onDelete;
    if (props.pathPattern) parameters.pathPattern = props.pathPattern;
    return {
      volumeBindingMode,
      allowVolumeExpansion: props.allowVolumeExpansion ?? false,
      defaultClass: props.defaultClass ?? false,
      mountOptions: props.mountOptions,
      parameters,
    };
  }

  /** The labels of one of its objects: the selector's, and the rest of the recommended set. */
  private objectLabels(component: string): { [key: string]: string } {
    return recommendedLabels('nfs-subdir-external-provisioner', this.base, component, 'nfs-subdir-external-provisioner');
  }

  /**
   * The ServiceAccount, its ClusterRole and binding, and with leader election
   * a Role and binding in its namespace.
   */
  private makeRbac(leaderElection: boolean): void {
    const { base } = this;
    const labels = this.objectLabels('provisioner');
    makeObject(k8s.KubeServiceAccount, this, 'ServiceAccount', { metadata: { name: base, labels } });

    // The upstream deploy/rbac.yaml rules less what its controller library
    // (sig-storage-lib-external-provisioner v6, in the pinned image) never
    // asks for, as measured by the e2e test's audit log: it watches claims and
    // classes, creates and deletes the volumes it owns, updates claims
    // (annotations), gets the selected node (WaitForFirstConsumer) and creates
    // or patches events. No wildcard, no secrets.
    const account = { name: base, namespace: this.namespace };
    grantRole(this, account, labels, {
      id: 'ClusterRole',
      roleName: `${base}-runner`,
      bindingName: `run-${base}`,
      clusterWide: true,
      rules: [
        { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    });

    if (leaderElection) {
      // Leader election only needs its lock, an Endpoints object in its own
      // namespace, which it reads, creates and renews (the library's lock
      // type; it uses no Lease).
      grantRole(this, account, labels, {
        id: 'LeaderElectionRole',
        roleName: `leader-locking-${base}`,
        clusterWide: false,
        rules: [{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'create', 'update'] }],
      });
    }
  }

  /**
   * The provisioner's own mount of the export: a static PersistentVolume and
   * its claim, rather than an inline `nfs:` volume. A volume carries the mount
   * options (an inline one cannot), and a claim is a volume type the
   * `restricted` Pod Security level allows. The volume's `claimRef` names the
   * claim, the claim selects the volume's labels, neither has a class (`""`: no
   * provisioner or default class fills it), so they bind only each other.
   * Retain: the volume is the whole export. No `volumeName`, so the volume's
   * sync never races the claim's binding (kube-controller-manager up to 1.35
   * retries a lost one at its next pass over the claims, 15 s later); the volume
   * is first among the storage's objects, the claim just before the Deployment.
   */
  private makeExportVolume(mountOptions: string[] | undefined): ApiObject {
    const name = `${this.base}-export`; // the claim's too
    return clusterScoped(makeObject(k8s.KubePersistentVolume, this, 'ExportVolume', {
      metadata: { name, labels: this.objectLabels('export') },
      spec: {
        capacity: EXPORT_SIZE,
        accessModes: EXPORT_ACCESS_MODES,
        persistentVolumeReclaimPolicy: ReclaimPolicy.RETAIN,
        storageClassName: '',
        mountOptions,
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: this.namespace, name },
        nfs: { server: this.server, path: this.path },
      },
    }));
  }

  /** The claim of the export's volume (makeExportVolume). */
  private makeExportClaim(volume: ApiObject): ApiObject {
    const claim = makeObject(k8s.KubePersistentVolumeClaim, this, 'ExportClaim', {
      metadata: { name: volume.name, labels: this.objectLabels('export') },
      // The storage's selector labels: of its volumes, only this one carries them.
      spec: { accessModes: EXPORT_ACCESS_MODES, storageClassName: '', selector: { matchLabels: this.labels }, resources: { requests: EXPORT_SIZE } },
    });
    orderAfter(claim, volume);
    return claim;
  }

  /** The provisioner Deployment, with the export's claim mounted where the image expects it. */
  private makeDeployment(provisioner: ProvisionerSettings, exportClaim: ApiObject): ApiObject {
    const { base, labels } = this;
    const deployment = makeObject(k8s.KubeDeployment, this, 'Resource', {
      metadata: { name: base, labels: this.objectLabels('provisioner') },
      spec: {
        replicas: provisioner.replicas,
        // Two provisioners must not run against one export while a new one starts.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: base,
            nodeSelector: provisioner.nodeSelector,
            tolerations: provisioner.tolerations,
            securityContext: {
              runAsUser: provisioner.runAsUser,
              runAsGroup: provisioner.runAsGroup,
              runAsNonRoot: provisioner.runAsUser ? true : undefined,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [{
              name: 'nfs-subdir-external-provisioner',
              image: provisioner.image,
              env: [
                { name: 'PROVISIONER_NAME', value: this.provisionerName },
                { name: 'NFS_SERVER', value: this.server },
                { name: 'NFS_PATH', value: this.path },
                ...(provisioner.leaderElection ? [] : [{ name: 'ENABLE_LEADER_ELECTION', value: 'false' }]),
              ],
              resources: provisioner.resources,
              volumeMounts: [{ name: 'nfs-export', mountPath: EXPORT_MOUNT_PATH }],
              // The image runs as root unless 'runAsUser' says otherwise: the
              // tutorial's export lets only root create directories. Everything
              // else is closed: no capability (creating, chmod-ing and renaming
              // its own directories needs none), no escalation, a read-only
              // root file system.
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            }],
            volumes: [{ name: 'nfs-export', persistentVolumeClaim: { claimName: exportClaim.name } }],
          },
        },
      },
    });
    orderAfter(deployment, exportClaim);
    return deployment;
  }

  /**
   * The StorageClass, ordered after every other object of the provisioner that
   * serves it: a workload ordered after the class alone then comes after the
   * whole provisioner (src/ordering.ts).
   */
  private makeStorageClass(settings: ClassSettings): ApiObject {
    const others = [...this.node.children];
    const storageClass = clusterScoped(makeObject(k8s.KubeStorageClass, this, 'StorageClass', {
      metadata: {
        name: this.storageClassName,
        labels: this.objectLabels('storage-class'),
        annotations: settings.defaultClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      provisioner: this.provisionerName,
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: settings.volumeBindingMode,
      allowVolumeExpansion: settings.allowVolumeExpansion,
      mountOptions: settings.mountOptions,
      parameters: settings.parameters,
    }));
    for (const other of others) orderAfter(storageClass, other);
    return storageClass;
  }

  /**
   * Two classes of one name overwrite each other when applied, and two
   * provisioners of one name race for the same claims: both are cluster-wide.
   * Checked at synth, when the app is complete.
   */
  private checkUniqueInApp(): void {
    const owner = this.owner;
    this.node.addValidation({
      validate: () => libraryConstructsOfApp(this, (c): c is NfsStorage => c instanceof NfsStorage && c !== this
        && (c.storageClassName === this.storageClassName || c.provisionerName === this.provisionerName))
        .flatMap(other => [
          ...(other.storageClassName === this.storageClassName ? [`${owner}: 'storageClassName' must be unique in the app (${other.node.path} has it too), got ${JSON.stringify(this.storageClassName)}`] : []),
          ...(other.provisionerName === this.provisionerName ? [`${owner}: 'provisionerName' must be unique in the app (${other.node.path} has it too), got ${JSON.stringify(this.provisionerName)}`] : []),
        ]),
    });
  }
}
