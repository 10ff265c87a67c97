// @ts-check
'use strict';
// The three ways the synth benchmark builds the same N "sites".
//
// A site is one StatefulSet of 3 `httpd` pods with its headless Service. The
// library's site also claims 100Mi per pod on the one NfsStorage of the app.
// Sites have no pages (no ConfigMap, no init container): a StatefulSet of 3
// with its headless Service, one shared NFS class.
//
// - library: `StatefulWeb` sites sharing one `NfsStorage`, as a user writes them.
// - floor:   the library's own YAML for site 0, replayed as plain cdk8s
//            `ApiObject`s renamed per site: the same YAML, byte for byte, with no
//            construct library in between. It is what the YAML costs in cdk8s.
// - kplus:   cdk8s-plus-27 `StatefulSet` (3 replicas, one container on port 80),
//            which makes its own headless Service. cdk8s-plus-27 has no
//            volumeClaimTemplates and no StorageClass, so its output has no
//            claim and no NFS objects, and its own defaults (resources, a
//            startup probe, security context, hashed Service name and selector)
//            instead of the library's: BENCHMARKS.md gives the size of each.
//
// With the production defaults on, two anchors: cdk8s-plus-27 writing the same
// kinds of object with its own defaults (`buildKplusDefaults`), and writing the
// library's default site field for field (`buildKplusSameManifest`).

const path = require('path');

const SITE_IMAGE = 'httpd:2.4.62';
const SITE_REPLICAS = 3;
const NAMESPACE = 'web';
/** The name of the anchor that writes the library's default site field for field. */
const SAME_MANIFEST = 'cdk8s-plus-27 (same manifest)';

/**
 * The name of the StorageClass the library's NfsStorage writes in the bench's chart.
 * @param {typeof import('cdk8s')} cdk8s
 * @param {any} lib
 */
function storageClassOf(cdk8s, lib) {
  const docs = buildLibrary(cdk8s, lib, 1, true).charts[0].toJson();
  return docs.find((doc) => doc.kind === 'StorageClass').metadata.name;
}

/** The name of site `i`. Explicit names, as a generator of many sites would give. */
function siteName(i) {
  return `site-${i}`;
}

/**
 * @param {typeof import('cdk8s')} cdk8s
 * @param {any} lib the compiled library (lib/index.js)
 * @param {number} n number of sites
 * @param {boolean} [productionDefaults] keep the production defaults on
 */
function buildLibrary(cdk8s, lib, n, productionDefaults = false) {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench', { namespace: NAMESPACE });
  // The production defaults (NetworkPolicy, PodDisruptionBudget,
  // spreading) are off unless asked for: they add objects and fields
  // cdk8s-plus-27's site does not have, and this benchmark compares the same
  // shape (BENCHMARKS.md gives what they cost).
  const off = productionDefaults ? {} : {
    networkPolicy: false,
    disruptionBudget: lib.DisruptionBudget.none(),
    spreading: lib.Spreading.NONE,
  };
  const nfs = new lib.NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', networkPolicy: productionDefaults });
  for (let i = 0; i < n; i++) {
    new lib.StatefulWeb(chart, siteName(i), {
      name: siteName(i),
      replicas: SITE_REPLICAS,
      image: SITE_IMAGE,
      storage: nfs,
      storageSize: cdk8s.Size.mebibytes(100),
      ...off,
    });
  }
  return app;
}

/**
 * The library's manifests for one site, in the order the library emits them
 * (the NFS objects sit among site 0's), and those of them that belong to site 0.
 *
 * @param {typeof import('cdk8s')} cdk8s
 * @param {any} lib
 * @returns {{ first: any[], site: any[] }}
 */
function floorTemplate(cdk8s, lib) {
  const first = buildLibrary(cdk8s, lib, 1).charts[0].toJson();
  const site = first.filter((doc) => JSON.stringify(doc).includes(`"${siteName(0)}"`));
  return { first, site };
}

/**
 * Plain objects for N sites: site 0 with the shared objects as the library
 * emits them, then site 0's own objects renamed for each further site (each
 * value that is exactly the site name: object names, the instance label,
 * `serviceName`). `check` in synth-worker.js proves the YAML is the library's.
 * Built outside the timed part: a hand-written floor would only pay for object
 * literals, which cost less than this copy.
 *
 * @param {{ first: any[], site: any[] }} template
 * @param {number} n
 * @returns {any[][]} one array of objects per site
 */
function floorInputs(template, n) {
  const site0 = JSON.stringify(template.site);
  const out = [structuredClone(template.first)];
  for (let i = 1; i < n; i++) {
    out.push(JSON.parse(site0.split(`"${siteName(0)}"`).join(`"${siteName(i)}"`)));
  }
  return out;
}

/**
 * @param {typeof import('cdk8s')} cdk8s
 * @param {any[][]} inputs from `floorInputs`
 */
function buildFloor(cdk8s, inputs) {
  const app = new cdk8s.App();
  // No chart namespace: every object carries its own, as the library emitted it.
  const chart = new cdk8s.Chart(app, 'bench');
  inputs.forEach((objects, group) => {
    objects.forEach((obj, k) => new cdk8s.ApiObject(chart, `o${group}-${k}`, obj));
  });
  return app;
}

