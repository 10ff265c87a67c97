// csi-driver-nfs on the real node (e2e/checks/csi_test.go): the driver in a
// privileged namespace of its own, and the apps of the csi checks, each in a
// namespace of its own, on NfsCsiStorage classes of that driver. What the app
// asks for is in csi.json, which the checks read as their expected values.
//
// The e2e differs from a user's cluster in one way, patched into the
// synthesized driver and printed as a STAND-IN line: the kernel has no NFS
// client, so the plugin's containers get e2e/nfs.sh's mount.nfs (the FUSE NFS
// client of e2e/nfs-fuse, which speaks NFS to the run's ganesha, or, as the
// fallback, a bind mount of a directory of the local export) and that export
// directory (which only the fallback reads).
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { apiServerPorts, NfsExport, nfsStorage, statefulWeb } from './common';
import csi from './csi.json';
import { SQUASHED_SUFFIX } from './nfs-wire.app';
import {
  ClaimsFromSnapshots, HeadlessService, IStorageClass, NfsCsiDriver, NfsCsiMove, NfsCsiSnapshotClass, NfsCsiStorage,
  NfsCsiStorageProps, NfsOnDelete, PodSecurityLevel, PodSecurityNamespace, ReclaimPolicy, SnapshotController,
  StatefulWeb, StatefulWebSnapshots, WebServer,
} from '../../src';

/** Where the run keeps the kubelet's root and the stand-in's parts (e2e/run.sh sets these). */
interface NodeDirs {
  readonly kubeletDir: string;
  readonly exportDir: string;
  readonly mountNfs: string;
  readonly mountLog: string;
}

function nodeDirs(): NodeDirs {
  const get = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`csi.app.ts: ${name} is not set (e2e/run.sh sets it)`);
    return value;
  };
  return {
    kubeletDir: get('E2E_KUBELET_DIR'),
    exportDir: get('E2E_EXPORT_DIR'),
    mountNfs: get('E2E_MOUNT_NFS'),
    mountLog: get('E2E_MOUNT_LOG'),
  };
}

/** A Pod Security level as csi.json names it. */
function level(name: string): PodSecurityLevel {
  const found = Object.values(PodSecurityLevel).find(l => l === name);
  if (!found) throw new Error(`csi.app.ts: no Pod Security level ${JSON.stringify(name)}`);
  return found;
}

/** A chart in `namespace`, which it creates at `level` when given one. */
class CsiChart extends Chart {
  private readonly first?: Construct;

  constructor(scope: Construct, id: string, namespace: string, enforce?: PodSecurityLevel) {
    super(scope, id, { namespace });
    if (enforce) this.first = new PodSecurityNamespace(this, 'Namespace', { enforce }).apiObject;
  }

  /** Everything in the chart comes after its Namespace. */
  after<T extends Construct>(c: T): T {
    if (this.first) c.node.addDependency(this.first);
    return c;
  }

  /** An NfsCsiStorage of `driver` on `<export>/<share>`. */
  storage(id: string, driver: NfsCsiDriver, nfs: NfsExport, share: string, props: Partial<NfsCsiStorageProps> = {}): NfsCsiStorage {
    return this.after(new NfsCsiStorage(this, id, { driver, server: nfs.server, share: `${nfs.path}/${share}`, ...props }));
  }

  /**
   * A StatefulWeb `name` serving `pages` from claims `<claim>-<name>-N` of
   * `storage`, behind a headless Service (`service`, default `name`); with
   * `seed: false`, as many replicas and no pages of its own.
   */
  web(id: string, name: string, storage: IStorageClass, pages: string[], claim: string,
    options: { service?: string; server?: WebServer; mountPath?: string; seed?: boolean } = {}): StatefulWeb {
    const service = this.after(new HeadlessService(this, `${id}Service`, { name: options.service ?? name }));
    return this.after(statefulWeb(this, id, {
      name,
      replicas: pages.length,
      service,
      storage,
      claimName: claim,
      storageSize: Size.mebibytes(10),
      pages: options.seed === false ? undefined : pages,
      server: options.server,
      mountPath: options.mountPath,
    }));
  }
}

