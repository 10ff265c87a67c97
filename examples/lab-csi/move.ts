// The tutorial's lab moved from NfsStorage to csi-driver-nfs, every claim kept
// where it is (docs/move-to-nfs-csi.md is the whole procedure). `main.ts`
// synthesizes it when LAB_MOVE_VOLUMES names the old volumes.
import { App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
// In an app of your own: `from 'cdk8s-stateful-web'`.
import { buildCsiDriver, CSI_LAB_CHART_ID, CsiLabOptions } from './lab-csi';
import {
  ClaimAccessMode, HeadlessService, NfsCsiDriver, NfsCsiMove, NfsCsiStorage,
  NfsStorage, PodSecurityLevel, PodSecurityNamespace, ReclaimPolicy, StatefulWeb, VolumeBindingMode, WebServer,
} from '../../src';
import { LAB_DEFAULTS, LabOptions } from '../lab/lab';

/**
 * The lab after the move: the tutorial's NfsStorage still described (the
 * move reads its server, export and reclaim policy), the StatefulWeb on an
 * NfsCsiStorage, and the claims the StatefulSet adopts on the old directories.
 */
export class MovedLab extends Chart {
  public readonly move: NfsCsiMove;
  public readonly web: StatefulWeb;

  constructor(scope: Construct, id: string, driver: NfsCsiDriver, volumes: string[], options: LabOptions = {}) {
    super(scope, id, { namespace: options.namespace ?? LAB_DEFAULTS.namespace });
    const namespace = new PodSecurityNamespace(this, 'Namespace', {
      enforce: PodSecurityLevel.BASELINE,
      warn: PodSecurityLevel.RESTRICTED,
      audit: PodSecurityLevel.RESTRICTED,
    });
    const server = options.nfsServer ?? LAB_DEFAULTS.nfsServer;
    const path = options.nfsPath ?? LAB_DEFAULTS.nfsPath;

    // The tutorial's class, as examples/lab writes it.
    const from = new NfsStorage(this, 'Nfs', {
      server,
      path,
      provisionerName: 'xgp',
      storageClassName: 'stateful-nfs',
      reclaimPolicy: ReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    });
    const storage = new NfsCsiStorage(this, 'NfsCsi', {
      driver,
      server,
      share: path,
      storageClassName: 'stateful-nfs-csi',
      subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
    });
    const service = new HeadlessService(this, 'Service', { name: 'headless-svc' });
    // The site's old name, claim template, replicas and size: the claims
    // keep their names, `test-statefulset-test-<ordinal>`.
    this.web = new StatefulWeb(this, 'Web', {
      name: 'statefulset-test',
      replicas: 3,
      server: WebServer.httpd(),
      service,
      storage,
      claimName: 'test',
      storageSize: Size.mebibytes(100),
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
      mountPath: '/usr/local/apache2/htdocs',
    });
    // One old volume name per ordinal, in order: the directories are
    // `<namespace>-<claim>-<volume>` on the export.
    this.move = new NfsCsiMove(this, 'Move', { site: this.web, fromStorage: from, volumes });
    for (const c of [from, storage, service, this.web, this.move]) c.node.addDependency(namespace.apiObject);
  }
}

/** Adds the snapshot API's chart, the driver's and the moved lab to `app`. */
export function buildMovedLab(app: App, volumes: string[], options: CsiLabOptions = {}): MovedLab {
  return new MovedLab(app, CSI_LAB_CHART_ID, buildCsiDriver(app, options).driver, volumes, options);
}
