import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Cpu, ImagePullPolicy, Node, NodeLabelQuery, NodeTaintQuery, PersistentVolumeAccessMode, PodManagementPolicy, Protocol,
  StatefulSetUpdateStrategy,
} from 'cdk8s-plus-27';
import {
  HeadlessService, NfsOnDelete, NfsStorage, ReclaimPolicy, StatefulWeb, StorageClassRef, VolumeBindingMode,
  ClaimRetentionPolicy, DisruptionBudget, PagesMode, PodSecurityLevel, PodSecurityNamespace, Spreading, WebServer,
  ClaimsFromSnapshots, NfsCsiDriver, NfsCsiMove, NfsCsiMoveProps, NfsCsiSnapshotClass, NfsCsiStorage, NfsCsiStorageProps,
  NfsStorageProps, SnapshotController, SnapshotDeletionPolicy, StatefulWebSnapshots,
} from '../src';

/*
 * The catalogue of bad input: each row is something a user can get wrong, and
 * the exact message they get. A row fails at construction (the default) or,
 * for what a later call can still change, at synth. Either way nothing of the
 * failing construct is synthesized.
 *
 * This is the one place where an input and its message are asserted: the
 * constructs' own `fails when` blocks keep only what a message alone cannot
 * show (a failed call that changes nothing, the value next to the limit that
 * passes, checks that need several charts).
 */

const NFS = { server: '192.168.1.21', path: '/nfsdata' };

interface Row {
  readonly what: string;
  readonly build: (chart: Chart) => void;
  readonly message: string;
  /**
   * 'synth' when the error comes from Testing.synth, not from construction;
   * 'later' when it comes from a call on (or a construct made after) a valid
   * construct, which stays valid.
   */
  readonly at?: 'synth' | 'later';
}

