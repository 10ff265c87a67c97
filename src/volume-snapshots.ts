import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppChecks } from './app-checks';
import { checkDnsSubdomain, checkImage, checkInstance, checkLabels, checkOneOf, checkWholeNumber, fail } from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { NfsCsiDriver } from './nfs-csi-driver';
import { NfsCsiStorage } from './nfs-csi-storage';
import { makeObject } from './objects';
import { orderAfter } from './ordering';
import { IPodSecurityRequirement, PodSecurityLevel } from './pod-security';
import { toQuantity } from './quantities';
import { grantRole, LEASE_LOCK_RULES } from './rbac';
import { resolveTolerations, Toleration } from './scheduling';
import { SNAPSHOT_CRDS, SNAPSHOT_GROUP } from './snapshot-crds';
import { StatefulWeb } from './stateful-web';

const SNAPSHOT_API_VERSION = `${SNAPSHOT_GROUP}/v1`;

/**
 * What happens to a snapshot's data (its `VolumeSnapshotContent` and the
 * driver's archive on the share) when its `VolumeSnapshot` is deleted.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volume-snapshot-classes/#deletionpolicy
 */
export enum SnapshotDeletionPolicy {
  /** The data is kept; an administrator removes it by hand. */
  RETAIN = 'Retain',
  /** The data is deleted with the snapshot. */
  DELETE = 'Delete',
}

/** The recommended labels of the library's snapshot objects. */
function snapshotLabels(name: string, instance: string, component: string): { [key: string]: string } {
  return recommendedLabels(name, instance, component, 'csi-driver-nfs');
}

/** The namespace a construct's objects land in. */
function namespaceOf(scope: Construct): string {
  return Chart.of(scope).namespace ?? 'default';
}

/**
 * Props for `SnapshotController`.
 */
export interface SnapshotControllerProps {
  /**
   * Write the three snapshot CustomResourceDefinitions (VolumeSnapshot,
   * VolumeSnapshotContent, VolumeSnapshotClass, v1). Leave them out where the
   * cluster has them already and only the controller is missing.
   *
   * @default true
   */
  readonly crds?: boolean;

  /**
   * The snapshot-controller image.
   *
   * @default 'registry.k8s.io/sig-storage/snapshot-controller:v8.6.0'
   */
  readonly image?: string;

