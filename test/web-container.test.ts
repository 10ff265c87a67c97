import { Duration, Size } from 'cdk8s';
import { CpuAmount, HealthProbe, WebServer } from '../src';
import { synthWeb } from './support/manifests';

// The web container: resources, probes, user, capabilities and writable paths.

describe('the web container', () => {
  test('resources are converted to exact quantities', () => {
    const { container } = synthWeb({
      resources: {
        cpu: { request: CpuAmount.millis(250), limit: CpuAmount.cores(1) },
        memory: { request: Size.mebibytes(100), limit: Size.gibibytes(1.5) },
      },
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

  test.each([
    ['httpd', WebServer.httpd(), 80],
    ['nginx-unprivileged', WebServer.nginxUnprivileged(), 8080],
  ])("%s with a page for every pod: an HTTP GET of '/' every 5 seconds, and every second until the pod has started", (_, server, port) => {
    const { container } = synthWeb({ server, replicas: 3, pages: ['a', 'b', 'c'] });
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/', port, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 3,
    });
    expect(container.startupProbe).toEqual({
      httpGet: { path: '/', port, scheme: 'HTTP' }, periodSeconds: 1, failureThreshold: 60,
    });
  });

  test("the server's startup probe goes with its readiness probe, and a given one replaces it", () => {
    const server = WebServer.httpd();
    // A readiness of the site's own, or a pod without a page: neither server probe.
    expect(synthWeb({ server, pages: ['a'], readiness: HealthProbe.tcpSocket() }).container).not.toHaveProperty('startupProbe');
    expect(synthWeb({ server, replicas: 2, pages: ['a'] }).container).not.toHaveProperty('startupProbe');
    const given = synthWeb({ server, pages: ['a'], startup: HealthProbe.tcpSocket({ period: Duration.seconds(3), failureThreshold: 20 }) }).container;
    expect(given.startupProbe).toEqual({ tcpSocket: { port: 80 }, periodSeconds: 3, failureThreshold: 20 });
    expect(given.readinessProbe.httpGet.path).toBe('/');
    // A custom server's startup probe, used with its readiness probe.
    const custom = WebServer.custom({
      image: 'caddy:2', port: 8080, documentRoot: '/srv', readiness: HealthProbe.httpGet('/ok'), startup: HealthProbe.httpGet('/ok', { period: Duration.seconds(2) }),
    });
    expect(synthWeb({ server: custom, pages: ['a'] }).container.startupProbe).toEqual({
      httpGet: { path: '/ok', port: 8080, scheme: 'HTTP' }, periodSeconds: 2, failureThreshold: 3,
    });
    expect(synthWeb({ server: custom }).container).not.toHaveProperty('startupProbe');
  });

  test("a TCP check where a pod may have no index.html at the document root, and the given probe over the server's", () => {
    const server = WebServer.nginxUnprivileged();
    expect(synthWeb({ server }).container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(synthWeb({ server, replicas: 0, pages: [] }).container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(synthWeb({ server, replicas: 3, pages: ['a', 'b'] }).container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(synthWeb({ server, pages: ['a'], mountPath: '/srv' }).container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    const given = synthWeb({ server, pages: ['a'], readiness: HealthProbe.tcpSocket({ period: Duration.seconds(7) }) }).container.readinessProbe;
    expect(given).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 7, failureThreshold: 3 });
    const custom = WebServer.custom({ image: 'caddy:2', port: 8080, documentRoot: '/srv', readiness: HealthProbe.httpGet('/ok') });
    expect(synthWeb({ server: custom, pages: ['a'] }).container.readinessProbe.httpGet.path).toBe('/ok');
  });

  test('httpd serves from NFS without memory-mapping or sendfile, as Apache asks for a network-mounted document root', () => {
    expect(synthWeb().container.args).toEqual(['httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off']);
    expect(synthWeb({ server: WebServer.nginxUnprivileged() }).container).not.toHaveProperty('args');
    expect(synthWeb({ server: WebServer.custom({ image: 'caddy:2', port: 8080, documentRoot: '/srv' }) }).container).not.toHaveProperty('args');
  });

  test('the probes that are given reach the container on its port', () => {
    const { container } = synthWeb({
      readiness: HealthProbe.httpGet('/healthz', { period: Duration.seconds(5) }),
      liveness: HealthProbe.tcpSocket({ failureThreshold: 5 }),
      startup: HealthProbe.exec(['cat', '/usr/local/apache2/htdocs/index.html']),
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
