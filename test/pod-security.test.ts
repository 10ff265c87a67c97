import { App, Chart, Testing } from 'cdk8s';
import { NfsStorage, PodSecurityLevel, PodSecurityNamespace, StatefulWeb, WebServer } from '../src';
import { only } from './support/manifests';
import { evaluate, loosest, podSecurityDetailsOf, podSecurityOf } from './support/pod-security';
import { buildLab } from '../examples/lab/lab';

// The checker itself (test/support/pod-security): the upstream Pod Security
// checks at 1.27 and at the newest version, on templates whose level is known
// from the Pod Security Standards page.

const restrictedTemplate = {
  metadata: { labels: { app: 'x' } },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'c',
      image: 'nginx',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    }],
    volumes: [{ name: 'v', emptyDir: {} }, { name: 'p', persistentVolumeClaim: { claimName: 'x' } }],
  },
};

function withSpec(patch: object, container: object = {}): any {
  const spec: any = { ...restrictedTemplate.spec, ...patch };
  spec.containers = [{ ...restrictedTemplate.spec.containers[0], ...container }];
  return { ...restrictedTemplate, spec };
}

describe('the Pod Security checker', () => {
  test('evaluates at 1.27 and at the newest version', () => {
    const [results] = evaluate([{ name: 't', template: restrictedTemplate }]);
    expect(results.map(r => r.version)).toEqual(['v1.27', 'v1.37']);
    expect(results.map(r => r.level)).toEqual(['restricted', 'restricted']);
    expect(results[0].violations).toEqual({ baseline: [], restricted: [] });
  });

  test.each([
    ['a host network', withSpec({ hostNetwork: true }), 'privileged', /host namespaces/],
    ['a privileged container', withSpec({}, { securityContext: { privileged: true } }), 'privileged', /privileged/],
    ['a hostPath volume', withSpec({ volumes: [{ name: 'h', hostPath: { path: '/' } }] }), 'privileged', /hostPath volumes/],
    ['an nfs volume', withSpec({ volumes: [{ name: 'n', nfs: { server: 'nfs.example.com', path: '/x' } }] }), 'baseline', /restricted volume types/],
    ['no runAsNonRoot', withSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), 'baseline', /runAsNonRoot != true/],
    ['capability KILL added', withSpec({}, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['KILL'] } } }), 'baseline', /unrestricted capabilities/],
    ['capability NET_ADMIN added', withSpec({}, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } }), 'privileged', /non-default capabilities/],
  ])('finds %s too loose', (_, template, level, reason) => {
    for (const result of evaluate([{ name: 't', template }])[0]) {
      expect([result.version, result.level]).toEqual([result.version, level]);
      const failed = level === 'privileged' ? result.violations.baseline : result.violations.restricted;
      expect(failed.join('\n')).toMatch(reason);
    }
  });

  test('refuses a template with a field the checks do not know, rather than pass it', () => {
    expect(() => evaluate([{ name: 't', template: withSpec({ securityContextt: {} }) }])).toThrow(/unknown field "securityContextt"/);
  });

  test('the level a namespace needs is the loosest of its pods', () => {
    expect(loosest(['restricted', 'baseline', 'restricted'])).toBe('baseline');
    expect(loosest(['restricted'])).toBe('restricted');
    expect(loosest(['baseline', 'privileged'])).toBe('privileged');
  });
});

describe("the lab's pods", () => {
  const app = new App();
  const docs = buildLab(app).toJson();

  test('the httpd web pods and the NFS provisioner pass baseline, not restricted', () => {
    const details = podSecurityDetailsOf(docs);
    expect(Object.values(podSecurityOf(docs)).map(v => Object.values(v))).toEqual([['baseline', 'baseline'], ['baseline', 'baseline']]);
    const web = Object.entries(details).find(([name]) => name.startsWith('StatefulSet/'))![1];
    // httpd starts as root and keeps the capabilities it needs.
    expect(web[0].violations.restricted.join('\n')).toMatch(/runAsNonRoot != true/);
    expect(web[0].violations.restricted.join('\n')).toMatch(/unrestricted capabilities .*"KILL", "SETGID", "SETUID"/);
    const provisioner = Object.entries(details).find(([name]) => name.startsWith('Deployment/'))![1];
    // The provisioner runs as root by default (the tutorial's no_root_squash
    // export); it mounts the export through a claim, which restricted allows.
    expect(provisioner[1].violations.restricted.join('\n')).toMatch(/runAsNonRoot != true/);
    expect(provisioner[1].violations.restricted.join('\n')).not.toMatch(/volume type/);
  });
});

const BOTH = (level: string) => ({ 'v1.27': level, 'v1.37': level });

describe('PodSecurityNamespace', () => {
  test('a cluster-scoped Namespace with the three mode labels, named after the chart by default', () => {
    const chart = new Chart(Testing.app(), 'web', { namespace: 'web' });
    const ns = new PodSecurityNamespace(chart, 'Namespace');
    expect([ns.name, ns.enforce, ns.warn, ns.audit]).toEqual(['web', 'restricted', 'restricted', 'restricted']);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'web',
        labels: {
          'app.kubernetes.io/name': 'pod-security-namespace',
          'app.kubernetes.io/instance': 'web',
          'app.kubernetes.io/component': 'namespace',
          'app.kubernetes.io/part-of': 'cdk8s-stateful-web',
          'app.kubernetes.io/managed-by': 'cdk8s',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    }]);
  });

  test('enforce one level, warn and audit another, pinned to a version, with labels of its own', () => {
    const chart = Testing.chart();
    new PodSecurityNamespace(chart, 'Namespace', {
      name: 'lab',
      enforce: PodSecurityLevel.BASELINE,
      warn: PodSecurityLevel.RESTRICTED,
      version: 'v1.27',
      labels: { 'team': 'web', 'app.kubernetes.io/part-of': 'shop' },
    });
    expect(only(Testing.synth(chart), 'Namespace').metadata.labels).toEqual({
      'team': 'web',
      // The recommended labels, one of them overridden by `labels`.
      'app.kubernetes.io/name': 'pod-security-namespace',
      'app.kubernetes.io/instance': 'lab',
      'app.kubernetes.io/component': 'namespace',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'cdk8s',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.27',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.27',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.27',
    });
  });

  test('levelFor(): the loosest level the constructs under the given ones state', () => {
    const chart = Testing.chart();
    const nginx = new StatefulWeb(chart, 'nginx', { server: WebServer.nginxUnprivileged() });
    expect(PodSecurityNamespace.levelFor([nginx])).toBe(PodSecurityLevel.RESTRICTED);
    const httpd = new StatefulWeb(chart, 'httpd');
    expect(PodSecurityNamespace.levelFor([nginx, httpd])).toBe(PodSecurityLevel.BASELINE);
    expect(PodSecurityNamespace.levelFor([chart])).toBe(PodSecurityLevel.BASELINE);

    const nfsChart = Testing.chart();
    const nfs = new NfsStorage(nfsChart, 'nfs', { server: 'nfs.example.com', path: '/export' });
    expect(nfs.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(PodSecurityNamespace.levelFor([nfsChart])).toBe(PodSecurityLevel.BASELINE);
    expect(Object.values(podSecurityOf(Testing.synth(nfsChart)))).toEqual([BOTH('baseline')]);

    expect(PodSecurityNamespace.levelFor([Testing.chart()])).toBe(PodSecurityLevel.RESTRICTED);
  });
});