  /**
   * Number of controller pods; more than one stand by (leader election on a Lease).
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Node labels the controller must run on.
   *
   * @default { 'kubernetes.io/os': 'linux' } (as upstream)
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of the controller pods.
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];
}

/**
 * The CSI snapshot API for a cluster that has none: the snapshot CRDs and the
 * snapshot controller.
 *
 * Emits the three `snapshot.storage.k8s.io/v1` CustomResourceDefinitions of
 * external-snapshotter v8.6.0 (cluster-scoped) and, in the chart's namespace,
 * snapshot-controller v8.6.0 as a Deployment with its ServiceAccount,
 * least-privilege ClusterRole and a Role for its leader Lease. The controller
 * runs as a non-root user: its pods pass the `restricted` level.
 *
 * Many distributions install both already (`kubectl get crd
 * volumesnapshots.snapshot.storage.k8s.io`): only one controller may run
 * per cluster.
 */
export class SnapshotController extends Construct implements IPodSecurityRequirement {
  /** `RESTRICTED`. */
  public readonly podSecurityLevel: PodSecurityLevel;
  /** The CustomResourceDefinitions, when written. */
  public readonly crds: ApiObject[];
  /** The controller Deployment, ordered after the CRDs and its permissions. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: SnapshotControllerProps = {}) {
    super(scope, id);
    registerAppChecks(this);
    const owner = `SnapshotController ${this.node.path}`;
    const image = checkImage(owner, 'image', props.image ?? 'registry.k8s.io/sig-storage/snapshot-controller:v8.6.0');
    const replicas = checkWholeNumber(owner, 'replicas', props.replicas ?? 1, 0, 100);
    const nodeSelector = checkLabels(owner, 'nodeSelector', props.nodeSelector ?? { 'kubernetes.io/os': 'linux' });
    const tolerations = resolveTolerations(owner, 'tolerations', props.tolerations);
    const chartNamespace = Chart.of(this).namespace;
    const name = Names.toDnsLabel(this, { extra: chartNamespace ? [chartNamespace] : [] });
    const labels = snapshotLabels('snapshot-controller', name, 'controller');
    this.podSecurityLevel = PodSecurityLevel.RESTRICTED;

    this.crds = (props.crds ?? true) ? SNAPSHOT_CRDS.map(crd => clusterScoped(new ApiObject(this, `${crd.kind}Crd`, {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: `${crd.plural}.${SNAPSHOT_GROUP}`,
        labels: snapshotLabels('snapshot-controller', name, 'crd'),
        annotations: { 'api-approved.kubernetes.io': crd.approval },
      },
      spec: {
        group: SNAPSHOT_GROUP,
        names: {
          kind: crd.kind,
          listKind: `${crd.kind}List`,
          plural: crd.plural,
          singular: crd.kind.toLowerCase(),
          shortNames: crd.shortNames,
        },
        scope: crd.scope,
        versions: [{
          name: 'v1',
          served: true,
          storage: true,
          additionalPrinterColumns: crd.columns,
          schema: { openAPIV3Schema: crd.schema },
          subresources: crd.status ? { status: {} } : undefined,
        }],
      },
    }))) : [];

    const account = { name, namespace: namespaceOf(this) };
    makeObject(k8s.KubeServiceAccount, this, 'ServiceAccount', { metadata: { name, labels } });
    // Upstream's rbac-snapshot-controller.yaml without the group snapshot
    // rules (that feature is off by default and its CRDs are not written),
    // without create and delete of VolumeSnapshots (only group snapshots
    // make them), without list and watch of events (it only writes them),
    // and with leases in a namespaced Role (get, create, update: client-go's
    // Lease lock).
    grantRole(this, account, labels, {
      id: 'ClusterRole',
      roleName: name,
      clusterWide: true,
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
        { apiGroups: [SNAPSHOT_GROUP], resources: ['volumesnapshotclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [SNAPSHOT_GROUP], resources: ['volumesnapshotcontents'], verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'] },
        { apiGroups: [SNAPSHOT_GROUP], resources: ['volumesnapshotcontents/status'], verbs: ['patch'] },
        { apiGroups: [SNAPSHOT_GROUP], resources: ['volumesnapshots'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
        { apiGroups: [SNAPSHOT_GROUP], resources: ['volumesnapshots/status'], verbs: ['update', 'patch'] },
      ],
    });
    grantRole(this, account, labels, { id: 'LeaderElectionRole', roleName: `${name}-leader-election`, clusterWide: false, rules: LEASE_LOCK_RULES });

    const others = [...this.node.children];
    this.apiObject = makeObject(k8s.KubeDeployment, this, 'Resource', {
      metadata: { name, labels },
      spec: {
        replicas,
        // It exits after a few seconds when the CRDs are missing: not ready before that.
        minReadySeconds: 15,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            nodeSelector,
            tolerations,
            priorityClassName: 'system-cluster-critical',
            // A static program that only talks to the API server: no root,
            // no capability (the `restricted` level; upstream sets none).
            securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'snapshot-controller',
              image,
              args: ['--v=2', '--leader-election=true', '--leader-election-namespace=$(POD_NAMESPACE)'],
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('20Mi') },
                limits: { memory: k8s.Quantity.fromString('300Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    for (const other of others) orderAfter(this.apiObject, other as ApiObject);
  }
}

/**
 * Props for `NfsCsiSnapshotClass`.
 */
export interface NfsCsiSnapshotClassProps {
  /**
   * The driver whose volumes the class snapshots (it needs `snapshots`).
   */
  readonly driver: NfsCsiDriver;

  /**
   * What happens to a snapshot's archive when its VolumeSnapshot is deleted.
   * Retain by default: deleting a VolumeSnapshot object, by hand or with the
   * app, must not lose a backup.
   *
   * @default SnapshotDeletionPolicy.RETAIN
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;

  /**
   * Name of the VolumeSnapshotClass.
   *
   * @default - a name made of the construct path and the chart's namespace
   */
  readonly name?: string;

