#!/usr/bin/env node
// Times the synthesis of the tutorial's lab (examples/lab), wall clock, over
// several runs, and prints median, min and max of each command:
//
//   npm run lab            the README's command (writes examples/lab/dist/)
//   cdk8s synth            what it runs, in examples/lab (cdk8s.yaml: `node run.js`)
//   node run.js            the app alone: esbuild bundle + node, without the CLI
//   cdk8s --version        the CLI's own start-up, the floor under any app command
//   cdk8s synth --app "npx ts-node main.ts"
//                          the cdk8s template's app command, for comparison
//
// Usage: node bench/lab-synth.js [--runs N] [--baseline-runs N] [--no-baseline]
// (or `npx projen bench:lab -- --runs 20`). Needs nothing but node and npm;
// the machine's load average is printed, since other work inflates wall time.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

const root = path.resolve(__dirname, '..');
const labDir = path.join(root, 'examples', 'lab');
const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [root] })), 'bin', 'cdk8s');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const runs = arg('--runs', 10);
const baselineRuns = process.argv.includes('--no-baseline') ? 0 : arg('--baseline-runs', 3);

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-bench-'));
// The lab's overrides would change what is timed; the tutorial's values are.
const env = { ...process.env, LAB_NFS_SERVER: '', LAB_NFS_PATH: '', LAB_NAMESPACE: '' };

const commands = [
  { name: 'npm run lab', cmd: 'npm', args: ['run', '--silent', 'lab'], cwd: root, runs },
  { name: 'cdk8s synth', cmd: process.execPath, args: [cli, 'synth', '--no-check-upgrade', '--output', outdir], cwd: labDir, runs },
  { name: 'node run.js (app only)', cmd: process.execPath, args: ['run.js'], cwd: labDir, runs, env: { CDK8S_OUTDIR: outdir } },
  { name: 'cdk8s --version (CLI start)', cmd: process.execPath, args: [cli, '--version'], cwd: labDir, runs },
  {
    name: 'cdk8s synth, template app (npx ts-node main.ts)',
    cmd: process.execPath,
    args: [cli, 'synth', '--no-check-upgrade', '--output', outdir, '--app', 'npx ts-node main.ts'],
    cwd: labDir,
    runs: baselineRuns,
  },
];

function once(c) {
  const start = performance.now();
  const r = spawnSync(c.cmd, c.args, { cwd: c.cwd, env: { ...env, ...c.env }, encoding: 'utf-8' });
  const ms = performance.now() - start;
  if (r.status !== 0) {
    throw new Error(`${c.name} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return ms;
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

const fmt = ms => `${(ms / 1000).toFixed(2)} s`;
const load = () => os.loadavg().map(l => l.toFixed(2)).join(' ');

console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${load()}`);
const results = [];
try {
  for (const c of commands.filter(x => x.runs > 0)) {
    once(c); // warm-up: file system cache, npm's and esbuild's first start
    const times = Array.from({ length: c.runs }, () => once(c));
    const { median, min, max } = stats(times);
    results.push({ name: c.name, runs: c.runs, median, min, max });
    console.log(`${c.name.padEnd(48)} median ${fmt(median)}  min ${fmt(min)}  max ${fmt(max)}  (${c.runs} runs)`);
  }
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
console.log(`load average after: ${load()}`);
if (os.loadavg()[0] > os.cpus().length) {
  console.log('warning: the machine was busy (load average above the CPU count); wall times are inflated');
}
if (process.env.LAB_BENCH_JSON) fs.writeFileSync(process.env.LAB_BENCH_JSON, JSON.stringify(results, null, 2) + '\n');
