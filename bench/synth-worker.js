// @ts-check
'use strict';
// One measurement in a process of its own (run by bench/synth.js):
//
//   node --expose-gc bench/synth-worker.js <library|floor|kplus> <sites> <runs> <lib> [heap]
//   node bench/synth-worker.js check <sites> 0 <lib>
//
// Times construct + `app.synthYaml()` for <sites> sites, <runs> times after a
// warm-up, then (with `heap`) measures the heap the constructed app keeps per
// site, and prints one JSON line. `check` verifies that the floor's YAML is the
// library's.

const sites = require('./synth-sites');

const [variant, nArg, runsArg, libPath, heapArg] = process.argv.slice(2);
const n = Number(nArg);
const runs = Number(runsArg);
if (!['library', 'floor', 'kplus', 'check'].includes(variant) || !(n > 0) || !(runs >= 0) || !libPath) {
  throw new Error(`usage: synth-worker.js <library|floor|kplus|check> <sites> <runs> <lib>, got ${process.argv.slice(2).join(' ')}`);
}

const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const lib = require(require('path').resolve(libPath));

/** Warm-up: at least one run and at least this many sites in all, so the JIT has seen the code. */
const WARMUP_SITES = 1000;

if (variant === 'check') {
  const template = sites.floorTemplate(cdk8s, lib);
  const expected = sites.buildLibrary(cdk8s, lib, n).synthYaml();
  const actual = sites.buildFloor(cdk8s, sites.floorInputs(template, n)).synthYaml();
  if (actual !== expected) {
    const at = [...expected].findIndex((c, i) => c !== actual[i]);
    throw new Error(`the floor's YAML differs from the library's at character ${at}:\n${expected.slice(at - 200, at + 200)}\n--- floor:\n${actual.slice(at - 200, at + 200)}`);
  }
  const kplusYaml = sites.buildKplus(cdk8s, kplus, n).synthYaml();
  if (!kplusYaml.includes('kind: StatefulSet') || !kplusYaml.includes('clusterIP: None')) {
    throw new Error('cdk8s-plus-27 output has no StatefulSet or no headless Service');
  }
  process.stdout.write(JSON.stringify({ variant, n, yamlBytes: expected.length, kplusYamlBytes: kplusYaml.length }) + '\n');
  process.exit(0);
}

const template = variant === 'floor' ? sites.floorTemplate(cdk8s, lib) : undefined;

/**
 * Builds the app for `count` sites. The floor's plain objects are made first
 * and are not timed (see `floorInputs`).
 * @param {number} count
 * @returns {() => import('cdk8s').App}
 */
function prepare(count) {
  switch (variant) {
    case 'library': return () => sites.buildLibrary(cdk8s, lib, count);
    case 'kplus': return () => sites.buildKplus(cdk8s, kplus, count);
    default: {
      const inputs = sites.floorInputs(/** @type {any} */ (template), count);
      return () => sites.buildFloor(cdk8s, inputs);
    }
  }
}

/** @param {number} count */
function once(count) {
  const build = prepare(count);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const app = build();
  const t1 = process.hrtime.bigint();
  const yaml = app.synthYaml();
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  return {
    total: Number(t2 - t0) / 1e6,
    construct: Number(t1 - t0) / 1e6,
    synth: Number(t2 - t1) / 1e6,
    cpu: (cpu.user + cpu.system) / 1000,
    bytes: yaml.length,
  };
}

const warmupSize = Math.min(n, WARMUP_SITES);
for (let done = 0; done === 0 || done < WARMUP_SITES; done += warmupSize) once(warmupSize);

const samples = [];
for (let r = 0; r < runs; r++) samples.push(once(n));

// Heap the constructed app keeps per site (the floor's plain inputs included).
// Small N keeps several apps so that at least 1000 sites are measured: the heap
// moves by some 100 KiB on its own (code, caches), more than 10 sites take.
let heapPerSite;
if (heapArg === 'heap') {
  const gc = /** @type {() => void} */ (global.gc);
  const copies = Math.ceil(WARMUP_SITES / n);
  gc(); gc();
  const heap0 = process.memoryUsage().heapUsed;
  const apps = Array.from({ length: copies }, () => prepare(n)).map((build) => build());
  gc(); gc();
  heapPerSite = (process.memoryUsage().heapUsed - heap0) / (copies * n);
  if (apps.some((app) => app.charts.length !== 1)) throw new Error('expected one chart per app');
}

process.stdout.write(JSON.stringify({ variant, n, samples, heapPerSite }) + '\n');