  /**
   * The snapshot API this app writes, if it does: the class comes after its CRDs.
   *
   * @default - the cluster has the snapshot API already
   */
  readonly snapshotController?: SnapshotController;
}

/**
 * A VolumeSnapshotClass of a csi-driver-nfs driver.
 *
 * Emits the cluster-scoped `VolumeSnapshotClass` (snapshot.storage.k8s.io/v1)
 * whose `driver` is the driver's name. The driver writes each snapshot as a
 * `.tar.gz` archive of the volume's directory on the volume's share.
 */
export class NfsCsiSnapshotClass extends Construct {
  /** Name of the VolumeSnapshotClass. */
  public readonly name: string;
  /** The driver. */
  public readonly driver: NfsCsiDriver;
  /** The deletion policy. */
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  /** The VolumeSnapshotClass object, after the driver (and the CRDs, if given). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: NfsCsiSnapshotClassProps) {
    super(scope, id);
    registerAppChecks(this);
    const owner = `NfsCsiSnapshotClass ${this.node.path}`;
    this.driver = checkInstance(owner, 'driver', props.driver, NfsCsiDriver, 'an NfsCsiDriver (new NfsCsiDriver(scope, id))');
    if (props.snapshotController !== undefined) checkInstance(owner, 'snapshotController', props.snapshotController, SnapshotController, 'a SnapshotController');
    if (!this.driver.snapshots) {
      fail(owner, 'driver', this.driver.node.path, "a driver with 'snapshots' (its csi-snapshotter sidecar takes the snapshots)");
    }
    this.deletionPolicy = checkOneOf(owner, 'deletionPolicy', props.deletionPolicy, SnapshotDeletionPolicy) ?? SnapshotDeletionPolicy.RETAIN;
    const chartNamespace = Chart.of(this).namespace;
    const base = Names.toDnsLabel(this, { extra: chartNamespace ? [chartNamespace] : [] });
    this.name = checkDnsSubdomain(owner, 'name', props.name ?? base);
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: SNAPSHOT_API_VERSION,
      kind: 'VolumeSnapshotClass',
      metadata: { name: this.name, labels: snapshotLabels('csi-driver-nfs', base, 'snapshot-class') },
      driver: this.driver.name,
      deletionPolicy: this.deletionPolicy,
    }));
    orderAfter(this.apiObject, this.driver.apiObject);
    for (const crd of props.snapshotController?.crds ?? []) orderAfter(this.apiObject, crd);
  }
}

/** A claim template of a site, as `volumeClaimTemplates` gives it. */
type VolumeClaimTemplate = StatefulWeb['volumeClaimTemplates'][number];

/** The claim template of a site that a snapshot or restore construct works on, checked. */
function templateOf(owner: string, prop: string, site: StatefulWeb, claim: string | undefined): VolumeClaimTemplate {
  const templates = site.volumeClaimTemplates;
  const template = claim === undefined ? templates[0] : templates.find(t => t.name === claim);
  if (!template) fail(owner, prop, claim, `one of the claim templates of ${site.node.path} (${templates.map(t => t.name).join(', ')})`);
  return template;
}

/** The NfsCsiStorage of a claim template, or an error naming the construct and the prop. */
function csiStorageOf(owner: string, prop: string, site: StatefulWeb, template: VolumeClaimTemplate): NfsCsiStorage {
  if (!(template.storage instanceof NfsCsiStorage)) {
    fail(owner, prop, site.node.path, `a StatefulWeb whose claim template '${template.name}' claims from an NfsCsiStorage (got the class ${JSON.stringify(template.storage?.storageClassName ?? null)})`);
  }
  return template.storage;
}

/** Refuses a construct whose chart puts its objects in another namespace than the site's. */
function checkSameNamespace(owner: string, prop: string, scope: Construct, site: StatefulWeb): string {
  const namespace = namespaceOf(scope);
  if (namespaceOf(site) !== namespace) {
    fail(owner, prop, site.node.path, `a StatefulWeb in this construct's namespace ${JSON.stringify(namespace)} (its claims are in ${JSON.stringify(namespaceOf(site))}): a snapshot and its claim share one`);
  }
  return namespace;
}

/**
 * Props for `StatefulWebSnapshots`.
 */
export interface StatefulWebSnapshotsProps {
  /**
   * The site whose claims are snapshotted, on an `NfsCsiStorage`.
   */
  readonly site: StatefulWeb;

