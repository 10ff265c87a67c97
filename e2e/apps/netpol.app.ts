// netpol-web and netpol-provisioner (e2e/checks/netpol_test.go): NetworkPolicy is
// enforced on the node (kube-router's firewall). Charts:
// - `web`: a StatefulWeb with its NetworkPolicy (the default) and a status page
//   that one namespace alone may reach;
// - `open`: the same site with `networkPolicy: false`, so that what the policy
//   refuses is seen to get through without it;
// - `cut-off` and `cut-off-site`: an NfsStorage whose policy opens only port 443,
//   the `kubernetes` Service's port, and a site on its class: the policy sees the
//   API server's own port (after the Service's DNAT), so its provisioner cannot
//   reach the API server and provisions nothing.
// The checks read their expected values from netpol.json, which this app passes
// to the library.
import { App, Chart, Size } from 'cdk8s';
import { NfsExport, WEB_STORAGE_CLASS, nfsStorage, statefulWeb } from './common';
import consts from './netpol.json';
import { PodSecurityLevel, PodSecurityNamespace, StorageClassRef } from '../../src';

export function build(app: App, nfs: NfsExport): void {
  // httpd starts as root: baseline.
  const site = (id: string, c: { namespace: string; site: string; pages: string[] }, networkPolicy: boolean) => {
    const chart = new Chart(app, id, { namespace: c.namespace });
    const ns = new PodSecurityNamespace(chart, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
    statefulWeb(chart, 'Web', {
      name: c.site,
      replicas: c.pages.length,
      pages: c.pages,
      port: consts.web.port,
      metrics: { namespace: consts.web.monitorNamespace, port: consts.web.statusPort },
      networkPolicy,
      storage: StorageClassRef.fromName(WEB_STORAGE_CLASS),
      storageSize: Size.mebibytes(10),
    }).node.addDependency(ns);
  };
  site('web', consts.web, true);
  site('open', consts.open, false);

  const c = consts.cutOff;
  const chart = new Chart(app, 'cut-off', { namespace: c.namespace });
  const ns = new PodSecurityNamespace(chart, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
  const storage = nfsStorage(chart, 'Nfs', {
    server: nfs.server, path: `${nfs.path}/${c.dir}`, storageClassName: c.storageClass, apiServerPorts: c.apiServerPorts,
  });
  storage.node.addDependency(ns);
  // The site, applied once the provisioner's policy is in force (its own chart).
  const siteChart = new Chart(app, 'cut-off-site', { namespace: c.namespace });
  statefulWeb(siteChart, 'Web', {
    name: c.site, replicas: 1, pages: [c.page], storage: StorageClassRef.fromName(c.storageClass), storageSize: Size.mebibytes(10),
  });
}
