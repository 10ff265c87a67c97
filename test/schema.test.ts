import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Size, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { HeadlessService, NfsStorage, StatefulWeb, StorageClassRef } from '../src';
import { isClusterScoped, QUANTITY, SCHEMA_SOURCE, validateManifests, validateObject } from './support/validator';
import { takeViolations } from './support/violations';

// A small valid manifest of each shape the tests below break one field of.
const configMap = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pages', namespace: 'web' }, data: { '0.html': 'hi' } });
const service = () => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] },
});
const statefulSet = () => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'web',
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'httpd:2.4.62', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
    },
    volumeClaimTemplates: [{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', resources: { requests: { storage: '100Mi' } } },
    }],
  },
});
const clusterRole = () => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'nfs-runner' },
  rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
});
const storageClass = () => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'nfs' },
  provisioner: 'cluster.local/nfs',
  reclaimPolicy: 'Retain',
  volumeBindingMode: 'Immediate',
});

describe('the Kubernetes 1.27 validator', () => {
  test('comes from the 1.27 API server OpenAPI document', () => {
    expect(SCHEMA_SOURCE).toBe('k8s.io/kubernetes@v1.27.16 api/openapi-spec/swagger.json');
  });

  test.each([
    ['ConfigMap', configMap()],
    ['headless Service', service()],
    ['StatefulSet with a claim template', statefulSet()],
    ['ClusterRole', clusterRole()],
    ['StorageClass', storageClass()],
    ['Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } }],
  ])('accepts a valid %s', (_, obj) => {
    expect(validateObject(obj)).toEqual([]);
  });

  test('rejects an unknown field, at any depth', () => {
    const top = { ...configMap(), spec: {} };
    expect(validateObject(top)).toEqual(['/: unknown field "spec"']);
    const deep = statefulSet();
    (deep.spec.template.spec.containers[0] as any).mountPath = '/data';
    expect(validateObject(deep)).toEqual(['/spec/template/spec/containers/0: unknown field "mountPath"']);
    // The tutorial's mistake: a volumeClaimTemplate's storage class as a field of metadata.
    const claim = statefulSet();
    (claim.spec.volumeClaimTemplates[0].metadata as any).storageClassName = 'nfs';
    expect(validateObject(claim)).toEqual(['/spec/volumeClaimTemplates/0/metadata: unknown field "storageClassName"']);
  });

  test('rejects a field cdk8s-plus spells differently from the API (clusterIp)', () => {
    const svc: any = service();
    svc.spec.clusterIp = 'None';
    delete svc.spec.clusterIP;
    expect(validateObject(svc)).toEqual(['/spec: unknown field "clusterIp"']);
  });

  test('rejects a wrong type and an int32 out of range', () => {
    const sts: any = statefulSet();
    sts.spec.replicas = '3';
    expect(validateObject(sts)).toEqual(['/spec/replicas: must be integer']);
    sts.spec.replicas = 2 ** 31;
    expect(validateObject(sts)).toEqual(['/spec/replicas: must be <= 2147483647']);
    const svc: any = service();
    svc.spec.ports[0].port = 8.5;
    expect(validateObject(svc)).toEqual(['/spec/ports/0/port: must be integer']);
  });

  test('rejects a missing required field', () => {
    const sts: any = statefulSet();
    delete sts.spec.template.spec.containers[0].name;
    expect(validateObject(sts)).toContain('/spec/template/spec/containers/0: missing required field "name"');
    const sc: any = storageClass();
    delete sc.provisioner;
    expect(validateObject(sc)).toEqual(['/: missing required field "provisioner"']);
    const noName: any = configMap();
    delete noName.metadata.name;
    expect(validateObject(noName)).toEqual(['/metadata/name: missing']);
  });

  test('takes int-or-string as an int32 or a string and nothing else', () => {
    const svc: any = service();
    svc.spec.ports[0].targetPort = 'http';
    expect(validateObject(svc)).toEqual([]);
    svc.spec.ports[0].targetPort = true;
    expect(validateObject(svc)).toEqual(expect.arrayContaining(['/spec/ports/0/targetPort: must be integer', '/spec/ports/0/targetPort: must be string']));
  });

  test.each(['100Mi', '1Gi', '250m', '0.5', '1.5Gi', '1e3', '+1k', '.5', '5.', '100n'])('accepts the quantity %s', q => {
    expect(QUANTITY.test(q)).toBe(true);
    const sts: any = statefulSet();
    sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = q;
    expect(validateObject(sts)).toEqual([]);
  });

  test.each(['100MB', '1.5.0Gi', '', 'Mi', '100 Mi', '1gi', '0x10', '1Ki1'])('rejects the quantity %j', q => {
    const sts: any = statefulSet();
    sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage = q;
    expect(validateObject(sts)).toContain("/spec/volumeClaimTemplates/0/spec/resources/requests/storage: must be a Kubernetes quantity such as '100Mi' or '250m'");
  });

  test('rejects a value outside a closed set the API server enforces', () => {
    const sc: any = storageClass();
    sc.reclaimPolicy = 'Recycle';
    expect(validateObject(sc)).toEqual(['/reclaimPolicy: must be one of Delete, Retain']);
    const sts: any = statefulSet();
    sts.spec.volumeClaimTemplates[0].spec.accessModes = ['ReadWriteOnce', 'RWX'];
    expect(validateObject(sts)).toEqual(['/spec/volumeClaimTemplates/0/spec/accessModes/1: must be one of ReadOnlyMany, ReadWriteMany, ReadWriteOnce, ReadWriteOncePod']);
  });

  test('rejects a kind that 1.27 does not serve, such as the tutorial\'s extensions/v1beta1 Deployment', () => {
    const old = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'nfs-client-provisioner' }, spec: {} };
    expect(validateObject(old)).toEqual(['/: Kubernetes 1.27 serves no kind Deployment in apiVersion extensions/v1beta1']);
    expect(validateObject({ apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'x' } }))
      .toEqual(['/: Kubernetes 1.27 serves no kind PodSecurityPolicy in apiVersion policy/v1beta1']);
    expect(validateObject({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'x' } }))
      .toEqual(['/: Kubernetes 1.27 serves no kind Deployment in apiVersion v1']);
  });

  test('tells a 1.27 kind whose schema is not stored from one 1.27 does not serve', () => {
    expect(validateObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' } }))
      .toEqual(['/: the schema of batch/v1/Job is not stored; add it to STORED_KINDS in regenerate-schema.js and run k8s-1.27/regenerate.js']);
  });

  test('rejects a namespace on a cluster-scoped kind', () => {
    expect(validateObject({ ...clusterRole(), metadata: { name: 'nfs-runner', namespace: 'web' } }))
      .toEqual(['/metadata/namespace: ClusterRole is cluster-scoped and must not have a namespace, got "web"']);
    expect(validateObject({ ...storageClass(), metadata: { name: 'nfs', namespace: 'web' } }))
      .toEqual(['/metadata/namespace: StorageClass is cluster-scoped and must not have a namespace, got "web"']);
  });

  test('knows the scope of each kind from the API paths', () => {
    expect(isClusterScoped('storage.k8s.io/v1', 'StorageClass')).toBe(true);
    expect(isClusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')).toBe(true);
    expect(isClusterScoped('v1', 'Namespace')).toBe(true);
    expect(isClusterScoped('v1', 'PersistentVolume')).toBe(true);
    expect(isClusterScoped('rbac.authorization.k8s.io/v1', 'Role')).toBe(false);
    expect(isClusterScoped('v1', 'PersistentVolumeClaim')).toBe(false);
    expect(isClusterScoped('extensions/v1beta1', 'Deployment')).toBeUndefined();
  });

  test('checks names per kind as the API server does', () => {
    expect(validateObject({ ...service(), metadata: { name: '1web' } }))
      .toEqual(['/metadata/name: "1web" is not a DNS-1035 label of at most 63 characters']);
    expect(validateObject({ ...configMap(), metadata: { name: '1web.pages' } })).toEqual([]);
    expect(validateObject({ ...statefulSet(), metadata: { name: 'web.v2' } }))
      .toEqual(['/metadata/name: "web.v2" is not a DNS-1123 label of at most 63 characters']);
    expect(validateObject({ ...configMap(), metadata: { name: 'Pages' } }))
      .toEqual(['/metadata/name: "Pages" is not a DNS-1123 subdomain of at most 253 characters']);
    expect(validateObject({ ...clusterRole(), metadata: { name: 'system:nfs' } })).toEqual([]);
    expect(validateObject({ ...configMap(), metadata: { name: 'pages', namespace: 'Web' } }))
      .toEqual(['/metadata/namespace: "Web" is not a DNS-1123 label of at most 63 characters']);
  });

  test('checks labels, and that a workload selects its own pods', () => {
    const badLabel: any = configMap();
    badLabel.metadata.labels = { app: 'web site' };
    expect(validateObject(badLabel)).toEqual(['/metadata/labels/app: "web site" is not a label value (at most 63 letters, digits, \'-\', \'_\', \'.\')']);
    const sts: any = statefulSet();
    sts.spec.template.metadata.labels = { app: 'other' };
    expect(validateObject(sts)).toEqual(['/spec/template/metadata/labels: `selector` does not match template `labels`']);
    sts.spec.selector = {};
    expect(validateObject(sts)).toEqual(['/spec/selector: empty selector is invalid for statefulset']);
  });

  test('checks that every volume mount names a volume or a claim template', () => {
    const sts: any = statefulSet();
    sts.spec.template.spec.containers[0].volumeMounts.push({ name: 'logs', mountPath: '/logs' });
    expect(validateObject(sts)).toEqual(['/spec/template/spec/containers/0/volumeMounts/1/name: "logs" names no volume or claim template']);
    sts.spec.template.spec.volumes = [{ name: 'logs', emptyDir: {} }];
    expect(validateObject(sts)).toEqual([]);
    sts.spec.template.spec.containers[0].volumeMounts[1].mountPath = '/data';
    expect(validateObject(sts)).toEqual(['/spec/template/spec/containers/0/volumeMounts/1/mountPath: "/data" is mounted twice']);
  });

  test('checks that no pod volume shares its name with a claim template or another volume', () => {
    const sts: any = statefulSet();
    sts.spec.template.spec.volumes = [{ name: 'data', emptyDir: {} }];
    expect(validateObject(sts)).toEqual(['/spec/template/spec/volumes/0/name: "data" is also a claim template: the StatefulSet controller replaces the volume with the claim']);
    sts.spec.template.spec.volumes = [{ name: 'logs', emptyDir: {} }, { name: 'logs', emptyDir: {} }];
    expect(validateObject(sts)).toEqual(['/spec/template/spec/volumes/1/name: "logs" is used twice']);
  });

  test('finds two objects of one kind and name in one namespace, or cluster-wide for cluster-scoped kinds', () => {
    const a = configMap();
    const b = { ...configMap(), metadata: { name: 'pages', namespace: 'other' } };
    expect(validateManifests([a, b])).toEqual([]);
    expect(validateManifests([a, configMap()])).toEqual(['ConfigMap web/pages (document 1): the same kind and name as document 0 (ConfigMap web/pages)']);
    // No namespace means the default one.
    const c = { ...configMap(), metadata: { name: 'pages' } };
    const d = { ...configMap(), metadata: { name: 'pages', namespace: 'default' } };
    expect(validateManifests([c, d])).toHaveLength(1);
    expect(validateManifests([c, d], 'web')).toEqual([]);
    // A StorageClass has one name in the whole cluster.
    expect(validateManifests([storageClass(), storageClass()])).toEqual(['StorageClass nfs (document 1): the same kind and name as document 0 (StorageClass.storage.k8s.io nfs)']);
  });
});