const rows: Row[] = [
  // NfsStorage
  {
    what: 'NfsStorage: no server',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"\"",
  },
  {
    what: 'NfsStorage: a server with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs server' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"nfs server\"",
  },
  {
    what: 'NfsStorage: an IPv4 address out of range',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '256.1.1.1' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"256.1.1.1\"",
  },
  {
    what: 'NfsStorage: a relative export path',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: 'nfsdata' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"nfsdata\"",
  },
  {
    what: 'NfsStorage: an export path with ..',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/srv/../etc' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/srv/../etc\"",
  },
  {
    what: 'NfsStorage: an upper-case StorageClass name',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: 'Stateful-NFS' }),
    message: "NfsStorage cat/nfs: 'storageClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Stateful-NFS\"",
  },
  {
    what: 'NfsStorage: a provisioner name with two slashes',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'example.com/nfs/xgp' }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"example.com/nfs/xgp\"",
  },
  {
    what: 'NfsStorage: negative replicas',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: -1 }),
    message: "NfsStorage cat/nfs: 'replicas' must be a whole number from 0 to 100, got -1",
  },
  {
    what: 'NfsStorage: two replicas without leader election',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 2, leaderElection: false }),
    message: "NfsStorage cat/nfs: 'replicas' must be at most 1 when 'leaderElection' is false: two provisioners without a leader would both act on every claim, got 2",
  },
  {
    what: 'NfsStorage: an unknown reclaim policy',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, reclaimPolicy: 'Recycle' as ReclaimPolicy }),
    message: "NfsStorage cat/nfs: 'reclaimPolicy' must be one of Retain, Delete, got \"Recycle\"",
  },
  {
    what: 'NfsStorage: an unknown binding mode',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, volumeBindingMode: 'Later' as VolumeBindingMode }),
    message: "NfsStorage cat/nfs: 'volumeBindingMode' must be one of Immediate, WaitForFirstConsumer, got \"Later\"",
  },
  {
    what: 'NfsStorage: an unknown onDelete',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, reclaimPolicy: ReclaimPolicy.DELETE, onDelete: 'archived' as NfsOnDelete }),
    message: "NfsStorage cat/nfs: 'onDelete' must be one of delete, retain, archive, got \"archived\"",
  },
  {
    what: 'NfsStorage: a pathPattern with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/my ${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path of fields, letters, digits, '.', '_', '-' and '/', such as '${.PVC.namespace}/${.PVC.name}', got \"${.PVC.namespace}/my ${.PVC.name}\"",
  },
  {
    what: "NfsStorage: a pathPattern with an annotation (the upstream README's example)",
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.annotations.nfs.io/storage-path}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path without ${.PVC.annotations.<key>}: an annotation is text the claim's author writes freely, '/' and '..' included, so it can name another claim's directory or one outside the export, got \"${.PVC.namespace}/${.PVC.annotations.nfs.io/storage-path}\"",
  },
  {
    what: 'NfsStorage: a pathPattern with a field v4.0.2 does not know',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.Name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path whose fields are ${.PVC.namespace}, ${.PVC.name} and ${.PVC.labels.<label key>}: v4.0.2 expands ${.PVC.Name} to nothing, got \"${.PVC.namespace}/${.PVC.Name}\"",
  },
  {
    what: 'NfsStorage: a pathPattern without the namespace',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: 'claims/${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path with both ${.PVC.namespace} and ${.PVC.name}: a StorageClass serves claims of every namespace, and only the two together tell two claims apart, such as '${.PVC.namespace}/${.PVC.name}', got \"claims/${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a pathPattern with a directory level made of a label',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path whose every directory name keeps a character other than '.' when its labels are missing: a missing label expands to nothing, and a directory level that vanishes puts one claim's directory inside another's, got \"${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a pathPattern with a label beside the name',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.name}${.PVC.labels.app}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path with no label in a directory name that holds ${.PVC.namespace} or ${.PVC.name}: claim 'ab' without the label and claim 'a' with the label 'b' would share a directory, got \"${.PVC.namespace}/${.PVC.name}${.PVC.labels.app}\"",
  },
  {
    what: "NfsStorage: a pathPattern that joins namespace and name with '-' (the upstream README's example)",
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}-${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path with ${.PVC.namespace} and ${.PVC.name} at most once per directory name and, where one directory name holds both, a '.', '_' or capital letter between them (no namespace has one): with '-', namespace 'a-b' with claim 'c' and namespace 'a' with claim 'b-c' would share a directory, got \"${.PVC.namespace}-${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a pathPattern with a sub-directory, ReclaimPolicy.DELETE and the default image',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.name}', reclaimPolicy: ReclaimPolicy.DELETE }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be one directory name (no '/') with 'reclaimPolicy' Delete and an image of v4.0.2 or older: on delete, v4.0.2 looks only at <export>/<last directory name>, so 'onDelete' and 'archiveOnDelete' would leave the claim's directory as it is, or act on another directory of that name; keep ReclaimPolicy.RETAIN, set 'onDelete' to NfsOnDelete.RETAIN, or use a newer image, got \"${.PVC.namespace}/${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a negative user id',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, runAsUser: -1 }),
    message: "NfsStorage cat/nfs: 'runAsUser' must be a whole number from 0 to 2147483647, got -1",
  },
  {
    what: 'NfsStorage: a fractional group id',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, runAsGroup: 1000.5 }),
    message: "NfsStorage cat/nfs: 'runAsGroup' must be a whole number from 0 to 2147483647, got 1000.5",
  },
  {
    what: 'NfsStorage: two mount options in one string',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers=4.1,hard'] }),
    message: "NfsStorage cat/nfs: 'mountOptions[0]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1', got \"nfsvers=4.1,hard\"",
  },
  {
    what: 'NfsStorage: an image with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, image: 'nfs provisioner' }),
    message: "NfsStorage cat/nfs: 'image' must be a container image reference without spaces, got \"nfs provisioner\"",
  },
  {
    what: 'NfsStorage: a node selector key with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { 'disk type': 'ssd' } }),
    message: "NfsStorage cat/nfs: 'nodeSelector.disk type' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"disk type\"",
  },
  {
    what: 'NfsStorage: a CPU request above its limit',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(100) } } }),
    message: "NfsStorage cat/nfs: 'resources.cpu.request' must be at most the limit 100m, got \"500m\"",
  },
  {
    what: 'NfsStorage: a server that is not a host',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'not a host!' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"not a host!\"",
  },
  {
    what: 'NfsStorage: a server like an IPv4 address out of range',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '999.1.1.1' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"999.1.1.1\"",
  },
  {
    what: 'NfsStorage: a server with an underscore',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs_server' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"nfs_server\"",
  },
  {
    what: 'NfsStorage: a server starting with a dash',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '-nfs' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"-nfs\"",
  },
  {
    what: 'NfsStorage: a relative export path with a slash',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: 'relative/path' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"relative/path\"",
  },
  {
    what: 'NfsStorage: an export path with a trailing slash',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/nfsdata/' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/nfsdata/\"",
  },
  {
    what: 'NfsStorage: an export path with //',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a//b' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/a//b\"",
  },
  {
    what: 'NfsStorage: an export path with .',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a/./b' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/a/./b\"",
  },
  {
    what: 'NfsStorage: an empty export path',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"\"",
  },
  {
    what: 'NfsStorage: a provisioner name with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'bad name!' }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"bad name!\"",
  },
  {
    what: 'NfsStorage: a provisioner name with capitals in the prefix',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'Example.com/nfs' }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"Example.com/nfs\"",
  },
  {
    what: 'NfsStorage: a provisioner name with an empty name',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'example.com/' }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"example.com/\"",
  },
  {
    what: 'NfsStorage: a provisioner name of 64 characters',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'x'.repeat(64) }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
  },
  {
    what: 'NfsStorage: a StorageClass name with an underscore',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: 'Bad_Name' }),
    message: "NfsStorage cat/nfs: 'storageClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Bad_Name\"",
  },
  {
    what: 'NfsStorage: fractional replicas',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 1.5 }),
    message: "NfsStorage cat/nfs: 'replicas' must be a whole number from 0 to 100, got 1.5",
  },
  {
    what: 'NfsStorage: 101 replicas',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 101 }),
    message: "NfsStorage cat/nfs: 'replicas' must be a whole number from 0 to 100, got 101",
  },
  {
    what: 'NfsStorage: an empty pathPattern',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path relative to the export, without an empty, '.' or '..' directory name, such as '${.PVC.namespace}/${.PVC.name}', got \"\"",
  },
  {
    what: 'NfsStorage: a pathPattern starting with ..',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '../${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path relative to the export, without an empty, '.' or '..' directory name, such as '${.PVC.namespace}/${.PVC.name}', got \"../${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a pathPattern that climbs out with ..',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: 'a/../../b' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path relative to the export, without an empty, '.' or '..' directory name, such as '${.PVC.namespace}/${.PVC.name}', got \"a/../../b\"",
  },
  {
    what: 'NfsStorage: a mount option with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers 4'] }),
    message: "NfsStorage cat/nfs: 'mountOptions[0]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1', got \"nfsvers 4\"",
  },
  {
    what: 'NfsStorage: the second mount option with a comma',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers=4.1', 'hard,intr'] }),
    message: "NfsStorage cat/nfs: 'mountOptions[1]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1', got \"hard,intr\"",
  },
  {
    what: 'NfsStorage: an empty image',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, image: '' }),
    message: "NfsStorage cat/nfs: 'image' must be a container image reference without spaces, got \"\"",
  },
  {
    what: 'NfsStorage: a node selector value with a space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { zone: 'not valid!' } }),
    message: "NfsStorage cat/nfs: 'nodeSelector.zone' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"not valid!\"",
  },
  {
    what: 'NfsStorage: a memory request above its limit',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(128) } } }),
    message: "NfsStorage cat/nfs: 'resources.memory.request' must be at most the limit 128Mi, got \"256Mi\"",
  },
  {
    what: 'NfsStorage: a CPU request of 2 above a limit of 500m',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } }),
    message: "NfsStorage cat/nfs: 'resources.cpu.request' must be at most the limit 500m, got \"2\"",
  },
  {
    what: 'NfsStorage: a memory limit of 0',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { memory: { limit: Size.mebibytes(0) } } }),
    message: "NfsStorage cat/nfs: 'resources.memory.limit' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"0Ki\"",
  },
  {
    what: 'NfsStorage: an export path with .. in the middle',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a/../b' }),
    message: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/a/../b\"",
  },
  {
    what: 'NfsStorage: a provisioner name with two slashes and no dots',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'a/b/c' }),
    message: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"a/b/c\"",
  },
  {
    what: 'NfsStorage: an absolute pathPattern under a directory',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '/abs/${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a path relative to the export, without an empty, '.' or '..' directory name, such as '${.PVC.namespace}/${.PVC.name}', got \"/abs/${.PVC.name}\"",
  },
  {
    what: 'NfsStorage: a node selector key with a space, bad key',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { 'bad key': 'x' } }),
    message: "NfsStorage cat/nfs: 'nodeSelector.bad key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"bad key\"",
  },
  // NfsStorage at the edges: empty, whitespace, non-ASCII, non-finite
  {
    what: 'NfsStorage: an empty StorageClass name',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: '' }),
    message: "NfsStorage cat/nfs: 'storageClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"\"",
  },
  {
    what: 'NfsStorage: a server with a non-ASCII letter',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs.exämple.com' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"nfs.exämple.com\"",
  },
  {
    what: 'NfsStorage: a server with a trailing space',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '192.168.1.21 ' }),
    message: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"192.168.1.21 \"",
  },
  {
    what: 'NfsStorage: Infinity replicas',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: Infinity }),
    message: "NfsStorage cat/nfs: 'replicas' must be a whole number from 0 to 100, got Infinity",
  },
  // HeadlessService
  {
    what: 'HeadlessService: a name starting with a digit',
    build: c => new HeadlessService(c, 'svc', { name: '1web' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"1web\"",
  },
  {
    what: 'HeadlessService: an upper-case name',
    build: c => new HeadlessService(c, 'svc', { name: 'Headless-Svc' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"Headless-Svc\"",
  },
  {
    what: 'HeadlessService: port 0',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 0 }] }),
    message: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535, got 0",
  },
  {
    what: 'HeadlessService: a target port above 65535',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, targetPort: 70000 }] }),
    message: "HeadlessService cat/svc: 'ports[0].targetPort' must be a whole number from 1 to 65535, got 70000",
  },
  {
    what: 'HeadlessService: an upper-case port name',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'HTTP', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"HTTP\"",
  },
  {
    what: 'HeadlessService: two ports of one name',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }),
    message: "HeadlessService cat/svc: 'ports[1].name' must be unique among the ports (http), got \"http\"",
  },
  {
    what: 'HeadlessService: one port number twice for TCP',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80 }, { name: 'web', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[1].port' must be unique per protocol among the ports, got 80",
  },
  {
    what: 'HeadlessService: an unknown protocol',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, protocol: 'ICMP' as Protocol }] }),
    message: "HeadlessService cat/svc: 'ports[0].protocol' must be one of TCP, UDP, SCTP, got \"ICMP\"",
  },
  {
    what: 'HeadlessService: an empty selector',
    build: c => new HeadlessService(c, 'svc', { selector: {} }),
    message: "HeadlessService cat/svc: 'selector' must be at least one label, got {}",
  },
  {
    what: 'HeadlessService: a cluster domain with an underscore',
    build: c => new HeadlessService(c, 'svc', { clusterDomain: 'cluster_local' }),
    message: "HeadlessService cat/svc: 'clusterDomain' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"cluster_local\"",
  },
  {
    what: 'HeadlessService: a name with capitals',
    build: c => new HeadlessService(c, 'svc', { name: 'Web' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"Web\"",
  },
  {
    what: 'HeadlessService: a name with a dot',
    build: c => new HeadlessService(c, 'svc', { name: 'web.svc' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"web.svc\"",
  },
  {
    what: 'HeadlessService: a name ending with a dash',
    build: c => new HeadlessService(c, 'svc', { name: 'web-' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"web-\"",
  },
  {
    what: 'HeadlessService: a name of 64 characters',
    build: c => new HeadlessService(c, 'svc', { name: 'w'.repeat(64) }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\"",
  },
  {
    what: 'HeadlessService: port 70000',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 70000 }] }),
    message: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535, got 70000",
  },
  {
    what: 'HeadlessService: a negative port',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: -1 }] }),
    message: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535, got -1",
  },
  {
    what: 'HeadlessService: a fractional port',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80.5 }] }),
    message: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535, got 80.5",
  },
  {
    what: 'HeadlessService: target port 0',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, targetPort: 0 }] }),
    message: "HeadlessService cat/svc: 'ports[0].targetPort' must be a whole number from 1 to 65535, got 0",
  },
  {
    what: 'HeadlessService: a port name of 21 characters',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'a-very-long-port-name', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"a-very-long-port-name\"",
  },
  {
    what: 'HeadlessService: a port name with --',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'my--port', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"my--port\"",
  },
  {
    what: 'HeadlessService: a port name of digits only',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: '8080', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"8080\"",
  },
  {
    what: 'HeadlessService: a port name starting with a dash',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: '-http', port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"-http\"",
  },
  {
    what: 'HeadlessService: protocol HTTP',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, protocol: 'HTTP' as Protocol }] }),
    message: "HeadlessService cat/svc: 'ports[0].protocol' must be one of TCP, UDP, SCTP, got \"HTTP\"",
  },
  {
    what: 'HeadlessService: a selector key with a space',
    build: c => new HeadlessService(c, 'svc', { selector: { 'app name': 'web' } }),
    message: "HeadlessService cat/svc: 'selector.app name' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"app name\"",
  },
  {
    what: 'HeadlessService: a selector value with a !',
    build: c => new HeadlessService(c, 'svc', { selector: { app: 'web!' } }),
    message: "HeadlessService cat/svc: 'selector.app' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"web!\"",
  },
  {
    what: 'HeadlessService: a cluster domain with capitals and an underscore',
    build: c => new HeadlessService(c, 'svc', { clusterDomain: 'Cluster_Local' }),
    message: "HeadlessService cat/svc: 'clusterDomain' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Cluster_Local\"",
  },
  {
    what: 'HeadlessService.selectLabels: a second, different selector',
    build: c => new HeadlessService(c, 'svc', { selector: { app: 'web' } }).selectLabels({ app: 'other' }),
    message: "HeadlessService cat/svc: 'selector' must be the selector it already has, {\"app\":\"web\"}: one headless Service governs one StatefulSet, got {\"app\":\"other\"}",
    at: 'later',
  },
  // HeadlessService at the edges
  {
    what: 'HeadlessService: port NaN',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: NaN }] }),
    message: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535, got NaN",
  },
  {
    what: 'HeadlessService: an empty name',
    build: c => new HeadlessService(c, 'svc', { name: '' }),
    message: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters, got \"\"",
  },
  {
    what: 'HeadlessService: a port name of 16 characters, one past the limit',
    build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'p'.repeat(16), port: 80 }] }),
    message: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--', got \"pppppppppppppppp\"",
  },
  // StatefulWeb
  {
    what: 'StatefulWeb: negative replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: -1 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got -1",
  },
  {
    what: 'StatefulWeb: fractional replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: 1.5 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got 1.5",
  },
  {
    what: 'StatefulWeb: port 0',
    build: c => new StatefulWeb(c, 'site', { port: 0 }),
    message: "StatefulWeb cat/site: 'port' must be a whole number from 1 to 65535, got 0",
  },
  {
    what: 'StatefulWeb: an upper-case name',
    build: c => new StatefulWeb(c, 'site', { name: 'StatefulSet-Test' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"StatefulSet-Test\"",
  },
  {
    what: 'StatefulWeb: a name of 53 characters',
    build: c => new StatefulWeb(c, 'site', { name: 'a'.repeat(53) }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
  },
  {
    what: 'StatefulWeb: a name starting with a digit, naming its own Service',
    build: c => new StatefulWeb(c, 'site', { name: '1web' }),
    message: "StatefulWeb cat/site: 'name' must be a name starting with a letter, as it also names the governing Service; or give a 'service', got \"1web\"",
  },
  {
    what: 'StatefulWeb: a zero storage size',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(0) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"0Ki\"",
  },
  {
    what: 'StatefulWeb: a storage size that is not whole KiB',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(1.5) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"1.5Ki\"",
  },
  {
    what: 'StatefulWeb: a relative mount path',
    build: c => new StatefulWeb(c, 'site', { mountPath: 'htdocs' }),
    message: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"htdocs\"",
  },
  {
    what: 'StatefulWeb: an upper-case claim name',
    build: c => new StatefulWeb(c, 'site', { claimName: 'Test' }),
    message: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"Test\"",
  },
  {
    what: 'StatefulWeb: a claim named like the pages volume',
    build: c => new StatefulWeb(c, 'site', { claimName: 'pages', pages: ['123'] }),
    message: "StatefulWeb cat/site: 'claimName' must be a claim name other than the pod's own volumes (writable-0, pages), got \"pages\"",
  },
  {
    what: 'StatefulWeb: more pages than replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['123', '456', '789'] }),
    message: "StatefulWeb cat/site: 'pages' must be at most one page per replica (2), got \"3 pages\"",
  },
  {
    what: 'StatefulWeb: no access mode',
    build: c => new StatefulWeb(c, 'site', { accessModes: [] }),
    message: "StatefulWeb cat/site: 'accessModes' must be one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got []",
  },
  {
    what: 'StatefulWeb: a negative first ordinal',
    build: c => new StatefulWeb(c, 'site', { ordinalsStart: -1 }),
    message: "StatefulWeb cat/site: 'ordinalsStart' must be a whole number from 0 to 2147483647, got -1",
  },
  {
    what: 'StatefulWeb: a non-root user on port 80',
    build: c => new StatefulWeb(c, 'site', { runAsUser: 1000 }),
    message: "StatefulWeb cat/site: 'port' must be 1024 or more when 'runAsUser' is 1000: a non-root user cannot bind a privileged port, got 80",
  },
  {
    what: 'StatefulWeb: an unknown claim retention policy',
    build: c => new StatefulWeb(c, 'site', { whenDeleted: 'Keep' as ClaimRetentionPolicy }),
    message: "StatefulWeb cat/site: 'whenDeleted' must be one of Retain, Delete, got \"Keep\"",
  },
  {
    what: 'StatefulWeb: a pod label value with a space',
    build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'front end' } }),
    message: "StatefulWeb cat/site: 'podLabels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"front end\"",
  },
  {
    what: 'StatefulWeb: an image with a space',
    build: c => new StatefulWeb(c, 'site', { image: 'httpd 2.4' }),
    message: "StatefulWeb cat/site: 'image' must be a container image reference without spaces, got \"httpd 2.4\"",
  },
  {
    what: 'StatefulWeb: a Service that selects other pods',
    build: c => new StatefulWeb(c, 'site', { service: new HeadlessService(new Chart(Testing.app(), 'other', { namespace: 'web' }), 'svc', { selector: { app: 'other' } }) }),
    message: "StatefulWeb cat/site: 'service' must be a HeadlessService whose selector matches the pod labels {\"app.kubernetes.io/name\":\"stateful-web\",\"app.kubernetes.io/instance\":\"cat-site-c8ddeb16\"}; it selects {\"app\":\"other\"}, got \"other-svc-c861d007\"",
  },
  {
    what: 'StatefulWeb: a writable path on the claim\'s mount path',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/usr/local/apache2/htdocs'] }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/htdocs), got \"/usr/local/apache2/htdocs\"",
  },
  {
    what: 'StatefulWeb: port 70000',
    build: c => new StatefulWeb(c, 'site', { port: 70000 }),
    message: "StatefulWeb cat/site: 'port' must be a whole number from 1 to 65535, got 70000",
  },
  {
    what: 'StatefulWeb: a fractional port',
    build: c => new StatefulWeb(c, 'site', { port: 80.5 }),
    message: "StatefulWeb cat/site: 'port' must be a whole number from 1 to 65535, got 80.5",
  },
  {
    what: 'StatefulWeb: a name of 53 characters, all w',
    build: c => new StatefulWeb(c, 'site', { name: 'w'.repeat(53) }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\"",
  },
  {
    what: 'StatefulWeb: a name with capitals',
    build: c => new StatefulWeb(c, 'site', { name: 'Web' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"Web\"",
  },
  {
    what: 'StatefulWeb: a name with an underscore',
    build: c => new StatefulWeb(c, 'site', { name: 'web_1' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"web_1\"",
  },
  {
    what: 'StatefulWeb: a name starting with a dash',
    build: c => new StatefulWeb(c, 'site', { name: '-web' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"-web\"",
  },
  {
    what: 'StatefulWeb: an empty name',
    build: c => new StatefulWeb(c, 'site', { name: '' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"\"",
  },
  {
    what: 'StatefulWeb: a storage size of 0 MiB',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.mebibytes(0) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"0Ki\"",
  },
  {
    what: 'StatefulWeb: a storage size of half a KiB',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(0.5) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"0.5Ki\"",
  },
  {
    what: 'StatefulWeb: a name of digits, naming its own Service',
    build: c => new StatefulWeb(c, 'site', { name: '2048' }),
    message: "StatefulWeb cat/site: 'name' must be a name starting with a letter, as it also names the governing Service; or give a 'service', got \"2048\"",
  },
  {
    what: 'StatefulWeb: pages of more than 1 MiB in all',
    build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['x'.repeat(600_000), 'y'.repeat(600_000)] }),
    message: "StatefulWeb cat/site: 'pages' must be at most 1048576 bytes (1 MiB) in all, the keys '<ordinal>.html' included: one ConfigMap, got \"1200012 bytes\"",
  },
  {
    what: 'StatefulWeb: a page that is not a string (from JavaScript)',
    build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['a', 42 as unknown as string] }),
    message: "StatefulWeb cat/site: 'pages[1]' must be a string, got 42",
  },
  {
    what: 'StatefulWeb: a claim name with an underscore',
    build: c => new StatefulWeb(c, 'site', { claimName: 'My_Data' }),
    message: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"My_Data\"",
  },
  {
    what: "StatefulWeb: a writable path on the claim's mount path, given both",
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/data'], mountPath: '/data' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/data), got \"/data\"",
  },
  {
    what: 'StatefulWeb: one writable path twice',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', '/tmp'] }),
    message: "StatefulWeb cat/site: 'writablePaths[1]' must be a path no other mount of the pod uses (/tmp), got \"/tmp\"",
  },
  {
    what: 'StatefulWeb: the claim mounted where the pages are',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/pages', pages: ['x'] }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/logs, /pages), got \"/pages\"",
  },
  {
    what: 'StatefulWeb: a relative mount path with a slash',
    build: c => new StatefulWeb(c, 'site', { mountPath: 'relative/path' }),
    message: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"relative/path\"",
  },
  {
    what: 'StatefulWeb: a mount path with ..',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/a/../b' }),
    message: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/a/../b\"",
  },
  {
    what: 'StatefulWeb: a mount path with a trailing slash',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/srv/' }),
    message: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"/srv/\"",
  },
  {
    what: 'StatefulWeb: a relative writable path',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', 'run'] }),
    message: "StatefulWeb cat/site: 'writablePaths[1]' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"run\"",
  },
  {
    what: 'StatefulWeb: a non-root user on port 1023',
    build: c => new StatefulWeb(c, 'site', { runAsUser: 1000, port: 1023 }),
    message: "StatefulWeb cat/site: 'port' must be 1024 or more when 'runAsUser' is 1000: a non-root user cannot bind a privileged port, got 1023",
  },
  {
    what: 'StatefulWeb: a negative user id',
    build: c => new StatefulWeb(c, 'site', { runAsUser: -1, port: 8080 }),
    message: "StatefulWeb cat/site: 'runAsUser' must be a whole number from 0 to 2147483647, got -1",
  },
  {
    what: 'StatefulWeb: a fractional group id',
    build: c => new StatefulWeb(c, 'site', { runAsGroup: 1.5, port: 8080 }),
    message: "StatefulWeb cat/site: 'runAsGroup' must be a whole number from 0 to 2147483647, got 1.5",
  },
  {
    what: 'StatefulWeb: an fsGroup past int32',
    build: c => new StatefulWeb(c, 'site', { fsGroup: 2147483648, port: 8080 }),
    message: "StatefulWeb cat/site: 'fsGroup' must be a whole number from 0 to 2147483647, got 2147483648",
  },
  {
    what: 'StatefulWeb: a memory request above its limit',
    build: c => new StatefulWeb(c, 'site', { resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } }),
    message: "StatefulWeb cat/site: 'resources.memory.request' must be at most the limit 512Mi, got \"1Gi\"",
  },
  {
    what: 'StatefulWeb: a CPU request above its limit',
    build: c => new StatefulWeb(c, 'site', { resources: { cpu: { request: Cpu.millis(600), limit: Cpu.millis(500) } } }),
    message: "StatefulWeb cat/site: 'resources.cpu.request' must be at most the limit 500m, got \"600m\"",
  },
  {
    what: 'StatefulWeb: an unknown access mode',
    build: c => new StatefulWeb(c, 'site', { accessModes: ['ReadWriteSometimes' as PersistentVolumeAccessMode] }),
    message: "StatefulWeb cat/site: 'accessModes' must be one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got [\"ReadWriteSometimes\"]",
  },
  {
    what: 'StatefulWeb: an unknown whenScaled',
    build: c => new StatefulWeb(c, 'site', { whenScaled: 'Orphan' as ClaimRetentionPolicy }),
    message: "StatefulWeb cat/site: 'whenScaled' must be one of Retain, Delete, got \"Orphan\"",
  },
  {
    what: 'StatefulWeb: an unknown pod management policy',
    build: c => new StatefulWeb(c, 'site', { podManagementPolicy: 'Random' as PodManagementPolicy }),
    message: "StatefulWeb cat/site: 'podManagementPolicy' must be one of OrderedReady, Parallel, got \"Random\"",
  },
  {
    what: 'StatefulWeb: a negative partition',
    build: c => new StatefulWeb(c, 'site', { updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: -1 }) }),
    message: "StatefulWeb cat/site: 'updateStrategy.partition' must be a whole number from 0 to 2147483647, got -1",
  },
  {
    what: 'StatefulWeb: minReady of 1.5 seconds',
    build: c => new StatefulWeb(c, 'site', { minReady: Duration.millis(1500) }),
    message: "StatefulWeb cat/site: 'minReady' must be a whole number from 0 to 2147483647, got 1.5",
  },
  {
    what: 'StatefulWeb: an empty seed image',
    build: c => new StatefulWeb(c, 'site', { seedImage: '' }),
    message: "StatefulWeb cat/site: 'seedImage' must be a container image reference without spaces, got \"\"",
  },
  {
    what: 'StatefulWeb: a pod label key with a space',
    build: c => new StatefulWeb(c, 'site', { podLabels: { 'bad key': 'x' } }),
    message: "StatefulWeb cat/site: 'podLabels.bad key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"bad key\"",
  },
  {
    what: 'StatefulWeb: a pod label value of 64 characters',
    build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'x'.repeat(64) } }),
    message: "StatefulWeb cat/site: 'podLabels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
  },
  {
    what: 'StatefulWeb: two StatefulWebs share one Service',
    build: c => {
      const service = new HeadlessService(c, 'svc');
      new StatefulWeb(c, 'a', { service });
      new StatefulWeb(c, 'b', { service });
    },
    message: "StatefulWeb cat/b: 'service' must be a HeadlessService whose selector matches the pod labels {\"app.kubernetes.io/name\":\"stateful-web\",\"app.kubernetes.io/instance\":\"cat-b-c8bb9616\"}; it selects {\"app.kubernetes.io/name\":\"stateful-web\",\"app.kubernetes.io/instance\":\"cat-a-c8debca1\"}, got \"cat-svc-c8bf6a9f\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: a claim name used already',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('data', { mountPath: '/other' }),
    message: "StatefulWeb cat/site: 'addVolumeClaimTemplate.name' must be a claim name not used yet (data), got \"data\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: a claim name with capitals',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('Logs', { mountPath: '/logs' }),
    message: "StatefulWeb cat/site: 'addVolumeClaimTemplate.name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"Logs\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: the mount path of another mount',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/usr/local/apache2/htdocs' }),
    message: "StatefulWeb cat/site: 'logs.mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/htdocs, /usr/local/apache2/logs), got \"/usr/local/apache2/htdocs\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: a relative mount path',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: 'logs' }),
    message: "StatefulWeb cat/site: 'logs.mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"logs\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: a size of 0',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', size: Size.mebibytes(0) }),
    message: "StatefulWeb cat/site: 'logs.size' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"0Ki\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: no access mode',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', accessModes: [] }),
    message: "StatefulWeb cat/site: 'logs.accessModes' must be one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod, got []",
    at: 'later',
  },
  // StatefulWeb at the edges: int32 and non-finite numbers, mount paths over
  // the root or a kernel file system, names at and past their limit, empty,
  // whitespace, non-ASCII, one ConfigMap's worth of pages
  {
    what: 'StatefulWeb: Infinity replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: Infinity }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got Infinity",
  },
  {
    what: 'StatefulWeb: NaN replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: NaN }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got NaN",
  },
  {
    what: 'StatefulWeb: replicas past int32, 2 ** 31',
    build: c => new StatefulWeb(c, 'site', { replicas: 2 ** 31 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got 2147483648",
  },
  {
    what: 'StatefulWeb: replicas of 1e21',
    build: c => new StatefulWeb(c, 'site', { replicas: 1e21 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647, got 1e+21",
  },
  {
    what: 'StatefulWeb: a first ordinal past int32',
    build: c => new StatefulWeb(c, 'site', { ordinalsStart: 2147483648 }),
    message: "StatefulWeb cat/site: 'ordinalsStart' must be a whole number from 0 to 2147483647, got 2147483648",
  },
  {
    what: 'StatefulWeb: a first ordinal whose last pod is past int32',
    build: c => new StatefulWeb(c, 'site', { replicas: 3, ordinalsStart: 2147483646 }),
    message: "StatefulWeb cat/site: 'ordinalsStart' must be at most 2147483645 with 3 replicas, so that the last ordinal is an int32, got 2147483646",
  },
  {
    what: 'StatefulWeb: port Infinity',
    build: c => new StatefulWeb(c, 'site', { port: Infinity }),
    message: "StatefulWeb cat/site: 'port' must be a whole number from 1 to 65535, got Infinity",
  },
  {
    what: 'StatefulWeb: a user id of -Infinity',
    build: c => new StatefulWeb(c, 'site', { runAsUser: -Infinity, port: 8080 }),
    message: "StatefulWeb cat/site: 'runAsUser' must be a whole number from 0 to 2147483647, got -Infinity",
  },
  {
    what: 'StatefulWeb: a partition past int32',
    build: c => new StatefulWeb(c, 'site', { updateStrategy: StatefulSetUpdateStrategy.rollingUpdate({ partition: 2147483648 }) }),
    message: "StatefulWeb cat/site: 'updateStrategy.partition' must be a whole number from 0 to 2147483647, got 2147483648",
  },
  {
    what: 'StatefulWeb: minReady past int32 seconds',
    build: c => new StatefulWeb(c, 'site', { minReady: Duration.seconds(2147483648) }),
    message: "StatefulWeb cat/site: 'minReady' must be a whole number from 0 to 2147483647, got 2147483648",
  },
  {
    what: 'StatefulWeb: the claim mounted at /',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/\"",
  },
  {
    what: 'StatefulWeb: the claim mounted at /proc',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/proc' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/proc\"",
  },
  {
    what: 'StatefulWeb: the claim mounted at /sys',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/sys' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/sys\"",
  },
  {
    what: 'StatefulWeb: the claim mounted at /dev',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/dev' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/dev\"",
  },
  {
    what: 'StatefulWeb: the claim mounted inside /proc',
    build: c => new StatefulWeb(c, 'site', { mountPath: '/proc/sys' }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/proc/sys\"",
  },
  {
    what: 'StatefulWeb: a writable path at /',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/'] }),
    message: "StatefulWeb cat/site: 'writablePaths[0]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/\"",
  },
  {
    what: 'StatefulWeb: a writable path inside /dev',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', '/dev/shm'] }),
    message: "StatefulWeb cat/site: 'writablePaths[1]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/dev/shm\"",
  },
  {
    what: 'StatefulWeb: an empty mount path',
    build: c => new StatefulWeb(c, 'site', { mountPath: '' }),
    message: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"\"",
  },
  {
    what: 'StatefulWeb: an empty writable path',
    build: c => new StatefulWeb(c, 'site', { writablePaths: [''] }),
    message: "StatefulWeb cat/site: 'writablePaths[0]' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"\"",
  },
  {
    what: 'StatefulWeb: an empty claim name',
    build: c => new StatefulWeb(c, 'site', { claimName: '' }),
    message: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"\"",
  },
  {
    what: 'StatefulWeb: a claim name of 64 characters',
    build: c => new StatefulWeb(c, 'site', { claimName: 'c'.repeat(64) }),
    message: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"",
  },
  {
    what: 'StatefulWeb: an empty image',
    build: c => new StatefulWeb(c, 'site', { image: '' }),
    message: "StatefulWeb cat/site: 'image' must be a container image reference without spaces, got \"\"",
  },
  {
    what: 'StatefulWeb: an image with a leading space',
    build: c => new StatefulWeb(c, 'site', { image: ' httpd:2.4.62' }),
    message: "StatefulWeb cat/site: 'image' must be a container image reference without spaces, got \" httpd:2.4.62\"",
  },
  {
    what: 'StatefulWeb: an image with a tab',
    build: c => new StatefulWeb(c, 'site', { image: 'httpd:2.4.62\t' }),
    message: "StatefulWeb cat/site: 'image' must be a container image reference without spaces, got \"httpd:2.4.62\\t\"",
  },
  {
    what: 'StatefulWeb: a name with a leading space',
    build: c => new StatefulWeb(c, 'site', { name: ' web' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \" web\"",
  },
  {
    what: 'StatefulWeb: a name with a trailing newline',
    build: c => new StatefulWeb(c, 'site', { name: 'web\n' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"web\\n\"",
  },
  {
    what: 'StatefulWeb: a name with a non-ASCII letter',
    build: c => new StatefulWeb(c, 'site', { name: 'wéb' }),
    message: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters, got \"wéb\"",
  },
  {
    what: 'StatefulWeb: a claim name with a non-ASCII letter',
    build: c => new StatefulWeb(c, 'site', { claimName: 'dätä' }),
    message: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"dätä\"",
  },
  {
    what: 'StatefulWeb: a pod label value with a non-ASCII letter',
    build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'café' } }),
    message: "StatefulWeb cat/site: 'podLabels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"café\"",
  },
  {
    what: 'StatefulWeb: a pod label key of 64 characters',
    build: c => new StatefulWeb(c, 'site', { podLabels: { ['k'.repeat(64)]: 'x' } }),
    message: "StatefulWeb cat/site: 'podLabels.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\"",
  },
  {
    what: 'StatefulWeb: an empty pod label key',
    build: c => new StatefulWeb(c, 'site', { podLabels: { '': 'x' } }),
    message: "StatefulWeb cat/site: 'podLabels.' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"\"",
  },
  {
    what: 'StatefulWeb: pages one byte past 1 MiB with their keys',
    build: c => new StatefulWeb(c, 'site', { replicas: 1, pages: ['x'.repeat(1024 * 1024 - 6 + 1)] }),
    message: "StatefulWeb cat/site: 'pages' must be at most 1048576 bytes (1 MiB) in all, the keys '<ordinal>.html' included: one ConfigMap, got \"1048577 bytes\"",
  },
  {
    what: 'StatefulWeb: a page of non-ASCII letters past 1 MiB in UTF-8',
    build: c => new StatefulWeb(c, 'site', { replicas: 1, pages: ['é'.repeat(524288)] }),
    message: "StatefulWeb cat/site: 'pages' must be at most 1048576 bytes (1 MiB) in all, the keys '<ordinal>.html' included: one ConfigMap, got \"1048582 bytes\"",
  },
  {
    what: 'StatefulWeb.addVolumeClaimTemplate: a claim mounted at /dev',
    build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/dev' }),
    message: "StatefulWeb cat/site: 'logs.mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/dev\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb.podName: an ordinal past the last pod',
    build: c => new StatefulWeb(c, 'site', { replicas: 3 }).podName(3),
    message: "StatefulWeb cat/site: 'podName.ordinal' must be a whole number from 0 to 2, got 3",
    at: 'later',
  },
  {
    what: 'StatefulWeb.podName: an ordinal before ordinalsStart',
    build: c => new StatefulWeb(c, 'site', { replicas: 3, ordinalsStart: 5 }).podName(4),
    message: "StatefulWeb cat/site: 'podName.ordinal' must be a whole number from 5 to 7, got 4",
    at: 'later',
  },
  {
    what: 'StatefulWeb.podName: no pod at all',
    build: c => new StatefulWeb(c, 'site', { replicas: 0 }).podName(0),
    message: "StatefulWeb cat/site: 'podName.ordinal' must be the ordinal of a pod, and with 0 replicas there is none, got 0",
    at: 'later',
  },
  {
    what: 'StatefulWeb.claimName: a template that does not exist',
    build: c => new StatefulWeb(c, 'site').claimName('logs', 0),
    message: "StatefulWeb cat/site: 'claimName.template' must be one of the claim templates (data), got \"logs\"",
    at: 'later',
  },
  {
    what: 'StatefulWeb: a storage size of Infinity KiB',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(Infinity) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"InfinityKi\"",
  },
  {
    what: 'StatefulWeb: a storage size of NaN KiB',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(NaN) }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"NaNKi\"",
  },
  {
    what: 'StatefulWeb: a storage size past an int64 of bytes',
    build: c => new StatefulWeb(c, 'site', { storageSize: Size.tebibytes(2 ** 33) }),
    message: "StatefulWeb cat/site: 'storageSize' must be at most 2^53 - 1 KiB (8 EiB), what an int64 of bytes holds, got \"9223372036854776000Ki\"",
  },
  {
    what: 'StatefulWeb: a storage size that is a number (from JavaScript)',
    build: c => new StatefulWeb(c, 'site', { storageSize: 100 as unknown as Size }),
    message: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100), got 100",
  },
  {
    what: 'StatefulWeb: a memory limit of Infinity',
    build: c => new StatefulWeb(c, 'site', { resources: { memory: { limit: Size.mebibytes(Infinity) } } }),
    message: "StatefulWeb cat/site: 'resources.memory.limit' must be a positive whole number of KiB, such as Size.mebibytes(100), got \"InfinityKi\"",
  },
  {
    what: 'StatefulWeb: a pod label key prefix of 254 characters, one past the limit',
    build: c => new StatefulWeb(c, 'site', { podLabels: { [`${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(62)}/k`]: 'x' } }),
    message: "StatefulWeb cat/site: 'podLabels.ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp.qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq.rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr.ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/k' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp.qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq.rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr.ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/k\"",
  },
  {
    what: 'StatefulWeb: a Service in another namespace',
    build: c => new StatefulWeb(c, 'site', { service: new HeadlessService(new Chart(Testing.app(), 'other', { namespace: 'shop' }), 'svc') }),
    message: "StatefulWeb cat/site: 'service' must be a HeadlessService in the StatefulWeb's namespace \"web\"; it is in \"shop\", got \"other-svc-c861d007\"",
  },
  {
    what: 'StatefulWeb: a disruption budget larger than the replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: 2, disruptionBudget: DisruptionBudget.maxUnavailable(3) }),
    message: "StatefulWeb cat/site: 'disruptionBudget' must be at most the replicas (2), got \"maxUnavailable 3\"",
  },
  {
    what: 'StatefulWeb: a disruption budget that keeps every replica',
    build: c => new StatefulWeb(c, 'site', { replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(3) }),
    message: "StatefulWeb cat/site: 'disruptionBudget' must be fewer than the replicas (3), or no node could ever be drained; use DisruptionBudget.none() for no budget, got \"minAvailable 3\"",
  },
  {
    what: 'StatefulWeb: a disruption budget of no pod',
    build: c => new StatefulWeb(c, 'site', { replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(0) }),
    message: "DisruptionBudget.maxUnavailable: 'pods' must be a whole number from 1 to 2147483647, got 0",
  },
  {
    what: 'StatefulWeb: an unknown spreading',
    build: c => new StatefulWeb(c, 'site', { spreading: 'Always' as Spreading }),
    message: "StatefulWeb cat/site: 'spreading' must be one of Preferred, Required, None, got \"Always\"",
  },
  {
    what: 'StatefulWeb: an unknown pages mode',
    build: c => new StatefulWeb(c, 'site', { pages: ['a'], pagesMode: 'Never' as PagesMode }),
    message: "StatefulWeb cat/site: 'pagesMode' must be one of SeedOnce, Sync, got \"Never\"",
  },
  {
    what: 'StatefulWeb: a toleration with a bad key',
    build: c => new StatefulWeb(c, 'site', { tolerations: [NodeTaintQuery.is('dedicated web', 'yes')] }),
    message: "StatefulWeb cat/site: 'tolerations[0].key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"dedicated web\"",
  },
  {
    what: 'StatefulWeb: a toleration with a bad value',
    build: c => new StatefulWeb(c, 'site', { tolerations: [NodeTaintQuery.is('dedicated', 'web tier')] }),
    message: "StatefulWeb cat/site: 'tolerations[0].value' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit, got \"web tier\"",
  },
  {
    what: 'StatefulWeb: a node affinity on a set of no value',
    build: c => new StatefulWeb(c, 'site', { nodeAffinity: [Node.labeled(NodeLabelQuery.in('disk', []))] }),
    message: "StatefulWeb cat/site: 'nodeAffinity[0][0].values' must be at least one value for 'In', got []",
  },
  {
    what: 'StatefulWeb: an upper-case priority class',
    build: c => new StatefulWeb(c, 'site', { priorityClassName: 'Critical' }),
    message: "StatefulWeb cat/site: 'priorityClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Critical\"",
  },
  {
    what: 'StatefulWeb: an unknown image pull policy',
    build: c => new StatefulWeb(c, 'site', { imagePullPolicy: 'Sometimes' as ImagePullPolicy }),
    message: "StatefulWeb cat/site: 'imagePullPolicy' must be one of Always, IfNotPresent, Never, got \"Sometimes\"",
  },
  // WebServer
  {
    what: 'WebServer: a capability with its CAP_ prefix',
    build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', capabilities: ['CAP_NET_BIND_SERVICE'] }) }),
    message: "WebServer.custom: 'capabilities[0]' must be a capability name without the 'CAP_' prefix, such as 'NET_BIND_SERVICE', got \"CAP_NET_BIND_SERVICE\"",
  },
  {
    what: 'WebServer: a relative document root',
    build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: 'www' }) }),
    message: "WebServer.custom: 'documentRoot' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"www\"",
  },
  {
    what: 'WebServer: a document root over the container\'s root',
    build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: '/' }) }),
    message: "WebServer.custom: 'documentRoot' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/\"",
  },
  {
    what: 'WebServer: a writable path over a kernel file system',
    build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: '/www', writablePaths: ['/proc/self'] }) }),
    message: "WebServer.custom: 'writablePaths[0]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev), got \"/proc/self\"",
  },
  // PodSecurityNamespace
  {
    what: 'PodSecurityNamespace: an unknown level',
    build: c => new PodSecurityNamespace(c, 'ns', { enforce: 'strict' as PodSecurityLevel }),
    message: "PodSecurityNamespace cat/ns: 'enforce' must be one of privileged, baseline, restricted, got \"strict\"",
  },
  {
    what: 'PodSecurityNamespace: a version that is not a Kubernetes minor',
    build: c => new PodSecurityNamespace(c, 'ns', { version: '1.27' }),
    message: "PodSecurityNamespace cat/ns: 'version' must be 'latest' or a Kubernetes minor version such as 'v1.27', got \"1.27\"",
  },
  {
    what: 'PodSecurityNamespace: a Pod Security label of its own',
    build: c => new PodSecurityNamespace(c, 'ns', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
    message: "PodSecurityNamespace cat/ns: 'labels.pod-security.kubernetes.io/enforce' must be not set: the Pod Security labels come from 'enforce', 'warn', 'audit' and 'version', got \"privileged\"",
  },
  {
    what: 'PodSecurityNamespace: no name in a chart without a namespace',
    build: () => new PodSecurityNamespace(Testing.chart(), 'ns'),
    message: "PodSecurityNamespace test/ns: 'name' must be a namespace name, as the chart has no 'namespace' to take it from, got undefined",
  },
  {
    what: 'NfsStorage: an API server CIDR with too many bits',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerCidrs: ['10.0.0.1/33'] }),
    message: "NfsStorage cat/nfs: 'apiServerCidrs[0]' must be a CIDR such as '10.96.0.0/12' or '::/0', got \"10.0.0.1/33\"",
  },
  // StorageClassRef
  {
    what: 'StorageClassRef: an upper-case class name',
    build: () => StorageClassRef.fromName('GP3'),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"GP3\"",
  },
  {
    what: 'StorageClassRef: an empty class name',
    build: () => StorageClassRef.fromName(''),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"\"",
  },
  {
    what: 'StorageClassRef: a class name with an underscore',
    build: () => StorageClassRef.fromName('Bad_Name'),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Bad_Name\"",
  },
  {
    what: 'StorageClassRef: a class name starting with a dash',
    build: () => StorageClassRef.fromName('-gp3'),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"-gp3\"",
  },
  {
    what: 'StorageClassRef: a class name ending with a dot',
    build: () => StorageClassRef.fromName('gp3.'),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"gp3.\"",
  },
  {
    what: 'StorageClassRef: a class name of 254 characters',
    build: () => StorageClassRef.fromName('a'.repeat(254)),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
  },
  {
    what: 'StorageClassRef: a class name with a non-ASCII letter',
    build: () => StorageClassRef.fromName('stäte'),
    message: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"stäte\"",
  },
];

