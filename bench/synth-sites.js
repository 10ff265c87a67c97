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

const path = require('path');

const SITE_IMAGE = 'httpd:2.4.62';
const SITE_REPLICAS = 3;
const NAMESPACE = 'web';

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
  // With the production defaults, cdk8s-plus-27 writes the same objects too.
  variants['cdk8s-plus-27'] = productionDefaults ? () => buildKplusDefaults(cdk8s, kplus, n) : () => buildKplus(cdk8s, kplus, n);
  return variants;
}

module.exports = { buildLibrary, buildFloor, buildKplus, buildKplusDefaults, floorTemplate, floorInputs, siteName, variantsOf };
