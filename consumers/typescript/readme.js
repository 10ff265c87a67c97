#!/usr/bin/env node
// Writes the README's blocks for a new TypeScript app into a folder, so that
// the consumer test runs the README as written.
//
// usage: node consumers/typescript/readme.js README.md <dir>
//
// A block is taken when the line before its opening fence is the marker
// `<!-- consumers/typescript: <file> -->`; it is written to <dir>/<file>
// (`commands` to <dir>/commands.sh). Every file in NEEDED must be there once.
'use strict';
const fs = require('fs');
const path = require('path');

const NEEDED = ['package.json', 'cdk8s.yaml', 'tsconfig.json', 'main.ts', 'smallest.ts', 'commands'];
const [readme, dir] = process.argv.slice(2);
if (!readme || !dir) {
  console.error('usage: node consumers/typescript/readme.js README.md <dir>');
  process.exit(2);
}

const lines = fs.readFileSync(readme, 'utf8').split('\n');
const blocks = {};
for (let i = 0; i < lines.length; i++) {
  const m = /^<!-- consumers\/typescript: (\S+) -->$/.exec(lines[i]);
  if (!m) continue;
  const fence = /^(```+)\w*$/.exec(lines[i + 1] ?? '');
  if (!fence) throw new Error(`${readme}:${i + 1}: the marker for ${m[1]} is not followed by a code block`);
  const end = lines.indexOf(fence[1], i + 2);
  if (end < 0) throw new Error(`${readme}:${i + 2}: the block for ${m[1]} is not closed`);
  if (blocks[m[1]] !== undefined) throw new Error(`${readme}:${i + 1}: a second block for ${m[1]}`);
  blocks[m[1]] = lines.slice(i + 2, end).join('\n') + '\n';
}
const missing = NEEDED.filter(f => blocks[f] === undefined);
if (missing.length) throw new Error(`${readme} has no block marked for ${missing.join(', ')}`);

fs.mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(blocks)) {
  fs.writeFileSync(path.join(dir, file === 'commands' ? 'commands.sh' : file), text);
}
console.log(`typescript: wrote ${Object.keys(blocks).join(', ')} from ${path.basename(readme)}`);
