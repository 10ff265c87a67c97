import { ClientServiceType, WebServer } from '../src';
import { kindsOf, synthWeb } from './support/manifests';

// The client Service: a second Service over the StatefulWeb's pods.

/** The Services of the manifests, by name. */
function services(manifests: any[]): { [name: string]: any } {
  return Object.fromEntries(kindsOf(manifests, 'Service').map(s => [s.metadata.name, s]));
}

describe('clientService', () => {
  test('a ClusterIP Service on port 80 to the web port, beside the headless one, selecting the same pods', () => {
    const { manifests, set, web } = synthWeb({ name: 'web', server: WebServer.nginxUnprivileged(), clientService: {} });
    const { web: headless, 'web-client': client } = services(manifests);
    expect(headless.spec.clusterIP).toBe('None');
    expect(client.spec).toEqual({
      type: 'ClusterIP',
      selector: set.spec.selector.matchLabels,
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }],
    });
    expect(client.metadata.labels).toEqual({ ...set.metadata.labels, 'app.kubernetes.io/component': 'client-service' });
    expect(web.clientService?.name).toBe('web-client');
    // The StatefulSet still names the headless Service.
    expect(set.spec.serviceName).toBe('web');
  });

  test('a LoadBalancer or NodePort Service of its own name, port and node port', () => {
    const lb = synthWeb({ clientService: { name: 'front', type: ClientServiceType.LOAD_BALANCER, port: 8000, nodePort: 30080 } });
    expect(services(lb.manifests).front.spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 8000, targetPort: 80, nodePort: 30080 }] });
    const np = synthWeb({ clientService: { type: ClientServiceType.NODE_PORT } });
    const client = kindsOf(np.manifests, 'Service').find(s => s.spec.type === 'NodePort');
    expect(client.spec.ports[0]).not.toHaveProperty('nodePort');
  });

  test('none without the prop; the NetworkPolicy admits the web port either way', () => {
    const without = synthWeb();
    expect(kindsOf(without.manifests, 'Service')).toHaveLength(1);
    expect(without.web.clientService).toBeUndefined();
    const withClient = synthWeb({ clientService: { port: 8000 } });
    expect(kindsOf(withClient.manifests, 'NetworkPolicy')[0].spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 80 }] }]);
  });
});
