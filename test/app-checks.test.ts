import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  HeadlessService, NfsCsiDriver, NfsStorage, PodSecurityLevel, PodSecurityNamespace, StatefulWeb, StorageClassRef, WebServer,
} from '../src';
import { SKIP_POD_SECURITY_CHECK } from '../src/app-checks';
import { Level, LEVELS, podSecurityOf } from './support/pod-security';
import { validateManifests } from './support/validator';

// The checks of the whole app at synth (src/app-checks.ts). The catalogue
// (test/catalogue.test.ts) pins their messages; this file what they let pass,
// and that they run once per app.

/** The errors of the app's validations, as cdk8s reports them. */
function errorsOf(app: App): string[] {
  return app.node.findAll().flatMap(c => c.node.validate());
}

describe('two objects of one kind, name and namespace', () => {
  test('each clash is reported once, however many constructs the app has', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'web' });
    new StatefulWeb(chart, 'a', { name: 'site' });
    new StatefulWeb(chart, 'b', { name: 'site' });
    for (let i = 0; i < 5; i++) new HeadlessService(chart, `svc${i}`);
    // The Service, the NetworkPolicy and the StatefulSet of b.
    const errors = errorsOf(app);
    expect(errors.map(e => /other (\w+) of the app/.exec(e)?.[1])).toEqual(['Service', 'NetworkPolicy', 'StatefulSet']);
    expect(errors.every(e => e.startsWith("StatefulWeb c/b: 'name' must be a name no other"))).toBe(true);
    expect(() => app.synth()).toThrow(/\[\] StatefulWeb c\/b: 'name' must be a name no other Service of the app has in namespace "web" \(c\/a writes one\), got "site"/);
  });

  test('one name in two namespaces, or for two kinds, is no clash', () => {
    const app = Testing.app();
    new StatefulWeb(new Chart(app, 'a', { namespace: 'a' }), 'site', { name: 'site' });
    new StatefulWeb(new Chart(app, 'b', { namespace: 'b' }), 'site', { name: 'site' });
    const c = new Chart(app, 'c', { namespace: 'c' });
    new StatefulWeb(c, 'site', { name: 'site', pages: ['x'] });
    new HeadlessService(c, 'pages', { name: 'site-pages' }); // a Service named like the site's ConfigMap
    expect(errorsOf(app)).toEqual([]);
    expect(() => app.synthYaml()).not.toThrow();
  });

  test("objects the library did not write are the app's own business", () => {
    const app = Testing.app();
    new HeadlessService(new Chart(app, 'a', { namespace: 'web' }), 'svc', { name: 'front' });
    new k8s.KubeService(new Chart(app, 'b', { namespace: 'web' }), 'svc', { metadata: { name: 'front' }, spec: { clusterIp: 'None' } });
    expect(errorsOf(app)).toEqual([]);
  });
});

describe('Pod Security levels against the namespace', () => {
  test('a namespace the app does not make is left alone', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'made-elsewhere' });
    new StatefulWeb(chart, 'site');
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('a namespace that admits the level passes; each workload is checked against its own namespace', () => {
    const app = Testing.app();
    const web = new Chart(app, 'web', { namespace: 'web' });
    new PodSecurityNamespace(web, 'ns', { enforce: PodSecurityLevel.BASELINE });
    new StatefulWeb(web, 'httpd');
    const strict = new Chart(app, 'strict', { namespace: 'strict' });
    new PodSecurityNamespace(strict, 'ns');
    new StatefulWeb(strict, 'nginx', { server: WebServer.nginxUnprivileged(), storage: StorageClassRef.fromName('gp3') });
    expect(errorsOf(app)).toEqual([]);
  });

  test('the csi node plugin needs a privileged namespace, and the message says how to get there', () => {
    const chart = new Chart(Testing.app(), 'csi', { namespace: 'csi-nfs' });
    new PodSecurityNamespace(chart, 'ns', { enforce: PodSecurityLevel.BASELINE });
    new NfsCsiDriver(chart, 'driver');
    expect(() => Testing.synth(chart)).toThrow(new RegExp([
      "NfsCsiDriver csi/driver: 'podSecurityLevel' must be a level namespace \"csi-nfs\" admits: csi/ns enforces baseline, got \"privileged\"",
      'The API server would refuse every pod of csi/driver\\. .*enforce: PodSecurityLevel\\.PRIVILEGED on csi/ns',
    ].join('\n')));
  });

  test(`the context key ${SKIP_POD_SECURITY_CHECK} turns this check off, and only this one`, () => {
    const app = Testing.app();
    app.node.setContext(SKIP_POD_SECURITY_CHECK, true);
    const chart = new Chart(app, 'c', { namespace: 'web' });
    new PodSecurityNamespace(chart, 'ns');
    new StatefulWeb(chart, 'site', { name: 'site' });
    expect(errorsOf(app)).toEqual([]);
    new HeadlessService(chart, 'svc', { name: 'site' });
    expect(errorsOf(app)).toHaveLength(1);
  });
});