  /**
   * The snapshot class, of the driver of the site's storage.
   */
  readonly snapshotClass: NfsCsiSnapshotClass;

  /**
   * The claim template whose claims are snapshotted.
   *
   * @default - the site's first claim template
   */
  readonly claim?: string;

  /**
   * The start of each snapshot's name: the snapshot of ordinal `i` is
   * `<namePrefix>-<i>`.
   *
   * @default '<claim template>-<site name>-snapshot'
   */
  readonly namePrefix?: string;
}

/**
 * A VolumeSnapshot of each claim of a StatefulWeb.
 *
 * Emits one `VolumeSnapshot` (snapshot.storage.k8s.io/v1) per pod, whose
 * source is the pod's claim (`site.claimName(claim, ordinal)`), in the site's
 * namespace. Applying it takes the snapshots; they are taken once (delete
 * and apply again for a new set). `ClaimsFromSnapshots` brings them back.
 */
export class StatefulWebSnapshots extends Construct {
  /** The site. */
  public readonly site: StatefulWeb;
  /** The claim template snapshotted. */
  public readonly claim: string;
  /** The snapshot class. */
  public readonly snapshotClass: NfsCsiSnapshotClass;
  /** The VolumeSnapshot objects, one per ordinal, in order. */
  public readonly apiObjects: ApiObject[];

  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: StatefulWebSnapshotsProps) {
    super(scope, id);
    registerAppChecks(this);
    const owner = `StatefulWebSnapshots ${this.node.path}`;
    const site = this.site = checkInstance(owner, 'site', props.site, StatefulWeb, 'a StatefulWeb');
    this.snapshotClass = checkInstance(owner, 'snapshotClass', props.snapshotClass, NfsCsiSnapshotClass, 'an NfsCsiSnapshotClass');
    const template = templateOf(owner, 'claim', site, props.claim);
    this.claim = template.name;
    const storage = csiStorageOf(owner, 'site', site, template);
    if (storage.driver !== this.snapshotClass.driver) {
      fail(owner, 'snapshotClass', this.snapshotClass.node.path, `a snapshot class of the site's driver ${JSON.stringify(storage.driver.name)} (${storage.driver.node.path}), not of ${JSON.stringify(this.snapshotClass.driver.name)}`);
    }
    checkSameNamespace(owner, 'site', this, site);
    this.prefix = props.namePrefix ?? `${template.name}-${site.name}-snapshot`;
    checkDnsSubdomain(owner, 'namePrefix', this.prefix);
    const longest = `${this.prefix}-${site.ordinalsStart + Math.max(site.replicas - 1, 0)}`;
    if (longest.length > 253) fail(owner, 'namePrefix', this.prefix, `short enough that the snapshot names (up to ${JSON.stringify(longest)}) have at most 253 characters`);

    const labels = snapshotLabels('csi-driver-nfs', site.name, 'snapshot');
    this.apiObjects = site.podNames.map((_, i) => {
      const ordinal = site.ordinalsStart + i;
      const snapshot = new ApiObject(this, `Snapshot${ordinal}`, {
        apiVersion: SNAPSHOT_API_VERSION,
        kind: 'VolumeSnapshot',
        metadata: { name: this.snapshotName(ordinal), labels },
        spec: {
          volumeSnapshotClassName: this.snapshotClass.name,
          source: { persistentVolumeClaimName: site.claimName(this.claim, ordinal) },
        },
      });
      // The claims exist once the StatefulSet does.
      orderAfter(snapshot, site.apiObject);
      orderAfter(snapshot, this.snapshotClass.apiObject);
      return snapshot;
    });
  }

  /**
   * The name of the snapshot of one ordinal's claim, `<namePrefix>-<ordinal>`.
   *
   * @param ordinal an ordinal of the site
   */
  public snapshotName(ordinal: number): string {
    this.site.podName(ordinal); // refuses an ordinal the site does not have
    return `${this.prefix}-${ordinal}`;
  }

