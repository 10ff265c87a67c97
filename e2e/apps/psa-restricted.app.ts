// psa-restricted (e2e/checks/pod_security_test.go): a namespace that enforces the
// `restricted` Pod Security level admits an nginx-unprivileged site and refuses
// the tutorial's httpd, which starts as root.
import { App, Chart, Size } from 'cdk8s';
import { WEB_STORAGE_CLASS, NfsExport, statefulWeb } from './common';
import { PodSecurityLevel, PodSecurityNamespace, StorageClassRef, WebServer } from '../../src';

export function build(app: App, _nfs: NfsExport): void {
  // The httpd site is meant to be refused by the API server: the library's
  // own check, which refuses it at synth, is off for this app.
  app.node.setContext('cdk8s-stateful-web:skipPodSecurityCheck', true);
  // web-storage.app.ts's class: its provisioner runs as root in a baseline namespace, as `restricted` refuses a root container.
  const storage = StorageClassRef.fromName(WEB_STORAGE_CLASS);
  const nginx = new Chart(app, 'nginx', { namespace: 'e2e-restricted' });
  const ns = new PodSecurityNamespace(nginx, 'Namespace', { enforce: PodSecurityLevel.RESTRICTED });
  const site = statefulWeb(nginx, 'Web', {
    name: 'nginx',
    replicas: 2,
    server: WebServer.nginxUnprivileged(),
    storage,
    storageSize: Size.mebibytes(10),
    pages: ['restricted nginx 0', 'restricted nginx 1'],
  });
  site.node.addDependency(ns);

  // The same namespace, applied after: the StatefulSet is admitted, its pods are not.
  const httpd = new Chart(app, 'httpd', { namespace: 'e2e-restricted' });
  statefulWeb(httpd, 'Web', {
    name: 'httpd',
    replicas: 1,
    server: WebServer.httpd(),
    storage,
    storageSize: Size.mebibytes(10),
    pages: ['never served'],
  });
}
