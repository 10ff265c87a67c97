import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ImagePullPolicy, Node, NodeLabelQuery, NodeTaintQuery, Secret, TaintEffect } from 'cdk8s-plus-27';
import {
  DisruptionBudget, HeadlessService, NfsStorage, PagesMode, PodSecurityLevel, PodSecurityNamespace, Spreading, StatefulWeb,
  StatefulWebProps, WebServer,
} from '../src';
import { only } from './support/manifests';
import { podSecurityDetailsOf, podSecurityOf } from './support/pod-security';

// StatefulWeb past the tutorial: web server presets and Pod Security levels,
// namespaces that enforce them, disruption budget, spreading, network
// policy, scheduling props and content updates (issue 12).

function site(props: StatefulWebProps = {}, namespace?: string) {
  const chart = new Chart(Testing.app(), 'site', { namespace });
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = only(manifests, 'StatefulSet');
  const pod = set.spec.template.spec;
  return { chart, web, manifests, set, pod, container: pod.containers[0] };
}

function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter(m => m.kind === kind);
}

const BOTH = (level: string) => ({ 'v1.27': level, 'v1.37': level });

describe('web servers', () => {
  test('WebServer.httpd() is the default: the tutorial image, port 80, its capabilities, baseline', () => {
    const { web, container, pod, manifests } = site();
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
    const { web, container, pod, manifests } = site({ server: WebServer.nginxUnprivileged(), pages: ['a'] });
    expect(container.image).toBe('nginxinc/nginx-unprivileged:1.26.3');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(pod.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 101, runAsGroup: 101, fsGroup: 101, runAsNonRoot: true,
    });
    for (const c of [container, pod.initContainers[0]]) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
      });
    }
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/usr/share/nginx/html' },
      { name: 'writable-0', mountPath: '/tmp' },
      { name: 'writable-1', mountPath: '/var/cache/nginx' },
    ]);
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    const details = Object.values(podSecurityDetailsOf(manifests))[0];
    expect(details.map(d => [d.version, d.level, d.violations.restricted])).toEqual([['v1.27', 'restricted', []], ['v1.37', 'restricted', []]]);
  });

  test("the props still override a preset's image, port, document root, writable paths and user", () => {
    const { container, pod, web } = site({
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
    const { container, web, manifests } = site({ runAsUser: 1000, port: 8080 });
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
    const { container, web, manifests } = site({ server });
    expect(container.image).toBe('caddy:2.8.4');
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/usr/share/caddy', '/config', '/data']);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    // Root: not restricted, however few capabilities.
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(Object.values(podSecurityOf(manifests))).toEqual([BOTH('baseline')]);

    const admin = site({ server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', capabilities: ['NET_ADMIN'] }) });
    expect(admin.web.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
    expect(Object.values(podSecurityOf(admin.manifests))).toEqual([BOTH('privileged')]);
  });
});

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
      name: 'lab', enforce: PodSecurityLevel.BASELINE, warn: PodSecurityLevel.RESTRICTED, version: 'v1.27', labels: { team: 'web' },
    });
    expect(only(Testing.synth(chart), 'Namespace').metadata.labels).toEqual({
      'team': 'web',
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

describe('disruption budget', () => {
  test('with 2 replicas or more, at most one pod unavailable, selecting the pods', () => {
    const { manifests, set, web } = site({ replicas: 3 });
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: set.spec.selector.matchLabels } });
    expect(pdb.metadata.name).toBe(web.name);
    expect(web.disruptionBudget?.name).toBe(web.name);
  });

  test('none with one replica: a budget would block every drain', () => {
    expect(ofKind(site({ replicas: 1 }).manifests, 'PodDisruptionBudget')).toEqual([]);
    expect(site({ replicas: 1 }).web.disruptionBudget).toBeUndefined();
  });

  test('configurable, and possible to turn off', () => {
    expect(only(site({ replicas: 5, disruptionBudget: DisruptionBudget.maxUnavailable(2) }).manifests, 'PodDisruptionBudget').spec.maxUnavailable).toBe(2);
    const min = only(site({ replicas: 5, disruptionBudget: DisruptionBudget.minAvailable(3) }).manifests, 'PodDisruptionBudget').spec;
    expect([min.minAvailable, min.maxUnavailable]).toEqual([3, undefined]);
    expect(ofKind(site({ replicas: 3, disruptionBudget: DisruptionBudget.none() }).manifests, 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('spreading', () => {
  const term = (set: any) => ({ labelSelector: { matchLabels: set.spec.selector.matchLabels }, topologyKey: 'kubernetes.io/hostname' });

  test('by default replicas prefer different nodes and spread over zones, ScheduleAnyway', () => {
    const { pod, set } = site({ replicas: 3 });
    expect(pod.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term(set) }] },
    });
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: set.spec.selector.matchLabels },
    }]);
  });

  test('REQUIRED: one replica per node; NONE: no rule', () => {
    const strict = site({ replicas: 3, spreading: Spreading.REQUIRED });
    expect(strict.pod.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(strict.set)] } });
    expect(strict.pod.topologySpreadConstraints).toHaveLength(1);
    const none = site({ replicas: 3, spreading: Spreading.NONE });
    expect([none.pod.affinity, none.pod.topologySpreadConstraints]).toEqual([undefined, undefined]);
  });
});