describe('the catalogue of bad input', () => {
  test('has at least 30 rows and covers every construct', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    for (const name of ['NfsStorage', 'HeadlessService', 'StatefulWeb', 'StorageClassRef', 'WebServer', 'PodSecurityNamespace']) {
      expect(rows.filter(r => r.what.startsWith(`${name}:`)).length).toBeGreaterThanOrEqual(2);
    }
  });

  test.each(rows.map(r => [r.what, r] as const))('%s', (_, row) => {
    const chart = new Chart(Testing.app(), 'cat', { namespace: 'web' });
    if (row.at === 'synth') {
      row.build(chart);
      expect(() => Testing.synth(chart)).toThrow(new Error(row.message));
    } else if (row.at === 'later') {
      expect(() => row.build(chart)).toThrow(new Error(row.message));
      // What was valid before the failing call still synthesizes.
      expect(() => Testing.synth(chart)).not.toThrow();
    } else {
      expect(() => row.build(chart)).toThrow(new Error(row.message));
      // The failing construct left nothing behind: the chart synthesizes to nothing.
      expect(chart.node.findAll().filter(c => ApiObject.isApiObject(c)).map(c => c.node.path)).toEqual([]);
      expect(Testing.synth(chart)).toEqual([]);
    }
  });

  test('a given Service is left as it was when the StatefulWeb that uses it fails', () => {
    const service = new HeadlessService(Testing.chart(), 'svc', { name: 'headless-svc' });
    expect(() => new StatefulWeb(Testing.chart(), 'site', { service, replicas: 1, pages: ['a', 'b'] })).toThrow(/'pages' must be at most one page per replica/);
    expect(service.selector).toBeUndefined();
    expect(service.ports).toEqual([]);
  });
});

