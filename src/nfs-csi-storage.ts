import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { libraryConstructsOfApp, registerAppChecks } from './app-checks';
import { checkAbsolutePath, checkDnsSubdomain, checkHost, checkInstance, checkMountOption, checkOneOf, checkWholeNumber } from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { NfsCsiDriver } from './nfs-csi-driver';
import { NfsStorage } from './nfs-storage';
import { makeObject } from './objects';
import { orderAfter } from './ordering';
import { IStorageClass, NfsOnDelete, ReclaimPolicy, VolumeBindingMode } from './storage-class';
import { checkSubDir } from './sub-dir';

/**
 * Props for `NfsCsiStorage`.
 */
export interface NfsCsiStorageProps {
  /**
   * The csi-driver-nfs driver that provisions and mounts the class's volumes.
   */
  readonly driver: NfsCsiDriver;

  /**
   * The NFS server: host name or IP address.
   */
  readonly server: string;

  /**
   * The exported directory on the server. Each claim gets a sub-directory of it.
   */
  readonly share: string;

  /**
   * Template for the directory of each volume, relative to the share.
   *
   * For example `${pvc.metadata.namespace}/${pvc.metadata.name}`: the
   * directory is then named after the claim, and a claim created again with
   * the same name finds its old directory, data included.
   *
   * Refused at construction when two claims could get one directory or a
   * directory outside the share: the variables are `${pvc.metadata.name}`,
   * `${pvc.metadata.namespace}` and `${pv.metadata.name}`; either the volume
   * name or both the namespace and the claim name appear; each at most once
   * per directory name, with a '.', '_' or capital letter between two of them
   * in one directory name (unless it starts or ends with the volume name); no
   * empty, '.' or '..' directory name.
   *
   * @default - the volume's name, `pvc-<claim uid>`: a new directory per volume
   */
  readonly subDir?: string;

  /**
   * What the driver does with a volume's directory when the volume is deleted
   * (with `ReclaimPolicy.DELETE`): remove it, keep it, or rename it to
   * `archived-<directory>`.
   *
   * @default - the driver's default: NfsOnDelete.DELETE
   */
  readonly onDelete?: NfsOnDelete;

  /**
   * Mode of each volume's directory, set by the driver when it creates it,
   * for example `0o2775`. Written in the class as octal digits (`2775`).
   *
   * @default - the driver's default: the mode the process's umask leaves
   */
  readonly mountPermissions?: number;

  /**
   * Mount options of the share, for example `['nfsvers=4.1']`, used by the
   * node plugin for every pod's mount and by the controller when it creates a
   * volume's directory. (Deleting a directory mounts without them: upstream
   * passes them there through a Secret, which this class does not use.)
   *
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#mount-options
   */
  readonly mountOptions?: string[];

  /**
   * What happens to a volume when its claim is deleted.
   *
   * Retain is the default because it never loses data: a deleted claim leaves
   * its PersistentVolume (Released) and its directory on the share.
   *
   * @default ReclaimPolicy.RETAIN
   * @see https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
   */
  readonly reclaimPolicy?: ReclaimPolicy;

  /**
   * Name of the StorageClass.
   *
   * @default - a name made of the construct path and the chart's namespace, so
   * that two NfsCsiStorage in one cluster never share it
   */
  readonly storageClassName?: string;

  /**
   * Make this the cluster's default StorageClass.
   *
   * @default false
   */
  readonly defaultClass?: boolean;

  /**
   * When claims of the class are bound.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of the class may ask to grow. Off by default: the driver
   * accepts a resize, but NFS enforces no size, so a claim's size is no quota
   * before or after.
   *
   * @default false
   */
  readonly allowVolumeExpansion?: boolean;
}

/**
 * A StorageClass of a csi-driver-nfs driver.
 *
 * Emits the cluster-scoped StorageClass whose `provisioner` is the driver's
 * name and whose parameters are the share and the directory rules. Several
 * classes (shares, directory templates, reclaim policies) can share one
 * `NfsCsiDriver`. Implements `IStorageClass`: a `StatefulWeb` takes it as
 * its `storage`, and comes after the class and the whole driver.
 */
