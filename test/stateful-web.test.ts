import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Cpu, PersistentVolumeAccessMode, PodManagementPolicy, Probe, StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import {
  ClaimRetentionPolicy, HeadlessService, NfsStorage, StatefulWeb, StatefulWebProps, StorageClassRef,
} from '../src';
import { only } from './support/manifests';

function namespaced(namespace?: string): Chart {
  return new Chart(Testing.app(), 'site', { namespace });
}

function synthWeb(props: StatefulWebProps = {}, namespace?: string) {
  const chart = namespaced(namespace);
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = only(manifests, 'StatefulSet');
  return { chart, web, manifests, set, pod: set.spec.template.spec, container: set.spec.template.spec.containers[0] };
}

/** The kinds of the objects in the order they are synthesized. */
function kinds(manifests: any[]): string[] {
  return manifests.map(o => o.kind);
}

/** The kinds of the documents of a multi-document YAML string, in order. */
function yamlKinds(yaml: string): string[] {
  return yaml.split(/^---$/m).map(doc => /^kind: (\S+)$/m.exec(doc)?.[1] ?? '?');
}

describe('StatefulWeb', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new StatefulWeb(chart, 'web');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('customised: the tutorial lab on NFS, in its own namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'lab', { namespace: 'xgp-lll' });
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', storageClassName: 'stateful-nfs' });
    const service = new HeadlessService(chart, 'svc', { name: 'headless-svc' });
    const web = new StatefulWeb(chart, 'web', {
      name: 'statefulset-test',
      replicas: 3,
      image: 'httpd:2.4.62-alpine',
      storage: nfs,
      storageSize: Size.mebibytes(100),
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
      claimName: 'test',
      service,
      pages: ['123', '456', '789'],
      seedImage: 'busybox:1.36.1',
      podLabels: { 'app.kubernetes.io/part-of': 'lab' },
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }),
      minReady: Duration.seconds(5),
      whenDeleted: ClaimRetentionPolicy.RETAIN,
      whenScaled: ClaimRetentionPolicy.DELETE,
      ordinalsStart: 0,
      resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1.5) } },
      readiness: Probe.fromHttpGet('/', { periodSeconds: Duration.seconds(5) }),
      liveness: Probe.fromTcpSocket({ initialDelaySeconds: Duration.seconds(10) }),
      startup: Probe.fromHttpGet('/', { failureThreshold: 30 }),
      fsGroup: 2000,
      writablePaths: ['/usr/local/apache2/logs', '/tmp'],
    });
    web.addVolumeClaimTemplate('logs', { mountPath: '/var/log/web', storage: StorageClassRef.fromName('local-path'), size: Size.gibibytes(2), readOnly: false });
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('public fields resolve the defaults', () => {
    const { web, set } = synthWeb();
    expect(web.replicas).toBe(1);
    expect(web.port).toBe(80);
    expect(web.ordinalsStart).toBe(0);
    expect(web.name).toBe(set.metadata.name);
    expect(web.name.length).toBeLessThanOrEqual(52);
    expect(web.podNames).toEqual([`${web.name}-0`]);
    expect(web.claimNames).toEqual([`data-${web.name}-0`]);
    expect(web.service.name).toBe(web.name);
    expect(web.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'stateful-web', 'app.kubernetes.io/instance': web.name });
    expect(web.apiObject.kind).toBe('StatefulSet');
  });

  test('the spec defaults: OrderedReady, rolling update, claims retained, no ordinals', () => {
    const { set, container } = synthWeb();
    expect(set.apiVersion).toBe('apps/v1');
    expect(set.spec.replicas).toBe(1);
    expect(set.spec.podManagementPolicy).toBe('OrderedReady');
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(set.spec).not.toHaveProperty('ordinals');
    expect(set.spec).not.toHaveProperty('minReadySeconds');
    expect(container.image).toBe('httpd:2.4.62');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/usr/local/apache2/htdocs' });
  });

  describe('wiring', () => {
    test('the claim template names the NfsStorage StorageClass', () => {
      const chart = namespaced('web');
      const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
      new StatefulWeb(chart, 'web', { storage: nfs });
      const manifests = Testing.synth(chart);
      const [claim] = only(manifests, 'StatefulSet').spec.volumeClaimTemplates;
      expect(claim.spec.storageClassName).toBe(nfs.storageClassName);
      expect(claim.spec.storageClassName).toBe(only(manifests, 'StorageClass').metadata.name);
      expect(claim.metadata).not.toHaveProperty('annotations');
    });

    test('the claim template names a StorageClassRef, or no class at all without storage', () => {
      expect(synthWeb({ storage: StorageClassRef.fromName('gp3') }).set.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('gp3');
      expect(synthWeb().set.spec.volumeClaimTemplates[0].spec).not.toHaveProperty('storageClassName');
    });

    test('the Service selector is the pod template labels and the StatefulSet selector', () => {
      const { web, manifests, set } = synthWeb({ podLabels: { 'app.kubernetes.io/part-of': 'shop', 'tier': 'front' } });
      const service = only(manifests, 'Service');
      expect(service.spec.selector).toEqual(set.spec.selector.matchLabels);
      expect(service.spec.selector).toEqual(web.selectorLabels);
      const podLabels = set.spec.template.metadata.labels;
      expect(podLabels).toEqual({ ...web.selectorLabels, 'app.kubernetes.io/part-of': 'shop', 'tier': 'front' });
      for (const [key, value] of Object.entries(service.spec.selector)) {
        expect(podLabels[key]).toBe(value);
      }
    });

    test('a pod label cannot override a selector label', () => {
      const { web, set } = synthWeb({ podLabels: { 'app.kubernetes.io/name': 'other' } });
      expect(set.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('stateful-web');
      expect(set.spec.selector.matchLabels).toEqual(web.selectorLabels);
    });

    test('serviceName names the emitted headless Service', () => {
      const { manifests, set } = synthWeb();
      const service = only(manifests, 'Service');
      expect(set.spec.serviceName).toBe(service.metadata.name);
      expect(service.spec.clusterIP).toBe('None');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }]);
    });

    test('in a namespaced chart the Service, the ConfigMap and the StatefulSet carry the namespace', () => {
      const { manifests } = synthWeb({ pages: ['x'] }, 'shop');
      expect(kinds(manifests).sort()).toEqual(['ConfigMap', 'Service', 'StatefulSet']);
      for (const o of manifests) expect(o.metadata.namespace).toBe('shop');
      for (const o of synthWeb({ pages: ['x'] }).manifests) expect(o.metadata).not.toHaveProperty('namespace');
    });

    test('a given Service is used and no other is emitted', () => {
      const chart = namespaced('web');
      const svc = new HeadlessService(chart, 'svc', { name: 'headless-svc' });
      const web = new StatefulWeb(chart, 'web', { service: svc });
      const manifests = Testing.synth(chart);
      expect(web.service).toBe(svc);
      expect(only(manifests, 'Service').metadata.name).toBe('headless-svc');
      expect(only(manifests, 'StatefulSet').spec.serviceName).toBe('headless-svc');
    });

    test('the Service, the StorageClass and the pages ConfigMap come before the StatefulSet', () => {
      const app = new App();
      const chart = new Chart(app, 'site', { namespace: 'web' });
      // Constructed in the worst order: the StatefulWeb first, its storage after it.
      const web = new StatefulWeb(chart, 'web', { replicas: 2, pages: ['a', 'b'] });
      const late = new NfsStorage(chart, 'late', { server: '192.168.1.21', path: '/late' });
      web.addVolumeClaimTemplate('extra', { mountPath: '/extra', storage: late });

      const order = kinds(Testing.synth(chart));
      const set = order.indexOf('StatefulSet');
      for (const kind of ['Service', 'StorageClass', 'ConfigMap']) {
        expect(order.indexOf(kind)).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(kind)).toBeLessThan(set);
      }
      // The same order in the YAML a user applies.
      const yamlOrder = yamlKinds(app.synthYaml());
      expect(yamlOrder.indexOf('StorageClass')).toBeLessThan(yamlOrder.indexOf('StatefulSet'));
      expect(yamlOrder.indexOf('Service')).toBeLessThan(yamlOrder.indexOf('StatefulSet'));
    });

    test('a StorageClass in a chart of its own, built after the web chart, comes first', () => {
      const app = new App();
      const webChart = new Chart(app, 'web', { namespace: 'web' });
      const storageChart = new Chart(app, 'storage', { namespace: 'storage' });
      const web = new StatefulWeb(webChart, 'web');
      const nfs = new NfsStorage(storageChart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
      web.addVolumeClaimTemplate('shared', { mountPath: '/shared', storage: nfs });
      const order = yamlKinds(app.synthYaml());
      expect(order.indexOf('StorageClass')).toBeLessThan(order.indexOf('StatefulSet'));
    });
  });

  describe('names', () => {
    test('podNames and claimNames follow the ordinals', () => {
      const { web } = synthWeb({ name: 'statefulset-test', replicas: 3, claimName: 'test' });
      expect(web.podNames).toEqual(['statefulset-test-0', 'statefulset-test-1', 'statefulset-test-2']);
      expect(web.claimNames).toEqual(['test-statefulset-test-0', 'test-statefulset-test-1', 'test-statefulset-test-2']);
    });

    test('with ordinalsStart and an extra claim template', () => {
      const chart = Testing.chart();
      const web = new StatefulWeb(chart, 'web', { name: 'web', replicas: 2, ordinalsStart: 5 });
      web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
      expect(web.podNames).toEqual(['web-5', 'web-6']);
      expect(web.claimNames).toEqual(['data-web-5', 'data-web-6', 'logs-web-5', 'logs-web-6']);
      const set = only(Testing.synth(chart), 'StatefulSet');
      expect(set.spec.ordinals).toEqual({ start: 5 });
      expect(set.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toEqual(['data', 'logs']);
    });

    test('zero replicas: no pods and no claims', () => {
      const { web, set } = synthWeb({ replicas: 0 });
      expect(set.spec.replicas).toBe(0);
      expect(web.podNames).toEqual([]);
      expect(web.claimNames).toEqual([]);
    });

    test('a name of 52 characters is allowed', () => {
      const name = 'w'.repeat(52);
      expect(synthWeb({ name }).set.metadata.name).toBe(name);
    });

    test('default names differ between two StatefulWebs in one chart', () => {
      const chart = Testing.chart();
      const a = new StatefulWeb(chart, 'a');
      const b = new StatefulWeb(chart, 'b');
      expect(a.name).not.toBe(b.name);
      const names = Testing.synth(chart).filter(o => o.kind === 'Service').map(o => o.metadata.name);
      expect(new Set(names).size).toBe(2);
    });
  });

  describe('claims', () => {
    test.each([
      [Size.mebibytes(100), '100Mi'],
      [Size.gibibytes(1.5), '1536Mi'],
      [Size.gibibytes(2), '2Gi'],
      [Size.kibibytes(1536), '1536Ki'],
      [Size.tebibytes(1), '1Ti'],
    ])('storageSize %p renders as %s', (storageSize, quantity) => {
      const { set } = synthWeb({ storageSize });
      expect(set.spec.volumeClaimTemplates[0].spec.resources).toEqual({ requests: { storage: quantity } });
    });

    test('the default claim is 1Gi ReadWriteOnce named data', () => {
      const [claim] = synthWeb().set.spec.volumeClaimTemplates;
      expect(claim).toEqual({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    });

    test('an extra claim template: its own class, size, access modes and a read-only mount', () => {
      const chart = Testing.chart();
      const web = new StatefulWeb(chart, 'web', { claimName: 'www', mountPath: '/srv/www' });
      web.addVolumeClaimTemplate('archive', {
        mountPath: '/srv/archive',
        storage: StorageClassRef.fromName('cold'),
        size: Size.gibibytes(10),
        accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
        readOnly: true,
      });
      const set = only(Testing.synth(chart), 'StatefulSet');
      expect(set.spec.volumeClaimTemplates[1]).toEqual({
        metadata: { name: 'archive' },
        spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'cold', resources: { requests: { storage: '10Gi' } } },
      });
      const mounts = set.spec.template.spec.containers[0].volumeMounts;
      expect(mounts).toContainEqual({ name: 'www', mountPath: '/srv/www' });
      expect(mounts).toContainEqual({ name: 'archive', mountPath: '/srv/archive', readOnly: true });
    });

    test('persistentVolumeClaimRetentionPolicy follows whenDeleted and whenScaled', () => {
      const { set } = synthWeb({ whenDeleted: ClaimRetentionPolicy.DELETE, whenScaled: ClaimRetentionPolicy.RETAIN });
      expect(set.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
    });
  });

  describe('pods', () => {
    test('ordinals, management policy, minReady and an update strategy with a partition', () => {
      const { set } = synthWeb({
        replicas: 4,
        ordinalsStart: 1,
        podManagementPolicy: PodManagementPolicy.PARALLEL,
        minReady: Duration.seconds(30),
        updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
      });
      expect(set.spec.ordinals).toEqual({ start: 1 });
      expect(set.spec.podManagementPolicy).toBe('Parallel');
      expect(set.spec.minReadySeconds).toBe(30);
      expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
      expect(synthWeb({ updateStrategy: StatefulSetUpdateStrategy.onDelete() }).set.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    });

    test('resources are converted to exact quantities', () => {
      const { container } = synthWeb({
        resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(100), limit: Size.gibibytes(1.5) } },
      });
      expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '100Mi' }, limits: { cpu: '1', memory: '1536Mi' } });
      expect(synthWeb().container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    });

    test('the default readiness probe checks the TCP port; no liveness or startup probe', () => {
      const { container } = synthWeb({ port: 8080, runAsUser: 1000 });
      expect(container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
      expect(container).not.toHaveProperty('livenessProbe');
      expect(container).not.toHaveProperty('startupProbe');
    });

    test('the probes that are given reach the container on its port', () => {
      const { container } = synthWeb({
        readiness: Probe.fromHttpGet('/healthz', { periodSeconds: Duration.seconds(5) }),
        liveness: Probe.fromTcpSocket({ failureThreshold: 5 }),
        startup: Probe.fromCommand(['cat', '/usr/local/apache2/htdocs/index.html']),
      });
      expect(container.readinessProbe.httpGet).toEqual(expect.objectContaining({ path: '/healthz', port: 80 }));
      expect(container.readinessProbe.periodSeconds).toBe(5);
      expect(container.livenessProbe.tcpSocket).toEqual({ port: 80 });
      expect(container.livenessProbe.failureThreshold).toBe(5);
      expect(container.startupProbe.exec).toEqual({ command: ['cat', '/usr/local/apache2/htdocs/index.html'] });
    });

    test('by default: httpd keeps only the capabilities it needs; no token, no service links, RuntimeDefault', () => {
      const { pod, container } = synthWeb();
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL'] },
      });
      expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod).not.toHaveProperty('initContainers');
    });

    test('runAsUser non-root: runAsNonRoot and every capability dropped', () => {
      const { pod, container } = synthWeb({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, port: 8080 });
      expect(pod.securityContext).toEqual({
        seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, runAsNonRoot: true,
      });
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
      });
      expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    });

    test('runAsUser 0 is root: port 80 is allowed and httpd keeps its capabilities', () => {
      const { pod, container } = synthWeb({ runAsUser: 0 });
      expect(pod.securityContext.runAsUser).toBe(0);
      expect(pod.securityContext).not.toHaveProperty('runAsNonRoot');
      expect(container.securityContext.capabilities.add).toContain('NET_BIND_SERVICE');
    });

    test('writablePaths become emptyDir volumes', () => {
      const { pod, container } = synthWeb({ writablePaths: ['/tmp', '/var/run/httpd'] });
      expect(pod.volumes).toEqual([{ name: 'writable-0', emptyDir: {} }, { name: 'writable-1', emptyDir: {} }]);
      expect(container.volumeMounts).toEqual([
        { name: 'data', mountPath: '/usr/local/apache2/htdocs' },
        { name: 'writable-0', mountPath: '/tmp' },
        { name: 'writable-1', mountPath: '/var/run/httpd' },
      ]);
    });
  });

  describe('pages', () => {
    test('a ConfigMap keyed by ordinal and an init container that mounts it and the claim', () => {
      const { web, manifests, pod } = synthWeb({ replicas: 3, ordinalsStart: 3, pages: ['<h1>three</h1>', '<h1>four</h1>'] });
      const configMap = only(manifests, 'ConfigMap');
      expect(configMap.data).toEqual({ '3.html': '<h1>three</h1>', '4.html': '<h1>four</h1>' });
      expect(configMap.metadata.name).toBe(`${web.name}-pages`);

      expect(pod.volumes).toContainEqual({ name: 'pages', configMap: { name: configMap.metadata.name } });
      expect(pod.initContainers).toHaveLength(1);
      const [init] = pod.initContainers;
      expect(init.name).toBe('seed-pages');
      expect(init.image).toBe('httpd:2.4.62');
      expect(init.command.slice(0, 2)).toEqual(['sh', '-c']);
      expect(init.volumeMounts).toEqual([
        { name: 'data', mountPath: '/usr/local/apache2/htdocs' },
        { name: 'pages', mountPath: '/pages', readOnly: true },
      ]);
      expect(init.env).toEqual([
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'PAGES_DIR', value: '/pages' },
        { name: 'DATA_DIR', value: '/usr/local/apache2/htdocs' },
      ]);
      expect(init.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      // The web container serves the claim; it does not need the ConfigMap.
      expect(pod.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('pages');
    });

    test('the init container writes into the first claim, wherever it is mounted, with the seed image', () => {
      const { pod } = synthWeb({ pages: ['x'], mountPath: '/srv/www', claimName: 'www', seedImage: 'busybox:1.36.1' });
      const [init] = pod.initContainers;
      expect(init.image).toBe('busybox:1.36.1');
      expect(init.env).toContainEqual({ name: 'DATA_DIR', value: '/srv/www' });
      expect(init.volumeMounts[0]).toEqual({ name: 'www', mountPath: '/srv/www' });
    });

    test('no pages: no ConfigMap, no init container, no pages volume', () => {
      const { manifests, pod } = synthWeb({ replicas: 2 });
      expect(manifests.filter(o => o.kind === 'ConfigMap')).toEqual([]);
      expect(pod).not.toHaveProperty('initContainers');
      expect(pod.volumes.map((v: any) => v.name)).not.toContain('pages');
    });
  });

  describe('fails when', () => {
    const make = (props: StatefulWebProps) => () => new StatefulWeb(Testing.chart(), 'web', props);
    const OWNER = '^StatefulWeb test/web: ';

    test.each([[-1], [1.5]])("'replicas' is %p", (replicas) => {
      expect(make({ replicas })).toThrow(new RegExp(`${OWNER}'replicas' must be a whole number >= 0, got ${replicas}$`));
    });

    test.each([[0], [70000], [80.5]])("'port' is %p", (port) => {
      expect(make({ port })).toThrow(new RegExp(`${OWNER}'port' must be a whole number from 1 to 65535, got ${port}$`));
    });

    test.each([['w'.repeat(53)], ['Web'], ['web_1'], ['-web'], ['']])("'name' is %j", (name) => {
      expect(make({ name })).toThrow(new RegExp(`${OWNER}'name' must be a DNS-1123 label.* of at most 52 characters, got "${name}"$`));
    });

    test.each([[Size.mebibytes(0), '0Ki'], [Size.kibibytes(0.5), '0.5Ki']])("'storageSize' is %p", (storageSize, shown) => {
      expect(make({ storageSize })).toThrow(new RegExp(`${OWNER}'storageSize' must be a positive whole number of KiB.*, got "${shown}"$`));
    });

    test("'name' starts with a digit and the StatefulWeb makes its own Service", () => {
      expect(make({ name: '2048' })).toThrow(new RegExp(`${OWNER}'name' must be a name starting with a letter, as it also names the governing Service.*, got "2048"$`));
      // With a Service of its own, a StatefulSet name may start with a digit.
      const chart = Testing.chart();
      const web = new StatefulWeb(chart, 'web', { name: '2048', service: new HeadlessService(chart, 'svc', { name: 'game' }) });
      expect(web.podNames).toEqual(['2048-0']);
    });

    test('there are more pages than replicas', () => {
      expect(make({ replicas: 2, pages: ['a', 'b', 'c'] })).toThrow(new RegExp(`${OWNER}'pages' must be at most one page per replica \\(2\\), got "3 pages"$`));
    });

    test('the pages are more than 1 MB', () => {
      expect(make({ replicas: 2, pages: ['x'.repeat(600_000), 'y'.repeat(600_000)] })).toThrow(/'pages' must be at most 1 MB in all.*, got "1200000 bytes"$/);
    });

    test('a claim name is used twice', () => {
      const web = new StatefulWeb(Testing.chart(), 'web');
      expect(() => web.addVolumeClaimTemplate('data', { mountPath: '/other' }))
        .toThrow(/'addVolumeClaimTemplate\.name' must be a claim name not used yet \(data\), got "data"$/);
    });

    test('a claim name is not a DNS label', () => {
      expect(make({ claimName: 'My_Data' })).toThrow(new RegExp(`${OWNER}'claimName' must be a DNS-1123 label.*, got "My_Data"$`));
      const web = new StatefulWeb(Testing.chart(), 'web');
      expect(() => web.addVolumeClaimTemplate('Logs', { mountPath: '/logs' })).toThrow(/'addVolumeClaimTemplate\.name' must be a DNS-1123 label.*, got "Logs"$/);
    });

    test('two mounts share a path', () => {
      const web = new StatefulWeb(Testing.chart(), 'web');
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: '/usr/local/apache2/htdocs' }))
        .toThrow(/StatefulWeb test\/web: 'logs\.mountPath' must be a path no other mount of the pod uses \(\/usr\/local\/apache2\/htdocs, \/usr\/local\/apache2\/logs\), got "\/usr\/local\/apache2\/htdocs"$/);
    });

    test('a writable path is a claim mount, or a claim sits on /pages with pages', () => {
      expect(make({ writablePaths: ['/data'], mountPath: '/data' }))
        .toThrow(/'mountPath' must be a path no other mount of the pod uses \(\/data\), got "\/data"$/);
      expect(make({ writablePaths: ['/tmp', '/tmp'] }))
        .toThrow(/'writablePaths\[1\]' must be a path no other mount of the pod uses \(\/tmp\), got "\/tmp"$/);
      expect(make({ mountPath: '/pages', pages: ['x'] }))
        .toThrow(/'mountPath' must be a path no other mount of the pod uses \(\/usr\/local\/apache2\/logs, \/pages\), got "\/pages"$/);
      const c = Testing.chart();
      new StatefulWeb(c, 'web', { mountPath: '/pages' });
      expect(() => Testing.synth(c)).not.toThrow();
    });

    test.each([['relative/path'], ['/a/../b'], ['/srv/']])("'mountPath' is %j", (mountPath) => {
      expect(make({ mountPath })).toThrow(new RegExp(`${OWNER}'mountPath' must be an absolute path.*, got "${mountPath.replace(/[.]/g, '\\.')}"$`));
    });

    test("an extra claim's mount path is relative", () => {
      const web = new StatefulWeb(Testing.chart(), 'web');
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: 'logs' })).toThrow(/'logs\.mountPath' must be an absolute path.*, got "logs"$/);
    });

    test("an extra claim's size or access modes are bad, and the failed claim is not added", () => {
      const web = new StatefulWeb(Testing.chart(), 'web', { name: 'web' });
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', size: Size.mebibytes(0) }))
        .toThrow(/StatefulWeb test\/web: 'logs\.size' must be a positive whole number of KiB.*, got "0Ki"$/);
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', accessModes: [] }))
        .toThrow(/'logs\.accessModes' must be one or more of .*, got \[\]$/);
      expect(web.claimNames).toEqual(['data-web-0']);
      web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
      expect(web.claimNames).toEqual(['data-web-0', 'logs-web-0']);
    });

    test('a page is not a string (from JavaScript)', () => {
      expect(make({ replicas: 2, pages: ['a', 42 as unknown as string] })).toThrow(/'pages\[1\]' must be a string, got 42$/);
    });

    test("a 'writablePaths' entry is relative", () => {
      expect(make({ writablePaths: ['/tmp', 'run'] })).toThrow(/'writablePaths\[1\]' must be an absolute path.*, got "run"$/);
    });

    test('the given Service selects other pods', () => {
      const chart = Testing.chart();
      const service = new HeadlessService(chart, 'svc', { selector: { app: 'other' } });
      expect(() => new StatefulWeb(chart, 'web', { service }))
        .toThrow(/'service' must be a HeadlessService whose selector matches the pod labels .*; it selects \{"app":"other"\}, got "test-svc-[0-9a-f]{8}"$/);
    });

    test("'runAsUser' is not root and 'port' is privileged", () => {
      expect(make({ runAsUser: 1000 })).toThrow(new RegExp(`${OWNER}'port' must be 1024 or more when 'runAsUser' is 1000.*, got 80$`));
      expect(make({ runAsUser: 1000, port: 1023 })).toThrow(/'port' must be 1024 or more.*, got 1023$/);
      expect(make({ runAsUser: 1000, port: 1024 })).not.toThrow();
    });

    test.each([['runAsUser', -1], ['runAsGroup', 1.5], ['fsGroup', 2147483648]] as const)("'%s' is %p", (prop, value) => {
      expect(make({ [prop]: value, port: 8080 })).toThrow(new RegExp(`'${prop}' must be a whole number from 0 to 2147483647, got ${value}$`));
    });

    test('a resource request is above its limit', () => {
      expect(make({ resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } }))
        .toThrow(new RegExp(`${OWNER}'resources\\.memory\\.request' must be at most the limit 512Mi, got "1Gi"$`));
      expect(make({ resources: { cpu: { request: Cpu.millis(600), limit: Cpu.millis(500) } } }))
        .toThrow(/'resources\.cpu\.request' must be at most the limit 500m, got "600m"$/);
    });

    test('no access mode, or an unknown one', () => {
      expect(make({ accessModes: [] })).toThrow(/'accessModes' must be one or more of .*ReadWriteOnce.*, got \[\]$/);
      expect(make({ accessModes: ['ReadWriteSometimes' as PersistentVolumeAccessMode] })).toThrow(/'accessModes' .*got \["ReadWriteSometimes"\]$/);
    });

    test('an enum prop has a value outside the enum', () => {
      expect(make({ whenDeleted: 'Keep' as ClaimRetentionPolicy })).toThrow(/'whenDeleted' must be one of Retain, Delete, got "Keep"$/);
      expect(make({ whenScaled: 'Orphan' as ClaimRetentionPolicy })).toThrow(/'whenScaled' must be one of Retain, Delete, got "Orphan"$/);
      expect(make({ podManagementPolicy: 'Random' as PodManagementPolicy })).toThrow(/'podManagementPolicy' must be one of .*, got "Random"$/);
    });

    test('ordinals, partition or minReady are not whole numbers >= 0', () => {
      expect(make({ ordinalsStart: -1 })).toThrow(/'ordinalsStart' must be a whole number >= 0, got -1$/);
      expect(make({ updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: -1 }) })).toThrow(/'updateStrategy\.partition' must be a whole number >= 0, got -1$/);
      expect(make({ minReady: Duration.millis(1500) })).toThrow(/'minReady' must be a whole number >= 0, got 1\.5$/);
    });

    test("'image' or 'seedImage' is empty or has a space", () => {
      expect(make({ image: 'httpd 2.4' })).toThrow(new RegExp(`${OWNER}'image' must be a container image reference without spaces, got "httpd 2.4"$`));
      expect(make({ seedImage: '' })).toThrow(/'seedImage' must be a container image reference without spaces, got ""$/);
    });

    test("'podLabels' has a bad key or value", () => {
      expect(make({ podLabels: { 'bad key': 'x' } })).toThrow(/'podLabels\.bad key' must be a qualified name.*, got "bad key"$/);
      expect(make({ podLabels: { tier: 'x'.repeat(64) } })).toThrow(/'podLabels\.tier' must be a label value.*, got "x{64}"$/);
    });
  });
});
