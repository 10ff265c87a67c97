// NfsStorage's settings, each in a chart (and namespace) of its
// own, for the e2e checks mount-options, path-pattern, archive-on-delete and
// non-root-provisioner (e2e/checks/nfs_storage_test.go). Every NfsStorage serves a
// directory of its own under the lab's export (one of mount-options under the
// NFSv4-only export beside it), which the check creates first.
import { App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { apiServerPorts, NfsExport, nfsStorage, statefulWeb } from './common';
import intent from './nfs-storage.json';
import {
  HeadlessService, NfsOnDelete, NfsStorage, NfsStorageProps, PodSecurityLevel, PodSecurityNamespace, ReclaimPolicy,
  StatefulWeb, StorageClassRef, IStorageClass,
} from '../../src';

/** The export beside the lab's that admits NFSv4 only: the lab's path with this suffix (e2e/nfs.sh). */
export const V4_ONLY_SUFFIX = '-v4only';

/** The user the non-root provisioner runs as; the check chowns its directory to it. */
export const NON_ROOT_ID = 1000;

/** A chart in namespace `e2e-<id>` that enforces `level`; everything in it comes after the Namespace. */
export class StorageChart extends Chart {
  private readonly namespaceObject: Construct;

  constructor(scope: Construct, id: string, level: PodSecurityLevel) {
    super(scope, id, { namespace: `e2e-${id}` });
    this.namespaceObject = new PodSecurityNamespace(this, 'Namespace', { enforce: level }).apiObject;
  }

  /** An NfsStorage on `<export>/<dir>`. */
  storage(id: string, nfs: NfsExport, dir: string, props: Partial<NfsStorageProps> = {}): NfsStorage {
    const storage = nfsStorage(this, id, { server: nfs.server, path: `${nfs.path}/${dir}`, apiServerPorts: apiServerPorts(), ...props });
    storage.node.addDependency(this.namespaceObject);
    return storage;
  }

  /** A StatefulWeb `name` of httpd pods serving `pages`, as the lab's, with claims `test-<name>-N`. */
  web(id: string, name: string, storage: IStorageClass, pages: string[]): StatefulWeb {
    const service = new HeadlessService(this, `${id}Service`, { name });
    const web = statefulWeb(this, id, {
      name, replicas: pages.length, service, storage, claimName: 'test', storageSize: Size.mebibytes(10), pages,
    });
    for (const c of [service, web]) c.node.addDependency(this.namespaceObject);
    return web;
  }
}

export function build(app: App, nfs: NfsExport): void {
  // mount-options: the provisioner's own mount and the volumes' mounts carry them;
  // one NfsStorage per NFS version asked, and one asking NFSv3 of the export that
  // admits NFSv4 only (the server refuses its provisioner's mount).
  const mount = new StorageChart(app, 'mount-options', PodSecurityLevel.BASELINE);
  for (const [name, version] of [['v3', '3'], ['v4', '4'], ['v41', '4.1']]) {
    const storage = mount.storage(`Nfs-${name}`, nfs, `mount-options-${name}`, { mountOptions: [`nfsvers=${version}`] });
    mount.web(`Web-${name}`, `web-${name}`, storage, [`mo-${name}-0`]);
  }
  mount.storage('Nfs-refused', { ...nfs, path: `${nfs.path}${V4_ONLY_SUFFIX}` }, 'mount-options-refused', { mountOptions: ['nfsvers=3'] });

  // path-pattern: <namespace>/<claim> directories, which outlive the claims' pods.
  const pattern = new StorageChart(app, 'path-pattern', PodSecurityLevel.BASELINE);
  pattern.web('Web', 'statefulset-test', pattern.storage('Nfs', nfs, 'path-pattern', {
    pathPattern: '${.PVC.namespace}/${.PVC.name}',
    reclaimPolicy: ReclaimPolicy.RETAIN,
  }), ['pp-0', 'pp-1']);

  // archive-on-delete: what a deleted claim leaves with ReclaimPolicy.DELETE,
  // for each onDelete: archived (the default), removed, left (nfs-storage.json,
  // which the check reads as its expected outcomes).
  const archive = new StorageChart(app, 'archive-on-delete', PodSecurityLevel.BASELINE);
  const onDelete: { [k in keyof typeof intent.archiveOnDelete]: NfsOnDelete | undefined } = {
    archive: undefined, delete: NfsOnDelete.DELETE, retain: NfsOnDelete.RETAIN,
  };
  for (const [name, page] of Object.entries(intent.archiveOnDelete)) {
    const storage = archive.storage(`Nfs-${name}`, nfs, `archive-on-delete-${name}`, { reclaimPolicy: ReclaimPolicy.DELETE, onDelete: onDelete[name as keyof typeof onDelete] });
    archive.web(`Web-${name}`, `web-${name}`, storage, [page]);
  }

  // non-root-provisioner: the provisioner as a user, in a namespace that
  // enforces restricted; httpd (baseline) claims from its class in another.
  const nonRoot = new StorageChart(app, 'non-root-provisioner', PodSecurityLevel.RESTRICTED);
  const storage = nonRoot.storage('Nfs', nfs, 'non-root-provisioner', { runAsUser: NON_ROOT_ID, runAsGroup: NON_ROOT_ID });
  const level = PodSecurityNamespace.levelFor([nonRoot]);
  if (level !== PodSecurityLevel.RESTRICTED) throw new Error(`the non-root provisioner needs ${level}, not restricted`);
  const web = new StorageChart(app, 'non-root-web', PodSecurityLevel.BASELINE);
  web.web('Web', 'statefulset-test', StorageClassRef.fromName(storage.storageClassName), ['nr-0', 'nr-1']);
}
