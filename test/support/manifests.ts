import { Chart, Testing } from 'cdk8s';

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
