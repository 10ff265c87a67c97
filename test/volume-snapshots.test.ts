import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import {
  ClaimsFromSnapshots, NfsCsiDriver, NfsCsiSnapshotClass, NfsCsiStorage, SnapshotController, SnapshotDeletionPolicy,
  StatefulWeb, StatefulWebSnapshots,
} from '../src';
import { SNAPSHOT_CRDS } from '../src/snapshot-crds';
import { only } from './support/manifests';
import { KUBERNETES_VERSIONS } from './support/validator';

// The third-party sources the e2e builds from (e2e/lib.sh reads the same variable).
const UPSTREAM = process.env.E2E_UPSTREAM || path.join(__dirname, '..', '..', 'shared', 'upstream');
const UPSTREAM_CRDS = path.join(UPSTREAM, 'kubernetes-csi', 'external-snapshotter-v8.6.0', 'client', 'config', 'crd');

/** A driver in its own chart, a class on it, and an app chart in namespace `web`. */
function setUp() {
  const app = Testing.app();
  const csi = new Chart(app, 'csi', { namespace: 'csi' });
  const driver = new NfsCsiDriver(csi, 'driver');
  const controller = new SnapshotController(csi, 'snapshots');
  const snapshotClass = new NfsCsiSnapshotClass(csi, 'class', { driver, snapshotController: controller });
  const chart = new Chart(app, 'web', { namespace: 'web' });
  const storage = new NfsCsiStorage(chart, 'nfs', { driver, server: '192.168.1.21', share: '/nfsdata', subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}' });
  const site = new StatefulWeb(chart, 'site', { name: 'web', replicas: 2, storage });
  return { app, csi, chart, driver, controller, snapshotClass, storage, site };
}

describe('SnapshotController', () => {
  test('defaults', () => {
    const chart = new Chart(Testing.app(), 'snapshots', { namespace: 'kube-system' });
    new SnapshotController(chart, 'controller');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('the CRDs first, the Deployment last; no group snapshots, no wildcard, leases in a Role', () => {
    const chart = new Chart(Testing.app(), 'snapshots', { namespace: 'kube-system' });
    const controller = new SnapshotController(chart, 'controller', { replicas: 2 });
    const manifests = Testing.synth(chart);
    expect(manifests.slice(0, 3).map(m => m.metadata.name)).toEqual([
      'volumesnapshotclasses.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io', 'volumesnapshots.snapshot.storage.k8s.io',
    ]);
    expect(manifests[manifests.length - 1].kind).toBe('Deployment');
    expect(only(manifests, 'Deployment').spec.replicas).toBe(2);
    for (const m of manifests.slice(0, 3)) expect(m.metadata.namespace).toBeUndefined();
    const rules = only(manifests, 'ClusterRole').rules;
    expect(rules.flatMap((r: any) => r.apiGroups)).not.toContain('groupsnapshot.storage.k8s.io');
    for (const r of rules) for (const f of ['apiGroups', 'resources', 'verbs']) expect(r[f]).not.toContain('*');
    expect(only(manifests, 'Role').rules[0].resources).toEqual(['leases']);
    expect(controller.crds).toHaveLength(3);
  });

  test('without CRDs: only the controller', () => {
    const chart = new Chart(Testing.app(), 'snapshots', { namespace: 'kube-system' });
    const controller = new SnapshotController(chart, 'controller', { crds: false });
    expect(Testing.synth(chart).filter(m => m.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(controller.crds).toEqual([]);
  });

  // The CRD schemas are written here as data; upstream's files are the facts.
  const upstream = fs.existsSync(UPSTREAM_CRDS) ? test : test.skip;
  if (!fs.existsSync(UPSTREAM_CRDS)) {
    // eslint-disable-next-line no-console
    console.warn(`skipped: the CRDs are not compared with upstream's, ${UPSTREAM_CRDS} is missing (set E2E_UPSTREAM)`);
  }
  upstream.each(SNAPSHOT_CRDS.map(c => [c.kind, c] as const))("%s: every property path of upstream's v1 schema is ours, with the same type, enum and required fields", (_, crd) => {
    const file = path.join(UPSTREAM_CRDS, `snapshot.storage.k8s.io_${crd.plural}.yaml`);
    const doc = Yaml.load(file).find((d: any) => d?.kind === 'CustomResourceDefinition');
    const v1 = doc.spec.versions.find((v: any) => v.name === 'v1');
    const facts = (schema: any, at: string, out: { [path: string]: any }) => {
      out[at || '/'] = {
        type: schema.type,
        enum: schema.enum,
        required: schema.required,
        format: schema.format,
        pattern: schema.pattern,
        minimum: schema.minimum,
        mapType: schema['x-kubernetes-map-type'],
        intOrString: schema['x-kubernetes-int-or-string'],
        rules: schema['x-kubernetes-validations']?.map((r: any) => `${r.rule}: ${r.message}`).sort(),
      };
      for (const [k, v] of Object.entries(schema.properties ?? {})) facts(v, `${at}.${k}`, out);
      if (schema.additionalProperties) facts(schema.additionalProperties, `${at}{}`, out);
      return out;
    };
    expect(facts(JSON.parse(JSON.stringify(crd.schema)), '', {})).toEqual(facts(v1.schema.openAPIV3Schema, '', {}));
    expect(doc.spec.scope).toBe(crd.scope);
    expect(doc.spec.names.shortNames).toEqual(crd.shortNames);
    expect(doc.metadata.annotations['api-approved.kubernetes.io']).toBe(crd.approval);
    expect(v1.additionalPrinterColumns.map((c: any) => [c.name, c.type, c.jsonPath])).toEqual(crd.columns.map(c => [c.name, c.type, c.jsonPath]));
    expect(v1.subresources?.status !== undefined).toBe(crd.status);
  });
});

describe('NfsCsiSnapshotClass', () => {
  test('a VolumeSnapshotClass of the driver, Retain by default, after the driver and the CRDs', () => {
    const { csi, driver, controller, snapshotClass } = setUp();
    const cls = only(Testing.synth(csi), 'VolumeSnapshotClass');
    expect(cls).toMatchObject({ apiVersion: 'snapshot.storage.k8s.io/v1', driver: 'nfs.csi.k8s.io', deletionPolicy: 'Retain' });
    expect(cls.metadata.namespace).toBeUndefined();
    expect(snapshotClass.deletionPolicy).toBe(SnapshotDeletionPolicy.RETAIN);
    expect(snapshotClass.apiObject.node.dependencies).toEqual(expect.arrayContaining([driver.apiObject, ...controller.crds]));
  });

  test('a deletion policy and a name', () => {
    const chart = Testing.chart();
    const driver = new NfsCsiDriver(chart, 'driver');
    new NfsCsiSnapshotClass(chart, 'class', { driver, deletionPolicy: SnapshotDeletionPolicy.DELETE, name: 'nfs-snapshots' });
    expect(only(Testing.synth(chart), 'VolumeSnapshotClass')).toMatchObject({ metadata: { name: 'nfs-snapshots' }, deletionPolicy: 'Delete' });
  });
});

describe('StatefulWebSnapshots and ClaimsFromSnapshots', () => {
  test('one VolumeSnapshot per claim, named per ordinal, after the StatefulSet', () => {
    const { chart, site, snapshotClass } = setUp();
    const snapshots = new StatefulWebSnapshots(chart, 'backup', { site, snapshotClass });
    const manifests = Testing.synth(chart).filter(m => m.kind === 'VolumeSnapshot');
    expect(manifests).toMatchSnapshot();
    expect(snapshots.snapshotNames).toEqual(['data-web-snapshot-0', 'data-web-snapshot-1']);
    expect(manifests.map(m => m.spec.source.persistentVolumeClaimName)).toEqual(site.claimNames);
    expect(manifests.map(m => m.metadata.namespace)).toEqual(['web', 'web']);
    expect(new Set(manifests.map(m => m.spec.volumeSnapshotClassName))).toEqual(new Set([snapshotClass.name]));
    for (const s of snapshots.apiObjects) expect(s.node.dependencies).toContain(site.apiObject);
    expect(() => snapshots.snapshotName(2)).toThrow(/ordinal/);
  });

  test('a site restored from the snapshots: one claim per ordinal, named as the StatefulSet names them', () => {
    const { chart, site, snapshotClass, storage } = setUp();
    const snapshots = new StatefulWebSnapshots(chart, 'backup', { site, snapshotClass, namePrefix: 'nightly' });
    const restored = new StatefulWeb(chart, 'restored', { name: 'restored', replicas: 2, storage });
    const claims = new ClaimsFromSnapshots(chart, 'restore', { site: restored, snapshots });
    const manifests = Testing.synth(chart);
    const pvcs = manifests.filter(m => m.kind === 'PersistentVolumeClaim');
    expect(pvcs).toMatchSnapshot();
    expect(pvcs.map(p => p.metadata.name)).toEqual(restored.claimNames);
    expect(pvcs.map(p => p.spec.dataSource)).toEqual(['nightly-0', 'nightly-1'].map(name => ({ apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name })));
    const template = only(manifests.filter(m => m.metadata.name === 'restored'), 'StatefulSet').spec.volumeClaimTemplates[0].spec;
    for (const pvc of pvcs) {
      expect(pvc.spec.storageClassName).toBe(template.storageClassName);
      expect(pvc.spec.accessModes).toEqual(template.accessModes);
      expect(pvc.spec.resources).toEqual(template.resources);
    }
    for (const c of claims.apiObjects) expect(restored.apiObject.node.dependencies).toContain(c);
    // The claims come before the StatefulSet that adopts them.
    const order = manifests.map(m => `${m.kind}/${m.metadata.name}`);
    expect(order.indexOf('StatefulSet/restored')).toBeGreaterThan(Math.max(...pvcs.map(p => order.indexOf(`PersistentVolumeClaim/${p.metadata.name}`))));
  });

  test('the restored site may live in another app of the same namespace', () => {
    const { site, snapshotClass, chart, storage } = setUp();
    const snapshots = new StatefulWebSnapshots(chart, 'backup', { site, snapshotClass });
    const other = new Chart(chart.node.scope as App, 'other', { namespace: 'web' });
    const restored = new StatefulWeb(other, 'restored', { name: 'restored', replicas: 2, storage });
    new ClaimsFromSnapshots(other, 'restore', { site: restored, snapshots });
    expect(Testing.synth(other).filter(m => m.kind === 'PersistentVolumeClaim')).toHaveLength(2);
  });
});

describe('the schema check of snapshot objects, against the CRD schemas above', () => {
  const snapshot = (spec: object) => ({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 's', namespace: 'web' }, spec });

  test.each(KUBERNETES_VERSIONS.map(k => [k.version, k] as const))('at %s: a valid VolumeSnapshot passes, a misspelt or missing field does not', (_, k) => {
    expect(k.validateObject(snapshot({ source: { persistentVolumeClaimName: 'data-web-0' }, volumeSnapshotClassName: 'nfs' }))).toEqual([]);
    expect(k.validateObject(snapshot({ source: { persistentVolumeClaim: 'data-web-0' } })).join('\n')).toMatch(/unknown field "persistentVolumeClaim"/);
    expect(k.validateObject(snapshot({})).join('\n')).toMatch(/source/);
    expect(k.validateObject({ apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'c', namespace: 'web' }, driver: 'd', deletionPolicy: 'Keep' }).join('\n'))
      .toMatch(/namespace[\s\S]*deletionPolicy|deletionPolicy[\s\S]*namespace/);
  });
});
