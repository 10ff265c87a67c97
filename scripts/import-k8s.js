#!/usr/bin/env node
// Regenerates src/imports/k8s.ts, the typed Kubernetes API objects the
// library writes (`k8s.KubeStatefulSet`, `k8s.Probe`...), with cdk8s-cli's
// importer, from the Kubernetes 1.27 API server's OpenAPI document:
// `api/openapi-spec/swagger.json` of the Go module k8s.io/kubernetes@<version>,
// fetched through the Go module proxy with `go mod download` (the schema
// tests read the same document: test/support/regenerate-schema.js).
//
// Usage: npx projen import:k8s   (needs `go` on the PATH)
//
// cdk8s-cli's `cdk8s import k8s@<version>` downloads a copy of that document's
// definitions from the web; here its importer is given the document itself.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const MODULE = 'k8s.io/kubernetes@v1.27.16';
const SPEC = 'api/openapi-spec/swagger.json';
const OUTDIR = path.join(__dirname, '..', 'src', 'imports');

/** The kinds the library writes, as group/version/kind (no group for the core API). */
const KINDS = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/PersistentVolume', 'v1/PersistentVolumeClaim', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/DaemonSet', 'apps/v1/Deployment', 'apps/v1/StatefulSet',
  'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  'storage.k8s.io/v1/CSIDriver', 'storage.k8s.io/v1/StorageClass',
];
const key = gvk => [gvk.group, gvk.version, gvk.kind].filter(Boolean).join('/');

async function main() {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', MODULE], { encoding: 'utf8' }));
  if (info.Error) throw new Error(`go mod download ${MODULE}: ${info.Error}`);
  // The definitions alone, as the importer's own download has them.
  const { definitions } = JSON.parse(fs.readFileSync(path.join(info.Dir, SPEC), 'utf8'));
  // Only the kinds the library writes are imported (with every type they
  // reach): the other API objects would only make the module bigger and
  // slower to load. A kind the library starts to write is added here.
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.length === 1 && !KINDS.includes(key(gvks[0]))) delete def['x-kubernetes-group-version-kind'];
  }
  // The document spells IntOrString and Quantity as strings (with a format);
  // as unions of a string and a number they become the classes `IntOrString`
  // and `Quantity` (`fromString`, `fromNumber`) that cdk8s apps know.
  for (const [name, number] of [['io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'integer'], ['io.k8s.apimachinery.pkg.api.resource.Quantity', 'number']]) {
    const { description } = definitions[name];
    definitions[name] = { description, oneOf: [{ type: 'string' }, { type: number }] };
  }
  const spec = JSON.stringify({ definitions });

  // The importer reads its schema through this one function: it gets the document's definitions.
  // Its modules are not in the package's exports: reached by their files.
  const lib = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib');
  const util = require(path.join(lib, 'util'));
  util.download = async () => spec;
  const { ImportKubernetesApi } = require(path.join(lib, 'import', 'k8s'));
  const { Language } = require(path.join(lib, 'import', 'base'));
  const importer = new ImportKubernetesApi({ apiVersion: MODULE.split('@v')[1] });
  await importer.import({ targetLanguage: Language.TYPESCRIPT, outdir: OUTDIR });
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
