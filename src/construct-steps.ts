import { IConstruct } from 'constructs';

/**
 * Runs the checks of a construct that is already in the tree (an object that
 * is its own construct must be made before it can check what cdk8s named it),
 * and takes it out of the tree again when one fails: a construct that throws
 * leaves nothing to synthesize.
 */
export function leaveNothingBehind(construct: IConstruct, checks: () => void): void {
  try {
    checks();
  } catch (e) {
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw e;
  }
}
