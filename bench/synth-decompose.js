// @ts-check
'use strict';
// Where the library's time over the floor goes (BENCHMARKS.md):
//
//   node --expose-gc bench/synth-decompose.js [sites=1000] [runs=15] [lib=lib/index.js]
//
// Five ways to the same YAML, byte for byte, timed (construct + synthYaml())
// in one process, alternating, after a warm-up:
//   floor       plain ApiObjects (as in bench/synth.js);
//   typed       k8s.KubeService / KubeStatefulSet given the library's own typed specs,
//               no dependency: what the typed objects cost when they render in two
//               passes (their toJson_* conversion), as cdk8s-plus renders them;
//   typed+order the same with the dependencies the library adds (Service and
//               StorageClass before each StatefulSet): what the ordering costs;
//   one-pass+order  the same typed classes rendering in one pass from specs
//               given as the API server takes them, as the library's objects do
//               (src/objects.ts), with the same dependencies;
//   library     StatefulWeb: the rest is the library's own work (constructs,
//               checks, converting its typed specs);
//   cdk8s-plus-27  its StatefulSet (other, smaller YAML: bench/synth-sites.js),
//               alternating with the others, for a same-process ratio.

const path = require('path');
const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const { k8s } = kplus;
const sites = require('./synth-sites');

const n = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 15);
const lib = require(path.resolve(process.argv[4] ?? path.join(__dirname, '..', 'lib', 'index.js')));
const gc = /** @type {() => void} */ (global.gc);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

/**
 * The typed specs the library renders a site's objects from (it gives them to
 * its objects converted, as the API server takes them: src/objects.ts). Private
 * members: fine for a benchmark, not for use.
 */
function typedSpecs(web) {
  const service = web.service;
  return {
    spec: web.renderSpec(),
    serviceSpec: {
      clusterIp: 'None',
      selector: service.selector,
      ports: service.ports.map((p) => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.targetPort), protocol: p.protocol })),
    },
  };
}

/** The library's specs for each site and its NFS objects as JSON, made once, not timed. */
function typedInputs() {
  const chart = sites.buildLibrary(cdk8s, lib, n).charts[0];
  const nfs = chart.node.findChild('nfs');
  const shared = nfs.node.children.map((o) => /** @type {cdk8s.ApiObject} */ (o).toJson());
  const perSite = [];
  for (let i = 0; i < n; i++) {
    const web = /** @type {any} */ (chart.node.findChild(sites.siteName(i)));
    // The specs as the library gives them to its typed objects (cdk8s keeps an
    // ApiObject's props in a private field: fine for a benchmark, not for use).
    perSite.push({ name: web.name, labels: web.selectorLabels, ...typedSpecs(web) });
  }
  return { shared, perSite };
}

/** A typed class whose objects render in one pass, as ApiObject does (as src/objects.ts's). */
const onePass = (Base) => class extends Base {
  toJson() {
    return cdk8s.ApiObject.prototype.toJson.call(this);
  }
};
const OnePassService = onePass(k8s.KubeService);
const OnePassStatefulSet = onePass(k8s.KubeStatefulSet);

/** The specs each site's objects render, as the API server takes them, made once, not timed. */
function wireInputs() {
  const chart = sites.buildLibrary(cdk8s, lib, n).charts[0];
  const { shared, perSite } = typedInputs();
  return {
    shared,
    perSite: perSite.map((site, i) => {
      const web = /** @type {any} */ (chart.node.findChild(sites.siteName(i)));
      return { ...site, spec: web.apiObject.toJson().spec, serviceSpec: web.service.apiObject.toJson().spec };
    }),
  };
}

/**
 * @param {ReturnType<typeof typedInputs>} inputs
 * @param {boolean} ordered
 * @param {{ Service: typeof k8s.KubeService, StatefulSet: typeof k8s.KubeStatefulSet }} classes
 */
function buildTyped(inputs, ordered, classes = { Service: k8s.KubeService, StatefulSet: k8s.KubeStatefulSet }) {
  const app = new cdk8s.App();
  const chart = new cdk8s.Chart(app, 'bench');
  const meta = (name, labels) => ({ name, namespace: 'web', labels });
  const shared = inputs.shared.map((obj, k) => new cdk8s.ApiObject(chart, `nfs${k}`, obj));
  const storageClass = shared[shared.length - 1];
  if (ordered) shared.slice(0, -1).forEach((o) => storageClass.node.addDependency(o));
  inputs.perSite.forEach((site, i) => {
    const service = new classes.Service(chart, `svc${i}`, { metadata: meta(site.name), spec: site.serviceSpec });
    const set = new classes.StatefulSet(chart, `sts${i}`, { metadata: meta(site.name, site.labels), spec: site.spec });
    if (ordered) {
      set.node.addDependency(service);
      set.node.addDependency(storageClass);
    }
  });
  return app;
}

const template = sites.floorTemplate(cdk8s, lib);
/** @type {Record<string, () => () => cdk8s.App>} */
const variants = {
  'floor': () => {
    const inputs = sites.floorInputs(template, n);
    return () => sites.buildFloor(cdk8s, inputs);
  },
  'typed': () => {
    const inputs = typedInputs();
    return () => buildTyped(inputs, false);
  },
  'typed+order': () => {
    const inputs = typedInputs();
    return () => buildTyped(inputs, true);
  },
  'one-pass+order': () => {
    const inputs = wireInputs();
    return () => buildTyped(inputs, true, { Service: OnePassService, StatefulSet: OnePassStatefulSet });
  },
  'library': () => () => sites.buildLibrary(cdk8s, lib, n),
  'cdk8s-plus-27': () => () => sites.buildKplus(cdk8s, kplus, n),
};

// Same YAML, or the comparison means nothing (typed without order differs only
// in order); cdk8s-plus-27 is the exception, compared per site.
const reference = sites.buildLibrary(cdk8s, lib, n).synthYaml();
const ordered = variants['typed+order']()().synthYaml();
if (ordered !== reference) throw new Error('typed+order YAML differs from the library\'s');
if (variants['one-pass+order']()().synthYaml() !== reference) throw new Error('one-pass+order YAML differs from the library\'s');
if (variants.floor()().synthYaml() !== reference) throw new Error('floor YAML differs from the library\'s');

/** @type {Record<string, { wall: number[], cpu: number[] }>} */
const results = {};
const names = Object.keys(variants);
for (let r = -2; r < runs; r++) {
  for (const name of r % 2 ? [...names].reverse() : names) {
    const build = variants[name]();
    gc();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    build().synthYaml();
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    if (r < 0) continue; // warm-up
    (results[name] ??= { wall: [], cpu: [] }).wall.push(wall);
    results[name].cpu.push((cpu.user + cpu.system) / 1000);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const floor = results.floor;
console.log(`${n} sites, ${runs} runs each, medians (same YAML, ${reference.length} bytes):\n`);
console.log('| variant | wall ms | / floor | CPU ms | / floor |');
console.log('|---|---:|---:|---:|---:|');
for (const name of names) {
  const r = results[name];
  console.log(`| ${name} | ${median(r.wall).toFixed(0)} | ${(median(r.wall) / median(floor.wall)).toFixed(2)}x | ${median(r.cpu).toFixed(0)} | ${(median(r.cpu) / median(floor.cpu)).toFixed(2)}x |`);
}
