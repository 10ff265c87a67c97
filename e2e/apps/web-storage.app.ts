// The StorageClass that the apps of the checks psa-restricted, spread and
// pages-sync claim from: an NfsStorage of their own, in a baseline namespace
// of its own (a restricted one refuses the provisioner, which runs as root; it
// mounts the export through a claim, which every level admits), so that
// they run beside the lab's checks instead of after them (e2e/checks/lab_test.go).
import { App, Chart } from 'cdk8s';
import { apiServerPorts, NfsExport, WEB_STORAGE_CLASS, nfsStorage } from './common';
import { PodSecurityLevel, PodSecurityNamespace } from '../../src';

export function build(app: App, nfs: NfsExport): void {
  const chart = new Chart(app, 'storage', { namespace: 'e2e-web-storage' });
  const ns = new PodSecurityNamespace(chart, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
  const storage = nfsStorage(chart, 'Nfs', { server: nfs.server, path: `${nfs.path}/web`, storageClassName: WEB_STORAGE_CLASS, apiServerPorts: apiServerPorts() });
  storage.node.addDependency(ns);
}
