import { Duration, Testing } from 'cdk8s';
import { PodSecurityLevel, StatefulWeb, WebServer } from '../src';
import { synthWeb } from './support/manifests';
import { podSecurityDetailsOf, podSecurityOf } from './support/pod-security';

// WebServer presets and custom servers: what each makes of the web container
// and the Pod Security level its pods pass.

const BOTH = (level: string) => ({ 'v1.27': level, 'v1.37': level });

describe('web servers', () => {
  test('WebServer.httpd() is the default: the tutorial image, port 80, its capabilities, baseline', () => {
    const { web, container, pod, manifests } = synthWeb();
    expect(web.server.image).toBe('httpd:2.4.62');
    expect(container.image).toBe('httpd:2.4.62');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL'] });
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/usr/local/apache2/htdocs' },
      { name: 'writable-0', mountPath: '/usr/local/apache2/logs' },
    ]);
    expect(pod.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(podSecurityOf(manifests)).toEqual({ [`StatefulSet/${web.name}`]: BOTH('baseline') });
  });

  test('WebServer.nginxUnprivileged(): non-root on 8080, no capability, its paths, and restricted at 1.27 and latest', () => {
    const { web, container, pod, manifests } = synthWeb({ server: WebServer.nginxUnprivileged(), pages: ['a'] });
    expect(container.image).toBe('nginxinc/nginx-unprivileged:1.26.3');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(pod.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 101, runAsGroup: 101, fsGroup: 101, runAsNonRoot: true,
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
    // The web container writes the page, then runs the image's entrypoint and command.
    expect(pod).not.toHaveProperty('initContainers');
    expect(container.command.slice(3)).toEqual(['seed-pages', '/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(container).not.toHaveProperty('args');
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/usr/share/nginx/html' },
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'writable-1', mountPath: '/var/cache/nginx' },
      { name: 'pages', mountPath: '/pages', readOnly: true },
    ]);
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    const details = Object.values(podSecurityDetailsOf(manifests))[0];
    expect(details.map(d => [d.version, d.level, d.violations.restricted])).toEqual([['v1.27', 'restricted', []], ['v1.37', 'restricted', []]]);
  });

  test("the props still override a preset's image, port, document root, writable paths and user", () => {
    const { container, pod, web } = synthWeb({
      server: WebServer.nginxUnprivileged(),
      image: 'registry.example.com/nginx-unprivileged:1.26.3',
      port: 8081,
      mountPath: '/srv/www',
      writablePaths: ['/tmp'],
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 2000,
    });
    expect(container.image).toBe('registry.example.com/nginx-unprivileged:1.26.3');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8081 }]);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/srv/www' }, { name: 'writable-0', mountPath: '/tmp' }]);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000, runAsNonRoot: true });
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
  });

  test('httpd with a non-root user keeps no capability and passes restricted', () => {
    const { container, web, manifests } = synthWeb({ runAsUser: 1000, port: 8080 });
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(Object.values(podSecurityOf(manifests))).toEqual([BOTH('restricted')]);
  });

  test('WebServer.custom() describes any image; its capabilities decide its level', () => {
    const server = WebServer.custom({
      image: 'caddy:2.8.4',
      port: 80,
      documentRoot: '/usr/share/caddy',
      writablePaths: ['/config', '/data'],
      capabilities: ['NET_BIND_SERVICE'],
    });
    const { container, web, manifests } = synthWeb({ server });
    expect(container.image).toBe('caddy:2.8.4');
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/usr/share/caddy', '/config', '/data']);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    // Root: not restricted, however few capabilities.
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(Object.values(podSecurityOf(manifests))).toEqual([BOTH('baseline')]);

    const admin = synthWeb({ server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', capabilities: ['NET_ADMIN'] }) });
    expect(admin.web.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(Object.values(podSecurityOf(admin.manifests))).toEqual([BOTH('privileged')]);
  });

  describe('graceful stop', () => {
    const SLEEP_5 = { preStop: { exec: { command: ['sleep', '5'] } } };

    test('both presets pause 5 s in preStop (the endpoints drop the pod first), then have 30 s to stop', () => {
      for (const server of [WebServer.httpd(), WebServer.nginxUnprivileged()]) {
        const { web, container, pod } = synthWeb({ server });
        expect(server.stopPause.toSeconds()).toBe(5);
        expect(container.lifecycle).toEqual(SLEEP_5);
        expect(pod.terminationGracePeriodSeconds).toBe(35);
        expect(web.stopPause.toSeconds()).toBe(5);
        expect(web.terminationGracePeriod.toSeconds()).toBe(35);
      }
    });

    test('a custom server has no pause unless it says so (its image may have no sleep), and Kubernetes\' grace', () => {
      const plain = synthWeb({ server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www' }) });
      expect(plain.container.lifecycle).toBeUndefined();
      expect(plain.pod.terminationGracePeriodSeconds).toBeUndefined();
      expect(plain.web.stopPause.toSeconds()).toBe(0);
      expect(plain.web.terminationGracePeriod.toSeconds()).toBe(30);
      const paused = synthWeb({ server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', stopPause: Duration.seconds(2) }) });
      expect(paused.container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '2'] } } });
      expect(paused.pod.terminationGracePeriodSeconds).toBe(32);
    });

    test('stopPause and terminationGracePeriod tune it; a zero pause turns the hook off', () => {
      const tuned = synthWeb({ stopPause: Duration.seconds(10), terminationGracePeriod: Duration.minutes(1) });
      expect(tuned.container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
      expect(tuned.pod.terminationGracePeriodSeconds).toBe(60);
      const off = synthWeb({ stopPause: Duration.seconds(0) });
      expect(off.container.lifecycle).toBeUndefined();
      expect(off.pod.terminationGracePeriodSeconds).toBeUndefined();
      expect(off.web.terminationGracePeriod.toSeconds()).toBe(30);
      const graceOnly = synthWeb({ stopPause: Duration.seconds(0), terminationGracePeriod: Duration.seconds(5) });
      expect(graceOnly.pod.terminationGracePeriodSeconds).toBe(5);
    });

    test('fails on a pause that is not whole seconds from 0 to 3600, or a grace period not longer than the pause', () => {
      const make = (props: object) => () => new StatefulWeb(Testing.chart(), 'web', props);
      expect(make({ stopPause: Duration.millis(1500) })).toThrow("StatefulWeb test/web: 'stopPause' must be a whole number from 0 to 3600, got 1.5");
      expect(make({ stopPause: Duration.hours(2) })).toThrow(/'stopPause' must be a whole number from 0 to 3600, got 7200/);
      expect(make({ terminationGracePeriod: Duration.seconds(5) })).toThrow(
        "StatefulWeb test/web: 'terminationGracePeriod' must be more seconds than 'stopPause' (5), got 5\n"
        + 'The grace period starts with the pause, and the server needs time to finish its requests after it.',
      );
      expect(make({ stopPause: Duration.seconds(0), terminationGracePeriod: Duration.seconds(0) })).toThrow(/'terminationGracePeriod' must be a whole number from 1 to/);
      expect(make({ terminationGracePeriod: Duration.seconds(6) })).not.toThrow();
      expect(() => WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', stopPause: Duration.millis(10) }))
        .toThrow("WebServer.custom: 'stopPause' must be a whole number from 0 to 3600, got 0.01");
    });
  });
});
