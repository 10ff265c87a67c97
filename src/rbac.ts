import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { makeObject } from './objects';

/** A ServiceAccount that roles are granted to. */
export interface Account {
  readonly name: string;
  readonly namespace: string;
}

/** A role and its binding to one account. */
export interface Grant {
  /** The role's construct id; the binding's is this with `Binding` after it. */
  readonly id: string;
  readonly roleName: string;
  /** @default - the role's name */
  readonly bindingName?: string;
  /** A ClusterRole and ClusterRoleBinding (no namespace), else a Role and RoleBinding in the account's namespace. */
  readonly clusterWide: boolean;
  readonly rules: k8s.PolicyRule[];
}

/** The rules of client-go's Lease lock: it gets, creates and renews one Lease in its namespace. */
export const LEASE_LOCK_RULES: k8s.PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];

/** Grants `grant.rules` to `account`: the role and its binding, the role returned. */
export function grantRole(scope: Construct, account: Account, labels: { [key: string]: string }, grant: Grant): ApiObject {
  const subjects = [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }];
  const [roleKind, bindingKind] = grant.clusterWide
    ? [k8s.KubeClusterRole, k8s.KubeClusterRoleBinding] as const
    : [k8s.KubeRole, k8s.KubeRoleBinding] as const;
  const scoped = <T extends ApiObject>(obj: T) => grant.clusterWide ? clusterScoped(obj) : obj;
  const role = scoped(makeObject(roleKind, scope, grant.id, { metadata: { name: grant.roleName, labels }, rules: grant.rules }));
  scoped(makeObject(bindingKind, scope, `${grant.id}Binding`, {
    metadata: { name: grant.bindingName ?? grant.roleName, labels },
    subjects,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: grant.clusterWide ? 'ClusterRole' : 'Role', name: role.name },
  }));
  return role;
}
