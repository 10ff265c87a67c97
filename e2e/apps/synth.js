// Synthesizes the e2e's extra apps: every `e2e/apps/<name>.app.ts` exports
// `build(app, nfs)`, which adds its charts to a cdk8s App; this file bundles each
// with esbuild (as examples/lab/run.js does) and synthesizes it into OUT/<name>/,
// one `<chart id>.k8s.yaml` per chart, and `intent.json`, what the app asked of
// the library (e2e/apps/common.ts). The checks apply those files.
//
//   LAB_NFS_SERVER=... LAB_NFS_PATH=... node e2e/apps/synth.js OUT
//
// The apps import the library's sources (`../../src`), like the lab, so that the
// e2e always runs the code the package ships; `npm test` type-checks them.
const fs = require('fs');
const path = require('path');
const { buildSync } = require('esbuild');

const out = process.argv[2];
const nfs = { server: process.env.LAB_NFS_SERVER, path: process.env.LAB_NFS_PATH };
if (!out || !nfs.server || !nfs.path) {
  console.error('usage: LAB_NFS_SERVER=... LAB_NFS_PATH=... node e2e/apps/synth.js OUT');
  process.exit(2);
}
// Bundles beside this file, so that their `require('cdk8s')` finds the repo's node_modules.
const build = path.join(__dirname, '.build');
fs.mkdirSync(build, { recursive: true });
const { App } = require('cdk8s');
try {
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.app.ts')).sort()) {
    const name = path.basename(file, '.app.ts');
    const outfile = path.join(build, `${name}.js`);
    buildSync({
      entryPoints: [path.join(__dirname, file)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      packages: 'external', // cdk8s, cdk8s-plus-27 and constructs from node_modules
      logLevel: 'warning',
    });
    const app = new App({ outdir: path.join(out, name) });
    // The app's record of what it asked the library (e2e/apps/common.ts).
    const intent = { pages: {}, claims: {}, files: {}, storages: {} };
    globalThis[Symbol.for('cdk8s-stateful-web.e2e.intent')] = intent;
    require(outfile).build(app, nfs);
    app.synth();
    fs.writeFileSync(path.join(out, name, 'intent.json'), JSON.stringify(intent, null, 2) + '\n');
    console.log(`e2e app ${name}: ${fs.readdirSync(path.join(out, name)).join(' ')}`);
  }
} finally {
  fs.rmSync(build, { recursive: true, force: true });
}