describe('network policy', () => {
  test('web pods: ingress on the http port only, no egress', () => {
    const { manifests, set } = site({ server: WebServer.nginxUnprivileged() });
    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: set.spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(ofKind(site({ networkPolicy: false }).manifests, 'NetworkPolicy')).toEqual([]);
  });

  test('provisioner pods: no ingress; egress only to the API server ports', () => {
    const chart = Testing.chart();
    new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/export', apiServerCidrs: ['172.18.0.2/32'] });
    const manifests = Testing.synth(chart);
    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: only(manifests, 'Deployment').spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '172.18.0.2/32' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }],
    });
    const open = Testing.chart();
    new NfsStorage(open, 'nfs', { server: '192.168.1.21', path: '/export' });
    expect(only(Testing.synth(open), 'NetworkPolicy').spec.egress[0].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }]);
    const off = Testing.chart();
    new NfsStorage(off, 'nfs', { server: '192.168.1.21', path: '/export', networkPolicy: false });
    expect(ofKind(Testing.synth(off), 'NetworkPolicy')).toEqual([]);
  });
});

describe('scheduling props', () => {
  test('node selector, tolerations, node affinity, priority class, pull policy and pull secrets reach the pods', () => {
    const chart = new Chart(Testing.app(), 'site');
    const web = new StatefulWeb(chart, 'web', {
      pages: ['a'],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [NodeTaintQuery.is('dedicated', 'web', { effect: TaintEffect.NO_SCHEDULE }), NodeTaintQuery.exists('spot')],
      nodeAffinity: [Node.labeled(NodeLabelQuery.in('disk', ['ssd', 'nvme']), NodeLabelQuery.exists('web'))],
      priorityClassName: 'web-critical',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      imagePullSecrets: [Secret.fromSecretName(chart, 'Pull', 'regcred')],
    });
    const pod = only(Testing.synth(chart), 'StatefulSet').spec.template.spec;
    expect(web.name).toBeDefined();
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists' },
    ]);
    expect(pod.affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }, { key: 'web', operator: 'Exists' }] }],
      },
    });
    expect(pod.affinity.podAntiAffinity).toBeDefined();
    expect(pod.priorityClassName).toBe('web-critical');
    expect([pod.containers[0].imagePullPolicy, pod.initContainers[0].imagePullPolicy]).toEqual(['Always', 'Always']);
    expect(pod.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });
});

describe('content updates', () => {
  const HASH = 'cdk8s-stateful-web/pages-hash';

  test('seed-once is the default: no hash on the template, so changing pages rolls nothing', () => {
    const { set, pod } = site({ replicas: 2, pages: ['a', 'b'] });
    expect(set.spec.template.metadata.annotations).toBeUndefined();
    expect(pod.initContainers[0].name).toBe('seed-pages');
    expect(site({ replicas: 2, pages: ['a', 'c'] }).set.spec.template).toEqual(set.spec.template);
  });

  test('sync: the template carries a hash of the pages that changes with them, and only with them', () => {
    const sync = (pages: string[]) => site({ replicas: 2, pages, pagesMode: PagesMode.SYNC });
    const first = sync(['a', 'b']);
    const hash = first.set.spec.template.metadata.annotations[HASH];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sync(['a', 'b']).set.spec.template.metadata.annotations[HASH]).toBe(hash);
    expect(sync(['a', 'B']).set.spec.template.metadata.annotations[HASH]).not.toBe(hash);
    expect(first.pod.initContainers[0].name).toBe('sync-pages');
  });

  test('sync: every start writes the current page over the one in the claim; seed-once leaves it', () => {
    const dirs: string[] = [];
    const tmp = (label: string) => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), `pages-${label}-`));
      dirs.push(d);
      return d;
    };
    try {
      const runInit = (mode: PagesMode, page: string, claim: string) => {
        const { manifests, pod } = site({ replicas: 1, pages: [page], pagesMode: mode });
        const pages = tmp('cm');
        const data = only(manifests, 'ConfigMap').data as { [k: string]: string };
        for (const [k, v] of Object.entries(data)) fs.writeFileSync(path.join(pages, k), v);
        const init = pod.initContainers[0];
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', POD_NAME: 'web-0', PAGES_DIR: pages, DATA_DIR: claim };
        const r = spawnSync('/bin/sh', init.command.slice(1), { env, encoding: 'utf8', timeout: 10_000 });
        expect([r.status, r.stderr]).toEqual([0, '']);
      };
      const syncClaim = tmp('sync');
      runInit(PagesMode.SYNC, 'v1', syncClaim);
      runInit(PagesMode.SYNC, 'v2', syncClaim);
      expect(fs.readFileSync(path.join(syncClaim, 'index.html'), 'utf8')).toBe('v2');
      expect(fs.readdirSync(syncClaim)).toEqual(['index.html']);
      const seedClaim = tmp('seed');
      runInit(PagesMode.SEED_ONCE, 'v1', seedClaim);
      runInit(PagesMode.SEED_ONCE, 'v2', seedClaim);
      expect(fs.readFileSync(path.join(seedClaim, 'index.html'), 'utf8')).toBe('v1');
    } finally {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('the governing Service', () => {
  test('one in the same namespace from another chart is accepted', () => {
    const app = Testing.app();
    const service = new HeadlessService(new Chart(app, 'svc', { namespace: 'shop' }), 'svc');
    const chart = new Chart(app, 'site', { namespace: 'shop' });
    const web = new StatefulWeb(chart, 'web', { service });
    expect(only(Testing.synth(chart), 'StatefulSet').spec.serviceName).toBe(service.name);
    expect(service.podDnsName(web.podNames[0])).toBe(`${web.podNames[0]}.${service.name}.shop.svc.cluster.local`);
  });
});

describe('production snapshot', () => {
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
