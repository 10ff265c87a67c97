#!/usr/bin/env node
// Checks the new app's installed packages (`npm ls`, run in the app's folder).
//
// usage: node check-deps.js <the app's cdk8s-plus line, such as 34>
//
// - the whole tree holds one copy of cdk8s and one of constructs (every
//   package that needs them, the library and the app's line included, shares
//   the app's);
// - the app's own packages (`npm ls --omit=dev`: what it runs with) hold one
//   cdk8s-plus line, the app's: the library brings none. cdk8s-cli, a
//   development tool of the app, has a line of its own for its `import`
//   command; it is listed, not counted.
'use strict';
const { execFileSync } = require('child_process');

const line = process.argv[2];
if (!/^\d+$/.test(line ?? '')) {
  console.error('usage: node check-deps.js <cdk8s-plus line>');
  process.exit(2);
}

/** Every package in the tree of `npm ls --json` as [name, version, path]. */
function packages(args) {
  const out = execFileSync('npm', ['ls', '--all', '--json', ...args], { encoding: 'utf8' });
  const found = [];
  const walk = (deps, at) => {
    for (const [name, info] of Object.entries(deps ?? {})) {
      found.push([name, info.version, `${at} > ${name}@${info.version}`]);
      walk(info.dependencies, `${at} > ${name}`);
    }
  };
  walk(JSON.parse(out).dependencies, 'app');
  return found;
}

const problems = [];
const all = packages([]);
for (const name of ['cdk8s', 'constructs']) {
  const versions = [...new Set(all.filter(([n]) => n === name).map(([, v]) => v))];
  if (versions.length !== 1) problems.push(`${name}: ${versions.length} versions in the tree (${versions.join(', ')}), one expected`);
  else console.log(`typescript: one ${name} (${versions[0]}) in the whole tree`);
}
const runtime = packages(['--omit=dev']);
const lines = [...new Set(runtime.filter(([n]) => n.startsWith('cdk8s-plus-')).map(([n, v]) => `${n}@${v}`))];
if (lines.length !== 1 || !lines[0].startsWith(`cdk8s-plus-${line}@`)) {
  problems.push(`the app's packages hold ${lines.join(', ') || 'no cdk8s-plus line'}; only cdk8s-plus-${line} expected`);
} else {
  console.log(`typescript: the app's packages hold one cdk8s-plus line, ${lines[0]}`);
}
const tools = all.filter(([n]) => n.startsWith('cdk8s-plus-') && !n.endsWith(`-${line}`)).map(([, , p]) => p);
if (tools.some(p => !p.startsWith('app > cdk8s-cli >'))) problems.push(`another cdk8s-plus line outside cdk8s-cli: ${tools.join('; ')}`);
for (const p of tools) console.log(`typescript: (cdk8s-cli's own, a development tool: ${p})`);

if (problems.length) {
  console.error(`typescript: npm ls on cdk8s-plus-${line}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
