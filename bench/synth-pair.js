// @ts-check
'use strict';
// Library against cdk8s-plus-27 in one process, paired (BENCHMARKS.md):
//
//   node --expose-gc bench/synth-pair.js [sites=1000] [rounds=41] [lib=lib/index.js ...] [--defaults]
//
// Each round builds and synthesizes `sites` sites once with each library given
// and once with cdk8s-plus-27, in a random order, and takes the CPU time of
// each over that of cdk8s-plus-27 in the same round. The median of these
// ratios moves far less with the load of a shared machine than ratios of
// medians taken in separate processes. Several libraries (a copy of lib/ from
// another commit, say) are compared with each other in the same rounds; their
// YAML must be the same. With --defaults, the library's sites keep the
// production defaults on (a NetworkPolicy and a PodDisruptionBudget per site,
// spreading, the provisioner's NetworkPolicy), and a second anchor,
// cdk8s-plus-27 writing the same manifests, is timed in the same rounds.

const path = require('path');
const cdk8s = require('cdk8s');
const kplus = require('cdk8s-plus-27');
const sites = require('./synth-sites');

const args = process.argv.slice(2);
const productionDefaults = args.includes('--defaults');
const [nArg, roundsArg, ...libArgs] = args.filter((a) => a !== '--defaults' && a !== '--'); // `npx projen bench:pair -- ...` passes the `--` on
const n = Number(nArg ?? 1000);
const rounds = Number(roundsArg ?? 41);
const libs = libArgs.length ? libArgs : [path.join(__dirname, '..', 'lib', 'index.js')];
const gc = /** @type {() => void} */ (global.gc);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

const variants = sites.variantsOf(cdk8s, kplus, libs, n, productionDefaults);
const names = Object.keys(variants);
// The anchors: cdk8s-plus-27 writing the same objects, and with --defaults
// also the same manifests field for field (bench/synth-sites.js).
const anchors = names.filter((name) => name.startsWith('cdk8s-plus-27'));
const libNames = names.filter((name) => !anchors.includes(name));
if (anchors.includes(sites.SAME_MANIFEST)) {
  const gaps = sites.sameManifestGaps(cdk8s, kplus, require(path.resolve(libs[0])));
  if (gaps.length) throw new Error(`${sites.SAME_MANIFEST} does not write these fields of the library's site: ${gaps.join(', ')}`);
}
const reference = variants[libNames[0]]().synthYaml();
for (const name of libNames.slice(1)) {
  if (variants[name]().synthYaml() !== reference) throw new Error(`${name} gives other YAML than ${libNames[0]}`);
}

/** @param {string} name */
function cpuOf(name) {
  gc();
  const c0 = process.cpuUsage();
  variants[name]().synthYaml();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** @type {Record<string, Record<string, number[]>>} ratios[anchor][variant] */
const ratios = {};
/** @type {Record<string, number[]>} */
const cpus = {};
for (let r = -3; r < rounds; r++) {
  /** @type {Record<string, number>} */
  const cpu = {};
  for (const name of [...names].sort(() => Math.random() - 0.5)) cpu[name] = cpuOf(name);
  if (r < 0) continue; // warm-up
  for (const name of names) {
    for (const anchor of anchors) ((ratios[anchor] ??= {})[name] ??= []).push(cpu[name] / cpu[anchor]);
    (cpus[name] ??= []).push(cpu[name]);
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const at = (xs, q) => sorted(xs)[Math.floor(q * (xs.length - 1))];
console.log(`${n} sites${productionDefaults ? ' (production defaults on)' : ''}, ${rounds} rounds, CPU ms (median), YAML bytes per site, and CPU / each anchor in the same round (median, quartiles):\n`);
console.log(`| variant | CPU ms | YAML bytes per site | ${anchors.map((a) => `/ ${a} | quartiles`).join(' | ')} |`);
console.log(`|---|---:|---:|${anchors.map(() => '---:|---:').join('|')}|`);
for (const name of names) {
  const bytes = Buffer.byteLength(variants[name]().synthYaml()) / n;
  const cells = anchors.map((a) => `${at(ratios[a][name], 0.5).toFixed(3)}x | ${at(ratios[a][name], 0.25).toFixed(3)}..${at(ratios[a][name], 0.75).toFixed(3)}`);
  console.log(`| ${name} | ${at(cpus[name], 0.5).toFixed(0)} | ${bytes.toFixed(0)} | ${cells.join(' | ')} |`);
}
