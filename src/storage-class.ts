import { IConstruct } from 'constructs';
import { checkDnsSubdomain } from './checks';

/**
 * A StorageClass that claims can name.
 *
 * Implemented by `NfsStorage` (a class this library creates) and by
 * `StorageClassRef.fromName()` (a class that already exists in the cluster).
 */
export interface IStorageClass {
  /**
   * The name of the StorageClass, as claims give it in `spec.storageClassName`.
   */
  readonly storageClassName: string;

  /**
   * What a workload that claims from this class must come after in the
   * synthesized YAML, so that `kubectl apply` creates the class (and whatever
   * serves it) first. `NfsStorage` gives its StorageClass object, which itself
   * comes after the rest of the provisioner.
   *
   * @default - the storage itself when it is a construct, else nothing
   */
  readonly orderAfter?: IConstruct;
}

/**
 * What happens to a dynamically provisioned PersistentVolume when its claim is deleted.
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
 */
export enum ReclaimPolicy {
  /** The volume and its data are kept; an administrator reclaims them by hand. */
  RETAIN = 'Retain',
  /** The volume is deleted (for NFS, what happens to the directory is up to the provisioner). */
  DELETE = 'Delete',
}

/**
 * When a claim of the class is bound and provisioned.
 *
 * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode
 */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When the first pod that uses the claim is scheduled. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/**
 * A reference to a StorageClass that exists in the cluster already.
 */
export class StorageClassRef implements IStorageClass {
  /**
   * Refers to an existing StorageClass by name (`kubectl get storageclass`).
   *
   * @param name the StorageClass name, a DNS-1123 subdomain
   */
  public static fromName(name: string): IStorageClass {
    return new StorageClassRef(checkDnsSubdomain('StorageClassRef.fromName', 'name', name));
  }

  private constructor(public readonly storageClassName: string) {}
}

/**
 * What an NFS backend does with a volume's directory when the volume is deleted
 * (the StorageClass parameter `onDelete`). Only matters with `ReclaimPolicy.DELETE`.
 */
export enum NfsOnDelete {
  /** Remove the directory and its data. */
  DELETE = 'delete',
  /** Leave the directory where it is. */
  RETAIN = 'retain',
  /**
   * Rename the directory to `archived-<directory>`. For `NfsStorage`, the
   * parameter `archiveOnDelete: 'true'` without `onDelete` (the subdir
   * provisioner has no `onDelete: archive`).
   */
  ARCHIVE = 'archive',
}
