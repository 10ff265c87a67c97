// @ts-check
'use strict';
// Where the time of a synth goes, by phase (BENCHMARKS.md):
//
//   node --expose-gc bench/synth-phases.js [sites=1000] [runs=15] [lib=lib/index.js ...] [--defaults]
//
// Each run builds `sites` sites with each library given and with
// cdk8s-plus-27, in a random order, and takes the CPU time (GC included) of
// three phases: construction, `Chart.toJson()` of each chart (which resolves
// dependencies, validates, orders and renders every object) and
// `Yaml.stringify` of the result. Medians after a warm-up. With --defaults, the
// library's sites keep the production defaults on and cdk8s-plus-27 writes the
// same objects (as `synth-pair.js --defaults`).

const path = require('path');
const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const sites = require('./synth-sites');

const args = process.argv.slice(2);
const productionDefaults = args.includes('--defaults');
const [nArg, runsArg, ...libArgs] = args.filter((a) => a !== '--defaults' && a !== '--'); // a `--` before the arguments, as a task runner passes it on
const n = Number(nArg ?? 1000);
const runs = Number(runsArg ?? 15);
const libs = libArgs.length ? libArgs : [path.join(__dirname, '..', 'lib', 'index.js')];
const gc = /** @type {() => void} */ (global.gc);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const variants = sites.variantsOf(cdk8s, kplus, libs, n, productionDefaults);

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** @type {Record<string, number[][]>} */
const results = {};
for (let r = -3; r < runs; r++) {
  for (const name of Object.keys(variants).sort(() => Math.random() - 0.5)) {
    gc();
    const t0 = cpuNow();
    const app = variants[name]();
    const t1 = cpuNow();
    const docs = app.charts.flatMap((chart) => chart.toJson());
    const t2 = cpuNow();
    cdk8s.Yaml.stringify(...docs);
    const t3 = cpuNow();
    if (r < 0) continue; // warm-up
    (results[name] ??= []).push([t1 - t0, t2 - t1, t3 - t2, t3 - t0]);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`${n} sites${productionDefaults ? ' (production defaults on)' : ''}, ${runs} runs each, CPU ms (medians, GC included):\n`);
console.log('| variant | construct | toJson | YAML | all |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, rows] of Object.entries(results)) {
  console.log(`| ${name} | ${[0, 1, 2, 3].map((i) => median(rows.map((row) => row[i])).toFixed(0)).join(' | ')} |`);
}