/**
 * @param {typeof import('cdk8s')} cdk8s
 * @param {typeof import('cdk8s-plus-27')} kplus
 * @param {number} n
 */
function buildKplus(cdk8s, kplus, n) {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench', { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    new kplus.StatefulSet(chart, siteName(i), {
      metadata: { name: siteName(i) },
      replicas: SITE_REPLICAS,
      containers: [{ name: 'web', image: SITE_IMAGE, portNumber: 80 }],
    });
  }
  return app;
}

/**
 * cdk8s-plus-27 writing what the library's default site writes: per site a
 * StatefulSet (with its headless Service) whose replicas prefer other nodes
 * (`scheduling.spread` with a weight), a PodDisruptionBudget of at most one
 * pod unavailable, and a NetworkPolicy that lets TCP in on the http port
 * from any address and nothing out.
 *
 * @param {typeof import('cdk8s')} cdk8s
 * @param {typeof import('cdk8s-plus-27')} kplus
 * @param {number} n
 */
function buildKplusDefaults(cdk8s, kplus, n) {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench', { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    const name = siteName(i);
    const set = new kplus.StatefulSet(chart, name, {
      metadata: { name },
      replicas: SITE_REPLICAS,
      containers: [{ name: 'web', image: SITE_IMAGE, portNumber: 80 }],
    });
    set.scheduling.spread({ weight: 100, topology: kplus.Topology.HOSTNAME });
    set.scheduling.spread({ weight: 100, topology: kplus.Topology.ZONE });
    new kplus.k8s.KubePodDisruptionBudget(chart, `${name}-budget`, {
      metadata: { name },
      spec: { selector: { matchLabels: set.matchLabels }, maxUnavailable: kplus.k8s.IntOrString.fromNumber(1) },
    });
    new kplus.NetworkPolicy(chart, `${name}-policy`, {
      metadata: { name },
      selector: set,
      ingress: { rules: [{ peer: kplus.NetworkPolicyIpBlock.anyIpv4(chart, `${name}-any`), ports: [kplus.NetworkPolicyPort.tcp(80)] }] },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
  }
  return app;
}

/**
 * cdk8s-plus-27 writing the library's default site field for field: the
 * same labels, ports, probe, resources, security context, preStop pause,
 * spreading and claim template. What its API cannot say (the claim template
 * and its retention, service links, the seccomp profile, the claim's mount,
 * the zone spread as a topology constraint) is added with `addJsonPatch`, as
 * a user of cdk8s-plus-27 would. Its own defaults stay (`imagePullPolicy`,
 * `dnsPolicy`, a `cdk8s.io/metadata.addr` label and the selectors on it, an
 * `ipBlock` for "from anywhere"), so its YAML is somewhat larger than the
 * library's: BENCHMARKS.md gives both sizes.
 *
 * @param {typeof import('cdk8s')} cdk8s
 * @param {typeof import('cdk8s-plus-27')} kplus
 * @param {number} n
 * @param {string} storageClassName the class the library's NfsStorage names
 */
function buildKplusSameManifest(cdk8s, kplus, n, storageClassName) {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench', { namespace: NAMESPACE });
  for (let i = 0; i < n; i++) {
    const name = siteName(i);
    const selector = { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': 'stateful-web' };
    /** @param {string} component */
    const labels = (component) => ({
      'app.kubernetes.io/component': component,
      ...selector,
      'app.kubernetes.io/managed-by': 'cdk8s',
      'app.kubernetes.io/part-of': 'stateful-web',
    });
    const service = new kplus.Service(chart, `${name}-service`, {
      metadata: { name, labels: labels('service') },
      clusterIP: 'None',
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: kplus.Protocol.TCP }],
    });
    const set = new kplus.StatefulSet(chart, name, {
      metadata: { name, labels: labels('web') },
      select: false,
      podMetadata: { labels: selector },
      service,
      replicas: SITE_REPLICAS,
      automountServiceAccountToken: false,
      terminationGracePeriod: cdk8s.Duration.seconds(35),
      securityContext: { ensureNonRoot: false },
      containers: [{
        name: 'web',
        image: SITE_IMAGE,
        args: ['httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off'],
        ports: [{ name: 'http', number: 80 }],
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '5']) },
        readiness: kplus.Probe.fromTcpSocket({ port: 80, failureThreshold: 3 }),
        resources: {
          cpu: { request: kplus.Cpu.millis(50) },
          memory: { request: cdk8s.Size.mebibytes(64), limit: cdk8s.Size.mebibytes(256) },
        },
        securityContext: {
          ensureNonRoot: false,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: {
            // The names as the library writes them (cdk8s-plus-27's enum
            // writes `CAP_NET_BIND_SERVICE` and has no `ALL`).
            add: /** @type {any[]} */ (['NET_BIND_SERVICE', 'SETUID', 'SETGID', 'KILL']),
            drop: /** @type {any[]} */ (['ALL']),
          },
        },
        volumeMounts: [{ path: '/usr/local/apache2/logs', volume: kplus.Volume.fromEmptyDir(chart, `${name}-logs`, 'writable-0') }],
      }],
    });
    set.select(kplus.LabelSelector.of({ labels: selector }));
    set.scheduling.spread({ weight: 100, topology: kplus.Topology.HOSTNAME });
    cdk8s.ApiObject.of(set).addJsonPatch(
      cdk8s.JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
      cdk8s.JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
      cdk8s.JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      cdk8s.JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/0', { mountPath: '/usr/local/apache2/htdocs', name: 'data' }),
      cdk8s.JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [{
        labelSelector: { matchLabels: selector }, maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
      }]),
      // The patch applies before the StatefulSet's own toJson, which reads a
      // quantity as an object: hence `Quantity.fromString`.
      cdk8s.JsonPatch.add('/spec/volumeClaimTemplates', [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kplus.k8s.Quantity.fromString('100Mi') } }, storageClassName },
      }]),
    );
    new kplus.k8s.KubePodDisruptionBudget(chart, `${name}-budget`, {
      metadata: { name, labels: labels('disruption-budget') },
      spec: { selector: { matchLabels: selector }, maxUnavailable: kplus.k8s.IntOrString.fromNumber(1) },
    });
    new kplus.NetworkPolicy(chart, `${name}-policy`, {
      metadata: { name, labels: labels('network-policy') },
      selector: set,
      ingress: { rules: [{ peer: kplus.NetworkPolicyIpBlock.anyIpv4(chart, `${name}-any`), ports: [kplus.NetworkPolicyPort.tcp(80)] }] },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
  }
  return app;
}

