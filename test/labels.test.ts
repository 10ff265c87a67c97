import { App, Chart, Size, Testing } from 'cdk8s';
import { buildLab } from '../examples/lab/lab';
import { buildCsiLab } from '../examples/lab-csi/lab-csi';
import { buildMovedLab } from '../examples/lab-csi/move';
import { addBackup, addRestore } from '../examples/lab-csi/snapshots';
import {
  DisruptionBudget, HealthProbe, HeadlessService, NfsStorage, PodSecurityLevel, PodSecurityNamespace, Spreading, StatefulWeb,
  StorageClassRef, TolerationOperator, WebServer,
} from '../src';

// Every object the library writes carries the five recommended labels
// (docs/labels.md), and no selector carries more than `name` and `instance`:
// a StatefulSet's selector cannot change once it exists.

const RECOMMENDED = ['name', 'instance', 'component', 'part-of', 'managed-by'].map(k => `app.kubernetes.io/${k}`);
const SELECTOR = ['app.kubernetes.io/instance', 'app.kubernetes.io/name']; // sorted

/** A production-style app: a restricted namespace, two sites on a class that exists, a provisioner of its own in another. */
function buildProduction(app: App): void {
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  new PodSecurityNamespace(shop, 'Namespace', { enforce: PodSecurityLevel.RESTRICTED, version: 'v1.27' });
  const storage = StorageClassRef.fromName('gp3');
  const service = new HeadlessService(shop, 'Service', { name: 'front' });
  new StatefulWeb(shop, 'Front', {
    name: 'front',
    replicas: 3,
    server: WebServer.nginxUnprivileged(),
    service,
    storage,
    storageSize: Size.gibibytes(5),
    pages: ['a', 'b', 'c'],
    readiness: HealthProbe.httpGet('/'),
    disruptionBudget: DisruptionBudget.minAvailable(2),
    spreading: Spreading.REQUIRED,
    tolerations: [{ key: 'dedicated', operator: TolerationOperator.EQUAL, value: 'web' }],
  }).addVolumeClaimTemplate('logs', { mountPath: '/logs', storage, size: Size.mebibytes(100) });
  new StatefulWeb(shop, 'Admin', { name: 'admin', replicas: 1, server: WebServer.nginxUnprivileged(), storage });

  const files = new Chart(app, 'files', { namespace: 'files' });
  new PodSecurityNamespace(files, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
  const nfs = new NfsStorage(files, 'Nfs', {
    server: 'nfs.example.com', path: '/exports/web', replicas: 2, apiServerCidrs: ['10.96.0.1/32'],
  });
  new StatefulWeb(files, 'Archive', { name: 'archive', replicas: 2, storage: nfs });
}

/** Every object of every chart of the app, as `<chart> <kind>/<name>` and its JSON. */
function objectsOf(build: (app: App) => void): Array<[string, any]> {
  const app = Testing.app();
  build(app);
  return app.charts.flatMap(chart => chart.toJson().map((o: any): [string, any] => [`${chart.node.id} ${o.kind}/${o.metadata.name}`, o]));
}

const APPS: Array<[string, (app: App) => void]> = [
  ['the lab (examples/lab)', app => { buildLab(app); }],
  ['the csi lab with its backup and restore (examples/lab-csi)', app => {
    const { driver, lab } = buildCsiLab(app);
    addRestore(lab, addBackup(lab, driver.snapshotClass));
  }],
  ['the csi lab after the move (examples/lab-csi)', app => { buildMovedLab(app, ['pvc-a', 'pvc-b', 'pvc-c']); }],
  ['a production-style app', buildProduction],
];

describe.each(APPS)('%s', (_, build) => {
  const objects = objectsOf(build);

  test('has objects of every kind it makes', () => {
    expect(objects.length).toBeGreaterThan(5);
  });

  test('every object carries the five recommended labels, managed by cdk8s', () => {
    const missing = objects
      .map(([what, o]) => [what, RECOMMENDED.filter(k => !o.metadata.labels?.[k])] as const)
      .filter(([, keys]) => keys.length > 0);
    expect(missing).toEqual([]);
    expect(new Set(objects.map(([, o]) => o.metadata.labels['app.kubernetes.io/managed-by']))).toEqual(new Set(['cdk8s']));
  });

  test("the site's and the provisioner's selectors carry only name and instance", () => {
    const selectors = objects.flatMap(([what, o]) => [
      o.spec?.selector?.matchLabels, o.spec?.podSelector?.matchLabels, o.kind === 'Service' ? o.spec?.selector : undefined,
    ].filter(s => s && ['stateful-web', 'nfs-subdir-external-provisioner'].includes(s['app.kubernetes.io/name'])).map(s => [what, Object.keys(s).sort()]));
    expect(selectors.filter(([, keys]) => JSON.stringify(keys) !== JSON.stringify(SELECTOR))).toEqual([]);
  });
});

test("a Service given to a StatefulWeb takes the site's labels; one alone keeps its own", () => {
  const chart = Testing.chart();
  const given = new HeadlessService(chart, 'Given', { name: 'given' });
  new HeadlessService(chart, 'Alone', { name: 'alone' });
  new StatefulWeb(chart, 'Site', { name: 'site', service: given });
  const labels = (name: string) => Testing.synth(chart).find(o => o.kind === 'Service' && o.metadata.name === name).metadata.labels;
  expect(labels('given')).toMatchObject({ 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': 'site', 'app.kubernetes.io/component': 'service' });
  expect(labels('alone')).toMatchObject({ 'app.kubernetes.io/name': 'headless-service', 'app.kubernetes.io/instance': 'alone' });
});
