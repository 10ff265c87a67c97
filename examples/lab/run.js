// The app command of cdk8s.yaml (here and in examples/lab-csi). It bundles
// main.ts of the folder cdk8s runs it in, with the library sources
// it imports, into one JavaScript file with esbuild and runs that file. esbuild
// drops the types without checking them and takes a few milliseconds, where
// `ts-node main.ts` spends seconds type-checking; `npx projen lab:typecheck`
// (part of `npm test`) does the checking.
const fs = require('fs');
const path = require('path');
const { buildSync } = require('esbuild');

const dir = process.cwd();
const outfile = path.join(dir, '.build', 'main.js');
// Written aside and renamed, so that two synths at once never run half a file.
const partial = `${outfile}.${process.pid}`;
buildSync({
  entryPoints: [path.join(dir, 'main.ts')],
  outfile: partial,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // cdk8s and constructs stay `require`s of node_modules.
  packages: 'external',
  logLevel: 'warning',
});
fs.renameSync(partial, outfile);
require(outfile);