// csi-driver-nfs: NfsCsiDriver, NfsCsiStorage, the snapshot constructs and
// NfsCsiMove. Self-contained: each row pins the first line of its error, the
// rule and the value; a row fails at construction or, 'later', in a construct
// made after valid ones, which still synthesize. (Two of one name in an app,
// refused at synth, are in test/nfs-csi-driver.test.ts and nfs-csi-storage.test.ts.)

interface CsiRow {
  readonly what: string;
  readonly build: (chart: Chart) => void;
  /** The first line of the error. */
  readonly message: string;
  readonly at?: 'later';
}

/** A driver in a chart of its own beside `c` (so that `c` synthesizes to nothing when a class fails). */
function driverBeside(c: Chart, props: { snapshots?: boolean; name?: string } = {}): NfsCsiDriver {
  return new NfsCsiDriver(new Chart(c.node.root as any, `drv${c.node.root.node.children.length}`, { namespace: 'csi' }), 'driver', props);
}

function csiClass(c: Chart, props: Partial<NfsCsiStorageProps> = {}, id = 'nfs'): NfsCsiStorage {
  return new NfsCsiStorage(c, id, { driver: driverBeside(c), server: '192.168.1.21', share: '/nfsdata', ...props });
}

/** A site on a csi class, a snapshot class of its driver and snapshots of it, all valid. */
function csiSite(c: Chart, replicas = 2) {
  const driver = driverBeside(c);
  const storage = new NfsCsiStorage(c, 'nfs', { driver, server: '192.168.1.21', share: '/nfsdata' });
  const site = new StatefulWeb(c, 'site', { name: 'web', replicas, storage });
  const snapshotClass = new NfsCsiSnapshotClass(c, 'snapclass', { driver });
  return { driver, storage, site, snapshotClass };
}

