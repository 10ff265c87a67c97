import { Chart, Testing } from 'cdk8s';
import { StatefulWeb, StatefulWebProps } from '../../src';

/** The one manifest of `kind` among `manifests`; fails the test unless there is exactly one. */
export function only(manifests: any[], kind: string): any {
  const found = manifests.filter(o => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** A chart of its own app, with this id and (optionally) namespace. */
export function chartIn(id: string, namespace?: string): Chart {
  return new Chart(Testing.app(), id, { namespace });
}

/** The manifests of `kind` among `manifests`, in order. */
export function kindsOf(manifests: any[], kind: string): any[] {
  return manifests.filter(m => m.kind === kind);
}

/** A StatefulWeb `web` of these props in a chart `site` of its own, synthesized: its StatefulSet, pod spec and web container. */
export function synthWeb(props: StatefulWebProps = {}, namespace?: string) {
  const chart = chartIn('site', namespace);
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = only(manifests, 'StatefulSet');
  return { chart, web, manifests, set, pod: set.spec.template.spec, container: set.spec.template.spec.containers[0] };
}
