#!/usr/bin/env node
// Checks what the new TypeScript app (made from the documentation) synthesized.
//
// usage (in the app's folder): node check.js <lab.k8s.yaml of npm run lab> <app's lab.k8s.yaml> <smallest example's output dir>
//
// - the lab, as main.ts of the app, wrote the same objects as `npm run lab`,
//   object for object (by apiVersion, kind, namespace and name; every field;
//   the same order);
// - the smallest example wrote a StatefulSet of 3 pods whose claims use the
//   StorageClass it wrote.
// The YAML is read with the app's own cdk8s (Yaml.load), not the repo's.
'use strict';
const fs = require('fs');
const path = require('path');
const { Yaml } = require(require.resolve('cdk8s', { paths: [process.cwd()] }));

const [expectedFile, actualFile, smallestDir] = process.argv.slice(2);
const problems = [];

const key = o => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

function differences(e, a, at = '') {
  if (e && a && typeof e === 'object' && typeof a === 'object' && Array.isArray(e) === Array.isArray(a)) {
    if (Array.isArray(e) && e.length !== a.length) return [`${at || '/'}: ${e.length} items in npm run lab's, ${a.length} here`];
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap(k => !(k in a) ? [`${at}/${k}: missing here (npm run lab: ${JSON.stringify(e[k])})`]
      : !(k in e) ? [`${at}/${k}: extra here (${JSON.stringify(a[k])})`]
        : differences(e[k], a[k], `${at}/${k}`));
  }
  return e === a ? [] : [`${at || '/'}: npm run lab ${JSON.stringify(e)}, here ${JSON.stringify(a)}`];
}

const expected = Yaml.load(expectedFile).filter(Boolean);
const actual = Yaml.load(actualFile).filter(Boolean);
if (expected.length === 0) problems.push(`${expectedFile} has no objects`);
const byKey = docs => new Map(docs.map(d => [key(d), d]));
const e = byKey(expected);
const a = byKey(actual);
if (e.size !== expected.length) problems.push('npm run lab wrote one object twice');
if (a.size !== actual.length) problems.push('the app wrote one object twice');
for (const k of e.keys()) if (!a.has(k)) problems.push(`${k}: missing from the app's output`);
for (const k of a.keys()) if (!e.has(k)) problems.push(`${k}: not in npm run lab's output`);
for (const [k, obj] of e) if (a.has(k)) problems.push(...differences(obj, a.get(k)).map(d => `${k} ${d}`));
if (!problems.length && [...e.keys()].join() !== [...a.keys()].join()) {
  problems.push(`same objects, other order: npm run lab ${[...e.keys()]}, here ${[...a.keys()]}`);
}

const smallestFiles = fs.readdirSync(smallestDir).filter(f => f.endsWith('.k8s.yaml'));
const smallest = smallestFiles.flatMap(f => Yaml.load(path.join(smallestDir, f))).filter(Boolean);
const sts = smallest.filter(o => o.kind === 'StatefulSet');
const classes = smallest.filter(o => o.kind === 'StorageClass').map(o => o.metadata.name);
if (sts.length !== 1 || sts[0].spec.replicas !== 3) {
  problems.push(`smallest example: expected one StatefulSet of 3 replicas, got ${JSON.stringify(sts.map(s => s.spec?.replicas))}`);
} else {
  const claimClasses = sts[0].spec.volumeClaimTemplates.map(c => c.spec.storageClassName);
  if (classes.length !== 1 || claimClasses.join() !== classes[0]) {
    problems.push(`smallest example: claims use ${claimClasses}, the StorageClasses written are ${classes}`);
  }
}

if (problems.length) {
  console.error(`typescript: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`typescript: ${expected.length} objects equal to npm run lab's; the smallest example wrote a StatefulSet of 3 on StorageClass ${classes[0]}`);
