import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkAbsolutePath, checkDnsSubdomain, checkNamespace, checkOneOf, fail } from './checks';
import * as gw from './imports/gateway.networking.k8s.io';
import * as k8s from './imports/k8s';
import { makeObject } from './objects';

// The ways into a StatefulWeb's client Service from outside the cluster: a
// Gateway API HTTPRoute, or an Ingress where the cluster has no Gateway API.

/** How a request path is matched. */
export enum PathMatch {
  /** The path and everything under it, element by element ('/docs' matches '/docs/a', not '/docsa'). */
  PREFIX = 'Prefix',
  /** The path alone. */
  EXACT = 'Exact',
}

/** A request path a route sends to the client Service. */
export interface RoutePath {
  /** An absolute path, such as '/' or '/docs'. */
  readonly path: string;

  /**
   * How it is matched.
   *
   * @default PathMatch.PREFIX
   */
  readonly match?: PathMatch;
}

/** A Gateway API `HTTPRoute` to a StatefulWeb's client Service. */
export interface HttpRouteOptions {
  /**
   * Name of the route.
   *
   * @default - the StatefulWeb's name
   */
  readonly name?: string;

  /** Name of the Gateway the route attaches to. */
  readonly gatewayName: string;

  /**
   * Namespace of the Gateway. The web NetworkPolicy admits the web port from
   * anywhere, the Gateway's namespace included; the Gateway's listener must
   * allow routes from the StatefulWeb's namespace.
   *
   * @default - the StatefulWeb's namespace
   */
  readonly gatewayNamespace?: string;

  /**
   * The Gateway listener the route attaches to.
   *
   * @default - every listener that accepts it
   */
  readonly sectionName?: string;

  /**
   * Host names the route serves, such as 'www.example.com' or '*.example.com'.
   *
   * @default - every host name of the listener
   */
  readonly hostnames?: string[];

  /**
   * The paths sent to the client Service.
   *
   * @default [{ path: '/' }]
   */
  readonly paths?: RoutePath[];
}

/** A `networking.k8s.io/v1` Ingress to a StatefulWeb's client Service. */
export interface IngressOptions {
  /**
   * Name of the Ingress.
   *
   * @default - the StatefulWeb's name
   */
  readonly name?: string;

  /**
   * The IngressClass of the controller that serves it.
   *
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;

  /**
   * Host names the Ingress serves, such as 'www.example.com' or '*.example.com'.
   *
   * @default - every host
   */
  readonly hostnames?: string[];

  /**
   * The paths sent to the client Service.
   *
   * @default [{ path: '/' }]
   */
  readonly paths?: RoutePath[];

  /**
   * Name of the Secret (of type `kubernetes.io/tls`, in the StatefulWeb's
   * namespace) with the certificate for `hostnames`: the Ingress serves them over TLS.
   *
   * @default - no TLS
   */
  readonly tlsSecretName?: string;
}

/** A route's paths, checked, the default filled in. */
function checkPaths(owner: string, prop: string, paths: RoutePath[] | undefined): Array<Required<RoutePath>> {
  const list = paths ?? [{ path: '/' }];
  if (!Array.isArray(list) || list.length === 0) fail(owner, prop, list, "one or more paths, such as [{ path: '/' }]");
  return list.map((p, i) => {
    checkAbsolutePath(owner, `${prop}[${i}].path`, p.path);
    return { path: p.path, match: checkOneOf(owner, `${prop}[${i}].match`, p.match, PathMatch) ?? PathMatch.PREFIX };
  });
}

/** Host names, each a DNS subdomain or one with a leading '*.' (one label of wildcard). */
function checkHostnames(owner: string, prop: string, hostnames: string[] | undefined): string[] | undefined {
  hostnames?.forEach((h, i) => {
    const name = typeof h === 'string' && h.startsWith('*.') ? h.slice(2) : h;
    if (typeof name !== 'string' || !/[a-z]/.test(name.split('.').pop() ?? '')) {
      fail(owner, `${prop}[${i}]`, h, "a host name such as 'www.example.com' or '*.example.com' (no IP address, no port)");
    }
    checkDnsSubdomain(owner, `${prop}[${i}]`, name);
  });
  return hostnames && hostnames.length ? [...hostnames] : undefined;
}

