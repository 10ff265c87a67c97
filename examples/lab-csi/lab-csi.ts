// The seed tutorial's lab on csi-driver-nfs: the same StatefulWeb as
// examples/lab, on an NfsCsiStorage whose directories are named after the
// claims, and the driver in a namespace of its own. `main.ts` synthesizes it;
// the tests build it with `buildCsiLab()`. The tutorial's lab itself stays on
// NfsStorage (examples/lab).
import { App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
// In an app of your own: `from 'cdk8s-stateful-web'`.
import {
  ClaimAccessMode, HeadlessService, NfsCsiDriver, NfsCsiSnapshotClass, NfsCsiStorage,
  PodSecurityLevel, PodSecurityNamespace, SnapshotController, StatefulWeb, WebServer,
} from '../../src';
import { LAB_DEFAULTS, LabOptions } from '../lab/lab';

/**
 * What can be changed in the csi lab: the lab's options, and where the driver runs.
 */
export interface CsiLabOptions extends LabOptions {
  /**
   * The kubelet's root directory on the nodes.
   *
   * @default '/var/lib/kubelet'
   */
  readonly kubeletDir?: string;

  /**
   * The namespace of the driver (and of the snapshot controller).
   *
   * @default 'csi-nfs'
   */
  readonly driverNamespace?: string;

  /**
   * Install the snapshot CRDs and controller, for a cluster without them.
   *
   * @default true
   */
  readonly snapshotController?: boolean;
}

/**
 * The charts, written in this order as `<nnnn>-<chart id>.k8s.yaml`. The
 * snapshot API comes alone and first: kubectl maps every object of one
 * `apply` to its API before it creates any, so a VolumeSnapshotClass can only
 * be applied once its CRD is established.
 */
export const SNAPSHOT_API_CHART_ID = 'snapshot-api';
export const CSI_DRIVER_CHART_ID = 'csi-driver';
export const CSI_LAB_CHART_ID = 'lab-csi';

/** The snapshot CRDs and controller, in `kube-system` as upstream deploys them. */
export class SnapshotApiChart extends Chart {
  public readonly controller: SnapshotController;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'kube-system' });
    this.controller = new SnapshotController(this, 'Snapshots');
  }
}

/**
 * csi-driver-nfs in a namespace of its own, which admits its privileged
 * plugins; a snapshot class of it, and the snapshot API if asked for.
 */
export class CsiDriverChart extends Chart {
  public readonly driver: NfsCsiDriver;
  public readonly snapshotClass: NfsCsiSnapshotClass;
  public readonly podSecurityNamespace: PodSecurityNamespace;

  constructor(scope: Construct, id: string, options: CsiLabOptions = {}, snapshotController?: SnapshotController) {
    super(scope, id, { namespace: options.driverNamespace ?? 'csi-nfs' });
    this.driver = new NfsCsiDriver(this, 'Driver', { kubeletDir: options.kubeletDir });
    this.snapshotClass = new NfsCsiSnapshotClass(this, 'SnapshotClass', { driver: this.driver, snapshotController });
    // The node plugin mounts shares for the kubelet: `privileged`, here only.
    this.podSecurityNamespace = new PodSecurityNamespace(this, 'Namespace', {
      enforce: PodSecurityNamespace.levelFor([this]),
    });
    for (const c of [this.driver, this.snapshotClass]) c.node.addDependency(this.podSecurityNamespace.apiObject);
  }
}

/**
 * The lab's web on the driver: in its own namespace at `baseline`, a class
 * whose directories are `<namespace>/<claim>` on the export, the headless
 * Service, and the StatefulSet of 3 httpd pods, each serving its own page.
 */
export class CsiLab extends Chart {
  public readonly storage: NfsCsiStorage;
  public readonly web: StatefulWeb;
  public readonly podSecurityNamespace: PodSecurityNamespace;

  constructor(scope: Construct, id: string, driver: NfsCsiDriver, options: LabOptions = {}) {
    super(scope, id, { namespace: options.namespace ?? LAB_DEFAULTS.namespace });
    this.podSecurityNamespace = new PodSecurityNamespace(this, 'Namespace', {
      enforce: PodSecurityLevel.BASELINE,
      warn: PodSecurityLevel.RESTRICTED,
      audit: PodSecurityLevel.RESTRICTED,
    });
    this.storage = new NfsCsiStorage(this, 'Nfs', {
      driver,
      server: options.nfsServer ?? LAB_DEFAULTS.nfsServer,
      share: options.nfsPath ?? LAB_DEFAULTS.nfsPath,
      storageClassName: 'stateful-nfs-csi',
      subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
    });
    const service = new HeadlessService(this, 'Service', { name: 'headless-svc' });
    this.web = new StatefulWeb(this, 'Web', {
      name: 'statefulset-test',
      replicas: 3,
      server: WebServer.httpd(),
      service,
      storage: this.storage,
      claimName: 'test',
      storageSize: Size.mebibytes(100),
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
      mountPath: '/usr/local/apache2/htdocs',
      pages: ['123', '456', '789'],
    });
    for (const c of [this.storage, service, this.web]) c.node.addDependency(this.podSecurityNamespace.apiObject);
  }
}

/** Adds the driver's chart (after the snapshot API's, if asked for) to `app`. */
export function buildCsiDriver(app: App, options: CsiLabOptions = {}): CsiDriverChart {
  const snapshotApi = options.snapshotController ?? true ? new SnapshotApiChart(app, SNAPSHOT_API_CHART_ID) : undefined;
  return new CsiDriverChart(app, CSI_DRIVER_CHART_ID, options, snapshotApi?.controller);
}

/** Adds the snapshot API's chart, the driver's and the lab's to `app`. */
export function buildCsiLab(app: App, options: CsiLabOptions = {}): { driver: CsiDriverChart; lab: CsiLab } {
  const driver = buildCsiDriver(app, options);
  return { driver, lab: new CsiLab(app, CSI_LAB_CHART_ID, driver.driver, options) };
}