// ------------------------------------------------------------ whole apps, drawn

/** Run size: each run synthesizes an app of up to 4 sites and evaluates its pod templates; about a second in all. */
const APP_RUNS = { numRuns: 50 };

type Server = 'httpd' | 'nginx' | 'nginx-as-root';
type Storage = { type: 'ref'; name: string } | { type: 'nfs'; index: number };

/** Namespaces, storages and sites from small pools of names, so that clashes are frequent. */
const wholeApp = fc.record({
  namespaces: fc.array(fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    enforce: fc.option(fc.constantFrom(PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED), { nil: undefined }),
    chart: fc.nat(1),
  }), { maxLength: 3 }),
  nfs: fc.array(fc.record({
    namespace: fc.constantFrom('a', 'b', 'c'),
    storageClassName: fc.option(fc.constantFrom('nfs', 'files'), { nil: undefined }),
    chart: fc.nat(1),
  }), { maxLength: 2 }),
  sites: fc.array(fc.record({
    namespace: fc.constantFrom('a', 'b', 'c'),
    name: fc.constantFrom('web', 'shop', 'blog'),
    server: fc.constantFrom<Server>('httpd', 'nginx', 'nginx-as-root'),
    storage: fc.oneof(
      fc.constantFrom('gp3', 'standard').map((name): Storage => ({ type: 'ref', name })),
      fc.nat(1).map((index): Storage => ({ type: 'nfs', index })),
    ),
    replicas: fc.integer({ min: 0, max: 3 }),
    pages: fc.boolean(),
    chart: fc.nat(1),
  }), { minLength: 1, maxLength: 4 }),
});
type WholeApp = typeof wholeApp extends fc.Arbitrary<infer T> ? T : never;

/** The app of a draw: a chart per namespace and slot, so that some clashes cross charts. */
function buildWholeApp(spec: WholeApp, skipPodSecurity = false): App {
  const app = Testing.app();
  if (skipPodSecurity) app.node.setContext(SKIP_POD_SECURITY_CHECK, true);
  const charts = new Map<string, Chart>();
  const chart = (namespace: string, slot: number) => {
    const id = `${namespace}${slot}`;
    if (!charts.has(id)) charts.set(id, new Chart(app, id, { namespace }));
    return charts.get(id)!;
  };
  spec.namespaces.forEach((n, i) => new PodSecurityNamespace(chart(n.name, n.chart), `ns${i}`, { enforce: n.enforce }));
  const nfs = spec.nfs.map((n, i) => new NfsStorage(chart(n.namespace, n.chart), `nfs${i}`, {
    server: 'nfs.example.com', path: '/exports', storageClassName: n.storageClassName,
  }));
  spec.sites.forEach((s, i) => {
    const storage = s.storage.type === 'ref' ? StorageClassRef.fromName(s.storage.name) : nfs[s.storage.index] ?? StorageClassRef.fromName('standard');
    const server = s.server === 'httpd' ? WebServer.httpd() : WebServer.nginxUnprivileged();
    new StatefulWeb(chart(s.namespace, s.chart), `site${i}`, {
      name: s.name,
      replicas: s.replicas,
      server,
      runAsUser: s.server === 'nginx-as-root' ? 0 : undefined,
      storage,
      pages: s.pages ? ['p'].slice(0, s.replicas) : undefined,
    });
  });
  return app;
}

