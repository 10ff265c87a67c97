import { ApiObject, App, Chart, Duration, JsonPatch, Lazy, ResolutionContext, Size, Testing } from 'cdk8s';
import {
  ClaimAccessMode, ClaimRetentionPolicy, CpuAmount, DisruptionBudget, HeadlessService, HealthProbe, NfsStorage, NodeLabelOperator,
  PagesMode, PodManagement, PortProtocol, PullPolicy, Spreading, StatefulWeb, StatefulWebProps, PodSecurityNamespace, StorageClassRef,
  UpdateStrategy, WebServer, NfsCsiDriver, NfsCsiStorage, NfsCsiSnapshotClass, SnapshotController, StatefulWebSnapshots,
} from '../src';
import * as k8s from '../src/imports/k8s';
import { KubeKind, makeObject, respec } from '../src/objects';
import { only } from './support/manifests';

// Every object the library makes renders in one pass from props kept as the
// API server takes them (src/objects.ts), not through the generated
// classes' second, typed pass. These tests hold that to the JSON the typed objects
// render from the same typed spec.

/** What a `k8s.KubeStatefulSet` renders from the StatefulWeb's typed spec. */
function typedStatefulSet(web: StatefulWeb): any {
  const chart = new Chart(Testing.app(), 'typed', { namespace: Chart.of(web).namespace });
  // The typed spec is private: the library renders it and converts it once.
  const spec: k8s.StatefulSetSpec = (web as any).renderSpec();
  // The labels as the object has them (test/labels.test.ts holds them): what is compared here is the rendering.
  const labels = web.apiObject.metadata.toJson().labels;
  return new k8s.KubeStatefulSet(chart, 'Resource', { metadata: { name: web.name, labels }, spec }).toJson();
}

/** What a `k8s.KubeService` renders from the HeadlessService's ports and selector, typed. */
function typedService(service: HeadlessService, publishNotReadyAddresses?: boolean): any {
  const chart = new Chart(Testing.app(), 'typed', { namespace: Chart.of(service).namespace });
  const spec: k8s.ServiceSpec = {
    clusterIp: 'None',
    publishNotReadyAddresses,
    selector: service.selector,
    ports: service.ports.length === 0 ? undefined : service.ports.map(p => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort === undefined ? undefined : k8s.IntOrString.fromNumber(p.targetPort),
      protocol: p.protocol,
    })),
  };
  const labels = service.apiObject.metadata.toJson().labels;
  return new k8s.KubeService(chart, 'Resource', { metadata: { name: service.name, labels }, spec }).toJson();
}

const CASES: Array<[string, (chart: Chart) => StatefulWebProps]> = [
  ['defaults', () => ({})],
  ['the benchmark site', chart => ({
    name: 'site-0',
    replicas: 3,
    storage: new NfsStorage(chart, 'nfs', { server: '10.0.0.1', path: '/nfs', networkPolicy: false }),
    storageSize: Size.mebibytes(100),
    networkPolicy: false,
    disruptionBudget: DisruptionBudget.none(),
    spreading: Spreading.NONE,
  })],
  ['every prop', chart => ({
    name: 'every',
    replicas: 4,
    server: WebServer.nginxUnprivileged(),
    image: 'nginx:1',
    port: 8443,
    storage: StorageClassRef.fromName('fast'),
    storageSize: Size.gibibytes(2),
    accessModes: [ClaimAccessMode.READ_WRITE_ONCE_POD],
    mountPath: '/srv',
    claimName: 'www',
    claimReadOnly: true,
    pages: ['<p>0</p>', '<p>1</p>'],
    pagesMode: PagesMode.SYNC,
    seedImage: 'busybox:1.36',
    podLabels: { tier: 'web' },
    podManagementPolicy: PodManagement.PARALLEL,
    updateStrategy: UpdateStrategy.rollingUpdate({ partition: 2, maxUnavailable: 2 }),
    minReady: Duration.seconds(5),
    whenDeleted: ClaimRetentionPolicy.DELETE,
    whenScaled: ClaimRetentionPolicy.DELETE,
    ordinalsStart: 1,
    resources: {
      cpu: { request: CpuAmount.millis(100), limit: CpuAmount.cores(1) },
      memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
      ephemeralStorage: { limit: Size.gibibytes(1) },
    },
    readiness: HealthProbe.httpGet('/ready', { period: Duration.seconds(3) }),
    liveness: HealthProbe.tcpSocket({ port: 8443, failureThreshold: 5 }),
    startup: HealthProbe.exec(['true']),
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 2000,
    writablePaths: ['/tmp', '/var/cache/nginx'],
    disruptionBudget: DisruptionBudget.minAvailable(2),
    spreading: Spreading.REQUIRED,
    nodeSelector: { disk: 'ssd' },
    tolerations: [{ key: 'dedicated', value: 'web' }],
    nodeAffinity: [{ requirements: [{ key: 'zone', operator: NodeLabelOperator.IN, values: ['a', 'b'] }, { key: 'ssd', operator: NodeLabelOperator.EXISTS }] }],
    priorityClassName: 'high',
    imagePullPolicy: PullPolicy.ALWAYS,
    imagePullSecrets: ['regcred'],
    service: new HeadlessService(chart, 'svc', { name: 'every', ports: [{ name: 'https', port: 443, targetPort: 8443 }], publishNotReadyAddresses: true }),
  })],
  ['pages seeded once, an update strategy on delete', () => ({ pages: ['a'], updateStrategy: UpdateStrategy.onDelete() })],
];