  /** The snapshot names, one per ordinal, in order. */
  public get snapshotNames(): string[] {
    return this.site.podNames.map((_, i) => this.snapshotName(this.site.ordinalsStart + i));
  }
}

/**
 * Props for `ClaimsFromSnapshots`.
 */
export interface ClaimsFromSnapshotsProps {
  /**
   * The site whose claims start from the snapshots, on an `NfsCsiStorage` of
   * the snapshots' driver.
   */
  readonly site: StatefulWeb;

  /**
   * The snapshots, one per ordinal of `site`: those of another (or the same) site.
   */
  readonly snapshots: StatefulWebSnapshots;

  /**
   * The claim template of `site` whose claims start from the snapshots.
   *
   * @default - the site's first claim template
   */
  readonly claim?: string;
}

/**
 * The claims of a StatefulWeb, each made from the snapshot of one ordinal.
 *
 * A claim template has one `dataSource` for every replica, so this writes the
 * claims themselves: one `PersistentVolumeClaim` per ordinal, named as the
 * StatefulSet names its claims (`site.claimName(claim, ordinal)`), with the
 * template's class, size and access modes and the snapshot of the same
 * position as its `dataSource`. The StatefulSet, ordered after them, finds
 * them and uses them as its own. Restoring over claims that exist does
 * nothing: restore into a new site, or delete the old claims first.
 */
export class ClaimsFromSnapshots extends Construct {
  /** The PersistentVolumeClaim objects, one per ordinal, in order. */
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: ClaimsFromSnapshotsProps) {
    super(scope, id);
    registerAppChecks(this);
    const owner = `ClaimsFromSnapshots ${this.node.path}`;
    const site = checkInstance(owner, 'site', props.site, StatefulWeb, 'a StatefulWeb');
    const snapshots = checkInstance(owner, 'snapshots', props.snapshots, StatefulWebSnapshots, 'a StatefulWebSnapshots');
    const template = templateOf(owner, 'claim', site, props.claim);
    const storage = csiStorageOf(owner, 'site', site, template);
    const names = snapshots.snapshotNames;
    if (names.length !== site.replicas) {
      fail(owner, 'snapshots', `${names.length} snapshots`, `one snapshot per replica of ${site.node.path} (${site.replicas})`);
    }
    if (snapshots.snapshotClass.driver !== storage.driver) {
      fail(owner, 'snapshots', snapshots.node.path, `snapshots of the driver of the site's storage ${JSON.stringify(storage.driver.name)}, not of ${JSON.stringify(snapshots.snapshotClass.driver.name)}`);
    }
    checkSameNamespace(owner, 'site', this, site);
    if (namespaceOf(snapshots) !== namespaceOf(this)) {
      fail(owner, 'snapshots', snapshots.node.path, `snapshots in this construct's namespace ${JSON.stringify(namespaceOf(this))}: a claim starts only from a snapshot of its own namespace`);
    }

    if (snapshots.site === site) {
      fail(owner, 'snapshots', snapshots.node.path, `snapshots of another site than ${site.node.path}: its claims exist already, and a claim that exists is never made again from a snapshot`);
    }
    const size = toQuantity(owner, 'site', template.size!);
    this.apiObjects = names.map((snapshot, i) => {
      const ordinal = site.ordinalsStart + i;
      const claim = makeObject(k8s.KubePersistentVolumeClaim, this, `Claim${ordinal}`, {
        metadata: { name: site.claimName(template.name, ordinal), labels: snapshotLabels('csi-driver-nfs', site.name, 'restored-claim') },
        spec: {
          storageClassName: storage.storageClassName,
          accessModes: template.accessModes,
          resources: { requests: { storage: k8s.Quantity.fromString(size) } },
          dataSource: { apiGroup: SNAPSHOT_GROUP, kind: 'VolumeSnapshot', name: snapshot },
        },
      });
      orderAfter(claim, snapshots.apiObjects[i]);
      orderAfter(claim, storage.orderAfter);
      orderAfter(site.apiObject, claim);
      return claim;
    });
  }
}
