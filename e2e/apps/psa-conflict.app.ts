// psa-conflict-refused (e2e/checks/pod_security_test.go): what the library
// refuses at synth, the API server refuses at admission. The app is the
// smallest mistake: a PodSecurityNamespace of the default level (restricted)
// and a StatefulWeb of the default server (httpd, which starts as root:
// baseline). Synthesized as a user would, it fails; that error is written to
// `synth-error.txt` beside the manifests. The same charts, with the check off,
// are the manifests the check applies.
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { WEB_STORAGE_CLASS, NfsExport, statefulWeb } from './common';
import { PodSecurityNamespace, StorageClassRef } from '../../src';

/** The namespace and the site, in one chart. */
function addCharts(app: App): void {
  const chart = new Chart(app, 'conflict', { namespace: 'e2e-psa-conflict' });
  const ns = new PodSecurityNamespace(chart, 'Namespace');
  const site = statefulWeb(chart, 'Web', {
    name: 'httpd',
    replicas: 1,
    storage: StorageClassRef.fromName(WEB_STORAGE_CLASS),
    storageSize: Size.mebibytes(10),
  });
  site.node.addDependency(ns);
}

export function build(app: App, _nfs: NfsExport): void {
  const checked = new App({ outdir: fs.mkdtempSync(path.join(app.outdir, '..', '.psa-conflict-')) });
  let refusal = '';
  try {
    addCharts(checked);
    checked.synth();
  } catch (e) {
    refusal = (e as Error).message;
  } finally {
    fs.rmSync(checked.outdir, { recursive: true, force: true });
  }
  if (!refusal) throw new Error('psa-conflict: the library synthesized a site its namespace refuses');
  fs.mkdirSync(app.outdir, { recursive: true });
  fs.writeFileSync(path.join(app.outdir, 'synth-error.txt'), `${refusal}\n`);

  app.node.setContext('cdk8s-stateful-web:skipPodSecurityCheck', true);
  addCharts(app);
}