function csiRows(): CsiRow[] {
  const subDir = (what: string, value: string, message: string): CsiRow => ({
    what: `NfsCsiStorage: a subDir ${what}`,
    build: c => csiClass(c, { subDir: value }),
    message,
  });
  return [
    {
      what: 'NfsCsiDriver: a driver name with capitals',
      build: c => new NfsCsiDriver(c, 'driver', { name: 'NFS.csi.k8s.io' }),
      message: "NfsCsiDriver cat/driver: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"NFS.csi.k8s.io\"",
    },
    {
      what: 'NfsCsiDriver: a driver name of 64 characters',
      build: c => new NfsCsiDriver(c, 'driver', { name: `${'a'.repeat(50)}.example.com.x` }),
      message: "NfsCsiDriver cat/driver: 'name' must be a CSI driver name of at most 63 characters, got \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com.x\"",
    },
    {
      what: 'NfsCsiDriver: a relative kubelet directory',
      build: c => new NfsCsiDriver(c, 'driver', { kubeletDir: 'var/lib/kubelet' }),
      message: "NfsCsiDriver cat/driver: 'kubeletDir' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"var/lib/kubelet\"",
    },
    {
      what: "NfsCsiDriver: the kubelet directory '/'",
      build: c => new NfsCsiDriver(c, 'driver', { kubeletDir: '/' }),
      message: "NfsCsiDriver cat/driver: 'kubeletDir' must be the kubelet's root directory, not '/', got \"/\"",
    },
    {
      what: 'NfsCsiDriver: an image with a space',
      build: c => new NfsCsiDriver(c, 'driver', { images: { provisioner: 'csi-provisioner v6.3.0' } }),
      message: "NfsCsiDriver cat/driver: 'images.provisioner' must be a container image reference without spaces, got \"csi-provisioner v6.3.0\"",
    },
    {
      what: 'NfsCsiDriver: 1.5 controller replicas',
      build: c => new NfsCsiDriver(c, 'driver', { controllerReplicas: 1.5 }),
      message: "NfsCsiDriver cat/driver: 'controllerReplicas' must be a whole number from 0 to 100, got 1.5",
    },
    {
      what: 'NfsCsiDriver: a node selector key with a space',
      build: c => new NfsCsiDriver(c, 'driver', { nodeSelector: { 'node role': 'storage' } }),
      message: "NfsCsiDriver cat/driver: 'nodeSelector.node role' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit), got \"node role\"",
    },
    {
      what: 'NfsCsiStorage: no server',
      build: c => csiClass(c, { server: '' }),
      message: "NfsCsiStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"\"",
    },
    {
      what: 'NfsCsiStorage: a relative share',
      build: c => csiClass(c, { share: 'nfsdata' }),
      message: "NfsCsiStorage cat/nfs: 'share' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/'), got \"nfsdata\"",
    },
    subDir('with a label, which the driver does not expand', '${pvc.metadata.labels.app}/${pv.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path whose variables are ${pvc.metadata.namespace}, ${pvc.metadata.name} and ${pv.metadata.name}: the driver writes ${pvc.metadata.labels.app} as it is, got \"${pvc.metadata.labels.app}/${pv.metadata.name}\""),
    subDir('that is a constant', 'data', "NfsCsiStorage cat/nfs: 'subDir' must be a path with ${pv.metadata.name}, or with both ${pvc.metadata.namespace} and ${pvc.metadata.name}: a class serves claims of every namespace, each with a directory of its own, got \"data\""),
    subDir('with the claim name only', '${pvc.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path with ${pv.metadata.name}, or with both ${pvc.metadata.namespace} and ${pvc.metadata.name}: a class serves claims of every namespace, each with a directory of its own, got \"${pvc.metadata.name}\""),
    subDir("with '..'", '../${pv.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path relative to the share, without an empty, '.' or '..' directory name (so not starting or ending with '/'), such as '${pvc.metadata.namespace}/${pvc.metadata.name}', got \"../${pv.metadata.name}\""),
    subDir('that is absolute', '/${pv.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path relative to the share, without an empty, '.' or '..' directory name (so not starting or ending with '/'), such as '${pvc.metadata.namespace}/${pvc.metadata.name}', got \"/${pv.metadata.name}\""),
    subDir('ending with /', '${pv.metadata.name}/', "NfsCsiStorage cat/nfs: 'subDir' must be a path relative to the share, without an empty, '.' or '..' directory name (so not starting or ending with '/'), such as '${pvc.metadata.namespace}/${pvc.metadata.name}', got \"${pv.metadata.name}/\""),
    subDir("with namespace and claim joined by '-'", '${pvc.metadata.namespace}-${pvc.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path with each variable at most once per directory name, and between two in one name a '.', '_' or capital letter (with '-', namespace 'a-b' claim 'c' meets namespace 'a' claim 'b-c'), got \"${pvc.metadata.namespace}-${pvc.metadata.name}\""),
    subDir('with the volume name twice in one directory name', '${pv.metadata.name}x${pv.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path with each variable at most once per directory name, and between two in one name a '.', '_' or capital letter (with '-', namespace 'a-b' claim 'c' meets namespace 'a' claim 'b-c'), got \"${pv.metadata.name}x${pv.metadata.name}\""),
    subDir('with a space', '${pvc.metadata.namespace}/my ${pvc.metadata.name}', "NfsCsiStorage cat/nfs: 'subDir' must be a path of variables, letters, digits, '.', '_', '-' and '/', such as '${pvc.metadata.namespace}/${pvc.metadata.name}', got \"${pvc.metadata.namespace}/my ${pvc.metadata.name}\""),
    {
      what: 'NfsCsiStorage: an onDelete the driver does not know',
      build: c => csiClass(c, { onDelete: 'archived' as NfsOnDelete }),
      message: "NfsCsiStorage cat/nfs: 'onDelete' must be one of delete, retain, archive, got \"archived\"",
    },
    {
      what: 'NfsCsiStorage: mountPermissions above 0o7777',
      build: c => csiClass(c, { mountPermissions: 0o10000 }),
      message: "NfsCsiStorage cat/nfs: 'mountPermissions' must be a whole number from 0 to 4095, got 4096",
    },
    {
      what: 'NfsCsiStorage: negative mountPermissions',
      build: c => csiClass(c, { mountPermissions: -1 }),
      message: "NfsCsiStorage cat/nfs: 'mountPermissions' must be a whole number from 0 to 4095, got -1",
    },
    {
      what: 'NfsCsiStorage: a mount option with a comma',
      build: c => csiClass(c, { mountOptions: ['nfsvers=4.1,hard'] }),
      message: "NfsCsiStorage cat/nfs: 'mountOptions[0]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1', got \"nfsvers=4.1,hard\"",
    },
    {
      what: 'NfsCsiStorage: a reclaim policy of another API',
      build: c => csiClass(c, { reclaimPolicy: 'Recycle' as ReclaimPolicy }),
      message: "NfsCsiStorage cat/nfs: 'reclaimPolicy' must be one of Retain, Delete, got \"Recycle\"",
    },
    {
      what: 'NfsCsiStorage: an upper-case StorageClass name',
      build: c => csiClass(c, { storageClassName: 'NFS' }),
      message: "NfsCsiStorage cat/nfs: 'storageClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"NFS\"",
    },
    {
      what: 'NfsCsiStorage: a binding mode of another API',
      build: c => csiClass(c, { volumeBindingMode: 'Later' as VolumeBindingMode }),
      message: "NfsCsiStorage cat/nfs: 'volumeBindingMode' must be one of Immediate, WaitForFirstConsumer, got \"Later\"",
    },
    {
      what: 'NfsStorage: onDelete archive with archiveOnDelete false',
      build: c => new NfsStorage(c, 'nfs', { ...NFS, onDelete: NfsOnDelete.ARCHIVE, archiveOnDelete: false }),
      message: "NfsStorage cat/nfs: 'archiveOnDelete' must be true or left out with 'onDelete' NfsOnDelete.ARCHIVE, which archives, got false",
    },
    {
      what: 'NfsCsiSnapshotClass: a driver without snapshots',
      build: c => new NfsCsiSnapshotClass(c, 'class', { driver: driverBeside(c, { snapshots: false }) }),
      message: "NfsCsiSnapshotClass cat/class: 'driver' must be a driver with 'snapshots' (its csi-snapshotter sidecar takes the snapshots), got \"drv1/driver\"",
    },
    {
      what: 'NfsCsiSnapshotClass: a deletion policy of another API',
      build: c => new NfsCsiSnapshotClass(c, 'class', { driver: driverBeside(c), deletionPolicy: 'Recycle' as SnapshotDeletionPolicy }),
      message: "NfsCsiSnapshotClass cat/class: 'deletionPolicy' must be one of Retain, Delete, got \"Recycle\"",
    },
    {
      what: 'NfsCsiSnapshotClass: a name with an underscore',
      build: c => new NfsCsiSnapshotClass(c, 'class', { driver: driverBeside(c), name: 'nfs_snapshots' }),
      message: "NfsCsiSnapshotClass cat/class: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"nfs_snapshots\"",
    },
    {
      what: 'SnapshotController: an empty image',
      build: c => new SnapshotController(c, 'snapshots', { image: '' }),
      message: "SnapshotController cat/snapshots: 'image' must be a container image reference without spaces, got \"\"",
    },
    {
      what: 'SnapshotController: negative replicas',
      build: c => new SnapshotController(c, 'snapshots', { replicas: -1 }),
      message: "SnapshotController cat/snapshots: 'replicas' must be a whole number from 0 to 100, got -1",
    },
    {
      what: 'StatefulWebSnapshots: a site on another class',
      build: c => {
        const driver = driverBeside(c);
        const site = new StatefulWeb(c, 'site', { replicas: 1, storage: StorageClassRef.fromName('gp3') });
        new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass: new NfsCsiSnapshotClass(c, 'snapclass', { driver }) });
      },
      message: "StatefulWebSnapshots cat/snaps: 'site' must be a StatefulWeb whose claim template 'data' claims from an NfsCsiStorage (got the class \"gp3\"), got \"cat/site\"",
      at: 'later',
    },
    {
      what: 'StatefulWebSnapshots: a snapshot class of another driver',
      build: c => {
        const { site } = csiSite(c);
        const other = new NfsCsiSnapshotClass(c, 'other', { driver: driverBeside(c, { name: 'nfs.example.com' }) });
        new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass: other });
      },
      message: "StatefulWebSnapshots cat/snaps: 'snapshotClass' must be a snapshot class of the site's driver \"nfs.csi.k8s.io\" (drv1/driver), not of \"nfs.example.com\", got \"cat/other\"",
      at: 'later',
    },
    {
      what: 'StatefulWebSnapshots: a claim template the site does not have',
      build: c => { const { site, snapshotClass } = csiSite(c); new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass, claim: 'logs' }); },
      message: "StatefulWebSnapshots cat/snaps: 'claim' must be one of the claim templates of cat/site (data), got \"logs\"",
      at: 'later',
    },
    {
      what: 'StatefulWebSnapshots: a chart of another namespace than the site',
      build: c => {
        const { site, snapshotClass } = csiSite(c);
        new StatefulWebSnapshots(new Chart(c.node.root as any, 'other', { namespace: 'backup' }), 'snaps', { site, snapshotClass });
      },
      message: "StatefulWebSnapshots other/snaps: 'site' must be a StatefulWeb in this construct's namespace \"backup\" (its claims are in \"web\"): a snapshot and its claim share one, got \"cat/site\"",
      at: 'later',
    },
    {
      what: 'StatefulWebSnapshots: a name prefix with capitals',
      build: c => { const { site, snapshotClass } = csiSite(c); new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass, namePrefix: 'Nightly' }); },
      message: "StatefulWebSnapshots cat/snaps: 'namePrefix' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"Nightly\"",
      at: 'later',
    },
    {
      what: 'ClaimsFromSnapshots: fewer snapshots than replicas',
      build: c => {
        const { site, snapshotClass, storage } = csiSite(c, 2);
        const snapshots = new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass });
        const restored = new StatefulWeb(c, 'restored', { name: 'restored', replicas: 3, storage });
        new ClaimsFromSnapshots(c, 'restore', { site: restored, snapshots });
      },
      message: "ClaimsFromSnapshots cat/restore: 'snapshots' must be one snapshot per replica of cat/restored (3), got \"2 snapshots\"",
      at: 'later',
    },
    {
      what: 'ClaimsFromSnapshots: snapshots of another driver than the site storage',
      build: c => {
        const { site, snapshotClass } = csiSite(c, 2);
        const snapshots = new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass });
        const storage = new NfsCsiStorage(c, 'other', { driver: driverBeside(c, { name: 'nfs.example.com' }), server: '192.168.1.21', share: '/nfsdata' });
        const restored = new StatefulWeb(c, 'restored', { name: 'restored', replicas: 2, storage });
        new ClaimsFromSnapshots(c, 'restore', { site: restored, snapshots });
      },
      message: "ClaimsFromSnapshots cat/restore: 'snapshots' must be snapshots of the driver of the site's storage \"nfs.example.com\", not of \"nfs.csi.k8s.io\", got \"cat/snaps\"",
      at: 'later',
    },
    {
      what: 'ClaimsFromSnapshots: restoring a site from its own snapshots',
      build: c => {
        const { site, snapshotClass } = csiSite(c, 2);
        new ClaimsFromSnapshots(c, 'restore', { site, snapshots: new StatefulWebSnapshots(c, 'snaps', { site, snapshotClass }) });
      },
      message: "ClaimsFromSnapshots cat/restore: 'snapshots' must be snapshots of another site than cat/site: its claims exist already, and a claim that exists is never made again from a snapshot, got \"cat/snaps\"",
      at: 'later',
    },
    ...moveRows(),
  ];
}