describe('every synthesized manifest is validated', () => {
  function badChart(): Chart {
    const chart = Testing.chart();
    new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name' } });
    return chart;
  }

  test('Testing.synth throws on a manifest 1.27 rejects, naming the object and the path', () => {
    expect(() => Testing.synth(badChart())).toThrow(
      /^Kubernetes 1\.27 would reject Service Bad_Name \(construct test\/bad\):\n {2}\/metadata\/name: "Bad_Name" is not a DNS-1035 label/);
    expect(takeViolations()).toHaveLength(1);
  });

  test('App.synthYaml and App.synth too, in every output layout', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'c'), 'bad', { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } });
    expect(() => app.synthYaml()).toThrow(/serves no kind Deployment in apiVersion extensions\/v1beta1/);
    for (const yamlOutputType of Object.values(YamlOutputType).filter(v => typeof v === 'number') as YamlOutputType[]) {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-test-'));
      try {
        const out = new App({ outdir, yamlOutputType });
        new ApiObject(new Chart(out, 'c'), 'bad', { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } });
        expect(() => out.synth()).toThrow(/serves no kind Deployment/);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    expect(takeViolations().length).toBeGreaterThanOrEqual(5);
  });

  test('a generated k8s object rendered on its own (toJson) is validated as the API sees it', () => {
    const chart = Testing.chart();
    const cm = new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'pages' }, data: { a: 'b' } });
    expect(cm.toJson()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pages' }, data: { a: 'b' } });
    cm.addJsonPatch(JsonPatch.add('/data/n', 1));
    expect(() => cm.toJson()).toThrow('Kubernetes 1.27 would reject ConfigMap pages (construct test/cm):\n  /data/n: must be string');
    expect(takeViolations()).toHaveLength(1);
  });

  test('the library\'s one-pass objects rendered on their own (toJson) are validated too', () => {
    const chart = Testing.chart();
    const web = new StatefulWeb(chart, 'web', { name: 'web', replicas: 2 });
    const objects: Array<[string, ApiObject]> = [
      ['StatefulSet', web.apiObject], ['Service', web.service.apiObject], ['NetworkPolicy', web.networkPolicy!], ['PodDisruptionBudget', web.disruptionBudget!],
    ];
    for (const [kind, obj] of objects) {
      obj.addJsonPatch(JsonPatch.add('/spec/bogus', 1));
      expect(() => obj.toJson()).toThrow(`Kubernetes 1.27 would reject ${kind} web (construct ${obj.node.path}):\n  /spec: unknown field "bogus"`);
    }
    expect(takeViolations()).toHaveLength(4);
  });

  test('duplicates within a chart are refused', () => {
    const chart = Testing.chart();
    new k8s.KubeConfigMap(chart, 'a', { metadata: { name: 'pages' } });
    new k8s.KubeConfigMap(chart, 'b', { metadata: { name: 'pages' } });
    expect(() => Testing.synth(chart)).toThrow(/ConfigMap pages \(document 1\): the same kind and name as document 0/);
    expect(takeViolations()).toHaveLength(1);
  });

  test('a wrapped synth returns what cdk8s returns', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'web' });
    new k8s.KubeConfigMap(chart, 'a', { metadata: { name: 'pages' }, data: { k: 'v' } });
    new HeadlessService(chart, 'svc', { name: 'web', ports: [{ name: 'http', port: 80 }], selector: { app: 'web' } });
    const expected = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pages', namespace: 'web' }, data: { k: 'v' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          labels: {
            'app.kubernetes.io/component': 'service',
            'app.kubernetes.io/instance': 'web',
            'app.kubernetes.io/managed-by': 'cdk8s',
            'app.kubernetes.io/name': 'headless-service',
            'app.kubernetes.io/part-of': 'stateful-web',
          },
          name: 'web',
          namespace: 'web',
        },
        spec: { clusterIP: 'None', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], selector: { app: 'web' } },
      },
    ];
    expect(Testing.synth(chart)).toEqual(expected);
    expect(chart.toJson()).toEqual(expected);
    expect(app.synthYaml()).toBe(Yaml.stringify(...expected));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-test-'));
    try {
      const out = new App({ outdir });
      new k8s.KubeConfigMap(new Chart(out, 'c'), 'a', { metadata: { name: 'pages' }, data: { k: 'v' } });
      expect(out.synth()).toBeUndefined();
      expect(Yaml.load(path.join(outdir, 'c.k8s.yaml'))).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pages' }, data: { k: 'v' } }]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the library\'s own output, every construct with its defaults and a full set-up, is valid 1.27', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'web', { namespace: 'web' });
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
    const svc = new HeadlessService(chart, 'svc', { name: 'headless-svc' });
    const site = new StatefulWeb(chart, 'site', {
      replicas: 3, storage: nfs, storageSize: Size.mebibytes(100), service: svc, pages: ['123', '456', '789'],
    });
    site.addVolumeClaimTemplate('logs', { mountPath: '/logs', storage: StorageClassRef.fromName('standard'), size: Size.gibibytes(2) });
    new StatefulWeb(new Chart(app, 'plain'), 'site');
    const manifests = app.charts.flatMap(c => c.toJson());
    expect(manifests.map(o => o.kind).sort()).toEqual([
      'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy',
      'PersistentVolume', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'Service', 'ServiceAccount',
      'StatefulSet', 'StatefulSet', 'StorageClass',
    ]);
    expect(validateManifests(manifests)).toEqual([]);
  });
});
