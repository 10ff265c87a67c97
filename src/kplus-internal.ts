import { Container, k8s, LabeledNode, NodeTaintQuery, Probe, StatefulSetUpdateStrategy } from 'cdk8s-plus-27';

// The one place that calls into cdk8s-plus-27's `@internal` API: its probes,
// update strategies, taint queries and node label queries render themselves
// only through `_toKube`, which is no part of its public contract. An upgrade
// of cdk8s-plus that changes them breaks this file alone (test/stateful-web.test.ts
// and test/production.test.ts cover every function here).

/** The Kubernetes update strategy of a cdk8s-plus `StatefulSetUpdateStrategy`. */
export function renderUpdateStrategy(strategy: StatefulSetUpdateStrategy): k8s.StatefulSetUpdateStrategy {
  return strategy._toKube();
}

/**
 * The Kubernetes probe of a cdk8s-plus `Probe` for a container listening on
 * `port` (a TCP or HTTP probe without a port of its own uses it).
 */
export function renderProbe(probe: Probe, port: number): k8s.Probe {
  // `_toKube` reads nothing of the container but its port; a whole
  // `Container` would cost more to make than the probe (BENCHMARKS.md).
  return probe._toKube({ portNumber: port } as Container);
}

/** The Kubernetes toleration of a cdk8s-plus `NodeTaintQuery`. */
export function renderToleration(query: NodeTaintQuery): k8s.Toleration {
  return query._toKube();
}

/** The node selector term (its requirements, ANDed) of a cdk8s-plus `LabeledNode`. */
export function renderNodeSelectorTerm(node: LabeledNode): k8s.NodeSelectorRequirement[] {
  return node.labelSelector.map(q => q._toKube());
}
