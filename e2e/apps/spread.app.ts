// spread (e2e/checks/kwok_test.go): with three schedulable nodes (the real
// one and two KWOK nodes, tainted so that only pods that tolerate them go there),
// the default spreading puts three replicas on three nodes, `Spreading.REQUIRED`
// leaves a fourth replica Pending, and `Spreading.NONE` stacks three on one.
import { App, Chart, Size } from 'cdk8s';
import { KWOK_TAINT, WEB_STORAGE_CLASS, NfsExport, statefulWeb } from './common';
import { PodSecurityLevel, PodSecurityNamespace, Spreading, StorageClassRef, TolerationEffect } from '../../src';

export function build(app: App, _nfs: NfsExport): void {
  const chart = new Chart(app, 'spread', { namespace: 'e2e-spread' });
  // httpd starts as root: baseline.
  const ns = new PodSecurityNamespace(chart, 'Namespace', { enforce: PodSecurityLevel.BASELINE });
  const common = {
    storage: StorageClassRef.fromName(WEB_STORAGE_CLASS),
    storageSize: Size.mebibytes(10),
    tolerations: [{ key: KWOK_TAINT.key, value: KWOK_TAINT.value, effect: TolerationEffect.NO_SCHEDULE }],
  };
  // The default: Spreading.PREFERRED.
  // Pages, so that the replica on the real node shows it serves.
  const preferred = statefulWeb(chart, 'Preferred', {
    name: 'preferred',
    replicas: 3,
    pages: [0, 1, 2].map(i => `spread ${i}`),
    ...common,
  });
  const required = statefulWeb(chart, 'Required', { name: 'required', replicas: 4, spreading: Spreading.REQUIRED, ...common });
  // No anti-affinity: the scheduler's resource scoring alone stacks the three
  // on the largest node, which shows that PREFERRED's spreading is the library's.
  const none = statefulWeb(chart, 'None', { name: 'none', replicas: 3, spreading: Spreading.NONE, ...common });
  for (const c of [preferred, required, none]) c.node.addDependency(ns);
}
