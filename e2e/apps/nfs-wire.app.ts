// NFS on the wire, for the e2e checks nfs-wire and root-squash
// (e2e/checks/wire_test.go). The e2e's server (e2e/nfs.sh) exports the lab's
// path and, beside it, `<path>-root-squash`, a root_squash export owned by
// NON_ROOT_ID: the check creates each NfsStorage's directory there first.
import { App } from 'cdk8s';
import { NfsExport } from './common';
import { NON_ROOT_ID, StorageChart } from './nfs-storage.app';
import { PodSecurityLevel } from '../../src';

/** The root_squash export beside the lab's: the lab's path with this suffix (e2e/nfs.sh). */
export const SQUASHED_SUFFIX = '-root-squash';

export function build(app: App, nfs: NfsExport): void {
  // nfs-wire: one pod whose page travels through the NFS client and server.
  const wire = new StorageChart(app, 'nfs-wire', PodSecurityLevel.BASELINE);
  wire.web('Web', 'statefulset-test', wire.storage('Nfs', nfs, 'nfs-wire'), ['wire-0']);

  // root-squash: the provisioner as root (squashed: it cannot create a
  // directory in NON_ROOT_ID's), and as NON_ROOT_ID (it can).
  const squashed: NfsExport = { server: nfs.server, path: `${nfs.path}${SQUASHED_SUFFIX}` };
  const asRoot = new StorageChart(app, 'root-squash-root', PodSecurityLevel.BASELINE);
  asRoot.web('Web', 'statefulset-test', asRoot.storage('Nfs', squashed, 'as-root'), ['rs-root-0']);
  const asUser = new StorageChart(app, 'root-squash-user', PodSecurityLevel.BASELINE);
  asUser.web('Web', 'statefulset-test', asUser.storage('Nfs', squashed, 'as-user', { runAsUser: NON_ROOT_ID, runAsGroup: NON_ROOT_ID }), ['rs-user-0']);
}
