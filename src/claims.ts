import { Size } from 'cdk8s';
import { checkDnsLabel, checkLabels, checkMountPath, checkQualifiedName, checkSomeOf, checkStorageClass, fail } from './checks';
import * as k8s from './imports/k8s';
import { toQuantity } from './quantities';
import { IStorageClass } from './storage-class';

// The claims a StatefulSet gives each of its pods: the claim template model,
// its checks and its rendering.

/** How the volume of a claim may be mounted. */
export enum ClaimAccessMode {
  /** Read-write by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write by one pod (beta in Kubernetes 1.27, GA in 1.29; CSI volumes only). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/**
 * What happens to the claims of a StatefulSet when it is deleted or scaled down.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention
 */
export enum ClaimRetentionPolicy {
  /** The claims stay, and a pod that comes back gets its claim (and data) again. */
  RETAIN = 'Retain',
  /** The claims are deleted with the pods (what happens to the data is the StorageClass's reclaim policy). */
  DELETE = 'Delete',
}

/**
 * A claim every pod of a StatefulWeb gets for itself.
 */
export interface VolumeClaimTemplateOptions {
  /**
   * Where the claim is mounted in the web container.
   */
  readonly mountPath: string;

  /**
   * The StorageClass of the claims.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storage?: IStorageClass;

  /**
   * Requested size of each claim.
   *
   * @default Size.gibibytes(1)
   */
  readonly size?: Size;

  /**
   * Access modes of each claim.
   *
   * @default [ClaimAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: ClaimAccessMode[];

  /**
   * Mount the claim read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * Labels of each claim, over the StatefulWeb's `claimLabels`. A
   * provisioner's `pathPattern` with `${.PVC.labels.<key>}` and backup tools
   * that select claims by label find them.
   *
   * @default - the StatefulWeb's `claimLabels`
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations of each claim, over the StatefulWeb's `claimAnnotations`.
   *
   * @default - the StatefulWeb's `claimAnnotations`
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A claim template of a StatefulWeb, as it is rendered: every default filled in.
 * The first claim (from `claimName`, `mountPath`, `storage`, `storageSize`,
 * `accessModes`, `claimReadOnly`) and each added one are the same model.
 */
export interface VolumeClaimTemplate extends VolumeClaimTemplateOptions {
  /**
   * Name of the template; each pod's claim is `<name>-<statefulset>-<ordinal>`.
   */
  readonly name: string;
}

/** A volume of the pod's own (not a claim), and where it is mounted. */
export interface OwnVolume {
  readonly name: string;
  readonly mountPath: string;
}

/** The names a claim's options go by in error messages. */
export interface ClaimPropNames {
  readonly name: string;
  readonly mountPath: string;
  readonly size: string;
  readonly accessModes: string;
  readonly labels: string;
  readonly annotations: string;
  readonly storage: string;
}

/**
 * A claim template checked against the `claims` there are and the pod's
 * `own` volumes, defaults filled in. `props` names each option in errors.
 */
export function resolveClaim(
  owner: string, claim: VolumeClaimTemplate, props: ClaimPropNames, claims: VolumeClaimTemplate[], own: OwnVolume[],
): VolumeClaimTemplate {
  // The claim name is also the pod's volume name: a DNS label.
  checkDnsLabel(owner, props.name, claim.name, 63);
  if (claims.some(t => t.name === claim.name)) {
    fail(owner, props.name, claim.name, `a claim name not used yet (${claims.map(t => t.name).join(', ')})`);
  }
  // The StatefulSet controller would replace a pod volume of the same name
  // with the claim, silently.
  if (own.some(v => v.name === claim.name)) {
    fail(owner, props.name, claim.name, `a claim name other than the pod's own volumes (${own.map(v => v.name).join(', ')})`);
  }
  checkFreeMountPath(owner, props.mountPath, claim.mountPath, [...claims.map(t => t.mountPath), ...own.map(v => v.mountPath)]);
  const size = claim.size ?? Size.gibibytes(1);
  toQuantity(owner, props.size, size);
  const accessModes = claim.accessModes ?? [ClaimAccessMode.READ_WRITE_ONCE];
  const labels = claim.labels && checkLabels(owner, props.labels, claim.labels);
  const annotations = claim.annotations && checkAnnotations(owner, props.annotations, claim.annotations);
  return {
    name: claim.name,
    mountPath: claim.mountPath,
    storage: claim.storage === undefined ? undefined : checkStorageClass(owner, props.storage, claim.storage),
    size,
    accessModes: checkSomeOf(owner, props.accessModes, accessModes, ClaimAccessMode),
    readOnly: claim.readOnly ?? false,
    labels: labels && Object.keys(labels).length ? { ...labels } : undefined,
    annotations: annotations && Object.keys(annotations).length ? { ...annotations } : undefined,
  };
}

/** An annotation map: keys are qualified names, values any string. */
function checkAnnotations(owner: string, prop: string, annotations: { [key: string]: string }): { [key: string]: string } {
  for (const [key, value] of Object.entries(annotations)) {
    checkQualifiedName(owner, `${prop}.${key}`, key);
    if (typeof value !== 'string') fail(owner, `${prop}.${key}`, value, 'a string');
  }
  return annotations;
}

/** A path a volume may be mounted at, that no other mount of the pod (`used`) has. */
export function checkFreeMountPath(owner: string, prop: string, path: string, used: string[]): void {
  checkMountPath(owner, prop, path);
  if (used.includes(path)) {
    fail(owner, prop, path, `a path no other mount of the pod uses (${used.join(', ')})`);
  }
}

/** The StatefulSet's `volumeClaimTemplates`. */
export function renderClaimTemplates(owner: string, claims: VolumeClaimTemplate[]): k8s.KubePersistentVolumeClaimProps[] {
  return claims.map(claim => ({
    metadata: { name: claim.name, labels: claim.labels, annotations: claim.annotations },
    spec: {
      accessModes: claim.accessModes,
      storageClassName: claim.storage?.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(toQuantity(owner, claim.name, claim.size!)) } },
    },
  }));
}
