import { Testing } from 'cdk8s';
import { PathMatch, StatefulWeb } from '../src';
import { chartIn, only } from './support/manifests';
import { everyKubernetesMinor } from './support/validator';

// The ways into the client Service: a Gateway API HTTPRoute and an Ingress.

/** A StatefulWeb `web` with a client Service `web-client` on port 8000, and these props, in namespace `shop`. */
function synthRoutes(props: Partial<ConstructorParameters<typeof StatefulWeb>[2]>) {
  const chart = chartIn('site', 'shop');
  const web = new StatefulWeb(chart, 'web', { name: 'web', clientService: { port: 8000 }, ...props });
  return { web, manifests: Testing.synth(chart) };
}

describe('httpRoute', () => {
  test('a v1 HTTPRoute from the Gateway to the client Service, with host names and path matches', () => {
    const { manifests, web } = synthRoutes({
      httpRoute: {
        gatewayName: 'public',
        gatewayNamespace: 'gateways',
        sectionName: 'https',
        hostnames: ['www.example.com', '*.example.org'],
        paths: [{ path: '/' }, { path: '/status', match: PathMatch.EXACT }],
      },
    });
    const route = only(manifests, 'HTTPRoute');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata).toMatchObject({ name: 'web', namespace: 'shop', labels: web.selectorLabels });
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['www.example.com', '*.example.org'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }, { path: { type: 'Exact', value: '/status' } }],
        backendRefs: [{ name: 'web-client', port: 8000 }],
      }],
    });
    expect(web.httpRoute?.kind).toBe('HTTPRoute');
  });

  test('by default: the parent in its own namespace, every listener and host, all paths', () => {
    const route = only(synthRoutes({ httpRoute: { gatewayName: 'public' } }).manifests, 'HTTPRoute');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web-client', port: 8000 }] }],
    });
  });

  test("is valid against the Gateway API v1.7.0 CRD's schema at every minor", () => {
    const { manifests } = synthRoutes({ httpRoute: { gatewayName: 'public', hostnames: ['www.example.com'], sectionName: 'web' } });
    const errors = everyKubernetesMinor().flatMap(k => manifests.flatMap(o => k.validateObject(o).map(e => `${k.version} ${o.kind}${e}`)));
    expect(errors).toEqual([]);
  });

  test('the CRD schema refuses a host name the library refuses too', () => {
    const { manifests } = synthRoutes({ httpRoute: { gatewayName: 'public', hostnames: ['www.example.com'] } });
    const route = only(manifests, 'HTTPRoute');
    const [k] = everyKubernetesMinor();
    expect(k.validateObject({ ...route, spec: { ...route.spec, hostnames: ['WWW.example.com'] } })).not.toEqual([]);
    expect(() => synthRoutes({ httpRoute: { gatewayName: 'public', hostnames: ['WWW.example.com'] } })).toThrow(/'httpRoute.hostnames\[0\]'/);
  });
});

describe('ingress', () => {
  test('an Ingress to the client Service per host name, with its class and TLS secret', () => {
    const { manifests } = synthRoutes({
      ingress: { ingressClassName: 'nginx', hostnames: ['www.example.com'], tlsSecretName: 'www-tls', paths: [{ path: '/docs', match: PathMatch.EXACT }] },
    });
    const ingress = only(manifests, 'Ingress');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{
        host: 'www.example.com',
        http: { paths: [{ path: '/docs', pathType: 'Exact', backend: { service: { name: 'web-client', port: { number: 8000 } } } }] },
      }],
      tls: [{ hosts: ['www.example.com'], secretName: 'www-tls' }],
    });
  });

  test('by default: one rule for every host, all paths, no class, no TLS; valid at every minor', () => {
    const { manifests } = synthRoutes({ ingress: {} });
    expect(only(manifests, 'Ingress').spec).toEqual({
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-client', port: { number: 8000 } } } }] } }],
    });
    const errors = everyKubernetesMinor().flatMap(k => manifests.flatMap(o => k.validateObject(o).map(e => `${k.version} ${o.kind}${e}`)));
    expect(errors).toEqual([]);
  });

  test('the web NetworkPolicy admits the web port from every namespace, the Gateway and ingress controller ones included', () => {
    const { manifests } = synthRoutes({ ingress: {}, httpRoute: { gatewayName: 'public', gatewayNamespace: 'gateways' } });
    const rules = only(manifests, 'NetworkPolicy').spec.ingress;
    expect(rules).toEqual([{ ports: [{ protocol: 'TCP', port: 80 }] }]);
    expect(rules[0]).not.toHaveProperty('from');
  });
});
