#!/usr/bin/env node
// @ts-check
'use strict';
// Synth benchmark: what the library costs over the YAML it produces.
//
//   npm run bench              # N = 10, 100, 1000, 10000 sites (a few minutes)
//   npm run bench -- --quick   # tiny N, seconds: keeps the script working in CI
//
// Options: --sizes 10,100  --runs 7  --import-runs 30  --lib path/to/lib/index.js
//
// Every (variant, N) runs in a fresh process (bench/synth-worker.js): a warm-up,
// then the timed runs of construct + `app.synthYaml()`, then the heap per site.
// The ratios compare medians of the same run. Targets are reported, never
// enforced: the exit code is non-zero only when the benchmark itself breaks.
// The compiled library (lib/) is measured: compile first (`npx projen compile`).

const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const WORKER = path.join(__dirname, 'synth-worker.js');
const IMPORT = path.join(__dirname, 'synth-import.js');

const TARGETS = {
  floorRatio: 1.25, // library / floor at 1000 sites
  kplusRatio: 1.0, // library / cdk8s-plus-27 at 1000 sites
  linear: 11, // library at 10000 sites / at 1000 sites
  importMs: 20, // require of the library on top of its dependencies
};

function parseArgs(argv) {
  const opts = { quick: false, sizes: [10, 100, 1000, 10000], runs: 0, importRuns: 30, lib: path.join(ROOT, 'lib', 'index.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') {
      opts.quick = true;
      opts.sizes = [5, 20];
      opts.runs = 3;
      opts.importRuns = 5;
    } else if (a === '--sizes') {
      opts.sizes = value().split(',').map(Number);
      if (opts.sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`--sizes must be whole numbers >= 1, got ${opts.sizes}`);
    } else if (a === '--runs') {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs must be a whole number >= 1, got ${opts.runs}`);
    } else if (a === '--import-runs') {
      opts.importRuns = Number(value());
      if (!Number.isInteger(opts.importRuns) || opts.importRuns < 1) throw new Error(`--import-runs must be a whole number >= 1, got ${opts.importRuns}`);
    } else if (a === '--lib') {
      opts.lib = path.resolve(value());
    } else {
      throw new Error(`unknown option ${a}; options: --quick, --sizes 10,100, --runs 7, --import-runs 30, --lib path/to/lib/index.js`);
    }
  }
  return opts;
}

/**
 * Timed runs per N (at least 5; more where a run is short), taken in rounds:
 * each round runs the three variants one after the other, each in a fresh
 * process, so a burst of load from elsewhere on the machine hits all three.
 */
function plan(n, opts) {
  const runs = opts.runs || (n <= 100 ? 15 : n <= 1000 ? 9 : 5);
  const rounds = Math.min(runs, opts.quick ? 1 : n >= 10000 ? 5 : 3);
  return { runs, rounds, perRound: Math.ceil(runs / rounds) };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs a bench child and returns its last stdout line as JSON; throws with its stderr if it fails. */
function child(args, nodeFlags = []) {
  const r = spawnSync(process.execPath, [...nodeFlags, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`node ${[...nodeFlags, ...args].map((a) => path.relative(ROOT, a) || a).join(' ')} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

function version(pkg) {
  try {
    return require(require.resolve(`${pkg}/package.json`, { paths: [ROOT] })).version;
  } catch {
    return '?';
  }
}

function gitRevision() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${rev} + uncommitted src changes` : rev;
  } catch {
    return 'unknown';
  }
}

/** Warns when lib/ is older than src/: the benchmark would measure old code. */
function warnIfStale(libPath) {
  const libDir = path.dirname(libPath);
  const srcDir = path.join(ROOT, 'src');
  if (libDir !== path.join(ROOT, 'lib') || !fs.existsSync(srcDir)) return;
  const newest = (dir, ext) => Math.max(...fs.readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => fs.statSync(path.join(dir, f)).mtimeMs));
  if (newest(srcDir, '.ts') > newest(libDir, '.js')) {
    console.log('WARNING: src/ is newer than lib/: this measures the last compiled library. Run `npx projen compile` first.\n');
  }
}

const fmt = (x, digits = 0) => x.toFixed(digits);
const kib = (bytes) => `${fmt(bytes / 1024, 1)}`;

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.lib)) {
    throw new Error(`${opts.lib} does not exist: compile the library first (npx projen compile)`);
  }
  warnIfStale(opts.lib);

  const cpus = os.cpus();
  const loadAtStart = os.loadavg()[0];
  console.log('## Machine\n');
  console.log(`- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores (os.cpus), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM`);
  console.log(`- ${os.type()} ${os.release()}, Node.js ${process.version}`);
  console.log(`- cdk8s ${version('cdk8s')}, cdk8s-plus-27 ${version('cdk8s-plus-27')}, constructs ${version('constructs')}; library at ${gitRevision()}`);
  console.log(`- load average at start: ${os.loadavg().map((l) => fmt(l, 2)).join(', ')}`);
  console.log(`- timed runs per variant: ${opts.sizes.map((n) => `${plan(n, opts).rounds * plan(n, opts).perRound} at ${n}`).join(', ')}; in ${opts.sizes.map((n) => plan(n, opts).rounds).join(', ')} rounds of a fresh process per variant, each after a warm-up of >= 1000 sites`);

  // The floor is only a floor if it is the same YAML.
  const check = child([WORKER, 'check', '12', '0', opts.lib]);
  console.log(`Check: the floor's YAML for 12 sites is the library's, byte for byte (${check.yamlBytes} bytes).\n`);

  const variants = ['library', 'floor', 'kplus'];
  /** @type {Record<string, Record<number, any>>} */
  const results = { library: {}, floor: {}, kplus: {} };
  for (const n of opts.sizes) {
    const { rounds, perRound } = plan(n, opts);
    /** @type {Record<string, any[]>} */
    const samples = { library: [], floor: [], kplus: [] };
    /** @type {Record<string, number>} */
    const heap = {};
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(round + k) % variants.length];
        process.stderr.write(`  ${v} x ${n} sites, round ${round + 1}/${rounds} ...`);
        const t0 = Date.now();
        const args = [WORKER, v, String(n), String(perRound), opts.lib, ...(round === 0 ? ['heap'] : [])];
        const r = child(args, ['--expose-gc', '--max-old-space-size=4096']);
        samples[v].push(...r.samples);
        if (round === 0) heap[v] = r.heapPerSite;
        process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      }
    }
    for (const v of variants) {
      const med = (k) => median(samples[v].map((s) => s[k]));
      const totals = samples[v].map((s) => s.total);
      results[v][n] = {
        total: med('total'), construct: med('construct'), synth: med('synth'), cpu: med('cpu'),
        min: Math.min(...totals), max: Math.max(...totals),
        bytesPerSite: samples[v][0].bytes / n, heapPerSite: heap[v],
      };
    }
  }

  const L = results.library, F = results.floor, K = results.kplus;
  console.log('## construct + synthYaml(), median wall-clock ms\n');
  console.log('| sites | library | floor (same YAML) | cdk8s-plus-27 | library / floor | library / cdk8s-plus-27 | the same two ratios by CPU time | heap per site, KiB: library / floor / cdk8s-plus-27 |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of opts.sizes) {
    const ratio = (a, b) => `${fmt(a / b, 2)}x`;
    console.log(`| ${n} | ${fmt(L[n].total, 1)} | ${fmt(F[n].total, 1)} | ${fmt(K[n].total, 1)} | ${ratio(L[n].total, F[n].total)} | ${ratio(L[n].total, K[n].total)} | ${ratio(L[n].cpu, F[n].cpu)}, ${ratio(L[n].cpu, K[n].cpu)} | ${kib(L[n].heapPerSite)} / ${kib(F[n].heapPerSite)} / ${kib(K[n].heapPerSite)} |`);
  }

  console.log('\n## Where the time goes (medians, ms) and output size\n');
  console.log('| sites | variant | construct | synthYaml | CPU (all threads) | fastest..slowest total | YAML per site, bytes |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const n of opts.sizes) {
    for (const [v, label] of [['library', 'library'], ['floor', 'floor'], ['kplus', 'cdk8s-plus-27']]) {
      const r = results[v][n];
      console.log(`| ${n} | ${label} | ${fmt(r.construct, 1)} | ${fmt(r.synth, 1)} | ${fmt(r.cpu, 1)} | ${fmt(r.min, 1)}..${fmt(r.max, 1)} | ${fmt(r.bytesPerSite)} |`);
    }
  }

  process.stderr.write(`  import x ${opts.importRuns} ...\n`);
  const imports = Array.from({ length: opts.importRuns }, () => child([IMPORT, opts.lib]));
  const importMs = median(imports.map((i) => i.lib));
  console.log(`\n## Import\n\nrequire() of the library after cdk8s and cdk8s-plus-27 are loaded, median of ${opts.importRuns} fresh processes: **${fmt(importMs, 1)} ms** (constructs + cdk8s + cdk8s-plus-27 themselves: ${fmt(median(imports.map((i) => i.deps)))} ms).`);

  console.log('\n## Targets\n');
  console.log('Judged on the medians above, by wall clock and by CPU time (which waiting for a busy CPU does not inflate).\n');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const has = (n) => opts.sizes.includes(n);
  const ratioTarget = (text, limit, ok, a, b) => {
    if (!ok) return console.log(`- not measured (N not in this run): ${text} <= ${limit}x`);
    const wall = a.total / b.total;
    const cpu = a.cpu / b.cpu;
    console.log(`- ${text} <= ${limit}x: ${fmt(wall, 2)}x wall, ${verdict(wall <= limit)}; ${fmt(cpu, 2)}x CPU, ${verdict(cpu <= limit)}`);
  };
  ratioTarget('library / floor at 1000 sites', TARGETS.floorRatio, has(1000), L[1000], F[1000]);
  ratioTarget('library / cdk8s-plus-27 at 1000 sites', TARGETS.kplusRatio, has(1000), L[1000], K[1000]);
  ratioTarget('library at 10000 sites / at 1000', TARGETS.linear, has(1000) && has(10000), L[10000], L[1000]);
  console.log(`- import over cdk8s and cdk8s-plus-27 <= ${TARGETS.importMs} ms: ${fmt(importMs, 1)} ms, ${verdict(importMs <= TARGETS.importMs)}`);
  const load = os.loadavg()[0];
  if (load > cpus.length || loadAtStart > cpus.length) {
    console.log(`\nThe machine was busy (load average ${fmt(loadAtStart, 1)} at start, ${fmt(load, 1)} at end, on ${cpus.length} cores): wall-clock times include waiting for a CPU; trust the CPU-time ratios more.`);
  }
}

try {
  main();
} catch (e) {
  console.error(`bench failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
