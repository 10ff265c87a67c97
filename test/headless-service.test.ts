import { Chart, Testing } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-27';
import { HeadlessService, HeadlessServiceProps, StatefulWeb } from '../src';
import { only } from './support/manifests';

function namespaced(namespace?: string): Chart {
  return new Chart(Testing.app(), 'net', { namespace });
}

describe('HeadlessService', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new HeadlessService(chart, 'svc');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('customised, in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'net', { namespace: 'web' });
    new HeadlessService(chart, 'svc', {
      name: 'headless-svc',
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'dns', port: 53, protocol: Protocol.UDP },
        { name: 'dns-tcp', port: 53, protocol: Protocol.TCP },
      ],
      selector: { app: 'web', tier: 'front' },
      publishNotReadyAddresses: true,
      clusterDomain: 'k8s.example.com',
    });
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('is headless: clusterIP None, never a type or load balancer', () => {
    const chart = Testing.chart();
    new HeadlessService(chart, 'svc', { ports: [{ name: 'http', port: 80 }], selector: { app: 'web' } });
    const svc = only(Testing.synth(chart), 'Service');
    expect(svc.apiVersion).toBe('v1');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec).not.toHaveProperty('type');
    expect(svc.spec).not.toHaveProperty('publishNotReadyAddresses');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
  });

  test('public fields resolve the defaults', () => {
    const chart = Testing.chart();
    const svc = new HeadlessService(chart, 'svc');
    expect(svc.name).toBe(only(Testing.synth(chart), 'Service').metadata.name);
    expect(svc.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(svc.namespace).toBe('default');
    expect(svc.clusterDomain).toBe('cluster.local');
    expect(svc.ports).toEqual([]);
    expect(svc.selector).toBeUndefined();
    expect(svc.apiObject.kind).toBe('Service');
  });

  describe('podDnsName', () => {
    test('without a chart namespace the namespace is default', () => {
      const svc = new HeadlessService(Testing.chart(), 'svc', { name: 'headless-svc' });
      expect(svc.podDnsName('web-0')).toBe('web-0.headless-svc.default.svc.cluster.local');
    });

    test('with a chart namespace', () => {
      const svc = new HeadlessService(namespaced('xgp-lll'), 'svc', { name: 'headless-svc' });
      expect(svc.namespace).toBe('xgp-lll');
      expect(svc.podDnsName('statefulset-test-2')).toBe('statefulset-test-2.headless-svc.xgp-lll.svc.cluster.local');
    });

    test('with a custom cluster domain', () => {
      const svc = new HeadlessService(namespaced('web'), 'svc', { name: 'headless-svc', clusterDomain: 'k8s.example.com' });
      expect(svc.podDnsName('web-1')).toBe('web-1.headless-svc.web.svc.k8s.example.com');
    });

    test('a pod name that is not a DNS label is refused', () => {
      const svc = new HeadlessService(Testing.chart(), 'svc', { name: 'headless-svc' });
      expect(() => svc.podDnsName('Web_0')).toThrow(/^HeadlessService test\/svc: 'podDnsName\.podName' must be a DNS-1123 label.*, got "Web_0"$/);
      expect(() => svc.podDnsName('web-0.other')).toThrow(/got "web-0\.other"$/);
    });

    test('for every pod of a StatefulWeb', () => {
      const chart = namespaced('shop');
      const web = new StatefulWeb(chart, 'web', { name: 'shop', replicas: 2, ordinalsStart: 1 });
      expect(web.podNames.map(p => web.service.podDnsName(p))).toEqual([
        'shop-1.shop.shop.svc.cluster.local',
        'shop-2.shop.shop.svc.cluster.local',
      ]);
    });
  });

  test('addPort and selectLabels after construction reach the manifest', () => {
    const chart = Testing.chart();
    const svc = new HeadlessService(chart, 'svc');
    svc.addPort({ name: 'http', port: 8080 });
    svc.selectLabels({ app: 'late' });
    const spec = only(Testing.synth(chart), 'Service').spec;
    expect(spec.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(spec.selector).toEqual({ app: 'late' });
  });

  test('the ports and selector getters return copies', () => {
    const svc = new HeadlessService(Testing.chart(), 'svc', { ports: [{ name: 'http', port: 80 }], selector: { app: 'web' } });
    svc.ports.push({ name: 'extra', port: 81 });
    svc.selector!.app = 'changed';
    expect(svc.ports.map(p => p.name)).toEqual(['http']);
    expect(svc.selector).toEqual({ app: 'web' });
  });

  test('selecting the same labels twice is allowed', () => {
    const svc = new HeadlessService(Testing.chart(), 'svc', { selector: { app: 'web' } });
    expect(() => svc.selectLabels({ app: 'web' })).not.toThrow();
    expect(svc.selector).toEqual({ app: 'web' });
  });

  test('a StatefulWeb sets the selector and the http port of a bare Service', () => {
    const chart = Testing.chart();
    const svc = new HeadlessService(chart, 'svc', { name: 'headless-svc' });
    const web = new StatefulWeb(chart, 'web', { service: svc, port: 8080, runAsUser: 1000 });
    const manifests = Testing.synth(chart);
    const service = only(manifests, 'Service');
    const set = only(manifests, 'StatefulSet');
    expect(service.spec.selector).toEqual(web.selectorLabels);
    expect(service.spec.selector).toEqual(set.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }]);
    expect(set.spec.serviceName).toBe('headless-svc');
  });

  test('a StatefulWeb keeps the ports and a matching selector of a given Service', () => {
    const chart = Testing.chart();
    const svc = new HeadlessService(chart, 'svc', {
      ports: [{ name: 'web', port: 80 }],
      selector: { tier: 'front' },
    });
    new StatefulWeb(chart, 'web', { service: svc, podLabels: { tier: 'front' } });
    const service = only(Testing.synth(chart), 'Service');
    expect(service.spec.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual({ tier: 'front' });
  });

  describe('fails when', () => {
    const make = (props: HeadlessServiceProps) => () => new HeadlessService(Testing.chart(), 'svc', props);

    test.each([['Web'], ['1web'], ['web.svc'], ['web-'], ['w'.repeat(64)]])("'name' is %j", (name) => {
      expect(make({ name })).toThrow(new RegExp(`^HeadlessService test/svc: 'name' must be a DNS-1035 label.*, got "${name.replace('.', '\\.')}"$`));
    });

    test.each([[0], [70000], [-1], [80.5]])('a port number is %p', (port) => {
      expect(make({ ports: [{ name: 'http', port }] })).toThrow(new RegExp(`'ports\\[0\\]\\.port' must be a whole number from 1 to 65535, got ${port}$`));
    });

    test('a target port is out of range', () => {
      expect(make({ ports: [{ name: 'http', port: 80, targetPort: 0 }] })).toThrow(/'ports\[0\]\.targetPort' must be a whole number from 1 to 65535, got 0$/);
    });

    test.each([['HTTP'], ['a-very-long-port-name'], ['my--port'], ['8080'], ['-http']])('a port name is %j', (name) => {
      expect(make({ ports: [{ name, port: 80 }] })).toThrow(new RegExp(`'ports\\[0\\]\\.name' must be a port name.*, got "${name}"$`));
    });

    test('a protocol is not TCP, UDP or SCTP', () => {
      expect(make({ ports: [{ name: 'http', port: 80, protocol: 'HTTP' as Protocol }] })).toThrow(/'ports\[0\]\.protocol' must be one of .*TCP.*, got "HTTP"$/);
    });

    test('two ports share a name', () => {
      expect(make({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }))
        .toThrow(/'ports\[1\]\.name' must be unique among the ports \(http\), got "http"$/);
    });

    test('two ports share a number and a protocol (a different protocol is fine)', () => {
      expect(make({ ports: [{ name: 'a', port: 53 }, { name: 'b', port: 53 }] }))
        .toThrow(/'ports\[1\]\.port' must be unique per protocol among the ports, got 53$/);
      expect(make({ ports: [{ name: 'a', port: 53 }, { name: 'b', port: 53, protocol: Protocol.UDP }] })).not.toThrow();
    });

    test('the selector is empty or has a bad label', () => {
      expect(make({ selector: {} })).toThrow(/'selector' must be at least one label, got \{\}$/);
      expect(make({ selector: { 'app name': 'web' } })).toThrow(/'selector\.app name' must be a qualified name.*, got "app name"$/);
      expect(make({ selector: { app: 'web!' } })).toThrow(/'selector\.app' must be a label value.*, got "web!"$/);
    });

    test('a second, different selector is set', () => {
      const svc = new HeadlessService(Testing.chart(), 'svc', { selector: { app: 'web' } });
      expect(() => svc.selectLabels({ app: 'other' }))
        .toThrow(/'selector' must be the selector it already has, \{"app":"web"\}: one headless Service governs one StatefulSet, got \{"app":"other"\}$/);
    });

    test('two StatefulWebs share one Service', () => {
      const chart = Testing.chart();
      const svc = new HeadlessService(chart, 'svc');
      new StatefulWeb(chart, 'a', { service: svc });
      expect(() => new StatefulWeb(chart, 'b', { service: svc })).toThrow(/StatefulWeb test\/b: 'service' must be a HeadlessService whose selector matches the pod labels/);
    });

    test("'clusterDomain' is not a DNS subdomain", () => {
      expect(make({ clusterDomain: 'Cluster_Local' })).toThrow(/'clusterDomain' must be a DNS-1123 subdomain.*, got "Cluster_Local"$/);
    });
  });
});
