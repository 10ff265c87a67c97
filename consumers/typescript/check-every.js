#!/usr/bin/env node
// Checks what every.ts (every prop of every construct, beside a Deployment of
// the app's cdk8s-plus line) synthesized, and writes the library's objects
// for the comparison between lines.
//
// usage (in the app's folder): node check-every.js <every.ts's output dir> <library objects out.json>
//
// - the three charts are there, the StatefulSet carries the values of the
//   props that took cdk8s-plus types before (probe, resources, tolerations,
//   update strategy, image pull secrets), and the app's own Deployment has
//   its line's probe;
// - every object but that Deployment is written to <out.json>: run.sh
//   compares the files of the two lines, which must be equal.
'use strict';
const fs = require('fs');
const path = require('path');
const { Yaml } = require(require.resolve('cdk8s', { paths: [process.cwd()] }));

const [dir, out] = process.argv.slice(2);
const problems = [];
const files = fs.readdirSync(dir).filter(f => f.endsWith('.k8s.yaml')).sort();
const expectFiles = ['0000-snapshot-api.k8s.yaml', '0001-csi-driver.k8s.yaml', '0002-every.k8s.yaml'];
if (JSON.stringify(files) !== JSON.stringify(expectFiles)) problems.push(`files ${files.join(', ')}, expected ${expectFiles.join(', ')}`);
const objs = files.flatMap(f => Yaml.load(path.join(dir, f)).filter(Boolean));

const isApi = o => o.kind === 'Deployment' && /^every-api-/.test(o.metadata?.name ?? '');
const api = objs.filter(isApi);
if (api.length !== 1) problems.push(`${api.length} Deployments of the app's own (every-api-*), one expected`);
else if (api[0].spec.template.spec.containers[0].readinessProbe?.httpGet?.path !== '/healthz') problems.push("the app's Deployment lacks its line's readiness probe");

const web = objs.find(o => o.kind === 'StatefulSet' && o.metadata.name === 'web');
const expect = (what, actual, expected) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
};
if (!web) {
  problems.push('no StatefulSet web');
} else {
  const pod = web.spec.template.spec;
  const c = pod.containers[0];
  expect('readinessProbe', c.readinessProbe, { failureThreshold: 3, httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 2 });
  expect('livenessProbe', c.livenessProbe, { failureThreshold: 5, initialDelaySeconds: 10, tcpSocket: { port: 8080 } });
  expect('startupProbe', c.startupProbe, { exec: { command: ['true'] }, failureThreshold: 30, periodSeconds: 2 });
  expect('resources', c.resources, { limits: { 'cpu': '1', 'ephemeral-storage': '1Gi', 'memory': '256Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
  expect('tolerations', pod.tolerations, [{ effect: 'NoExecute', key: 'dedicated', operator: 'Equal', tolerationSeconds: 300, value: 'web' }]);
  expect('updateStrategy', web.spec.updateStrategy, { rollingUpdate: { maxUnavailable: 1, partition: 0 }, type: 'RollingUpdate' });
  expect('imagePullSecrets', pod.imagePullSecrets, [{ name: 'regcred' }]);
  expect('imagePullPolicy', c.imagePullPolicy, 'IfNotPresent');
  expect('podManagementPolicy', web.spec.podManagementPolicy, 'Parallel');
  expect('accessModes', web.spec.volumeClaimTemplates[0].spec.accessModes, ['ReadWriteOnce']);
  expect('nodeAffinity', pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms,
    [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }]);
}
const peers = objs.find(o => o.kind === 'Service' && o.metadata.name === 'peers');
expect('the peers Service ports', peers?.spec.ports?.map(p => p.protocol), ['UDP', 'TCP']);

if (problems.length) {
  console.error(`typescript: every.ts:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const library = objs.filter(o => !isApi(o));
fs.writeFileSync(out, JSON.stringify(library, null, 1));
console.log(`typescript: every.ts wrote ${objs.length} objects in ${files.length} charts; the props' values are there`);
