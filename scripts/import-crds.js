#!/usr/bin/env node
// Regenerates the typed custom resources the library writes, with cdk8s-cli's
// importer, from the CustomResourceDefinitions of the Go modules that publish
// them, fetched through the Go module proxy with `go mod download`:
//
// - src/imports/gateway.networking.k8s.io.ts: HTTPRoute v1, from
//   config/crd/standard/ of sigs.k8s.io/gateway-api;
// - src/imports/monitoring.coreos.com.ts: PodMonitor v1, from
//   example/prometheus-operator-crd/ of github.com/prometheus-operator/prometheus-operator;
//
// and, for the tests, the version's openAPIV3Schema and its CEL rules as JSON
// under test/support/crds/ (test/routes.test.ts validates against them).
//
// Usage: npx projen import:crds   (needs `go` and `unzip` on the PATH)
//
// A module whose go.mod asks for a newer Go than the one on the PATH is still
// downloaded (`go mod download` reports the version and keeps the zip); its
// files are read from that zip.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
// cdk8s-cli's own YAML parser.
const yaml = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s-cli/package.json'))] }));

const ROOT = path.join(__dirname, '..');
const OUTDIR = path.join(ROOT, 'src', 'imports');
const SCHEMAS = path.join(ROOT, 'test', 'support', 'crds');

/** Each CRD the library writes objects of: the module, the file in it, the version imported. */
const CRDS = [
  {
    module: 'sigs.k8s.io/gateway-api@v1.7.0',
    file: 'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml',
    version: 'v1',
    schema: 'httproute-v1.json',
  },
  {
    module: 'github.com/prometheus-operator/prometheus-operator@v0.85.0',
    file: 'example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml',
    version: 'v1',
    schema: 'podmonitor-v1.json',
  },
];

/** The text of `file` in the Go module `module`, from the module cache. */
function moduleFile(module, file) {
  let info;
  try {
    info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8' }));
  } catch (e) {
    // go exits 1 when the module asks for a newer Go, and still prints the zip it verified.
    info = JSON.parse(e.stdout);
  }
  if (!info.Zip || !fs.existsSync(info.Zip)) throw new Error(`go mod download ${module}: ${info.Error}`);
  return execFileSync('unzip', ['-p', info.Zip, `${module}/${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

async function main() {
  const lib = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib');
  const util = require(path.join(lib, 'util'));
  const { ImportCustomResourceDefinition } = require(path.join(lib, 'import', 'crd'));
  const { Language } = require(path.join(lib, 'import', 'base'));
  fs.mkdirSync(SCHEMAS, { recursive: true });
  for (const crd of CRDS) {
    const doc = yaml.parse(moduleFile(crd.module, crd.file));
    // Only the version the library writes: the others would only make the module bigger.
    doc.spec.versions = doc.spec.versions.filter(v => v.name === crd.version);
    if (doc.spec.versions.length !== 1) throw new Error(`${crd.file} has no version ${crd.version}`);
    // The rules alone: the descriptions are the generated module's doc comments.
    const schema = JSON.parse(JSON.stringify(doc.spec.versions[0].schema.openAPIV3Schema, (k, v) => (k === 'description' ? undefined : v)));
    const source = { module: crd.module, file: crd.file, version: crd.version };
    fs.writeFileSync(path.join(SCHEMAS, crd.schema), `${JSON.stringify({ source, schema }, null, 1)}\n`);
    // The importer reads its manifest through this one function.
    util.download = async () => yaml.stringify(doc);
    const importer = await ImportCustomResourceDefinition.fromSpec({ source: crd.file });
    await importer.import({ targetLanguage: Language.TYPESCRIPT, outdir: OUTDIR });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
