import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppChecks } from './app-checks';
import { checkDnsSubdomain, checkInstance, fail } from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { NfsCsiStorage } from './nfs-csi-storage';
import { NfsStorage } from './nfs-storage';
import { makeObject } from './objects';
import { orderAfter } from './ordering';
import { toQuantity } from './quantities';
import { StatefulWeb } from './stateful-web';
import { ReclaimPolicy } from './storage-class';

/**
 * Props for `NfsCsiMove`.
 */
export interface NfsCsiMoveProps {
  /**
   * The site, now claiming from an `NfsCsiStorage`, with the name, claim
   * template name and replicas it had on the `NfsStorage`: its claims get
   * the names the old ones had.
   */
  readonly site: StatefulWeb;

  /**
   * The `NfsStorage` the site's claims were provisioned by: its server and
   * export are where the directories are. Its reclaim policy must be Retain.
   */
  readonly fromStorage: NfsStorage;

  /**
   * The names of the old claims' PersistentVolumes, one per ordinal in order
   * (`kubectl get pvc <claim> -o jsonpath='{.spec.volumeName}'`). The
   * directory of each is the subdir provisioner's default,
   * `<namespace>-<claim>-<volume>`. Give `volumes` or `directories`.
   *
   * @default - `directories` gives the directories
   */
  readonly volumes?: string[];

  /**
   * The directory of each ordinal's data, relative to the export, in order:
   * for an `NfsStorage` with a `pathPattern`, or directories found on the
   * server. Give `volumes` or `directories`.
   *
   * @default - made from `volumes`
   */
  readonly directories?: string[];

  /**
   * The claim template whose claims move.
   *
   * @default - the site's first claim template
   */
  readonly claim?: string;
}

/**
 * Moves a StatefulWeb's claims from `NfsStorage` to an `NfsCsiStorage`
 * without copying a byte.
 *
 * For each ordinal, emits a static csi `PersistentVolume` of the storage's
 * driver on the directory the subdir provisioner made for the old claim
 * (Retain, bound in advance to the claim), and a `PersistentVolumeClaim` of
 * the name the StatefulSet gives its claim, bound to that volume. The
 * StatefulSet, ordered after them, adopts the claims; the pods find their
 * data where it was. The old StatefulSet, claims and volumes are removed by
 * hand first (see docs/move-to-nfs-csi.md); Retain keeps the directories.
 *
 * Refused at construction when it could lose data: an old class that
 * deletes volumes, a new class that deletes volumes, a directory count
 * other than the replicas, a directory outside the export or twice.
 */
export class NfsCsiMove extends Construct {
  /** The directory of each ordinal, relative to the old export, in order. */
  public readonly directories: string[];
  /** The static PersistentVolumes, one per ordinal, in order. */
  public readonly volumes: ApiObject[];
  /** The claims, one per ordinal, in order. */
  public readonly claims: ApiObject[];