/**
 * The fields of the library's site 0 that the same-manifest anchor writes
 * otherwise, as `Kind path`, but for the selectors: cdk8s-plus-27 selects
 * pods by its own `cdk8s.io/metadata.addr` label, and lists policy types in
 * another order. `synth-pair.js` refuses to run when this is not empty.
 *
 * @param {typeof import('cdk8s')} cdk8s
 * @param {typeof import('cdk8s-plus-27')} kplus
 * @param {any} lib
 * @returns {string[]}
 */
function sameManifestGaps(cdk8s, kplus, lib) {
  /** @type {(o: any, p?: string, out?: Record<string, any>) => Record<string, any>} */
  const leaves = (o, p = '', out = {}) => {
    if (o && typeof o === 'object') Object.entries(o).forEach(([k, v]) => leaves(v, `${p}/${k}`, out));
    else out[p] = o;
    return out;
  };
  const ours = buildLibrary(cdk8s, lib, 1, true).charts[0].toJson().filter((doc) => JSON.stringify(doc).includes(`"${siteName(0)}"`));
  const theirs = buildKplusSameManifest(cdk8s, kplus, 1, storageClassOf(cdk8s, lib)).charts[0].toJson();
  const selector = /\/(selector|podSelector|labelSelector)\/(matchLabels\/)?app\.kubernetes\.io\/|\/policyTypes\//;
  return ours.flatMap((doc) => {
    const other = leaves(theirs.find((t) => t.kind === doc.kind && t.metadata.name === doc.metadata.name));
    return Object.entries(leaves(doc))
      .filter(([p, v]) => other[p] !== v && !selector.test(p))
      .map(([p]) => `${doc.kind} ${p}`);
  });
}

/**
 * The variants the in-process benchmarks compare: each library file given
 * (named by its path) and cdk8s-plus-27, each a function that builds `n` sites.
 * @param {typeof import('cdk8s')} cdk8s
 * @param {typeof import('cdk8s-plus-27')} kplus
 * @param {string[]} libs paths of the library's index.js (lib/ of this or another commit)
 * @param {number} n
 * @param {boolean} [productionDefaults]
 * @returns {Record<string, () => import('cdk8s').App>}
 */
function variantsOf(cdk8s, kplus, libs, n, productionDefaults = false) {
  /** @type {Record<string, () => import('cdk8s').App>} */
  const variants = {};
  for (const l of libs) {
    const lib = require(path.resolve(l));
    variants[path.relative(process.cwd(), path.resolve(l)) || l] = () => buildLibrary(cdk8s, lib, n, productionDefaults);
  }
  // With the production defaults, cdk8s-plus-27 writes the same objects too,
  // and, as a second anchor, the same manifests field for field.
  variants['cdk8s-plus-27'] = productionDefaults ? () => buildKplusDefaults(cdk8s, kplus, n) : () => buildKplus(cdk8s, kplus, n);
  if (productionDefaults && libs.length) {
    const storageClassName = storageClassOf(cdk8s, require(path.resolve(libs[0])));
    variants[SAME_MANIFEST] = () => buildKplusSameManifest(cdk8s, kplus, n, storageClassName);
  }
  return variants;
}

module.exports = { SAME_MANIFEST, buildLibrary, buildFloor, buildKplus, buildKplusDefaults, buildKplusSameManifest, sameManifestGaps, storageClassOf, floorTemplate, floorInputs, siteName, variantsOf };