describe('one-pass rendering', () => {
  test.each(CASES)('the StatefulSet renders as the typed object would: %s', (_, props) => {
    const chart = new Chart(Testing.app(), 'site', { namespace: 'web' });
    const web = new StatefulWeb(chart, 'web', props(chart));
    expect(web.apiObject).toBeInstanceOf(k8s.KubeStatefulSet);
    expect(web.apiObject.toJson()).toEqual(typedStatefulSet(web));
    // and with byte-identical YAML (key order included)
    expect(JSON.stringify(web.apiObject.toJson())).toBe(JSON.stringify(typedStatefulSet(web)));
  });

  test('a claim template added later is rendered into the same spec', () => {
    const chart = new Chart(Testing.app(), 'site');
    const web = new StatefulWeb(chart, 'web', { pages: ['a'] });
    const before = web.apiObject.toJson();
    web.addVolumeClaimTemplate('logs', { mountPath: '/logs', size: Size.mebibytes(10), readOnly: true });
    const after = web.apiObject.toJson();
    expect(after.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data', 'logs']);
    expect(before.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data']);
    expect(JSON.stringify(after)).toBe(JSON.stringify(typedStatefulSet(web)));
  });

  test.each([
    ['made by the StatefulWeb', undefined],
    ['given, with ports and publishNotReadyAddresses', true],
  ])('the Service renders as the typed object would: %s', (_, publish) => {
    const chart = new Chart(Testing.app(), 'site', { namespace: 'web' });
    const service = publish
      ? new HeadlessService(chart, 'svc', { name: 'web', publishNotReadyAddresses: true, ports: [{ name: 'dns', port: 53, protocol: PortProtocol.UDP }, { name: 'http', port: 80, targetPort: 8080 }] })
      : undefined;
    const web = new StatefulWeb(chart, 'web', { service });
    expect(web.service.apiObject).toBeInstanceOf(k8s.KubeService);
    expect(JSON.stringify(web.service.apiObject.toJson())).toBe(JSON.stringify(typedService(web.service, publish)));
  });

  test('a value cdk8s resolves at synth (a token in a storage class of the user\'s) is left to it', () => {
    const chart = new Chart(Testing.app(), 'site');
    let name = 'early';
    const storage = { storageClassName: Lazy.any({ produce: () => name }) };
    const web = new StatefulWeb(chart, 'web', { storage });
    name = 'late';
    expect(web.apiObject.toJson().spec.volumeClaimTemplates[0].spec.storageClassName).toBe('late');
    expect(JSON.stringify(web.apiObject.toJson())).toBe(JSON.stringify(typedStatefulSet(web)));
  });

  test('JSON patches apply to the JSON as they are written', () => {
    const chart = new Chart(Testing.app(), 'site');
    const web = new StatefulWeb(chart, 'web');
    // A typed object converts the patched JSON again: it would drop `hostIPC`
    // (the generated types spell it `hostIpc`) and turn the patched quantity into null.
    web.apiObject.addJsonPatch(
      JsonPatch.add('/spec/template/spec/hostIPC', false),
      JsonPatch.add('/spec/template/spec/containers/0/resources/limits/cpu', '1'),
    );
    web.service.apiObject.addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));
    const manifests = Testing.synth(chart);
    const set = only(manifests, 'StatefulSet');
    const service = only(manifests, 'Service');
    expect(set.spec.template.spec.hostIPC).toBe(false);
    expect(set.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '1', memory: '256Mi' });
    expect(service.spec).toEqual({ clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }], selector: web.selectorLabels });
  });

  test('an object made without a spec has none to replace', () => {
    const account = makeObject(k8s.KubeServiceAccount, Testing.chart(), 'sa', { metadata: { name: 'sa' } });
    expect(() => respec(account, {})).toThrow('test/sa was not made with a spec to replace');
  });

  /** A typed object of `kind`, made to render in one pass or as the generated class renders it. */
  const makeAs = <P>(onePass: boolean, kind: KubeKind<ApiObject, P>, scope: Chart, id: string, props: P) =>
    onePass ? makeObject(kind, scope, id, props) : new kind(scope, id, props);

  test.each([
    ['a PodDisruptionBudget', (c: Chart, id: string, one: boolean) => makeAs(one, k8s.KubePodDisruptionBudget, c, id, {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { selector: { matchLabels: { app: 'web' } }, maxUnavailable: k8s.IntOrString.fromNumber(1), minAvailable: undefined },
    })],
    ['a NetworkPolicy', (c: Chart, id: string, one: boolean) => makeAs(one, k8s.KubeNetworkPolicy, c, id, {
      metadata: { name: 'web' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString('http') }] }],
      },
    })],
  ])('%s made from typed props renders as the typed object does', (_, make) => {
    const chart = new Chart(Testing.app(), 'site', { namespace: 'web' });
    const onePass = make(chart, 'OnePass', true).toJson();
    const typed = make(chart, 'Typed', false).toJson();
    expect(onePass.spec).not.toEqual({});
    expect(JSON.stringify(onePass)).toBe(JSON.stringify(typed));
  });

  test('every object the library makes renders in one pass, and is still its typed class', () => {
    const chart = new Chart(Testing.app(), 'site', { namespace: 'web' });
    new StatefulWeb(chart, 'web', { replicas: 2, pages: ['a'], storage: new NfsStorage(chart, 'nfs', { server: '10.0.0.1', path: '/nfs' }) });
    new PodSecurityNamespace(chart, 'ns', { name: 'web' });
    const driver = new NfsCsiDriver(chart, 'driver');
    const csi = new StatefulWeb(chart, 'csi', { replicas: 2, storage: new NfsCsiStorage(chart, 'csi-class', { driver, server: '10.0.0.1', share: '/nfs' }) });
    const snapshotClass = new NfsCsiSnapshotClass(chart, 'snapclass', { driver });
    new SnapshotController(chart, 'snapshot-controller');
    new StatefulWebSnapshots(chart, 'snapshots', { site: csi, snapshotClass });
    const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(30);
    // Kinds of the snapshot API have no typed class: cdk8s renders them as given, in one pass.
    const untyped = ['VolumeSnapshot', 'VolumeSnapshotClass', 'CustomResourceDefinition'];
    for (const obj of objects.filter(o => !untyped.includes(o.kind))) {
      const kind = Object.values(k8s).find((c: any) => c.GVK?.kind === obj.kind && c.GVK?.apiVersion === obj.apiVersion) as any;
      expect(obj).toBeInstanceOf(kind);
      expect(obj.toJson).not.toBe(kind.prototype.toJson);
    }
  });

  test('sites share the converted defaults, and a patch on one site changes no other', () => {
    const chart = new Chart(Testing.app(), 'site');
    // With a seed image, an init container writes the page, with the shared seed resources.
    const [a, b] = ['a', 'b'].map(id => new StatefulWeb(chart, id, { pages: ['x'], seedImage: 'busybox:1.36' }));
    a.apiObject.addJsonPatch(
      JsonPatch.replace('/spec/template/spec/containers/0/resources/limits/memory', '1Gi'),
      JsonPatch.replace('/spec/template/spec/initContainers/0/resources/requests/cpu', '1'),
      JsonPatch.replace('/spec/updateStrategy/rollingUpdate/partition', 1),
    );
    for (let i = 0; i < 2; i++) {
      const [setA, setB] = [a, b].map(web => web.apiObject.toJson().spec);
      expect(setA.template.spec.containers[0].resources.limits.memory).toBe('1Gi');
      expect(setA.template.spec.initContainers[0].resources.requests.cpu).toBe('1');
      expect(setA.updateStrategy.rollingUpdate.partition).toBe(1);
      expect(setB.template.spec.containers[0].resources).toEqual({ limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
      expect(setB.template.spec.initContainers[0].resources.requests.cpu).toBe('10m');
      expect(setB.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    }
  });

  test('an app\'s own resolvers see every key of the JSON and can replace its values', () => {
    const seen: string[] = [];
    const app = new App({
      resolvers: [{
        resolve(context: ResolutionContext) {
          seen.push(context.key.join('.'));
          if (context.key.join('.') === 'spec.template.spec.containers.0.image' && context.value === 'httpd:2.4.62') {
            context.replaceValue('mirror/httpd:2.4.62');
          }
        },
      }],
    });
    const web = new StatefulWeb(new Chart(app, 'site'), 'web', { networkPolicy: false });
    const set = web.apiObject.toJson();
    expect(set.spec.template.spec.containers[0].image).toBe('mirror/httpd:2.4.62');
    expect(seen).toContain('spec.template.spec.containers.0.resources.limits.memory');
    expect(seen).toContain('spec.volumeClaimTemplates.0.spec.resources.requests.storage');
  });
});
