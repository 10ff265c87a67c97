// Writes the schema.json of one Kubernetes version for the validator
// (validator.ts), from that version's API server OpenAPI document. Each
// k8s-<version>/regenerate.js calls it with its module:
//
//   node test/support/k8s-1.27/regenerate.js     (needs `go` on the PATH)
//
// Source: the OpenAPI (swagger 2.0) document of the API server,
// `api/openapi-spec/swagger.json` in the Go module k8s.io/kubernetes@<version>,
// fetched through the Go module proxy with `go mod download`.
//
// What is kept:
// - `kinds`: every group/version/kind the API server serves, its definition
//   and whether it is namespaced (it has a create path under
//   /namespaces/{namespace}/), so an object of a kind that the version does
//   not serve is told apart from one whose schema is merely not stored;
// - `definitions`: the definitions reachable from STORED_KINDS, as they are,
//   without the prose `description` fields;
// - `deprecated`: what the descriptions call deprecated, as the sentence that
//   says so: a definition (`<definition>`), a property of a stored definition
//   (`<definition>.<property>`), and the API resource of a deprecated kind
//   (`resource:<group>/<resource>`, what an RBAC rule names).
// Nothing is added or changed: the validator turns these definitions into
// strict JSON schemas when it loads them.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const SPEC = 'api/openapi-spec/swagger.json';

// The kinds whose schemas are stored: what the library emits, and what a user
// puts beside it (a Namespace, the volumes and claims, pods).
const STORED_KINDS = [
  'v1/ConfigMap', 'v1/Namespace', 'v1/PersistentVolume', 'v1/PersistentVolumeClaim', 'v1/Pod',
  'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  'apps/v1/DaemonSet', 'apps/v1/Deployment', 'apps/v1/StatefulSet',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'policy/v1/PodDisruptionBudget', 'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy',
  'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role', 'rbac.authorization.k8s.io/v1/RoleBinding',
  'storage.k8s.io/v1/CSIDriver', 'storage.k8s.io/v1/StorageClass',
];

/**
 * The sentence of a description that says that the thing described is
 * deprecated ("Deprecated: ...", "DEPRECATED: ...", "X is deprecated ...",
 * "X is a deprecated alias ..."), or undefined. A value said to be deprecated
 * inside a sentence ("... and Recycle (deprecated)") does not count.
 */
function deprecation(description) {
  const text = (description ?? '').replace(/\s+/g, ' ');
  const m = /(?:^|[.:"] )((?:DEPRECATED|Deprecated)\b.*?(?:\.(?= |$)|$))/.exec(text)
    ?? /(?:^|\. )([^.]*\bis (?:a )?deprecated\b.*?(?:\.(?= |$)|$))/i.exec(text);
  return m ? m[1].trim() : undefined;
}

module.exports = function regenerate(module, outDir) {
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', module], { encoding: 'utf8' }));
  if (info.Error) throw new Error(`go mod download ${module}: ${info.Error}`);
  const spec = JSON.parse(fs.readFileSync(path.join(info.Dir, SPEC), 'utf8'));

  const key = gvk => [gvk.group, gvk.version, gvk.kind].filter(Boolean).join('/');

  // Kinds and their scope, from the paths: a kind is namespaced when it is
  // created under /namespaces/{namespace}/.
  const kinds = {};
  const resources = {};
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
    resources[`${gvk.group}/${p.split('/').pop()}`] = kinds[key(gvk)].definition;
  }
  for (const k of Object.keys(kinds)) if (kinds[k].namespaced === undefined) delete kinds[k]; // not creatable (lists, reviews' twins)

  // The definitions reachable from the stored kinds, without descriptions.
  const definitions = {};
  const deprecated = {};
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
    for (const [p, s] of Object.entries(spec.definitions[name].properties ?? {})) {
      const d = deprecation(s.description);
      if (d) deprecated[`${name}.${p}`] = d;
    }
  };
  for (const k of STORED_KINDS) {
    if (!kinds[k]) throw new Error(`${module} serves no kind ${k}`);
    visit(kinds[k].definition);
  }
  for (const [name, def] of Object.entries(spec.definitions)) {
    const d = deprecation(def.description);
    if (d && (definitions[name] || Object.values(kinds).some(k => k.definition === name))) deprecated[name] = d;
  }
  for (const [resource, definition] of Object.entries(resources)) {
    if (deprecated[definition]) deprecated[`resource:${resource}`] = deprecated[definition];
  }

  const sorted = o => Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
  const lines = obj => '{\n' + Object.entries(obj).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + '\n  }';
  const out = `{
  "source": ${JSON.stringify(`${module} ${SPEC}`)},
  "storedKinds": ${JSON.stringify(STORED_KINDS)},
  "kinds": ${lines(sorted(kinds))},
  "deprecated": ${lines(sorted(deprecated))},
  "definitions": ${lines(sorted(definitions))}
}
`;
  fs.writeFileSync(path.join(outDir, 'schema.json'), out);
  console.log(`${module}: wrote ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions, ` +
    `${Object.keys(deprecated).length} deprecations, ${out.length} bytes`);
};
