import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ClaimAccessMode, ClaimRetentionPolicy, CpuAmount, HeadlessService, HealthProbe, NfsStorage, PagesMode, PodManagement, PodSecurityLevel,
  PodSecurityNamespace, StatefulWeb, StatefulWebProps, StorageClassRef, UpdateStrategy, WebServer,
} from '../src';
import { chartIn, only, synthWeb } from './support/manifests';

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
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
      claimName: 'test',
      service,
      pages: ['123', '456', '789'],
      seedImage: 'busybox:1.36.1',
      podLabels: { 'app.kubernetes.io/part-of': 'lab' },
      podManagementPolicy: PodManagement.PARALLEL,
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 1 }),
      minReady: Duration.seconds(5),
      whenDeleted: ClaimRetentionPolicy.RETAIN,
      whenScaled: ClaimRetentionPolicy.DELETE,
      ordinalsStart: 0,
      resources: {
        cpu: { request: CpuAmount.millis(100), limit: CpuAmount.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.gibibytes(1.5) },
      },
      readiness: HealthProbe.httpGet('/', { period: Duration.seconds(5) }),
      liveness: HealthProbe.tcpSocket({ initialDelay: Duration.seconds(10) }),
      startup: HealthProbe.httpGet('/', { failureThreshold: 30 }),
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

  describe('wiring', () => {
    test('the claim template names the NfsStorage StorageClass', () => {
      const chart = chartIn('site', 'web');
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

    test('in a namespaced chart the Service, the ConfigMap, the NetworkPolicy and the StatefulSet carry the namespace', () => {
      const { manifests } = synthWeb({ pages: ['x'] }, 'shop');
      expect(kinds(manifests).sort()).toEqual(['ConfigMap', 'NetworkPolicy', 'Service', 'StatefulSet']);
      for (const o of manifests) expect(o.metadata.namespace).toBe('shop');
      for (const o of synthWeb({ pages: ['x'] }).manifests) expect(o.metadata).not.toHaveProperty('namespace');
    });

    test('a given Service is used and no other is emitted', () => {
      const chart = chartIn('site', 'web');
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

  // Every bad input and its message: test/catalogue.test.ts. Here, what a
  // message alone cannot show.
  describe('fails when', () => {
    const make = (props: StatefulWebProps) => () => new StatefulWeb(Testing.chart(), 'web', props);

    test('a name that starts with a digit is fine with a Service of its own', () => {
      const chart = Testing.chart();
      const web = new StatefulWeb(chart, 'web', { name: '2048', service: new HeadlessService(chart, 'svc', { name: 'game' }) });
      expect(web.podNames).toEqual(['2048-0']);
    });

    test('a claim may sit on /pages when there are no pages', () => {
      const c = Testing.chart();
      new StatefulWeb(c, 'web', { mountPath: '/pages' });
      expect(() => Testing.synth(c)).not.toThrow();
    });

    test("an extra claim's size or access modes are bad, and the failed claim is not added", () => {
      const web = new StatefulWeb(Testing.chart(), 'web', { name: 'web' });
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', size: Size.mebibytes(0) })).toThrow();
      expect(() => web.addVolumeClaimTemplate('logs', { mountPath: '/logs', accessModes: [] })).toThrow();
      expect(web.claimNames).toEqual(['data-web-0']);
      web.addVolumeClaimTemplate('logs', { mountPath: '/logs' });
      expect(web.claimNames).toEqual(['data-web-0', 'logs-web-0']);
    });

    test('a non-root user may bind port 1024', () => {
      expect(make({ runAsUser: 1000, port: 1024 })).not.toThrow();
    });
  });
});

describe('a site in a restricted namespace', () => {
  test('nginx-unprivileged, 3 replicas, synced pages, in a restricted namespace', () => {
    const chart = new Chart(Testing.app(), 'prod', { namespace: 'web' });
    new PodSecurityNamespace(chart, 'Namespace');
    const web = new StatefulWeb(chart, 'web', {
      name: 'web', replicas: 3, server: WebServer.nginxUnprivileged(), pages: ['a', 'b', 'c'], pagesMode: PagesMode.SYNC,
    });
    expect(PodSecurityNamespace.levelFor([chart])).toBe(PodSecurityLevel.RESTRICTED);
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(Testing.synth(chart)).toMatchSnapshot();
  });
});
