// The web tier of docs/web-tier.md on the real node, for the checks
// client-service, claim-metadata, metrics, metrics-exporter and httproute-accepted
// (e2e/checks/web_tier_test.go).
//
// - chart `site` (namespace e2e-web-tier): an NfsStorage whose pathPattern
//   names a directory by a claim label, and a StatefulWeb of three httpd pods
//   with per-pod pages, shared files, labelled and annotated claims, a client
//   Service and the status page for the monitoring namespace;
// - charts `monitoring` and `elsewhere`: the namespace the status port is
//   open to, and one it is not;
// - chart `monitor`: the same site with `podMonitor`, of which the check
//   applies the PodMonitor alone (httpd's exporter is not on the node);
// - chart `exporter` (namespace e2e-exporter, `restricted`): an
//   nginx-unprivileged site with `podMonitor`, its exporter beside each pod
//   (the metrics-exporter check);
// - chart `route` (namespace e2e-httproute): the same site with an HTTPRoute,
//   of which the check applies the Namespace and the route; and
//   `route-refusal.txt`, the library's error for a route path the Gateway
//   API's CEL rules refuse too.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { filesContent, NfsExport, WEB_STORAGE_CLASS, nfsStorage, statefulWeb } from './common';
import {
  IStorageClass, PathMatch, PodSecurityLevel, PodSecurityNamespace, StatefulWeb, StatefulWebProps, StorageClassRef, WebServer,
} from '../../src';

const MONITORING = 'e2e-monitoring';

/** nginx's exporter as the e2e builds it (e2e/images.sh): v1.4.0, the one the Go module proxy serves; the preset names 1.4.2. */
const NGINX_EXPORTER_IMAGE = 'nginx/nginx-prometheus-exporter:1.4.0';

/** The path the check also sends to the API server, which refuses it as the library does. */
export const REFUSED_ROUTE_PATH = '/docs//old';

/** The site's props, on `storage`; `more` adds what one chart has. */
function site(storage: IStorageClass, more: Partial<StatefulWebProps> = {}): StatefulWebProps {
  return {
    name: 'www',
    replicas: 3,
    storage,
    storageSize: Size.mebibytes(10),
    pages: [0, 1, 2].map(i => `web tier ${i}`),
    sharedContent: filesContent({ 'style.css': 'h1 { color: teal }\n', 'robots.txt': 'User-agent: *\n' }),
    claimLabels: { tier: 'front' },
    claimAnnotations: { 'backup.example.com/schedule': 'daily' },
    clientService: { port: 80 },
    metrics: { namespace: MONITORING },
    ...more,
  };
}

/** A chart in namespace `ns` that enforces `level`, its objects after the Namespace. */
function namespaced(app: App, id: string, ns: string, level: PodSecurityLevel): { chart: Chart; after: (c: Construct) => void } {
  const chart = new Chart(app, id, { namespace: ns });
  const namespace = new PodSecurityNamespace(chart, 'Namespace', { enforce: level });
  return { chart, after: c => c.node.addDependency(namespace) };
}

export function build(app: App, nfs: NfsExport): void {
  // httpd starts as root, and the provisioner mounts an nfs volume: baseline.
  const main = namespaced(app, 'site', 'e2e-web-tier', PodSecurityLevel.BASELINE);
  const storage = nfsStorage(main.chart, 'Nfs', {
    server: nfs.server,
    path: `${nfs.path}/web-tier`,
    pathPattern: 'tier-${.PVC.labels.tier}/${.PVC.namespace}/${.PVC.name}',
  });
  main.after(storage);
  main.after(statefulWeb(main.chart, 'Web', site(storage)));

  namespaced(app, 'monitoring', MONITORING, PodSecurityLevel.RESTRICTED);
  namespaced(app, 'elsewhere', 'e2e-elsewhere', PodSecurityLevel.RESTRICTED);

  // An app of its own, written beside: in one app, the same site twice in a
  // namespace is two objects of one kind and name, which the library refuses.
  const twin = new App({ outdir: app.outdir });
  const monitor = new Chart(twin, 'monitor', { namespace: 'e2e-web-tier' });
  statefulWeb(monitor, 'Web', site(StorageClassRef.fromName(storage.storageClassName), { metrics: { namespace: MONITORING, podMonitor: true } }));
  twin.synth();

  const exporter = namespaced(app, 'exporter', 'e2e-exporter', PodSecurityLevel.RESTRICTED);
  exporter.after(statefulWeb(exporter.chart, 'Web', {
    name: 'nginx',
    replicas: 2,
    server: WebServer.nginxUnprivileged(),
    storage: StorageClassRef.fromName(WEB_STORAGE_CLASS),
    storageSize: Size.mebibytes(10),
    pages: ['exporter nginx 0', 'exporter nginx 1'],
    metrics: { namespace: MONITORING, podMonitor: true, exporterImage: NGINX_EXPORTER_IMAGE },
  }));

  const route = namespaced(app, 'route', 'e2e-httproute', PodSecurityLevel.BASELINE);
  const httpRoute = { gatewayName: 'public', sectionName: 'http', hostnames: ['www.example.com'] };
  route.after(statefulWeb(route.chart, 'Web', site(StorageClassRef.fromName(WEB_STORAGE_CLASS), {
    httpRoute: { ...httpRoute, paths: [{ path: '/' }, { path: '/healthz', match: PathMatch.EXACT }] },
  })));

  let refusal = '';
  try {
    new StatefulWeb(new Chart(new App(), 'refused'), 'Web', site(StorageClassRef.fromName(WEB_STORAGE_CLASS), {
      httpRoute: { ...httpRoute, paths: [{ path: REFUSED_ROUTE_PATH }] },
    }));
  } catch (e) {
    refusal = (e as Error).message;
  }
  if (!refusal) throw new Error(`web-tier: the library accepted the route path ${REFUSED_ROUTE_PATH}`);
  fs.mkdirSync(app.outdir, { recursive: true });
  fs.writeFileSync(path.join(app.outdir, 'route-refusal.txt'), `${refusal}\n`);
}
