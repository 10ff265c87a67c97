// pages-sync (e2e/checks/pages_test.go): the same two sites at two versions
// of their pages, charts `v1` and `v2`, applied one after the other. `sync`
// (PagesMode.SYNC) rolls its pods and serves the new pages; `seed` (the default,
// seed once) keeps serving the old ones. `sync`'s web containers write their
// pages; `seed` has a `seedImage` (httpd's own), so an init container writes
// them, and the node runs both ways.
import { App, Chart, Size } from 'cdk8s';
import { WEB_STORAGE_CLASS, NfsExport, statefulWeb } from './common';
import { PagesMode, PodSecurityLevel, PodSecurityNamespace, StorageClassRef, WebServer } from '../../src';

export function build(app: App, _nfs: NfsExport): void {
  for (const version of ['v1', 'v2']) {
    // v2 is an app of its own, written beside v1: in one app, two versions of
    // one object are two objects of one kind, name and namespace, which the
    // library refuses.
    const target = version === 'v1' ? app : new App({ outdir: app.outdir });
    const chart = new Chart(target, version, { namespace: 'e2e-pages' });
    // httpd starts as root: baseline.
    const ns = new PodSecurityNamespace(chart, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
    const common = { storage: StorageClassRef.fromName(WEB_STORAGE_CLASS), storageSize: Size.mebibytes(10) };
    const sync = statefulWeb(chart, 'Sync', {
      name: 'sync',
      replicas: 3,
      pagesMode: PagesMode.SYNC,
      pages: [0, 1, 2].map(i => `sync ${i} ${version}`),
      ...common,
    });
    const seed = statefulWeb(chart, 'Seed', {
      name: 'seed',
      replicas: 2,
      pages: [0, 1].map(i => `seed ${i} ${version}`),
      seedImage: WebServer.httpd().image,
      ...common,
    });
    for (const c of [sync, seed]) c.node.addDependency(ns);
    if (target !== app) target.synth();
  }
}