/** The first line of the library's error format. */
const LIBRARY_ERROR = /^(StatefulWeb|NfsStorage|NfsCsiStorage|HeadlessService|PodSecurityNamespace) \S+: '[^']+' must be .+, got .+$/;

/** The level each namespace the app makes enforces (the first of a name wins, as the check reads them). */
function enforcedLevels(docs: any[]): Map<string, string> {
  const levels = new Map<string, string>();
  for (const d of docs) {
    if (d.kind === 'Namespace' && !levels.has(d.metadata.name)) levels.set(d.metadata.name, d.metadata.labels['pod-security.kubernetes.io/enforce']);
  }
  return levels;
}

describe('whole apps, drawn at random', () => {
  test(`refuse with the library's error, or write unique objects that pass the schema and their namespaces' Pod Security levels (${APP_RUNS.numRuns} runs)`, () => {
    let refused = 0;
    fc.assert(fc.property(wholeApp, spec => {
      const app = buildWholeApp(spec);
      const errors = errorsOf(app);
      if (errors.length > 0) {
        refused++;
        for (const e of errors) expect(e.split('\n')[0]).toMatch(LIBRARY_ERROR);
        const psa = errors.map(e => /'podSecurityLevel' must be a level namespace "([^"]+)" admits: \S+ enforces (\w+), got "(\w+)"/.exec(e)).filter(m => m !== null);
        if (psa.length === errors.length) {
          // Only Pod Security refusals: without the check, the upstream evaluator agrees
          // that a pod template of each namespace named fails the level it enforces.
          const docs = buildWholeApp(spec, true).charts.flatMap(c => c.toJson());
          for (const [, namespace, enforced] of psa) {
            const levels = podSecurityOf(docs.filter(d => d.metadata.namespace === namespace));
            const fails = (l: Level) => LEVELS.indexOf(l) < LEVELS.indexOf(enforced as Level);
            const failing = Object.values(levels).filter(byVersion => Object.values(byVersion).some(fails));
            expect({ namespace, enforced, failing: failing.length > 0 }).toEqual({ namespace, enforced, failing: true });
          }
        }
        return;
      }
      const docs = app.charts.flatMap(c => c.toJson());
      expect(validateManifests(docs)).toEqual([]);
      const levels = enforcedLevels(docs);
      for (const [namespace, enforced] of levels) {
        const byTemplate = podSecurityOf(docs.filter(d => d.metadata.namespace === namespace));
        for (const [template, byVersion] of Object.entries(byTemplate)) {
          for (const [v, level] of Object.entries(byVersion)) {
            expect({ namespace, template, v, admitted: LEVELS.indexOf(level) >= LEVELS.indexOf(enforced as Level) })
              .toEqual({ namespace, template, v, admitted: true });
          }
        }
      }
    }), APP_RUNS);
    // Both outcomes were drawn.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(APP_RUNS.numRuns);
  });
});

describe('a check that looks for another construct of the app like it', () => {
  test('finds the constructs the tree has, and not one taken out of it', () => {
    const app = Testing.app();
    new NfsStorage(new Chart(app, 'a', { namespace: 'one' }), 'nfs', { server: 'nfs-a', path: '/a', storageClassName: 'nfs' });
    new NfsStorage(new Chart(app, 'b', { namespace: 'two' }), 'nfs', { server: 'nfs-b', path: '/b', storageClassName: 'nfs' });
    // Each finds the other (and the app-wide check finds their one StorageClass name).
    expect(errorsOf(app).filter(e => e.includes('must be unique in the app'))).toEqual([
      "NfsStorage a/nfs: 'storageClassName' must be unique in the app (b/nfs has it too), got \"nfs\"",
      "NfsStorage b/nfs: 'storageClassName' must be unique in the app (a/nfs has it too), got \"nfs\"",
    ]);
    expect(app.node.tryRemoveChild('b')).toBe(true);
    expect(errorsOf(app)).toEqual([]);
  });
});
