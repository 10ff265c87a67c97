#!/usr/bin/env node
// Regenerates schema.json, the Kubernetes 1.27 API schemas the test suite
// validates every synthesized manifest against.
//
// Source: the OpenAPI (swagger 2.0) document of the 1.27 API server,
// `api/openapi-spec/swagger.json` in the Go module k8s.io/kubernetes@v1.27.16,
// fetched through the Go module proxy with `go mod download`.
//
// What is kept:
// - `kinds`: every group/version/kind the 1.27 API server serves, its
//   definition and whether it is namespaced (it has a create path under
//   /namespaces/{namespace}/), so an object of a kind that 1.27 does not serve
//   is told apart from one whose schema is merely not stored;
// - `definitions`: the definitions reachable from STORED_KINDS, as they are,
//   without the prose `description` fields.
// Nothing is added or changed: the validator (../validator.ts) turns these
// definitions into strict JSON schemas when it loads them.
//
// Usage: node test/support/k8s-1.27/regenerate.js   (needs `go` on the PATH)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const MODULE = 'k8s.io/kubernetes@v1.27.16';
const SPEC = 'api/openapi-spec/swagger.json';

// The kinds whose schemas are stored: what the library emits, and what a user
// puts beside it (a Namespace, the volumes and claims, pods).
const STORED_KINDS = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/PersistentVolume', 'v1/PersistentVolumeClaim', 'v1/Pod',
  'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/Deployment', 'apps/v1/StatefulSet',
  'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  'storage.k8s.io/v1/StorageClass',
];

const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', MODULE], { encoding: 'utf8' }));
if (info.Error) throw new Error(`go mod download ${MODULE}: ${info.Error}`);
const spec = JSON.parse(fs.readFileSync(path.join(info.Dir, SPEC), 'utf8'));

const key = gvk => [gvk.group, gvk.version, gvk.kind].filter(Boolean).join('/');

// Kinds and their scope, from the paths: a kind is namespaced when it is
// created under /namespaces/{namespace}/.
const kinds = {};
for (const [name, def] of Object.entries(spec.definitions)) {
  const gvks = def['x-kubernetes-group-version-kind'] ?? [];
  if (gvks.length !== 1) continue; // DeleteOptions, WatchEvent...: shared, not resources
  kinds[key(gvks[0])] = { definition: name, namespaced: undefined };
}
for (const [p, item] of Object.entries(spec.paths)) {
  const post = item.post;
  const gvk = post && post['x-kubernetes-group-version-kind'];
  if (!gvk || post['x-kubernetes-action'] !== 'post' || !kinds[key(gvk)]) continue;
  if (/\/\{name\}/.test(p)) continue; // subresources (pods/eviction, ...)
  const namespaced = p.includes('/namespaces/{namespace}/');
  const k = kinds[key(gvk)];
  k.namespaced = k.namespaced === undefined ? namespaced : k.namespaced || namespaced;
}
for (const k of Object.keys(kinds)) if (kinds[k].namespaced === undefined) delete kinds[k]; // not creatable (lists, reviews' twins)

// The definitions reachable from the stored kinds, without descriptions.
const definitions = {};
const strip = schema => {
  if (Array.isArray(schema)) return schema.map(strip);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue;
    if (k === 'properties') {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strip(s)]));
    } else if (k === '$ref') {
      out[k] = v;
      visit(v.replace('#/definitions/', ''));
    } else {
      out[k] = typeof v === 'object' ? strip(v) : v;
    }
  }
  return out;
};
const visit = name => {
  if (definitions[name]) return;
  if (!spec.definitions[name]) throw new Error(`no definition ${name}`);
  definitions[name] = {};
  definitions[name] = strip(spec.definitions[name]);
};
for (const k of STORED_KINDS) {
  if (!kinds[k]) throw new Error(`${MODULE} serves no kind ${k}`);
  visit(kinds[k].definition);
}

const sorted = o => Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
const lines = obj => '{\n' + Object.entries(obj).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n  }';
const out = `{
  "source": ${JSON.stringify(`${MODULE} ${SPEC}`)},
  "storedKinds": ${JSON.stringify(STORED_KINDS)},
  "kinds": ${lines(sorted(kinds))},
  "definitions": ${lines(sorted(definitions))}
}
`;
fs.writeFileSync(path.join(__dirname, 'schema.json'), out);
console.log(`wrote ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ${out.length} bytes`);
