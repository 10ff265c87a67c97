import { Chart, Testing } from 'cdk8s';
import { HeadlessService, PortProtocol, StatefulWeb } from '../src';
import { chartIn, only } from './support/manifests';

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
        { name: 'dns', port: 53, protocol: PortProtocol.UDP },
        { name: 'dns-tcp', port: 53, protocol: PortProtocol.TCP },
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
      const svc = new HeadlessService(chartIn('net', 'xgp-lll'), 'svc', { name: 'headless-svc' });
      expect(svc.namespace).toBe('xgp-lll');
      expect(svc.podDnsName('statefulset-test-2')).toBe('statefulset-test-2.headless-svc.xgp-lll.svc.cluster.local');
    });

    test('with a custom cluster domain', () => {
      const svc = new HeadlessService(chartIn('net', 'web'), 'svc', { name: 'headless-svc', clusterDomain: 'k8s.example.com' });
      expect(svc.podDnsName('web-1')).toBe('web-1.headless-svc.web.svc.k8s.example.com');
    });

    test('a pod name that is not a DNS label is refused', () => {
      const svc = new HeadlessService(Testing.chart(), 'svc', { name: 'headless-svc' });
      expect(() => svc.podDnsName('Web_0')).toThrow(/^HeadlessService test\/svc: 'podDnsName\.podName' must be a DNS-1123 label.*, got "Web_0"$/);
      expect(() => svc.podDnsName('web-0.other')).toThrow(/got "web-0\.other"$/);
    });

    test('for every pod of a StatefulWeb', () => {
      const chart = chartIn('net', 'shop');
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

  // Every bad input and its message: test/catalogue.test.ts. Here, what a
  // message alone cannot show.
  describe('fails when', () => {
    test('two ports share a number and a protocol, but not with another protocol', () => {
      expect(() => new HeadlessService(Testing.chart(), 'svc', { ports: [{ name: 'a', port: 53 }, { name: 'b', port: 53 }] })).toThrow();
      expect(() => new HeadlessService(Testing.chart(), 'svc', { ports: [{ name: 'a', port: 53 }, { name: 'b', port: 53, protocol: PortProtocol.UDP }] })).not.toThrow();
    });
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