/** An HTTPRoute, checked: everything to render it but the Service. */
export interface HttpRouteSettings {
  readonly name: string;
  readonly parent: { name: string; namespace?: string; sectionName?: string };
  readonly hostnames?: string[];
  readonly paths: Array<Required<RoutePath>>;
}

/** An Ingress, checked: everything to render it but the Service. */
export interface IngressSettings {
  readonly name: string;
  readonly ingressClassName?: string;
  readonly hostnames?: string[];
  readonly paths: Array<Required<RoutePath>>;
  readonly tlsSecretName?: string;
}

/** The `httpRoute` prop, checked; `webName` names it by default. */
export function resolveHttpRoute(owner: string, options: HttpRouteOptions, webName: string): HttpRouteSettings {
  return {
    name: checkDnsSubdomain(owner, 'httpRoute.name', options.name ?? webName),
    parent: {
      name: checkDnsSubdomain(owner, 'httpRoute.gatewayName', options.gatewayName),
      namespace: options.gatewayNamespace === undefined ? undefined : checkNamespace(owner, 'httpRoute.gatewayNamespace', options.gatewayNamespace),
      sectionName: options.sectionName === undefined ? undefined : checkDnsSubdomain(owner, 'httpRoute.sectionName', options.sectionName),
    },
    hostnames: checkHostnames(owner, 'httpRoute.hostnames', options.hostnames),
    paths: checkPaths(owner, 'httpRoute.paths', options.paths),
  };
}

/** The `ingress` prop, checked; `webName` names it by default. */
export function resolveIngress(owner: string, options: IngressOptions, webName: string): IngressSettings {
  const hostnames = checkHostnames(owner, 'ingress.hostnames', options.hostnames);
  if (options.tlsSecretName !== undefined) {
    checkDnsSubdomain(owner, 'ingress.tlsSecretName', options.tlsSecretName);
    if (!hostnames) fail(owner, 'ingress.tlsSecretName', options.tlsSecretName, "given with 'hostnames': the certificate is for them");
  }
  return {
    name: checkDnsSubdomain(owner, 'ingress.name', options.name ?? webName),
    ingressClassName: options.ingressClassName === undefined ? undefined : checkDnsSubdomain(owner, 'ingress.ingressClassName', options.ingressClassName),
    hostnames,
    paths: checkPaths(owner, 'ingress.paths', options.paths),
    tlsSecretName: options.tlsSecretName,
  };
}

/** The Service a route sends to. */
export interface RouteBackend {
  readonly name: string;
  readonly port: number;
}

/** The HTTPRoute to `backend`. */
export function renderHttpRoute(scope: Construct, s: HttpRouteSettings, backend: RouteBackend, labels: { [key: string]: string }): ApiObject {
  const { EXACT, PATH_PREFIX } = gw.HttpRouteSpecRulesMatchesPathType;
  const type = (m: PathMatch) => (m === PathMatch.EXACT ? EXACT : PATH_PREFIX);
  return makeObject(gw.HttpRoute, scope, 'HttpRoute', {
    metadata: { name: s.name, labels },
    spec: {
      parentRefs: [{ name: s.parent.name, namespace: s.parent.namespace, sectionName: s.parent.sectionName }],
      hostnames: s.hostnames,
      rules: [{
        matches: s.paths.map(p => ({ path: { type: type(p.match), value: p.path } })),
        backendRefs: [{ name: backend.name, port: backend.port }],
      }],
    },
  });
}

/** The Ingress to `backend`. */
export function renderIngress(scope: Construct, s: IngressSettings, backend: RouteBackend, labels: { [key: string]: string }): ApiObject {
  const paths = s.paths.map(p => ({ path: p.path, pathType: p.match, backend: { service: { name: backend.name, port: { number: backend.port } } } }));
  return makeObject(k8s.KubeIngress, scope, 'Ingress', {
    metadata: { name: s.name, labels },
    spec: {
      ingressClassName: s.ingressClassName,
      rules: (s.hostnames ?? [undefined]).map(host => ({ host, http: { paths } })),
      tls: s.tlsSecretName === undefined ? undefined : [{ hosts: s.hostnames, secretName: s.tlsSecretName }],
    },
  });
}

/** A route (`prop`, `given`) sends to the client Service: without one, an error. */
export function checkRouteNeedsService(owner: string, prop: string, given: object | undefined, hasClientService: boolean): void {
  if (given !== undefined && !hasClientService) {
    fail(owner, prop, given, "given with a 'clientService': the route sends to it");
  }
}

