import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import {
  HeadlessService, NfsCsiDriver, PodSecurityLevel, PodSecurityNamespace, StatefulWeb, StorageClassRef, WebServer,
} from '../src';
import { SKIP_POD_SECURITY_CHECK } from '../src/app-checks';

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