/**
 * The stand-in: e2e/nfs.sh's mount.nfs as the plugin's `/usr/sbin/mount.nfs`
 * (upstream's image has nfs-common's), its log, and the export directory it
 * bind-mounts from, in the `nfs` container of the controller and of the node plugin.
 */
function standIn(driver: NfsCsiDriver, dirs: NodeDirs): void {
  const volumes = [
    { name: 'e2e-export', hostPath: { path: dirs.exportDir, type: 'Directory' } },
    { name: 'e2e-mount-nfs', hostPath: { path: dirs.mountNfs, type: 'File' } },
    { name: 'e2e-mount-log', hostPath: { path: dirs.mountLog, type: 'FileOrCreate' } },
  ];
  const mounts = [
    { name: 'e2e-export', mountPath: dirs.exportDir },
    { name: 'e2e-mount-nfs', mountPath: '/usr/sbin/mount.nfs', readOnly: true },
    { name: 'e2e-mount-log', mountPath: dirs.mountLog },
  ];
  const patched: string[] = [];
  for (const o of driver.node.findAll()) {
    if (!(o instanceof ApiObject) || !['Deployment', 'DaemonSet'].includes(o.kind)) continue;
    const containers: Array<{ name: string }> = o.toJson().spec.template.spec.containers;
    const i = containers.findIndex(c => c.name === 'nfs');
    if (i < 0) throw new Error(`csi.app.ts: ${o.kind} ${o.name} has no container 'nfs'`);
    for (const v of volumes) o.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/-', v));
    for (const m of mounts) o.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/${i}/volumeMounts/-`, m));
    patched.push(`${o.kind} ${o.name}`);
  }
  console.log(`STAND-IN: csi-driver-nfs's nfs containers (${patched.join(', ')}) get e2e/nfs.sh's mount.nfs as /usr/sbin/mount.nfs (the FUSE NFS client, or the bind-mount fallback) and the export directory the fallback bind-mounts from (hostPath volumes patched into the synthesized objects); a user's cluster needs neither`);
}

export function build(app: App, nfs: NfsExport): void {
  const dirs = nodeDirs();

  // The driver, in a namespace that admits its privileged plugins.
  const driverChart = new CsiChart(app, 'csi-driver', csi.driver.namespace, level(csi.driver.level));
  const driver = driverChart.after(new NfsCsiDriver(driverChart, 'Driver', { kubeletDir: dirs.kubeletDir }));
  // The cluster has no snapshot API: its CRDs and controller, and a class of the driver.
  const snapshotController = driverChart.after(new SnapshotController(driverChart, 'Snapshots'));
  const snapshotClass = driverChart.after(new NfsCsiSnapshotClass(driverChart, 'SnapshotClass', { driver, snapshotController }));
  const needs = PodSecurityNamespace.levelFor([driverChart]);
  if (needs !== level(csi.driver.level)) throw new Error(`csi.app.ts: the driver needs ${needs}, not ${csi.driver.level}`);
  standIn(driver, dirs);

  // csi-provision: the lab's StatefulWeb on a class with a subDir pattern, in a baseline namespace.
  const p = csi.provision;
  const provision = new CsiChart(app, 'csi-provision', p.namespace, level(p.level));
  provision.web('Web', p.site, provision.storage('Csi', driver, nfs, p.share, { subDir: p.subDir }), p.pages, p.claim, { service: p.service });

  // csi-on-delete: one class each of delete, retain and archive, whose volumes are deleted with their claims.
  const d = csi.onDelete;
  const onDelete = new CsiChart(app, 'csi-on-delete', d.namespace, PodSecurityLevel.BASELINE);
  const how: { [k in keyof typeof d.classes]: NfsOnDelete } = {
    delete: NfsOnDelete.DELETE, retain: NfsOnDelete.RETAIN, archive: NfsOnDelete.ARCHIVE,
  };
  for (const [name, c] of Object.entries(d.classes)) {
    const storage = onDelete.storage(`Csi-${name}`, driver, nfs, c.share, {
      subDir: d.subDir, onDelete: how[name as keyof typeof how], reclaimPolicy: ReclaimPolicy.DELETE,
    });
    onDelete.web(`Web-${name}`, `${d.site}-${name}`, storage, [c.page], d.claim);
  }

  // csi-snapshot-restore: a site whose pages are changed inside its pods,
  // snapshots of its claims (a chart applied later), and a site restored
  // from them (a third chart), in one namespace (the first chart makes it).
  const n = csi.snapshot;
  const snapWeb = new CsiChart(app, 'csi-snapshot-web', n.namespace, level(n.level));
  const snapStorage = snapWeb.storage('Csi', driver, nfs, n.share, { subDir: n.subDir });
  const site = snapWeb.web('Web', n.site, snapStorage, n.pages, n.claim, { mountPath: n.mountPath });
  const take = new CsiChart(app, 'csi-snapshot-take', n.namespace);
  const snapshots = new StatefulWebSnapshots(take, 'Snapshots', { site, snapshotClass });
  const restore = new CsiChart(app, 'csi-snapshot-restore', n.namespace);
  const restored = restore.web('Web', n.restored, snapStorage, n.restoredPages, n.claim, { mountPath: n.mountPath });
  new ClaimsFromSnapshots(restore, 'Claims', { site: restored, snapshots });

  // csi-move: a site on NfsStorage (the subdir provisioner, Retain), then the
  // same site on an NfsCsiStorage with its claims moved in place. The move
  // needs the old claims' volume names, which exist once the first chart has
  // run: the check synthesizes the app again with them in E2E_MOVE_VOLUMES.
  const m = csi.move;
  const before = new CsiChart(app, 'csi-move-before', m.namespace, level(m.level));
  const from = before.after(nfsStorage(before, 'Nfs', { server: nfs.server, path: `${nfs.path}/${m.nfsDir}`, reclaimPolicy: ReclaimPolicy.RETAIN, apiServerPorts: apiServerPorts() }));
  const volumes = process.env.E2E_MOVE_VOLUMES?.split(',');
  // The app before the move has the site on NfsStorage, the app after it the
  // same site on the csi class instead: never both, as they share names.
  if (!volumes) {
    before.web('Web', m.site, from, m.pages, m.claim, { mountPath: m.mountPath });
  } else {
    const after = new CsiChart(app, 'csi-move-after', m.namespace);
    // As docs/move-to-nfs-csi.md says: the same name, claim template, replicas and size, no pages.
    const moved = after.web('Web', m.site, after.storage('Csi', driver, nfs, m.share), m.pages, m.claim, { mountPath: m.mountPath, seed: false });
    new NfsCsiMove(after, 'Move', { site: moved, fromStorage: from, volumes });
  }

  // csi-root-squash: on the root_squash export beside the lab's, two shares of
  // NON_ROOT_ID: one 0755 (the controller, root as it must be to mount, is
  // squashed and cannot create a directory), one 0777 (the squashed controller
  // can; the directory's mode is the class's mountPermissions).
  const q = csi.rootSquash;
  const squashed: NfsExport = { server: nfs.server, path: `${nfs.path}${SQUASHED_SUFFIX}` };
  const rootSquash = new CsiChart(app, 'csi-root-squash', q.namespace, level(q.level));
  rootSquash.web('Web-root', q.asRoot.site, rootSquash.storage('Csi-root', driver, squashed, q.asRoot.share), [q.asRoot.page], q.claim);
  const open = rootSquash.storage('Csi-open', driver, squashed, q.open.share, { mountPermissions: parseInt(q.open.mountPermissions, 8) });
  rootSquash.web('Web-open', q.open.site, open, [q.open.page], q.claim);

  // csi-psa: httpd and nginx-unprivileged on one class of the driver, each in a
  // namespace that enforces the level it needs (baseline, restricted).
  const a = csi.psa;
  const psaStorage = (chart: CsiChart) => chart.storage('Csi', driver, nfs, `${a.share}-${chart.node.id}`);
  const baseline = new CsiChart(app, 'csi-baseline', a.baseline.namespace, level(a.baseline.level));
  baseline.web('Web', a.baseline.site, psaStorage(baseline), a.baseline.pages, a.claim, { server: WebServer.httpd() });
  const restricted = new CsiChart(app, 'csi-restricted', a.restricted.namespace, level(a.restricted.level));
  restricted.web('Web', a.restricted.site, psaStorage(restricted), a.restricted.pages, a.claim, { server: WebServer.nginxUnprivileged() });
}
