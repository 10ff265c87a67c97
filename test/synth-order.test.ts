import { App, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IStorageClass, NfsStorage, StatefulWeb } from '../src';

// The order of the objects in the YAML. A StatefulWeb depends on an NfsStorage
// through its StorageClass object alone (which depends on the rest of the
// provisioner), for synth speed (BENCHMARKS.md); the first and last orders are
// the ones the library gave when it depended on the NfsStorage construct as a whole.

/** `<kind> <name>` of each object of the chart, in synthesis order. */
function order(chart: Chart): string[] {
  return chart.toJson().map((o: any) => `${o.kind} ${o.metadata.name}`);
}

/** A StorageClass of the user's own: a construct with a provisioner and a class. */
class OwnStorage extends Construct implements IStorageClass {
  public readonly storageClassName = 'own';
  constructor(scope: Construct, id: string, provisioner = true) {
    super(scope, id);
    if (provisioner) {
      new k8s.KubeDeployment(this, 'Provisioner', {
        metadata: { name: 'own-provisioner' },
        spec: {
          selector: { matchLabels: { app: 'own' } },
          template: { metadata: { labels: { app: 'own' } }, spec: { containers: [{ name: 'provisioner', image: 'example.com/own:1' }] } },
        },
      });
    }
    new k8s.KubeStorageClass(this, 'Class', { metadata: { name: 'own' }, provisioner: 'example.com/own' })
      .addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

// The export's volume first, well before its claim: kube-controller-manager
// binds the pair at once only if it has seen the volume first.
const nfsObjects = (base: string) => [
  `PersistentVolume ${base}-export`,
  `ServiceAccount ${base}`,
  `ClusterRole ${base}-runner`,
  `ClusterRoleBinding run-${base}`,
  `Role leader-locking-${base}`,
  `RoleBinding leader-locking-${base}`,
  `NetworkPolicy ${base}`,
  `PersistentVolumeClaim ${base}-export`,
  `Deployment ${base}`,
  `StorageClass ${base}`,
];

describe('synthesis order', () => {
  test('pages, Service, the whole provisioner, then the StatefulSet; shared objects once; unused storage in place', () => {
    const chart = new Chart(new App(), 'site', { namespace: 'web' });
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
    const own = new OwnStorage(chart, 'own');
    new StatefulWeb(chart, 'one', { name: 'one', replicas: 2, storage: nfs, pages: ['a'] });
    const two = new StatefulWeb(chart, 'two', { name: 'two', storage: nfs });
    two.addVolumeClaimTemplate('more', { mountPath: '/more', storage: own });
    const three = new StatefulWeb(chart, 'three', { name: 'three', storage: own });
    three.addVolumeClaimTemplate('nfs', { mountPath: '/nfs', storage: nfs });
    new NfsStorage(chart, 'unused', { server: '192.168.1.21', path: '/unused' });

    expect(order(chart)).toEqual([
      'ConfigMap one-pages',
      'Service one',
      'PodDisruptionBudget one',
      'NetworkPolicy one',
      ...nfsObjects('site-nfs-web-c83f2020'),
      'StatefulSet one',
      'Service two',
      'NetworkPolicy two',
      'Deployment own-provisioner',
      'StorageClass own',
      'StatefulSet two',
      'Service three',
      'NetworkPolicy three',
      'StatefulSet three',
      ...nfsObjects('site-unused-web-c81b2125'),
    ]);
  });

  test("with a storage construct of the user's own and an NfsStorage, both come whole before the StatefulSet", () => {
    const chart = new Chart(new App(), 'site', { namespace: 'web' });
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', leaderElection: false });
    const own = new OwnStorage(chart, 'own', false);
    const web = new StatefulWeb(chart, 'web', { name: 'web', storage: own });
    web.addVolumeClaimTemplate('nfs', { mountPath: '/nfs', storage: nfs });

    const objects = order(chart);
    expect(objects[objects.length - 1]).toEqual('StatefulSet web');
    expect(new Set(objects)).toEqual(new Set([
      'Service web',
      'NetworkPolicy web',
      'StorageClass own',
      'ServiceAccount site-nfs-web-c83f2020',
      'ClusterRole site-nfs-web-c83f2020-runner',
      'ClusterRoleBinding run-site-nfs-web-c83f2020',
      'NetworkPolicy site-nfs-web-c83f2020',
      'PersistentVolume site-nfs-web-c83f2020-export',
      'PersistentVolumeClaim site-nfs-web-c83f2020-export',
      'Deployment site-nfs-web-c83f2020',
      'StorageClass site-nfs-web-c83f2020',
      'StatefulSet web',
    ]));
    // The NFS class still comes after the provisioner that serves it.
    expect(objects.indexOf('StorageClass site-nfs-web-c83f2020')).toBeGreaterThan(objects.indexOf('Deployment site-nfs-web-c83f2020'));
  });

  test('every object of the provisioner goes before a StatefulSet that uses it, in another chart too', () => {
    const app = new App();
    const web = new Chart(app, 'web', { namespace: 'web' });
    const storage = new Chart(app, 'storage', { namespace: 'storage' });
    const nfs = new NfsStorage(storage, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
    new StatefulWeb(web, 'site', { name: 'site', storage: nfs });

    const docs = app.synthYaml().split(/^---$/m).map(doc => /^kind: (\S+)$/m.exec(doc)?.[1]);
    expect(docs).toEqual([
      'PersistentVolume', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'NetworkPolicy', 'PersistentVolumeClaim',
      'Deployment', 'StorageClass', 'Service', 'NetworkPolicy', 'StatefulSet',
    ]);
  });
});
