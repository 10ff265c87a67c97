import { Chart, Duration, Size, Testing } from 'cdk8s';
import { buildLab } from '../examples/lab/lab';
import { buildCsiLab } from '../examples/lab-csi/lab-csi';
import {
  ClaimAccessMode, ClientServiceType, CpuAmount, DisruptionBudget, HeadlessService, HealthProbe, NfsStorage, NodeLabelOperator, PagesMode,
  PodManagement, PortProtocol, PullPolicy, SiteContent, Spreading, StatefulWeb, TolerationEffect, TolerationOperator, UpdateStrategy, WebServer,
} from '../src';
import { EVERY_MINOR, everyKubernetesMinor, K8S_1_27, K8S_1_37, KUBERNETES_VERSIONS } from './support/validator';

// The schema check of every synthesized manifest (support/setup.ts) runs at
// 1.27, the version the library targets, and 1.37, the newest the e2e test
// runs. This file shows what differs between the two, reports what the
// library emits that a version calls deprecated, and checks the library's
// output at every minor from 1.27 to 1.37.

describe('Kubernetes versions', () => {
  test('each version\'s schemas come from its API server\'s OpenAPI document', () => {
    expect(KUBERNETES_VERSIONS.map(k => [k.version, k.source])).toEqual([
      ['1.27', 'k8s.io/kubernetes@v1.27.16 api/openapi-spec/swagger.json'],
      ['1.37', 'k8s.io/kubernetes@v1.37.2 api/openapi-spec/swagger.json'],
    ]);
  });

  test('every minor from 1.27 to 1.37 is stored, each from its API server\'s OpenAPI document', () => {
    expect(everyKubernetesMinor().map(k => k.version)).toEqual(EVERY_MINOR);
    expect(EVERY_MINOR[0]).toBe('1.27');
    expect(EVERY_MINOR[EVERY_MINOR.length - 1]).toBe('1.37');
    for (const k of everyKubernetesMinor()) {
      expect(k.source).toMatch(new RegExp(`^k8s\\.io/kubernetes@v${k.version.replace('.', '\\.')}\\.\\d+ api/openapi-spec/swagger\\.json$`));
    }
  });

  test('the labs and a site with every prop set are valid at every minor from 1.27 to 1.37', () => {
    const app = Testing.app();
    buildLab(app);
    // The csi lab names its objects as the tutorial's lab does: an app of its own.
    const csiApp = Testing.app();
    buildCsiLab(csiApp);
    const chart = new Chart(app, 'every', { namespace: 'every' });
    const nfs = new NfsStorage(chart, 'nfs', {
      server: '192.168.1.21',
      path: '/nfsdata',
      resources: { cpu: { request: CpuAmount.millis(20), limit: CpuAmount.cores(1) }, memory: { limit: Size.mebibytes(128) } },
      tolerations: [{ key: 'storage', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_SCHEDULE }],
    });
    new StatefulWeb(chart, 'site', {
      name: 'every',
      replicas: 3,
      server: WebServer.nginxUnprivileged(),
      port: 8443,
      storage: nfs,
      storageSize: Size.gibibytes(1),
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
      claimLabels: { tier: 'front' },
      claimAnnotations: { 'backup.example.com/schedule': 'daily' },
      pages: ['a', 'b', 'c'],
      pagesMode: PagesMode.SYNC,
      sharedContent: SiteContent.fromFiles({ 'style.css': 'body { color: teal }' }),
      podManagementPolicy: PodManagement.PARALLEL,
      updateStrategy: UpdateStrategy.rollingUpdate({ partition: 1, maxUnavailable: 2 }),
      minReady: Duration.seconds(5),
      revisionHistoryLimit: 3,
      clientService: { name: 'every-lb', type: ClientServiceType.LOAD_BALANCER, port: 443, nodePort: 30443 },
      httpRoute: { gatewayName: 'public', gatewayNamespace: 'gateways', sectionName: 'https', hostnames: ['www.example.com'], paths: [{ path: '/docs' }] },
      ingress: { ingressClassName: 'nginx', hostnames: ['*.example.com'], tlsSecretName: 'wildcard-tls' },
      metrics: { namespace: 'monitoring', port: 9100, podMonitor: true },
      resources: { cpu: { request: CpuAmount.cores(0.25) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
      readiness: HealthProbe.httpGet('/', { period: Duration.seconds(5), timeout: Duration.seconds(2) }),
      liveness: HealthProbe.tcpSocket({ initialDelay: Duration.seconds(10), failureThreshold: 5 }),
      startup: HealthProbe.exec(['true'], { failureThreshold: 30 }),
      disruptionBudget: DisruptionBudget.maxUnavailable(1),
      spreading: Spreading.REQUIRED,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'dedicated', value: 'web', effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) }],
      nodeAffinity: [{ requirements: [{ key: 'disk', operator: NodeLabelOperator.IN, values: ['ssd'] }] }],
      priorityClassName: 'web',
      imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
      imagePullSecrets: ['regcred'],
      service: new HeadlessService(chart, 'svc', { name: 'every', ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: PortProtocol.TCP }] }),
    });
    const manifests = [...app.charts, ...csiApp.charts].flatMap(c => c.toJson());
    expect(manifests.length).toBeGreaterThan(20);
    const errors = everyKubernetesMinor().flatMap(k => manifests.flatMap(o => k.validateObject(o).map(e => `${k.version} ${o.kind} ${o.metadata.name}${e}`)));
    expect(errors).toEqual([]);
  });

  test('1.37 rejects a field that 1.27 accepts: claim templates lost resources.claims (VolumeResourceRequirements)', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web' },
      spec: {
        serviceName: 'web',
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'httpd:2.4.62' }] } },
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' }, claims: [{ name: 'gpu' }] } },
        }],
      },
    };
    expect(K8S_1_27.validateObject(sts)).toEqual([]);
    expect(K8S_1_37.validateObject(sts)).toEqual(['/spec/volumeClaimTemplates/0/spec/resources: unknown field "claims"']);
  });

  test('a kind that one version serves and the other does not', () => {
    const vac = { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttributesClass', metadata: { name: 'x' } };
    expect(K8S_1_27.validateObject(vac)).toEqual(['/: Kubernetes 1.27 serves no kind VolumeAttributesClass in apiVersion storage.k8s.io/v1']);
    expect(K8S_1_37.validateObject(vac)[0]).toMatch(/^\/: the schema of storage.k8s.io\/v1\/VolumeAttributesClass is not stored/);
  });

  test('finds deprecated fields at any depth, deprecated kinds, and RBAC rules on deprecated resources', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        serviceAccount: 'old',
        containers: [{ name: 'c', image: 'i' }],
        volumes: [{ name: 'v', gitRepo: { repository: 'https://example.com/r.git' } }],
      },
    };
    expect(K8S_1_37.deprecations(pod).map(d => `${d.at} ${d.key}`)).toEqual([
      '/spec/serviceAccount io.k8s.api.core.v1.PodSpec.serviceAccount',
      '/spec/volumes/0/gitRepo io.k8s.api.core.v1.Volume.gitRepo',
      '/spec/volumes/0/gitRepo io.k8s.api.core.v1.GitRepoVolumeSource',
    ]);
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'r', namespace: 'n' },
      rules: [{ apiGroups: [''], resources: ['configmaps', 'endpoints'], verbs: ['get'] }],
    };
    expect(K8S_1_37.deprecations(role)).toEqual([
      { at: '/rules/0/resources/1', key: 'resource:/endpoints', message: 'Deprecated: This API is deprecated in v1.33+.' },
    ]);
    // Endpoints became deprecated after 1.27.
    expect(K8S_1_27.deprecations(role)).toEqual([]);
  });

  test('the lab and the smallest example: nothing deprecated but the provisioner\'s Endpoints lock at 1.37', () => {
    const app = Testing.app();
    buildLab(app);
    const chart = new Chart(app, 'web', { namespace: 'web' });
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
    new StatefulWeb(chart, 'site', { replicas: 3, storage: nfs, storageSize: Size.mebibytes(100), pages: ['a', 'b', 'c'] });
    const manifests = app.charts.flatMap(c => c.toJson());

    const report = KUBERNETES_VERSIONS.flatMap(k => manifests.flatMap(o => k.deprecations(o)
      .map(d => `${k.version} ${o.kind} ${o.metadata.name} ${d.at}: ${d.message}`)));
    // The provisioner image locks on an Endpoints object for leader election
    // (see ALLOWED_DEPRECATIONS in support/setup.ts).
    expect(report).toEqual([
      expect.stringMatching(/^1\.37 Role leader-locking-lab-nfs-xgp-lll-\w+ \/rules\/0\/resources\/0: Deprecated: This API is deprecated in v1\.33\+\.$/),
      expect.stringMatching(/^1\.37 Role leader-locking-web-nfs-web-\w+ \/rules\/0\/resources\/0: Deprecated: This API is deprecated in v1\.33\+\.$/),
    ]);
  });

  test('without leader election, NfsStorage emits nothing deprecated at either version', () => {
    const chart = Testing.chart();
    new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', leaderElection: false });
    const manifests = Testing.synth(chart);
    expect(manifests.map(o => o.kind)).not.toContain('Role');
    expect(KUBERNETES_VERSIONS.flatMap(k => manifests.flatMap(o => k.deprecations(o)))).toEqual([]);
  });
});
