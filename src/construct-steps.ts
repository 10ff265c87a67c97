import { IConstruct } from 'constructs';

/**
 * Takes a construct that failed its checks out of the tree again. An object
 * that is its own construct (HeadlessService) is in the tree as soon as it is
 * made, before it can check what cdk8s named it; a construct that throws must
 * leave nothing to synthesize.
 */
export function leaveNothingBehind(construct: IConstruct): void {
  construct.node.scope?.node.tryRemoveChild(construct.node.id);
}