export class NfsCsiStorage extends Construct implements IStorageClass {
  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The driver of the class. */
  public readonly driver: NfsCsiDriver;
  /** The NFS server. */
  public readonly server: string;
  /** The exported directory. */
  public readonly share: string;
  /** The directory template of each volume, if set. */
  public readonly subDir?: string;
  /** What the driver does with a deleted volume's directory, if set. */
  public readonly onDelete?: NfsOnDelete;
  /** The reclaim policy of provisioned volumes. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** The mount options of the share, if any. */
  public readonly mountOptions?: string[];
  /** The StorageClass object. */
  public readonly apiObject: ApiObject;
  /**
   * The StorageClass object: a workload that claims from this class comes
   * after it, and it comes after the driver.
   */
  public readonly orderAfter?: IConstruct;

  private readonly owner: string;

  constructor(scope: Construct, id: string, props: NfsCsiStorageProps) {
    super(scope, id);
    registerAppChecks(this);
    const owner = this.owner = `NfsCsiStorage ${this.node.path}`;
    this.driver = checkInstance(owner, 'driver', props.driver, NfsCsiDriver, 'an NfsCsiDriver (new NfsCsiDriver(scope, id))');
    this.server = checkHost(owner, 'server', props.server);
    this.share = checkAbsolutePath(owner, 'share', props.share);
    this.subDir = props.subDir === undefined ? undefined : checkSubDir(owner, 'subDir', props.subDir);
    this.onDelete = checkOneOf(owner, 'onDelete', props.onDelete, NfsOnDelete);
    this.reclaimPolicy = checkOneOf(owner, 'reclaimPolicy', props.reclaimPolicy, ReclaimPolicy) ?? ReclaimPolicy.RETAIN;
    this.mountOptions = props.mountOptions?.map((option, i) => checkMountOption(owner, `mountOptions[${i}]`, option));
    const mountPermissions = props.mountPermissions === undefined
      ? undefined
      : checkWholeNumber(owner, 'mountPermissions', props.mountPermissions, 0, 0o7777);
    const chartNamespace = Chart.of(this).namespace;
    const base = Names.toDnsLabel(this, { extra: chartNamespace ? [chartNamespace] : [] });
    this.storageClassName = checkDnsSubdomain(owner, 'storageClassName', props.storageClassName ?? base);
    const volumeBindingMode = checkOneOf(owner, 'volumeBindingMode', props.volumeBindingMode, VolumeBindingMode) ?? VolumeBindingMode.IMMEDIATE;

    // The parameter names as the driver's documentation spells them; it reads
    // them case-insensitively and refuses any other.
    const parameters: { [key: string]: string } = { server: this.server, share: this.share };
    if (this.subDir !== undefined) parameters.subDir = this.subDir;
    if (this.onDelete !== undefined) parameters.onDelete = this.onDelete;
    // The driver parses it as octal digits (strconv.ParseUint(v, 8, 32)).
    if (mountPermissions !== undefined) parameters.mountPermissions = mountPermissions.toString(8);

    this.apiObject = clusterScoped(makeObject(k8s.KubeStorageClass, this, 'Resource', {
      metadata: {
        name: this.storageClassName,
        labels: recommendedLabels('csi-driver-nfs', base, 'storage-class', 'csi-driver-nfs'),
        annotations: props.defaultClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined,
      },
      provisioner: this.driver.name,
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode,
      allowVolumeExpansion: props.allowVolumeExpansion ?? false,
      mountOptions: this.mountOptions,
      parameters,
    }));
    orderAfter(this.apiObject, this.driver.apiObject);
    this.orderAfter = this.apiObject;
    this.checkUniqueInApp();
  }

  /**
   * Two classes of one name overwrite each other when applied: checked at
   * synth over every class of the app that has a `storageClassName` it
   * creates (NfsCsiStorage and NfsStorage).
   */
  private checkUniqueInApp(): void {
    this.node.addValidation({
      validate: () => libraryConstructsOfApp(this, (c): c is NfsCsiStorage | NfsStorage => c !== this
        && (c instanceof NfsCsiStorage || c instanceof NfsStorage) && c.storageClassName === this.storageClassName)
        .map(other => `${this.owner}: 'storageClassName' must be unique in the app (${other.node.path} has it too), got ${JSON.stringify(this.storageClassName)}`),
    });
  }
}
