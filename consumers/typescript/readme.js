#!/usr/bin/env node
// Writes the documentation's blocks for a new TypeScript app into a folder, so
// that the consumer test runs the documentation as written.
//
// usage: node consumers/typescript/readme.js <dir> <file.md>...
//
// A block is taken when the line before its opening fence is the marker
// `<!-- consumers/typescript: <file> -->`; it is written to <dir>/<file>
// (`commands` to <dir>/commands.sh). Every file in NEEDED must be marked once
// across the Markdown files given.
'use strict';
const fs = require('fs');
const path = require('path');

const NEEDED = ['package.json', 'cdk8s.yaml', 'tsconfig.json', 'main.ts', 'smallest.ts', 'commands'];
const [dir, ...docs] = process.argv.slice(2);
if (!dir || docs.length === 0) {
  console.error('usage: node consumers/typescript/readme.js <dir> <file.md>...');
  process.exit(2);
}

const blocks = {};
const from = {};
for (const doc of docs) {
  const lines = fs.readFileSync(doc, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!-- consumers\/typescript: (\S+) -->$/.exec(lines[i]);
    if (!m) continue;
    const fence = /^(```+)\w*$/.exec(lines[i + 1] ?? '');
    if (!fence) throw new Error(`${doc}:${i + 1}: the marker for ${m[1]} is not followed by a code block`);
    const end = lines.indexOf(fence[1], i + 2);
    if (end < 0) throw new Error(`${doc}:${i + 2}: the block for ${m[1]} is not closed`);
    if (blocks[m[1]] !== undefined) throw new Error(`${doc}:${i + 1}: a second block for ${m[1]} (the first is in ${from[m[1]]})`);
    blocks[m[1]] = lines.slice(i + 2, end).join('\n') + '\n';
    from[m[1]] = doc;
  }
}
const missing = NEEDED.filter(f => blocks[f] === undefined);
if (missing.length) throw new Error(`no block marked for ${missing.join(', ')} in ${docs.join(', ')}`);

fs.mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(blocks)) {
  fs.writeFileSync(path.join(dir, file === 'commands' ? 'commands.sh' : file), text);
}
console.log(`typescript: wrote ${Object.keys(blocks).map(f => `${f} (${path.basename(from[f])})`).join(', ')}`);