/** A site moved from an NfsStorage to a csi class: everything valid but the move's props. */
function moveRows(): CsiRow[] {
  const VOLUMES = ['pvc-1', 'pvc-2'];
  type Classes = { from?: Partial<NfsStorageProps>; to?: Partial<NfsCsiStorageProps> };
  const move = (what: string, props: Partial<NfsCsiMoveProps>, message: string, opts: Classes = {}): CsiRow => ({
    what: `NfsCsiMove: ${what}`,
    build: c => {
      const from = new NfsStorage(c, 'old', { ...NFS, ...opts.from });
      const storage = new NfsCsiStorage(c, 'nfs', { driver: driverBeside(c), server: '192.168.1.21', share: '/nfsdata', ...opts.to });
      const site = new StatefulWeb(c, 'site', { name: 'web', replicas: 2, storage });
      new NfsCsiMove(c, 'move', { site, from, volumes: VOLUMES, ...props });
    },
    message,
    at: 'later',
  });
  return [
    move('an old class that deletes volumes', {}, "NfsCsiMove cat/move: 'from' must be an NfsStorage with ReclaimPolicy.RETAIN (got Delete): deleting the old claims, a step of the move, would make its provisioner delete or archive the directories that hold the data, got \"cat/old\"", { from: { reclaimPolicy: ReclaimPolicy.DELETE } }),
    move('a new class that deletes volumes', {}, "NfsCsiMove cat/move: 'site' must be a StatefulWeb on an NfsCsiStorage with ReclaimPolicy.RETAIN (cat/nfs has Delete): moved volumes stay Retain, so the claims would be treated two ways, got \"cat/site\"", { to: { reclaimPolicy: ReclaimPolicy.DELETE } }),
    move('neither volumes nor directories', { volumes: undefined }, "NfsCsiMove cat/move: 'volumes' must be given when 'directories' is not, and left out when it is: the old volume names (for the subdir provisioner's default directories) or the directories themselves, got undefined"),
    move('both volumes and directories', { directories: ['a', 'b'] }, "NfsCsiMove cat/move: 'volumes' must be given when 'directories' is not, and left out when it is: the old volume names (for the subdir provisioner's default directories) or the directories themselves, got [\"pvc-1\",\"pvc-2\"]"),
    move('fewer volumes than replicas', { volumes: ['pvc-1'] }, "NfsCsiMove cat/move: 'volumes' must be one entry per replica of the site, in ordinal order (2), got [\"pvc-1\"]"),
    move("a directory with '..'", { volumes: undefined, directories: ['a', '../etc'] }, "NfsCsiMove cat/move: 'directories[1]' must be a directory relative to the export such as 'xgp-lll-test-web-0-pvc-1234' (letters, digits, '.', '_', '-' and '/', no empty, '.' or '..' directory name), got \"../etc\""),
    move('an absolute directory', { volumes: undefined, directories: ['/a', 'b'] }, "NfsCsiMove cat/move: 'directories[0]' must be a directory relative to the export such as 'xgp-lll-test-web-0-pvc-1234' (letters, digits, '.', '_', '-' and '/', no empty, '.' or '..' directory name), got \"/a\""),
    move('one directory twice', { volumes: undefined, directories: ['a', 'a'] }, "NfsCsiMove cat/move: 'directories[1]' must be a directory of its own (ordinal 0 has it too): two pods on one directory would write over each other, got \"a\""),
    move('a volume name with capitals', { volumes: ['pvc-1', 'PVC-2'] }, "NfsCsiMove cat/move: 'volumes[1]' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters, got \"PVC-2\""),
    move('volume names for an NfsStorage with a pathPattern', {}, "NfsCsiMove cat/move: 'volumes' must be left out for an NfsStorage with a 'pathPattern' (\"${.PVC.namespace}/${.PVC.name}\"): give 'directories', as the pattern made them, got [\"pvc-1\",\"pvc-2\"]", { from: { pathPattern: '${.PVC.namespace}/${.PVC.name}' } }),
    move('a claim template the site does not have', { claim: 'logs' }, "NfsCsiMove cat/move: 'claim' must be one of the claim templates of cat/site (data), got \"logs\""),
    {
      what: 'NfsCsiMove: a site on another class',
      build: c => {
        const from = new NfsStorage(c, 'old', NFS);
        const site = new StatefulWeb(c, 'site', { name: 'web', replicas: 2, storage: from });
        new NfsCsiMove(c, 'move', { site, from, volumes: VOLUMES });
      },
      message: "NfsCsiMove cat/move: 'site' must be a StatefulWeb whose claim template 'data' claims from an NfsCsiStorage (got the class \"cat-old-web-c87c0d8e\"), got \"cat/site\"",
      at: 'later',
    },
  ];
}

