import { Testing } from 'cdk8s';
import { NfsStorage, WebServer } from '../src';
import { kindsOf, only, synthWeb } from './support/manifests';

// The NetworkPolicies StatefulWeb and NfsStorage write for their pods.

describe('network policy', () => {
  test('web pods: ingress on the http port only, no egress', () => {
    const { manifests, set } = synthWeb({ server: WebServer.nginxUnprivileged() });
    const policy = only(manifests, 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: set.spec.selector.matchLabels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(kindsOf(synthWeb({ networkPolicy: false }).manifests, 'NetworkPolicy')).toEqual([]);
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
    expect(kindsOf(Testing.synth(off), 'NetworkPolicy')).toEqual([]);
  });

  test('provisioner pods: apiServerPorts replaces the default ports, in the order given', () => {
    const chart = Testing.chart();
    new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/export', apiServerCidrs: ['10.99.0.1/32'], apiServerPorts: [36443, 443] });
    expect(only(Testing.synth(chart), 'NetworkPolicy').spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '10.99.0.1/32' } }],
      ports: [{ protocol: 'TCP', port: 36443 }, { protocol: 'TCP', port: 443 }],
    }]);
  });

  test.each([
    [[], "NfsStorage test/nfs: 'apiServerPorts' must be one port or more"],
    [[0], "NfsStorage test/nfs: 'apiServerPorts[0]' must be"],
    [[443, 65536], "NfsStorage test/nfs: 'apiServerPorts[1]' must be"],
    [[6443.5], "NfsStorage test/nfs: 'apiServerPorts[0]' must be"],
    [[443, 443], "NfsStorage test/nfs: 'apiServerPorts[1]' must be a port not listed before it"],
  ])('apiServerPorts %j is refused at construction, naming the prop and the value', (ports, message) => {
    const chart = Testing.chart();
    expect(() => new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/export', apiServerPorts: ports })).toThrow(message);
  });
});