  constructor(scope: Construct, id: string, props: NfsCsiMoveProps) {
    super(scope, id);
    registerAppChecks(this);
    const owner = `NfsCsiMove ${this.node.path}`;
    const site = checkInstance(owner, 'site', props.site, StatefulWeb, 'a StatefulWeb');
    const from = checkInstance(owner, 'fromStorage', props.fromStorage, NfsStorage, 'an NfsStorage');
    const templates = site.volumeClaimTemplates;
    const template = props.claim === undefined ? templates[0] : templates.find(t => t.name === props.claim);
    if (!template) fail(owner, 'claim', props.claim, `one of the claim templates of ${site.node.path} (${templates.map(t => t.name).join(', ')})`);
    const storage = template.storage;
    if (!(storage instanceof NfsCsiStorage)) {
      fail(owner, 'site', site.node.path, `a StatefulWeb whose claim template '${template.name}' claims from an NfsCsiStorage (got the class ${JSON.stringify(storage?.storageClassName ?? null)})`);
    }
    if (from.reclaimPolicy !== ReclaimPolicy.RETAIN) {
      fail(owner, 'fromStorage', from.node.path, `an NfsStorage with ReclaimPolicy.RETAIN (got ${from.reclaimPolicy}): deleting the old claims, a step of the move, would make its provisioner delete or archive the directories that hold the data`);
    }
    if (storage.reclaimPolicy !== ReclaimPolicy.RETAIN) {
      fail(owner, 'site', site.node.path, `a StatefulWeb on an NfsCsiStorage with ReclaimPolicy.RETAIN (${storage.node.path} has ${storage.reclaimPolicy}): moved volumes stay Retain, so the claims would be treated two ways`);
    }
    const namespace = Chart.of(this).namespace ?? 'default';
    const siteNamespace = Chart.of(site).namespace ?? 'default';
    if (siteNamespace !== namespace) {
      fail(owner, 'site', site.node.path, `a StatefulWeb in this construct's namespace ${JSON.stringify(namespace)} (its claims are in ${JSON.stringify(siteNamespace)})`);
    }
    const claimNames = site.podNames.map((_, i) => site.claimName(template.name, site.ordinalsStart + i));
    this.directories = this.resolveDirectories(owner, props, claimNames, namespace);
    const volumeNames = claimNames.map(claimName => checkDnsSubdomain(owner, 'site', `nfs-csi-${namespace}-${claimName}`));

    const size = k8s.Quantity.fromString(toQuantity(owner, 'site', template.size!));
    const accessModes = template.accessModes;
    const driver = storage.driver;
    const labels = recommendedLabels('csi-driver-nfs', site.name, 'moved-claim', 'csi-driver-nfs');
    this.volumes = [];
    this.claims = claimNames.map((claimName, i) => {
      const dir = this.directories[i];
      const ordinal = site.ordinalsStart + i;
      const volume = clusterScoped(makeObject(k8s.KubePersistentVolume, this, `Volume${ordinal}`, {
        metadata: { name: volumeNames[i], labels },
        spec: {
          capacity: { storage: size },
          accessModes,
          // Never delete: the directory holds the only copy of the data.
          persistentVolumeReclaimPolicy: ReclaimPolicy.RETAIN,
          storageClassName: storage.storageClassName,
          mountOptions: storage.mountOptions,
          // Bound in advance: no other claim can take it.
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name: claimName },
          csi: {
            driver: driver.name,
            // The driver's own format, server#share#subdir#uuid#onDelete
            // (pkg/nfs/controllerserver.go): unique per directory, and
            // `retain` keeps the directory should the volume ever be deleted.
            volumeHandle: `${from.server}#${from.path.replace(/^\/+|\/+$/g, '')}#${dir}##retain`,
            volumeAttributes: { server: from.server, share: from.path, subdir: dir },
          },
        },
      }));
      const claim = makeObject(k8s.KubePersistentVolumeClaim, this, `Claim${ordinal}`, {
        metadata: { name: claimName, labels },
        spec: {
          storageClassName: storage.storageClassName,
          accessModes,
          resources: { requests: { storage: size } },
          volumeName: volume.name,
        },
      });
      orderAfter(volume, storage.orderAfter);
      orderAfter(claim, volume);
      orderAfter(site.apiObject, claim);
      this.volumes.push(volume);
      return claim;
    });
  }

  /** The directory of each ordinal, from `directories` or `volumes`, checked. */
  private resolveDirectories(owner: string, props: NfsCsiMoveProps, claimNames: string[], namespace: string): string[] {
    const { volumes, directories } = props;
    if ((volumes === undefined) === (directories === undefined)) {
      fail(owner, 'volumes', volumes, "given when 'directories' is not, and left out when it is: the old volume names (for the subdir provisioner's default directories) or the directories themselves");
    }
    const list = (directories ?? volumes)!;
    const prop = directories ? 'directories' : 'volumes';
    if (list.length !== claimNames.length) {
      fail(owner, prop, list, `one entry per replica of the site, in ordinal order (${claimNames.length})`);
    }
    if (volumes && props.fromStorage.pathPattern !== undefined) {
      fail(owner, 'volumes', volumes, `left out for an NfsStorage with a 'pathPattern' (${JSON.stringify(props.fromStorage.pathPattern)}): give 'directories', as the pattern made them`);
    }
    const dirs = directories
      ? directories.map((dir, i) => checkDirectory(owner, `directories[${i}]`, dir))
      // The subdir provisioner's default: <namespace>-<claim>-<volume>.
      : volumes!.map((volume, i) => `${namespace}-${claimNames[i]}-${checkDnsSubdomain(owner, `volumes[${i}]`, volume)}`);
    dirs.forEach((dir, i) => {
      const first = dirs.indexOf(dir);
      if (first !== i) fail(owner, `${prop}[${i}]`, list[i], `a directory of its own (ordinal ${first} has it too): two pods on one directory would write over each other`);
    });
    return dirs;
  }
}

/** A directory relative to the export: no '..', '.', empty name or leading '/'; no '#', which the driver's volume handles separate fields with. */
function checkDirectory(owner: string, prop: string, dir: string): string {
  const ok = typeof dir === 'string' && /^[A-Za-z0-9._\/-]+$/.test(dir) && dir.split('/').every(seg => seg !== '' && seg !== '.' && seg !== '..');
  if (!ok) fail(owner, prop, dir, "a directory relative to the export such as 'xgp-lll-test-web-0-pvc-1234' (letters, digits, '.', '_', '-' and '/', no empty, '.' or '..' directory name)");
  return dir;
}