describe('the catalogue of bad input: csi-driver-nfs', () => {
  const csi = csiRows();

  test('covers every csi construct', () => {
    for (const name of ['NfsCsiDriver', 'NfsCsiStorage', 'NfsCsiSnapshotClass', 'SnapshotController', 'StatefulWebSnapshots', 'ClaimsFromSnapshots', 'NfsCsiMove']) {
      expect({ name, rows: csi.filter(r => r.what.startsWith(`${name}:`)).length >= 2 }).toEqual({ name, rows: true });
    }
  });

  test.each(csi.map(r => [r.what, r] as const))('%s', (_, row) => {
    const chart = new Chart(Testing.app(), 'cat', { namespace: 'web' });
    let error: Error | undefined;
    try {
      row.build(chart);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message.split('\n')[0]).toBe(row.message);
    // The rule, `must be ...`, fits on one line of at most 200 characters.
    const rule = / (must be .*), got /.exec(row.message)![1];
    expect({ rule, length: rule.length }).toEqual({ rule, length: Math.min(rule.length, 200) });
    if (row.at === 'later') {
      // What was valid before the failing construct still synthesizes.
      expect(() => Testing.synth(chart)).not.toThrow();
    } else {
      // The failing construct left nothing behind: the chart synthesizes to nothing.
      expect(chart.node.findAll().filter(c => ApiObject.isApiObject(c)).map(c => c.node.path)).toEqual([]);
      expect(Testing.synth(chart)).toEqual([]);
    }
  });
});
