import { Size } from 'cdk8s';
import { k8s, PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { checkDnsLabel, checkMountPath, checkSomeOf, checkStorageClass, fail } from './checks';
import { toQuantity } from './quantities';
import { IStorageClass } from './storage-class';

// The claims a StatefulSet gives each of its pods: the claim template model,
// its checks and its rendering.

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
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: PersistentVolumeAccessMode[];

  /**
   * Mount the claim read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;
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
  const accessModes = claim.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE];
  return {
    name: claim.name,
    mountPath: claim.mountPath,
    storage: claim.storage === undefined ? undefined : checkStorageClass(owner, props.storage, claim.storage),
    size,
    accessModes: checkSomeOf(owner, props.accessModes, accessModes, PersistentVolumeAccessMode),
    readOnly: claim.readOnly ?? false,
  };
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
    metadata: { name: claim.name },
    spec: {
      accessModes: claim.accessModes,
      storageClassName: claim.storage?.storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(toQuantity(owner, claim.name, claim.size!)) } },
    },
  }));
}
