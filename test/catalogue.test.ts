import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ClaimAccessMode, ClientServiceType, CpuAmount, HealthProbe, NodeLabelOperator, PodManagement, PortProtocol, ProbeScheme, PullPolicy,
  TolerationEffect, TolerationOperator, UpdateStrategy, HeadlessService, NfsOnDelete, NfsStorage, ReclaimPolicy, StatefulWeb, StorageClassRef,
  VolumeBindingMode, ClaimRetentionPolicy, DisruptionBudget, PagesMode, PodSecurityLevel, PodSecurityNamespace, Spreading, WebServer,
  ClaimsFromSnapshots, NfsCsiDriver, NfsCsiMove, NfsCsiMoveProps, NfsCsiSnapshotClass, NfsCsiStorage, NfsCsiStorageProps,
  NfsStorageProps, PathMatch, SiteContent, SnapshotController, SnapshotDeletionPolicy, StatefulWebSnapshots,
} from '../src';
import { RULE_MAX } from '../src/checks';

/*
 * The catalogue of bad input: one case per rule and prop, each with the
 * inputs that break it. A case pins the first line of the error, which
 * states the rule (`<construct>: '<prop>' must be <rule>`) and the value
 * received (`, got <value>`); the lines after it, the why and what to do, can
 * be reworded without touching the catalogue. An input fails at construction
 * (the default) or, for what a later call can still change, at synth. Either
 * way nothing of the failing construct is synthesized.
 *
 * This is the one place where an input and its message are asserted: the
 * constructs' own `fails when` blocks keep only what a message alone cannot
 * show (a failed call that changes nothing, the value next to the limit that
 * passes, checks that need several charts).
 */

const NFS = { server: '192.168.1.21', path: '/nfsdata' };

interface Input {
  /** What is wrong with it. */
  readonly input: string;
  readonly build: (chart: Chart) => void;
  /** The value as the error shows it. */
  readonly got: string;
}

interface Case {
  /** The first line of the error, up to `, got`: the construct, the prop and the rule. */
  readonly rule: string;
  readonly inputs: Input[];
  /**
   * 'synth' when the error comes from Testing.synth, not from construction;
   * 'later' when it comes from a call on (or a construct made after) a valid
   * construct, which stays valid.
   */
  readonly at?: 'synth' | 'later';
}

const cases: Case[] = [
  {
    rule: "NfsStorage cat/nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com'",
    inputs: [
      { input: 'no server', got: '""', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '' }) },
      { input: 'a server with a space', got: '"nfs server"', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs server' }) },
      { input: 'an IPv4 address out of range', got: '"256.1.1.1"', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '256.1.1.1' }) },
      { input: 'a server that is not a host', got: '"not a host!"', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'not a host!' }) },
      {
        input: 'a server like an IPv4 address out of range',
        got: '"999.1.1.1"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '999.1.1.1' }),
      },
      { input: 'a server with an underscore', got: '"nfs_server"', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs_server' }) },
      { input: 'a server starting with a dash', got: '"-nfs"', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '-nfs' }) },
      {
        input: 'a server with a non-ASCII letter',
        got: '"nfs.exämple.com"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, server: 'nfs.exämple.com' }),
      },
      { input: 'a server with a trailing space', got: '"192.168.1.21 "', build: c => new NfsStorage(c, 'nfs', { ...NFS, server: '192.168.1.21 ' }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'a relative export path', got: '"nfsdata"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: 'nfsdata' }) },
      { input: 'an export path with ..', got: '"/srv/../etc"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/srv/../etc' }) },
      {
        input: 'a relative export path with a slash',
        got: '"relative/path"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, path: 'relative/path' }),
      },
      { input: 'an export path with a trailing slash', got: '"/nfsdata/"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/nfsdata/' }) },
      { input: 'an export path with //', got: '"/a//b"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a//b' }) },
      { input: 'an export path with .', got: '"/a/./b"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a/./b' }) },
      { input: 'an empty export path', got: '""', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '' }) },
      { input: 'an export path with .. in the middle', got: '"/a/../b"', build: c => new NfsStorage(c, 'nfs', { ...NFS, path: '/a/../b' }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'storageClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      {
        input: 'an upper-case StorageClass name',
        got: '"Stateful-NFS"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: 'Stateful-NFS' }),
      },
      {
        input: 'a StorageClass name with an underscore',
        got: '"Bad_Name"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: 'Bad_Name' }),
      },
      { input: 'an empty StorageClass name', got: '""', build: c => new NfsStorage(c, 'nfs', { ...NFS, storageClassName: '' }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'provisionerName' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a provisioner name with two slashes',
        got: '"example.com/nfs/xgp"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'example.com/nfs/xgp' }),
      },
      {
        input: 'a provisioner name with a space',
        got: '"bad name!"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'bad name!' }),
      },
      {
        input: 'a provisioner name with capitals in the prefix',
        got: '"Example.com/nfs"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'Example.com/nfs' }),
      },
      {
        input: 'a provisioner name with an empty name',
        got: '"example.com/"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'example.com/' }),
      },
      {
        input: 'a provisioner name of 64 characters',
        got: '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'x'.repeat(64) }),
      },
      {
        input: 'a provisioner name with two slashes and no dots',
        got: '"a/b/c"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, provisionerName: 'a/b/c' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'tolerations[0].key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a toleration key with a space',
        got: '"dedicated storage"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, tolerations: [{ key: 'dedicated storage', operator: TolerationOperator.EXISTS }] }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'replicas' must be a whole number from 0 to 100",
    inputs: [
      { input: 'negative replicas', got: '-1', build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: -1 }) },
      { input: 'fractional replicas', got: '1.5', build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 1.5 }) },
      { input: '101 replicas', got: '101', build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 101 }) },
      { input: 'Infinity replicas', got: 'Infinity', build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: Infinity }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'replicas' must be at most 1 when 'leaderElection' is false",
    inputs: [
      {
        input: 'two replicas without leader election',
        got: '2',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, replicas: 2, leaderElection: false }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'reclaimPolicy' must be one of Retain, Delete",
    inputs: [
      {
        input: 'an unknown reclaim policy',
        got: '"Recycle"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, reclaimPolicy: 'Recycle' as ReclaimPolicy }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'volumeBindingMode' must be one of Immediate, WaitForFirstConsumer",
    inputs: [
      {
        input: 'an unknown binding mode',
        got: '"Later"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, volumeBindingMode: 'Later' as VolumeBindingMode }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'onDelete' must be one of delete, retain, archive",
    inputs: [
      {
        input: 'an unknown onDelete',
        got: '"archived"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, reclaimPolicy: ReclaimPolicy.DELETE, onDelete: 'archived' as NfsOnDelete }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path of fields, letters, digits, '.', '_', '-' and '/', such as '${.PVC.namespace}/${.PVC.name}'",
    inputs: [
      {
        input: 'a pathPattern with a space',
        got: '"${.PVC.namespace}/my ${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/my ${.PVC.name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path without ${.PVC.annotations.<key>}",
    inputs: [
      {
        input: "a pathPattern with an annotation (the upstream README's example)",
        got: '"${.PVC.namespace}/${.PVC.annotations.nfs.io/storage-path}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.annotations.nfs.io/storage-path}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path whose fields are ${.PVC.namespace}, ${.PVC.name} and ${.PVC.labels.<label key>}",
    inputs: [
      {
        input: 'a pathPattern with a field v4.0.2 does not know',
        got: '"${.PVC.namespace}/${.PVC.Name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.Name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path with both ${.PVC.namespace} and ${.PVC.name}, such as '${.PVC.namespace}/${.PVC.name}'",
    inputs: [
      {
        input: 'a pathPattern without the namespace',
        got: '"claims/${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: 'claims/${.PVC.name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path whose every directory name keeps a character other than '.' when its labels are missing",
    inputs: [
      {
        input: 'a pathPattern with a directory level made of a label',
        got: '"${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.labels.tier}/${.PVC.name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path with no label in a directory name that holds ${.PVC.namespace} or ${.PVC.name}",
    inputs: [
      {
        input: 'a pathPattern with a label beside the name',
        got: '"${.PVC.namespace}/${.PVC.name}${.PVC.labels.app}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.name}${.PVC.labels.app}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path with ${.PVC.namespace} and ${.PVC.name} at most once per directory name, with a '.', '_' or capital letter between them where one name holds both",
    inputs: [
      {
        input: "a pathPattern that joins namespace and name with '-' (the upstream README's example)",
        got: '"${.PVC.namespace}-${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}-${.PVC.name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be one directory name (no '/') with 'reclaimPolicy' Delete and an image of v4.0.2 or older",
    inputs: [
      {
        input: 'a pathPattern with a sub-directory, ReclaimPolicy.DELETE and the default image',
        got: '"${.PVC.namespace}/${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '${.PVC.namespace}/${.PVC.name}', reclaimPolicy: ReclaimPolicy.DELETE }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'runAsUser' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a negative user id', got: '-1', build: c => new NfsStorage(c, 'nfs', { ...NFS, runAsUser: -1 }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'runAsGroup' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a fractional group id', got: '1000.5', build: c => new NfsStorage(c, 'nfs', { ...NFS, runAsGroup: 1000.5 }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'mountOptions[0]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1'",
    inputs: [
      {
        input: 'two mount options in one string',
        got: '"nfsvers=4.1,hard"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers=4.1,hard'] }),
      },
      { input: 'a mount option with a space', got: '"nfsvers 4"', build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers 4'] }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'image' must be a container image reference without spaces",
    inputs: [
      { input: 'an image with a space', got: '"nfs provisioner"', build: c => new NfsStorage(c, 'nfs', { ...NFS, image: 'nfs provisioner' }) },
      { input: 'an empty image', got: '""', build: c => new NfsStorage(c, 'nfs', { ...NFS, image: '' }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'nodeSelector.disk type' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a node selector key with a space',
        got: '"disk type"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { 'disk type': 'ssd' } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'resources.cpu.request' must be at most the limit 100m",
    inputs: [
      {
        input: 'a CPU request above its limit',
        got: '"500m"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { cpu: { request: CpuAmount.millis(500), limit: CpuAmount.millis(100) } } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'pathPattern' must be a path relative to the export, without an empty, '.' or '..' directory name, such as '${.PVC.namespace}/${.PVC.name}'",
    inputs: [
      { input: 'an empty pathPattern', got: '""', build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '' }) },
      {
        input: 'a pathPattern starting with ..',
        got: '"../${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '../${.PVC.name}' }),
      },
      {
        input: 'a pathPattern that climbs out with ..',
        got: '"a/../../b"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: 'a/../../b' }),
      },
      {
        input: 'an absolute pathPattern under a directory',
        got: '"/abs/${.PVC.name}"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '/abs/${.PVC.name}' }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'mountOptions[1]' must be one NFS mount option without spaces or commas, such as 'nfsvers=4.1'",
    inputs: [
      {
        input: 'the second mount option with a comma',
        got: '"hard,intr"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, mountOptions: ['nfsvers=4.1', 'hard,intr'] }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'nodeSelector.zone' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      {
        input: 'a node selector value with a space',
        got: '"not valid!"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { zone: 'not valid!' } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'resources.memory.request' must be at most the limit 128Mi",
    inputs: [
      {
        input: 'a memory request above its limit',
        got: '"256Mi"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(128) } } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'resources.cpu.request' must be at most the limit 500m",
    inputs: [
      {
        input: 'a CPU request of 2 above a limit of 500m',
        got: '"2"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { cpu: { request: CpuAmount.cores(2), limit: CpuAmount.millis(500) } } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'resources.memory.limit' must be a positive whole number of KiB, such as Size.mebibytes(100)",
    inputs: [
      {
        input: 'a memory limit of 0',
        got: '"0Ki"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, resources: { memory: { limit: Size.mebibytes(0) } } }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'nodeSelector.bad key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a node selector key with a space, bad key',
        got: '"bad key"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, nodeSelector: { 'bad key': 'x' } }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters",
    inputs: [
      { input: 'a name starting with a digit', got: '"1web"', build: c => new HeadlessService(c, 'svc', { name: '1web' }) },
      { input: 'an upper-case name', got: '"Headless-Svc"', build: c => new HeadlessService(c, 'svc', { name: 'Headless-Svc' }) },
      { input: 'a name with capitals', got: '"Web"', build: c => new HeadlessService(c, 'svc', { name: 'Web' }) },
      { input: 'a name with a dot', got: '"web.svc"', build: c => new HeadlessService(c, 'svc', { name: 'web.svc' }) },
      { input: 'a name ending with a dash', got: '"web-"', build: c => new HeadlessService(c, 'svc', { name: 'web-' }) },
      {
        input: 'a name of 64 characters',
        got: '"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"',
        build: c => new HeadlessService(c, 'svc', { name: 'w'.repeat(64) }),
      },
      { input: 'an empty name', got: '""', build: c => new HeadlessService(c, 'svc', { name: '' }) },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[0].port' must be a whole number from 1 to 65535",
    inputs: [
      { input: 'port 0', got: '0', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 0 }] }) },
      { input: 'port 70000', got: '70000', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 70000 }] }) },
      { input: 'a negative port', got: '-1', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: -1 }] }) },
      { input: 'a fractional port', got: '80.5', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80.5 }] }) },
      { input: 'port NaN', got: 'NaN', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: NaN }] }) },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[0].targetPort' must be a whole number from 1 to 65535",
    inputs: [
      {
        input: 'a target port above 65535',
        got: '70000',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, targetPort: 70000 }] }),
      },
      { input: 'target port 0', got: '0', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, targetPort: 0 }] }) },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[0].name' must be a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--'",
    inputs: [
      { input: 'an upper-case port name', got: '"HTTP"', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'HTTP', port: 80 }] }) },
      {
        input: 'a port name of 21 characters',
        got: '"a-very-long-port-name"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'a-very-long-port-name', port: 80 }] }),
      },
      { input: 'a port name with --', got: '"my--port"', build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'my--port', port: 80 }] }) },
      { input: 'a port name of digits only', got: '"8080"', build: c => new HeadlessService(c, 'svc', { ports: [{ name: '8080', port: 80 }] }) },
      {
        input: 'a port name starting with a dash',
        got: '"-http"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: '-http', port: 80 }] }),
      },
      {
        input: 'a port name of 16 characters, one past the limit',
        got: '"pppppppppppppppp"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'p'.repeat(16), port: 80 }] }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[1].name' must be unique among the ports (http)",
    inputs: [
      {
        input: 'two ports of one name',
        got: '"http"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[1].port' must be unique per protocol among the ports",
    inputs: [
      {
        input: 'one port number twice for TCP',
        got: '80',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80 }, { name: 'web', port: 80 }] }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'ports[0].protocol' must be one of TCP, UDP, SCTP",
    inputs: [
      {
        input: 'an unknown protocol',
        got: '"ICMP"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, protocol: 'ICMP' as PortProtocol }] }),
      },
      {
        input: 'protocol HTTP',
        got: '"HTTP"',
        build: c => new HeadlessService(c, 'svc', { ports: [{ name: 'http', port: 80, protocol: 'HTTP' as PortProtocol }] }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'selector' must be at least one label",
    inputs: [
      { input: 'an empty selector', got: '{}', build: c => new HeadlessService(c, 'svc', { selector: {} }) },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'clusterDomain' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      {
        input: 'a cluster domain with an underscore',
        got: '"cluster_local"',
        build: c => new HeadlessService(c, 'svc', { clusterDomain: 'cluster_local' }),
      },
      {
        input: 'a cluster domain with capitals and an underscore',
        got: '"Cluster_Local"',
        build: c => new HeadlessService(c, 'svc', { clusterDomain: 'Cluster_Local' }),
      },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'selector.app name' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      { input: 'a selector key with a space', got: '"app name"', build: c => new HeadlessService(c, 'svc', { selector: { 'app name': 'web' } }) },
    ],
  },
  {
    rule: "HeadlessService cat/svc: 'selector.app' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      { input: 'a selector value with a !', got: '"web!"', build: c => new HeadlessService(c, 'svc', { selector: { app: 'web!' } }) },
    ],
  },
  {
    at: 'later',
    rule: "HeadlessService cat/svc: 'selector' must be the selector it already has, {\"app\":\"web\"}: one headless Service governs one StatefulSet",
    inputs: [
      {
        input: 'a second, different selector',
        got: '{"app":"other"}',
        build: c => new HeadlessService(c, 'svc', { selector: { app: 'web' } }).selectLabels({ app: 'other' }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'replicas' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'negative replicas', got: '-1', build: c => new StatefulWeb(c, 'site', { replicas: -1 }) },
      { input: 'fractional replicas', got: '1.5', build: c => new StatefulWeb(c, 'site', { replicas: 1.5 }) },
      { input: 'Infinity replicas', got: 'Infinity', build: c => new StatefulWeb(c, 'site', { replicas: Infinity }) },
      { input: 'NaN replicas', got: 'NaN', build: c => new StatefulWeb(c, 'site', { replicas: NaN }) },
      { input: 'replicas past int32, 2 ** 31', got: '2147483648', build: c => new StatefulWeb(c, 'site', { replicas: 2 ** 31 }) },
      { input: 'replicas of 1e21', got: '1e+21', build: c => new StatefulWeb(c, 'site', { replicas: 1e21 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'port' must be a whole number from 1 to 65535",
    inputs: [
      { input: 'port 0', got: '0', build: c => new StatefulWeb(c, 'site', { port: 0 }) },
      { input: 'port 70000', got: '70000', build: c => new StatefulWeb(c, 'site', { port: 70000 }) },
      { input: 'a fractional port', got: '80.5', build: c => new StatefulWeb(c, 'site', { port: 80.5 }) },
      { input: 'port Infinity', got: 'Infinity', build: c => new StatefulWeb(c, 'site', { port: Infinity }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 52 characters",
    inputs: [
      { input: 'an upper-case name', got: '"StatefulSet-Test"', build: c => new StatefulWeb(c, 'site', { name: 'StatefulSet-Test' }) },
      {
        input: 'a name of 53 characters',
        got: '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
        build: c => new StatefulWeb(c, 'site', { name: 'a'.repeat(53) }),
      },
      {
        input: 'a name of 53 characters, all w',
        got: '"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"',
        build: c => new StatefulWeb(c, 'site', { name: 'w'.repeat(53) }),
      },
      { input: 'a name with capitals', got: '"Web"', build: c => new StatefulWeb(c, 'site', { name: 'Web' }) },
      { input: 'a name with an underscore', got: '"web_1"', build: c => new StatefulWeb(c, 'site', { name: 'web_1' }) },
      { input: 'a name starting with a dash', got: '"-web"', build: c => new StatefulWeb(c, 'site', { name: '-web' }) },
      { input: 'an empty name', got: '""', build: c => new StatefulWeb(c, 'site', { name: '' }) },
      { input: 'a name with a leading space', got: '" web"', build: c => new StatefulWeb(c, 'site', { name: ' web' }) },
      { input: 'a name with a trailing newline', got: '"web\\n"', build: c => new StatefulWeb(c, 'site', { name: 'web\n' }) },
      { input: 'a name with a non-ASCII letter', got: '"wéb"', build: c => new StatefulWeb(c, 'site', { name: 'wéb' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'name' must be a name starting with a letter, as it also names the governing Service; or give a 'service'",
    inputs: [
      { input: 'a name starting with a digit, naming its own Service', got: '"1web"', build: c => new StatefulWeb(c, 'site', { name: '1web' }) },
      { input: 'a name of digits, naming its own Service', got: '"2048"', build: c => new StatefulWeb(c, 'site', { name: '2048' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'storageSize' must be a positive whole number of KiB, such as Size.mebibytes(100)",
    inputs: [
      { input: 'a zero storage size', got: '"0Ki"', build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(0) }) },
      { input: 'a storage size that is not whole KiB', got: '"1.5Ki"', build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(1.5) }) },
      { input: 'a storage size of 0 MiB', got: '"0Ki"', build: c => new StatefulWeb(c, 'site', { storageSize: Size.mebibytes(0) }) },
      { input: 'a storage size of half a KiB', got: '"0.5Ki"', build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(0.5) }) },
      {
        input: 'a storage size of Infinity KiB',
        got: '"InfinityKi"',
        build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(Infinity) }),
      },
      { input: 'a storage size of NaN KiB', got: '"NaNKi"', build: c => new StatefulWeb(c, 'site', { storageSize: Size.kibibytes(NaN) }) },
      {
        input: 'a storage size that is a number (from JavaScript)',
        got: '100',
        build: c => new StatefulWeb(c, 'site', { storageSize: 100 as unknown as Size }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'a relative mount path', got: '"htdocs"', build: c => new StatefulWeb(c, 'site', { mountPath: 'htdocs' }) },
      { input: 'a relative mount path with a slash', got: '"relative/path"', build: c => new StatefulWeb(c, 'site', { mountPath: 'relative/path' }) },
      { input: 'a mount path with ..', got: '"/a/../b"', build: c => new StatefulWeb(c, 'site', { mountPath: '/a/../b' }) },
      { input: 'a mount path with a trailing slash', got: '"/srv/"', build: c => new StatefulWeb(c, 'site', { mountPath: '/srv/' }) },
      { input: 'an empty mount path', got: '""', build: c => new StatefulWeb(c, 'site', { mountPath: '' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'claimName' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters",
    inputs: [
      { input: 'an upper-case claim name', got: '"Test"', build: c => new StatefulWeb(c, 'site', { claimName: 'Test' }) },
      { input: 'a claim name with an underscore', got: '"My_Data"', build: c => new StatefulWeb(c, 'site', { claimName: 'My_Data' }) },
      { input: 'an empty claim name', got: '""', build: c => new StatefulWeb(c, 'site', { claimName: '' }) },
      {
        input: 'a claim name of 64 characters',
        got: '"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"',
        build: c => new StatefulWeb(c, 'site', { claimName: 'c'.repeat(64) }),
      },
      { input: 'a claim name with a non-ASCII letter', got: '"dätä"', build: c => new StatefulWeb(c, 'site', { claimName: 'dätä' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'claimName' must be a claim name other than the pod's own volumes (writable-0, pages)",
    inputs: [
      {
        input: 'a claim named like the pages volume',
        got: '"pages"',
        build: c => new StatefulWeb(c, 'site', { claimName: 'pages', pages: ['123'] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'pages' must be at most one page per replica (2)",
    inputs: [
      { input: 'more pages than replicas', got: '"3 pages"', build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['123', '456', '789'] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'accessModes' must be one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod",
    inputs: [
      { input: 'no access mode', got: '[]', build: c => new StatefulWeb(c, 'site', { accessModes: [] }) },
      {
        input: 'an unknown access mode',
        got: '["ReadWriteSometimes"]',
        build: c => new StatefulWeb(c, 'site', { accessModes: ['ReadWriteSometimes' as ClaimAccessMode] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ordinalsStart' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a negative first ordinal', got: '-1', build: c => new StatefulWeb(c, 'site', { ordinalsStart: -1 }) },
      { input: 'a first ordinal past int32', got: '2147483648', build: c => new StatefulWeb(c, 'site', { ordinalsStart: 2147483648 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'port' must be 1024 or more when 'runAsUser' is 1000: a non-root user cannot bind a privileged port",
    inputs: [
      { input: 'a non-root user on port 80', got: '80', build: c => new StatefulWeb(c, 'site', { runAsUser: 1000 }) },
      { input: 'a non-root user on port 1023', got: '1023', build: c => new StatefulWeb(c, 'site', { runAsUser: 1000, port: 1023 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'whenDeleted' must be one of Retain, Delete",
    inputs: [
      {
        input: 'an unknown claim retention policy',
        got: '"Keep"',
        build: c => new StatefulWeb(c, 'site', { whenDeleted: 'Keep' as ClaimRetentionPolicy }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podLabels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      { input: 'a pod label value with a space', got: '"front end"', build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'front end' } }) },
      {
        input: 'a pod label value of 64 characters',
        got: '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'x'.repeat(64) } }),
      },
      { input: 'a pod label value with a non-ASCII letter', got: '"café"', build: c => new StatefulWeb(c, 'site', { podLabels: { tier: 'café' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'image' must be a container image reference without spaces",
    inputs: [
      { input: 'an image with a space', got: '"httpd 2.4"', build: c => new StatefulWeb(c, 'site', { image: 'httpd 2.4' }) },
      { input: 'an empty image', got: '""', build: c => new StatefulWeb(c, 'site', { image: '' }) },
      { input: 'an image with a leading space', got: '" httpd:2.4.62"', build: c => new StatefulWeb(c, 'site', { image: ' httpd:2.4.62' }) },
      { input: 'an image with a tab', got: '"httpd:2.4.62\\t"', build: c => new StatefulWeb(c, 'site', { image: 'httpd:2.4.62\t' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'service' must be a HeadlessService whose selector matches the pod labels",
    inputs: [
      {
        input: 'a Service that selects other pods',
        got: '"other-svc-c861d007"',
        build: c => new StatefulWeb(c, 'site', { service: new HeadlessService(new Chart(Testing.app(), 'other', { namespace: 'web' }), 'svc', { selector: { app: 'other' } }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/htdocs)",
    inputs: [
      {
        input: "a writable path on the claim's mount path",
        got: '"/usr/local/apache2/htdocs"',
        build: c => new StatefulWeb(c, 'site', { writablePaths: ['/usr/local/apache2/htdocs'] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'pages' must be at most 1048576 bytes (1 MiB) in all, the keys '<ordinal>.html' included: one ConfigMap",
    inputs: [
      {
        input: 'pages of more than 1 MiB in all',
        got: '"1200012 bytes"',
        build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['x'.repeat(600_000), 'y'.repeat(600_000)] }),
      },
      {
        input: 'pages one byte past 1 MiB with their keys',
        got: '"1048577 bytes"',
        build: c => new StatefulWeb(c, 'site', { replicas: 1, pages: ['x'.repeat(1024 * 1024 - 6 + 1)] }),
      },
      {
        input: 'a page of non-ASCII letters past 1 MiB in UTF-8',
        got: '"1048582 bytes"',
        build: c => new StatefulWeb(c, 'site', { replicas: 1, pages: ['é'.repeat(524288)] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'pages[1]' must be a string",
    inputs: [
      {
        input: 'a page that is not a string (from JavaScript)',
        got: '42',
        build: c => new StatefulWeb(c, 'site', { replicas: 2, pages: ['a', 42 as unknown as string] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/data)",
    inputs: [
      {
        input: "a writable path on the claim's mount path, given both",
        got: '"/data"',
        build: c => new StatefulWeb(c, 'site', { writablePaths: ['/data'], mountPath: '/data' }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'writablePaths[1]' must be a path no other mount of the pod uses (/tmp)",
    inputs: [
      { input: 'one writable path twice', got: '"/tmp"', build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', '/tmp'] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/logs, /pages)",
    inputs: [
      {
        input: 'the claim mounted where the pages are',
        got: '"/pages"',
        build: c => new StatefulWeb(c, 'site', { mountPath: '/pages', pages: ['x'] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'writablePaths[1]' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'a relative writable path', got: '"run"', build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', 'run'] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'runAsUser' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a negative user id', got: '-1', build: c => new StatefulWeb(c, 'site', { runAsUser: -1, port: 8080 }) },
      { input: 'a user id of -Infinity', got: '-Infinity', build: c => new StatefulWeb(c, 'site', { runAsUser: -Infinity, port: 8080 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'runAsGroup' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a fractional group id', got: '1.5', build: c => new StatefulWeb(c, 'site', { runAsGroup: 1.5, port: 8080 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'fsGroup' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'an fsGroup past int32', got: '2147483648', build: c => new StatefulWeb(c, 'site', { fsGroup: 2147483648, port: 8080 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'resources.memory.request' must be at most the limit 512Mi",
    inputs: [
      {
        input: 'a memory request above its limit',
        got: '"1Gi"',
        build: c => new StatefulWeb(c, 'site', { resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'resources.cpu.request' must be at most the limit 500m",
    inputs: [
      {
        input: 'a CPU request above its limit',
        got: '"600m"',
        build: c => new StatefulWeb(c, 'site', { resources: { cpu: { request: CpuAmount.millis(600), limit: CpuAmount.millis(500) } } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'whenScaled' must be one of Retain, Delete",
    inputs: [
      { input: 'an unknown whenScaled', got: '"Orphan"', build: c => new StatefulWeb(c, 'site', { whenScaled: 'Orphan' as ClaimRetentionPolicy }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podManagementPolicy' must be one of OrderedReady, Parallel",
    inputs: [
      {
        input: 'an unknown pod management policy',
        got: '"Random"',
        build: c => new StatefulWeb(c, 'site', { podManagementPolicy: 'Random' as PodManagement }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'updateStrategy.partition' must be a whole number from 0 to 2147483647",
    inputs: [
      {
        input: 'a negative partition',
        got: '-1',
        build: c => new StatefulWeb(c, 'site', { updateStrategy: UpdateStrategy.rollingUpdate({ partition: -1 }) }),
      },
      {
        input: 'a partition past int32',
        got: '2147483648',
        build: c => new StatefulWeb(c, 'site', { updateStrategy: UpdateStrategy.rollingUpdate({ partition: 2147483648 }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'clientService.name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters",
    inputs: [
      { input: 'a client Service name with a capital', got: '"Front"', build: c => new StatefulWeb(c, 'site', { clientService: { name: 'Front' } }) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'clientService.name' must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters",
    inputs: [
      {
        input: 'a StatefulWeb name starting with a digit, a Service given, and no client Service name',
        got: '"1web-client"',
        build: c => new StatefulWeb(c, 'site', { name: '1web', service: new HeadlessService(c, 'svc', { name: 'web' }), clientService: {} }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'clientService.type' must be one of ClusterIP, NodePort, LoadBalancer",
    inputs: [
      { input: 'an ExternalName client Service', got: '"ExternalName"', build: c => new StatefulWeb(c, 'site', { clientService: { type: 'ExternalName' as ClientServiceType } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'clientService.port' must be a whole number from 1 to 65535",
    inputs: [
      { input: 'a client Service port of 0', got: '0', build: c => new StatefulWeb(c, 'site', { clientService: { port: 0 } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'clientService.nodePort' must be given only with 'type' NodePort or LoadBalancer",
    inputs: [
      { input: 'a node port on a ClusterIP Service', got: '30080', build: c => new StatefulWeb(c, 'site', { clientService: { nodePort: 30080 } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'httpRoute' must be given with a 'clientService': the route sends to it",
    inputs: [
      { input: 'a route without a client Service', got: '{"gatewayName":"public"}', build: c => new StatefulWeb(c, 'site', { httpRoute: { gatewayName: 'public' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ingress' must be given with a 'clientService': the route sends to it",
    inputs: [
      { input: 'an Ingress without a client Service', got: '{}', build: c => new StatefulWeb(c, 'site', { ingress: {} }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'httpRoute.gatewayName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      { input: 'a Gateway name with a capital', got: '"Public"', build: c => new StatefulWeb(c, 'site', { clientService: {}, httpRoute: { gatewayName: 'Public' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'httpRoute.hostnames[0]' must be a host name such as 'www.example.com' or '*.example.com' (no IP address, no port)",
    inputs: [
      {
        input: 'an IP address as host name',
        got: '"10.0.0.1"',
        build: c => new StatefulWeb(c, 'site', { clientService: {}, httpRoute: { gatewayName: 'gw', hostnames: ['10.0.0.1'] } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ingress.hostnames[0]' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      { input: 'a host name with a port', got: '"www.example.com:80"', build: c => new StatefulWeb(c, 'site', { clientService: {}, ingress: { hostnames: ['www.example.com:80'] } }) },
      { input: 'a host name with a capital', got: '"WWW.example.com"', build: c => new StatefulWeb(c, 'site', { clientService: {}, ingress: { hostnames: ['WWW.example.com'] } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'httpRoute.paths' must be one or more paths, such as [{ path: '/' }]",
    inputs: [
      { input: 'no path', got: '[]', build: c => new StatefulWeb(c, 'site', { clientService: {}, httpRoute: { gatewayName: 'gw', paths: [] } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ingress.paths[0].path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'a relative path', got: '"docs"', build: c => new StatefulWeb(c, 'site', { clientService: {}, ingress: { paths: [{ path: 'docs' }] } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'httpRoute.paths[0].match' must be one of Prefix, Exact",
    inputs: [
      {
        input: 'a regular expression match',
        got: '"RegularExpression"',
        build: c => new StatefulWeb(c, 'site', { clientService: {}, httpRoute: { gatewayName: 'gw', paths: [{ path: '/', match: 'RegularExpression' as PathMatch }] } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ingress.tlsSecretName' must be given with 'hostnames': the certificate is for them",
    inputs: [
      { input: 'a TLS secret without host names', got: '"www-tls"', build: c => new StatefulWeb(c, 'site', { clientService: {}, ingress: { tlsSecretName: 'www-tls' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics' must be given with a server that has a status page (WebServer.httpd() or WebServer.nginxUnprivileged())",
    inputs: [
      {
        input: 'metrics of a custom server',
        got: '{"namespace":"monitoring"}',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'caddy:2', port: 8080, documentRoot: '/srv' }), metrics: { namespace: 'monitoring' } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics.namespace' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters",
    inputs: [
      { input: 'a monitoring namespace with a capital', got: '"Monitoring"', build: c => new StatefulWeb(c, 'site', { metrics: { namespace: 'Monitoring' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics.port' must be a port other than the web port (80)",
    inputs: [
      { input: 'the status page on the web port', got: '80', build: c => new StatefulWeb(c, 'site', { metrics: { namespace: 'monitoring', port: 80 } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics.exporterImage' must be given with 'podMonitor' true: the exporter runs only for it",
    inputs: [
      {
        input: 'an exporter image without podMonitor',
        got: '"exporter:1"',
        build: c => new StatefulWeb(c, 'site', { metrics: { namespace: 'monitoring', exporterImage: 'exporter:1' } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics.port' must be a port other than the exporter's (9113) with 'podMonitor'",
    inputs: [
      {
        input: "the status page on the nginx exporter's port",
        got: '9113',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.nginxUnprivileged(), metrics: { namespace: 'monitoring', port: 9113, podMonitor: true } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'metrics.port' must be 1024 or more: a non-root server cannot bind a privileged port",
    inputs: [
      {
        input: 'a privileged status port for nginx-unprivileged',
        got: '443',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.nginxUnprivileged(), metrics: { namespace: 'monitoring', port: 443 } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'revisionHistoryLimit' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'a negative revisionHistoryLimit', got: '-1', build: c => new StatefulWeb(c, 'site', { revisionHistoryLimit: -1 }) },
      { input: 'a fractional revisionHistoryLimit', got: '2.5', build: c => new StatefulWeb(c, 'site', { revisionHistoryLimit: 2.5 }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'minReady' must be a whole number from 0 to 2147483647",
    inputs: [
      { input: 'minReady of 1.5 seconds', got: '1.5', build: c => new StatefulWeb(c, 'site', { minReady: Duration.millis(1500) }) },
      { input: 'minReady past int32 seconds', got: '2147483648', build: c => new StatefulWeb(c, 'site', { minReady: Duration.seconds(2147483648) }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'seedImage' must be a container image reference without spaces",
    inputs: [
      { input: 'an empty seed image', got: '""', build: c => new StatefulWeb(c, 'site', { seedImage: '' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podLabels.bad key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      { input: 'a pod label key with a space', got: '"bad key"', build: c => new StatefulWeb(c, 'site', { podLabels: { 'bad key': 'x' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'claimLabels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      { input: 'a claim label value with a space', got: '"front end"', build: c => new StatefulWeb(c, 'site', { claimLabels: { tier: 'front end' } }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'claimAnnotations.bad key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      { input: 'a claim annotation key with a space', got: '"bad key"', build: c => new StatefulWeb(c, 'site', { claimAnnotations: { 'bad key': 'x' } }) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.labels.tier' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      {
        input: "an added claim's label value with a slash",
        got: '"a/b"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', labels: { tier: 'a/b' } }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/b: 'service' must be a HeadlessService whose selector matches the pod labels",
    inputs: [
      {
        input: 'two StatefulWebs share one Service',
        got: '"cat-svc-c8bf6a9f"',
        build: c => {
          const service = new HeadlessService(c, 'svc');
          new StatefulWeb(c, 'a', { service });
          new StatefulWeb(c, 'b', { service });
        },
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'addVolumeClaimTemplate.name' must be a claim name not used yet (data)",
    inputs: [
      {
        input: 'a claim name used already',
        got: '"data"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('data', { mountPath: '/other' }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'addVolumeClaimTemplate.name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters",
    inputs: [
      {
        input: 'a claim name with capitals',
        got: '"Logs"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('Logs', { mountPath: '/logs' }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/htdocs, /usr/local/apache2/logs)",
    inputs: [
      {
        input: 'the mount path of another mount',
        got: '"/usr/local/apache2/htdocs"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/usr/local/apache2/htdocs' }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.mountPath' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'a relative mount path', got: '"logs"', build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: 'logs' }) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.size' must be a positive whole number of KiB, such as Size.mebibytes(100)",
    inputs: [
      {
        input: 'a size of 0',
        got: '"0Ki"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', size: Size.mebibytes(0) }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.accessModes' must be one or more of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod",
    inputs: [
      {
        input: 'no access mode',
        got: '[]',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', accessModes: [] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'ordinalsStart' must be at most 2147483645 with 3 replicas, so that the last ordinal is an int32",
    inputs: [
      {
        input: 'a first ordinal whose last pod is past int32',
        got: '2147483646',
        build: c => new StatefulWeb(c, 'site', { replicas: 3, ordinalsStart: 2147483646 }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      { input: 'the claim mounted at /', got: '"/"', build: c => new StatefulWeb(c, 'site', { mountPath: '/' }) },
      { input: 'the claim mounted at /proc', got: '"/proc"', build: c => new StatefulWeb(c, 'site', { mountPath: '/proc' }) },
      { input: 'the claim mounted at /sys', got: '"/sys"', build: c => new StatefulWeb(c, 'site', { mountPath: '/sys' }) },
      { input: 'the claim mounted at /dev', got: '"/dev"', build: c => new StatefulWeb(c, 'site', { mountPath: '/dev' }) },
      { input: 'the claim mounted inside /proc', got: '"/proc/sys"', build: c => new StatefulWeb(c, 'site', { mountPath: '/proc/sys' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'writablePaths[0]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      { input: 'a writable path at /', got: '"/"', build: c => new StatefulWeb(c, 'site', { writablePaths: ['/'] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'writablePaths[1]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      { input: 'a writable path inside /dev', got: '"/dev/shm"', build: c => new StatefulWeb(c, 'site', { writablePaths: ['/tmp', '/dev/shm'] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'writablePaths[0]' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      { input: 'an empty writable path', got: '""', build: c => new StatefulWeb(c, 'site', { writablePaths: [''] }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podLabels.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a pod label key of 64 characters',
        got: '"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"',
        build: c => new StatefulWeb(c, 'site', { podLabels: { ['k'.repeat(64)]: 'x' } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podLabels.' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      { input: 'an empty pod label key', got: '""', build: c => new StatefulWeb(c, 'site', { podLabels: { '': 'x' } }) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.mountPath' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      {
        input: 'a claim mounted at /dev',
        got: '"/dev"',
        build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/dev' }),
      },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'podName.ordinal' must be a whole number from 0 to 2",
    inputs: [
      { input: 'an ordinal past the last pod', got: '3', build: c => new StatefulWeb(c, 'site', { replicas: 3 }).podName(3) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'podName.ordinal' must be a whole number from 5 to 7",
    inputs: [
      { input: 'an ordinal before ordinalsStart', got: '4', build: c => new StatefulWeb(c, 'site', { replicas: 3, ordinalsStart: 5 }).podName(4) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'podName.ordinal' must be the ordinal of a pod, and with 0 replicas there is none",
    inputs: [
      { input: 'no pod at all', got: '0', build: c => new StatefulWeb(c, 'site', { replicas: 0 }).podName(0) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'claimName.template' must be one of the claim templates (data)",
    inputs: [
      { input: 'a template that does not exist', got: '"logs"', build: c => new StatefulWeb(c, 'site').claimName('logs', 0) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'storageSize' must be at most 2^53 - 1 KiB (8 EiB), what an int64 of bytes holds",
    inputs: [
      {
        input: 'a storage size past an int64 of bytes',
        got: '"9223372036854776000Ki"',
        build: c => new StatefulWeb(c, 'site', { storageSize: Size.tebibytes(2 ** 33) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'resources.memory.limit' must be a positive whole number of KiB, such as Size.mebibytes(100)",
    inputs: [
      {
        input: 'a memory limit of Infinity',
        got: '"InfinityKi"',
        build: c => new StatefulWeb(c, 'site', { resources: { memory: { limit: Size.mebibytes(Infinity) } } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'podLabels.ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp.qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq.rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr.ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/k' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a pod label key prefix of 254 characters, one past the limit',
        got: '"ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp.qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq.rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr.ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss/k"',
        build: c => new StatefulWeb(c, 'site', { podLabels: { [`${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(62)}/k`]: 'x' } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'service' must be a HeadlessService in the StatefulWeb's namespace \"web\"",
    inputs: [
      {
        input: 'a Service in another namespace',
        got: '"other-svc-c861d007"',
        build: c => new StatefulWeb(c, 'site', { service: new HeadlessService(new Chart(Testing.app(), 'other', { namespace: 'shop' }), 'svc') }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'disruptionBudget' must be at most the replicas (2)",
    inputs: [
      {
        input: 'a disruption budget larger than the replicas',
        got: '"maxUnavailable 3"',
        build: c => new StatefulWeb(c, 'site', { replicas: 2, disruptionBudget: DisruptionBudget.maxUnavailable(3) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'disruptionBudget' must be fewer than the replicas (3), or no node could ever be drained; use DisruptionBudget.none() for no budget",
    inputs: [
      {
        input: 'a disruption budget that keeps every replica',
        got: '"minAvailable 3"',
        build: c => new StatefulWeb(c, 'site', { replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(3) }),
      },
    ],
  },
  {
    rule: "DisruptionBudget.maxUnavailable: 'pods' must be a whole number from 1 to 2147483647",
    inputs: [
      {
        input: 'a disruption budget of no pod',
        got: '0',
        build: c => new StatefulWeb(c, 'site', { replicas: 3, disruptionBudget: DisruptionBudget.maxUnavailable(0) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'spreading' must be one of Preferred, Required, None",
    inputs: [
      { input: 'an unknown spreading', got: '"Always"', build: c => new StatefulWeb(c, 'site', { spreading: 'Always' as Spreading }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'pagesMode' must be one of SeedOnce, Sync",
    inputs: [
      { input: 'an unknown pages mode', got: '"Never"', build: c => new StatefulWeb(c, 'site', { pages: ['a'], pagesMode: 'Never' as PagesMode }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].key' must be a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)",
    inputs: [
      {
        input: 'a toleration with a bad key',
        got: '"dedicated web"',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'dedicated web', value: 'yes' }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].value' must be a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit",
    inputs: [
      {
        input: 'a toleration with a bad value',
        got: '"web tier"',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'dedicated', value: 'web tier' }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'nodeAffinity[0].requirements[0].values' must be at least one value for 'In'",
    inputs: [
      {
        input: 'a node affinity on a set of no value',
        got: '[]',
        build: c => new StatefulWeb(c, 'site', { nodeAffinity: [{ requirements: [{ key: 'disk', operator: NodeLabelOperator.IN, values: [] }] }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'priorityClassName' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      { input: 'an upper-case priority class', got: '"Critical"', build: c => new StatefulWeb(c, 'site', { priorityClassName: 'Critical' }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'imagePullPolicy' must be one of Always, IfNotPresent, Never",
    inputs: [
      {
        input: 'an unknown image pull policy',
        got: '"Sometimes"',
        build: c => new StatefulWeb(c, 'site', { imagePullPolicy: 'Sometimes' as PullPolicy }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'imagePullSecrets[0]' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      {
        input: 'a pull secret name with capitals',
        got: '"RegCred"',
        build: c => new StatefulWeb(c, 'site', { imagePullSecrets: ['RegCred'] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].operator' must be one of Equal, Exists",
    inputs: [
      {
        input: 'an unknown toleration operator',
        got: '"Like"',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'a', operator: 'Like' as TolerationOperator }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].effect' must be one of NoSchedule, PreferNoSchedule, NoExecute",
    inputs: [
      {
        input: 'an unknown taint effect',
        got: '"NoRun"',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'a', effect: 'NoRun' as TolerationEffect }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].key' must be given unless 'operator' is Exists (an empty key tolerates every taint)",
    inputs: [
      {
        input: 'a toleration of a value without a key',
        got: 'undefined',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ value: 'web' }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].value' must be left out when 'operator' is Exists",
    inputs: [
      {
        input: 'a value with Exists',
        got: '"web"',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'a', operator: TolerationOperator.EXISTS, value: 'web' }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].tolerationSeconds' must be given only with the effect 'NoExecute'",
    inputs: [
      {
        input: 'toleration seconds for NoSchedule',
        got: '60',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'a', effect: TolerationEffect.NO_SCHEDULE, tolerationSeconds: Duration.minutes(1) }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'tolerations[0].tolerationSeconds' must be a whole number from 0 to 9007199254740991",
    inputs: [
      {
        input: 'a fraction of a second',
        got: '1.5',
        build: c => new StatefulWeb(c, 'site', { tolerations: [{ key: 'a', effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: Duration.millis(1500) }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'nodeAffinity[0].requirements' must be one or more node label requirements",
    inputs: [
      {
        input: 'a node affinity term without requirements',
        got: '[]',
        build: c => new StatefulWeb(c, 'site', { nodeAffinity: [{ requirements: [] }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'nodeAffinity[0].requirements[0].operator' must be one of In, NotIn, Exists, DoesNotExist, Gt, Lt",
    inputs: [
      {
        input: 'an unknown node label operator',
        got: '"Near"',
        build: c => new StatefulWeb(c, 'site', { nodeAffinity: [{ requirements: [{ key: 'disk', operator: 'Near' as NodeLabelOperator }] }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'nodeAffinity[0].requirements[0].values' must be left out for 'Exists'",
    inputs: [
      {
        input: 'values with Exists',
        got: '["ssd"]',
        build: c => new StatefulWeb(c, 'site', { nodeAffinity: [{ requirements: [{ key: 'disk', operator: NodeLabelOperator.EXISTS, values: ['ssd'] }] }] }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'updateStrategy.maxUnavailable' must be a whole number from 1 to 2147483647",
    inputs: [
      {
        input: 'no pod unavailable at a time',
        got: '0',
        build: c => new StatefulWeb(c, 'site', { updateStrategy: UpdateStrategy.rollingUpdate({ maxUnavailable: 0 }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'resources.cpu.request' must be a positive CPU amount such as CpuAmount.millis(100) (whole millicores) or CpuAmount.cores(0.5)",
    inputs: [
      {
        input: 'half a millicore',
        got: '"0.5m"',
        build: c => new StatefulWeb(c, 'site', { resources: { cpu: { request: CpuAmount.millis(0.5) } } }),
      },
      {
        input: 'no CPU',
        got: '"0"',
        build: c => new StatefulWeb(c, 'site', { resources: { cpu: { request: CpuAmount.cores(0) } } }),
      },
      {
        input: 'negative cores',
        got: '"-1"',
        build: c => new StatefulWeb(c, 'site', { resources: { cpu: { request: CpuAmount.cores(-1) } } }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'readiness.path' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      {
        input: 'an HTTP probe of a relative path',
        got: '"healthz"',
        build: c => new StatefulWeb(c, 'site', { readiness: HealthProbe.httpGet('healthz') }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'readiness.port' must be a whole number from 1 to 65535",
    inputs: [
      {
        input: 'a probe of port 0',
        got: '0',
        build: c => new StatefulWeb(c, 'site', { readiness: HealthProbe.tcpSocket({ port: 0 }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'readiness.scheme' must be one of HTTP, HTTPS",
    inputs: [
      {
        input: 'an unknown probe scheme',
        got: '"FTP"',
        build: c => new StatefulWeb(c, 'site', { readiness: HealthProbe.httpGet('/', { scheme: 'FTP' as ProbeScheme }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'liveness.period' must be a whole number from 1 to 2147483647",
    inputs: [
      {
        input: 'a probe every half second',
        got: '0.5',
        build: c => new StatefulWeb(c, 'site', { liveness: HealthProbe.tcpSocket({ period: Duration.millis(500) }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'startup.failureThreshold' must be a whole number from 1 to 2147483647",
    inputs: [
      {
        input: 'no failure allowed',
        got: '0',
        build: c => new StatefulWeb(c, 'site', { startup: HealthProbe.tcpSocket({ failureThreshold: 0 }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'liveness.successThreshold' must be 1 for a liveness probe",
    inputs: [
      {
        input: 'a liveness probe that needs two successes',
        got: '2',
        build: c => new StatefulWeb(c, 'site', { liveness: HealthProbe.tcpSocket({ successThreshold: 2 }) }),
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'startup.command' must be a command of one or more non-empty strings, such as ['cat', '/tmp/ready']",
    inputs: [
      {
        input: 'an empty probe command',
        got: '[]',
        build: c => new StatefulWeb(c, 'site', { startup: HealthProbe.exec([]) }),
      },
    ],
  },
  {
    rule: "WebServer.custom: 'capabilities[0]' must be a capability name without the 'CAP_' prefix, such as 'NET_BIND_SERVICE'",
    inputs: [
      {
        input: 'a capability with its CAP_ prefix',
        got: '"CAP_NET_BIND_SERVICE"',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 80, documentRoot: '/www', capabilities: ['CAP_NET_BIND_SERVICE'] }) }),
      },
    ],
  },
  {
    rule: "WebServer.custom: 'documentRoot' must be an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')",
    inputs: [
      {
        input: 'a relative document root',
        got: '"www"',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: 'www' }) }),
      },
    ],
  },
  {
    rule: "WebServer.custom: 'documentRoot' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      {
        input: "a document root over the container's root",
        got: '"/"',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: '/' }) }),
      },
    ],
  },
  {
    rule: "WebServer.custom: 'writablePaths[0]' must be a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)",
    inputs: [
      {
        input: 'a writable path over a kernel file system',
        got: '"/proc/self"',
        build: c => new StatefulWeb(c, 'site', { server: WebServer.custom({ image: 'x:1', port: 8080, documentRoot: '/www', writablePaths: ['/proc/self'] }) }),
      },
    ],
  },
  {
    rule: "PodSecurityNamespace cat/ns: 'enforce' must be one of privileged, baseline, restricted",
    inputs: [
      { input: 'an unknown level', got: '"strict"', build: c => new PodSecurityNamespace(c, 'ns', { enforce: 'strict' as PodSecurityLevel }) },
    ],
  },
  {
    rule: "PodSecurityNamespace cat/ns: 'version' must be 'latest' or a Kubernetes minor version such as 'v1.27'",
    inputs: [
      { input: 'a version that is not a Kubernetes minor', got: '"1.27"', build: c => new PodSecurityNamespace(c, 'ns', { version: '1.27' }) },
    ],
  },
  {
    rule: "PodSecurityNamespace cat/ns: 'labels.pod-security.kubernetes.io/enforce' must be not set: the Pod Security labels come from 'enforce', 'warn', 'audit' and 'version'",
    inputs: [
      {
        input: 'a Pod Security label of its own',
        got: '"privileged"',
        build: c => new PodSecurityNamespace(c, 'ns', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }),
      },
    ],
  },
  {
    rule: "PodSecurityNamespace test/ns: 'name' must be a namespace name, as the chart has no 'namespace' to take it from",
    inputs: [
      { input: 'no name in a chart without a namespace', got: 'undefined', build: () => new PodSecurityNamespace(Testing.chart(), 'ns') },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'apiServerCidrs[0]' must be a CIDR such as '10.96.0.0/12' or '::/0'",
    inputs: [
      {
        input: 'an API server CIDR with too many bits',
        got: '"10.0.0.1/33"',
        build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerCidrs: ['10.0.0.1/33'] }),
      },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'apiServerPorts' must be one port or more (the API server's, such as [6443])",
    inputs: [
      { input: 'no API server port', got: '[]', build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerPorts: [] }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'apiServerPorts[0]' must be a whole number from 1 to 65535",
    inputs: [
      { input: 'API server port 0', got: '0', build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerPorts: [0] }) },
      { input: 'an API server port above 65535', got: '65536', build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerPorts: [65536] }) },
      { input: 'a fractional API server port', got: '6443.5', build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerPorts: [6443.5] }) },
    ],
  },
  {
    rule: "NfsStorage cat/nfs: 'apiServerPorts[1]' must be a port not listed before it",
    inputs: [
      { input: 'an API server port twice', got: '443', build: c => new NfsStorage(c, 'nfs', { ...NFS, apiServerPorts: [443, 443] }) },
    ],
  },
  {
    rule: "StorageClassRef.fromName: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [
      { input: 'an upper-case class name', got: '"GP3"', build: () => StorageClassRef.fromName('GP3') },
      { input: 'an empty class name', got: '""', build: () => StorageClassRef.fromName('') },
      { input: 'a class name with an underscore', got: '"Bad_Name"', build: () => StorageClassRef.fromName('Bad_Name') },
      { input: 'a class name starting with a dash', got: '"-gp3"', build: () => StorageClassRef.fromName('-gp3') },
      { input: 'a class name ending with a dot', got: '"gp3."', build: () => StorageClassRef.fromName('gp3.') },
      {
        input: 'a class name of 254 characters',
        got: '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',
        build: () => StorageClassRef.fromName('a'.repeat(254)),
      },
      { input: 'a class name with a non-ASCII letter', got: '"stäte"', build: () => StorageClassRef.fromName('stäte') },
    ],
  },
  // What TypeScript's types stop, but not JavaScript, `any`, or an object of
  // another copy of a package: each is refused at the edge, naming what to pass.
  {
    rule: "StatefulWeb cat/site: 'storage' must be an IStorageClass: an NfsStorage, an NfsCsiStorage or StorageClassRef.fromName()",
    inputs: [
      { input: "a class's name as a string", got: '"standard"', build: c => new StatefulWeb(c, 'site', { storage: untyped('standard') }) },
      { input: 'a plain object without storageClassName', got: '{"name":"standard"}', build: c => new StatefulWeb(c, 'site', { storage: untyped({ name: 'standard' }) }) },
      { input: 'null', got: 'null', build: c => new StatefulWeb(c, 'site', { storage: untyped(null) }) },
    ],
  },
  {
    at: 'later',
    rule: "StatefulWeb cat/site: 'logs.storage' must be an IStorageClass: an NfsStorage, an NfsCsiStorage or StorageClassRef.fromName()",
    inputs: [
      { input: "an added claim's class as a string", got: '"fast"', build: c => new StatefulWeb(c, 'site').addVolumeClaimTemplate('logs', { mountPath: '/logs', storage: untyped('fast') }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'server' must be a WebServer such as WebServer.httpd() or WebServer.nginxUnprivileged()",
    inputs: [
      { input: "a server's name", got: '"nginx"', build: c => new StatefulWeb(c, 'site', { server: untyped('nginx') }) },
      { input: 'a plain object shaped like a WebServer', got: '{"image":"nginx","port":80}', build: c => new StatefulWeb(c, 'site', { server: untyped({ image: 'nginx', port: 80 }) }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'service' must be a HeadlessService (new HeadlessService(scope, id, { name }))",
    inputs: [
      { input: "a Service's name", got: '"web"', build: c => new StatefulWeb(c, 'site', { service: untyped('web') }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'readiness' must be a HealthProbe of this library, such as HealthProbe.httpGet('/')",
    inputs: [
      { input: 'a Probe of a cdk8s-plus line', got: 'an object of class Probe', build: c => new StatefulWeb(c, 'site', { readiness: untyped(new OtherLine.Probe()) }) },
      { input: 'a probe as a plain object', got: '{"httpGet":{"path":"/"}}', build: c => new StatefulWeb(c, 'site', { readiness: untyped({ httpGet: { path: '/' } }) }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'liveness' must be a HealthProbe of this library, such as HealthProbe.httpGet('/')",
    inputs: [
      { input: 'a Probe of a cdk8s-plus line', got: 'an object of class Probe', build: c => new StatefulWeb(c, 'site', { liveness: untyped(new OtherLine.Probe()) }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'startup' must be a HealthProbe of this library, such as HealthProbe.httpGet('/')",
    inputs: [
      { input: 'a Probe of a cdk8s-plus line', got: 'an object of class Probe', build: c => new StatefulWeb(c, 'site', { startup: untyped(new OtherLine.Probe()) }) },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'updateStrategy' must be an UpdateStrategy of this library, such as UpdateStrategy.rollingUpdate()",
    inputs: [
      { input: 'an update strategy as a string', got: '"RollingUpdate"', build: c => new StatefulWeb(c, 'site', { updateStrategy: untyped('RollingUpdate') }) },
    ],
  },
  // What only the whole app shows, refused at synth.
  {
    at: 'synth',
    rule: "StatefulWeb cat/site: 'podSecurityLevel' must be a level namespace \"web\" admits: cat/ns enforces restricted",
    inputs: [
      {
        input: 'the default httpd in a namespace of the default level',
        got: '"baseline"',
        build: c => {
          new PodSecurityNamespace(c, 'ns');
          new StatefulWeb(c, 'site');
        },
      },
    ],
  },
  {
    at: 'synth',
    rule: "StatefulWeb cat/site: 'podSecurityLevel' must be a level namespace \"web\" admits: other/ns enforces restricted",
    inputs: [
      {
        input: 'a root user in a namespace made in another chart of the app',
        got: '"baseline"',
        build: c => {
          new PodSecurityNamespace(new Chart(c.node.root as any, 'other', { namespace: 'web' }), 'ns', { name: 'web' });
          new StatefulWeb(c, 'site', { server: WebServer.nginxUnprivileged(), runAsUser: 0 });
        },
      },
    ],
  },
  {
    at: 'synth',
    rule: "NfsStorage cat/nfs: 'podSecurityLevel' must be a level namespace \"web\" admits: cat/ns enforces restricted",
    inputs: [
      {
        input: 'a provisioner that mounts an nfs volume as root in a namespace of the default level',
        got: '"baseline"',
        build: c => {
          new PodSecurityNamespace(c, 'ns');
          new NfsStorage(c, 'nfs', NFS);
        },
      },
    ],
  },
  {
    at: 'synth',
    rule: "StatefulWeb cat/b: 'name' must be a name no other Service of the app has in namespace \"web\" (cat/a writes one)",
    inputs: [
      {
        input: 'two StatefulWebs of one name in one namespace',
        got: '"site"',
        build: c => {
          new StatefulWeb(c, 'a', { name: 'site' });
          new StatefulWeb(c, 'b', { name: 'site' });
        },
      },
    ],
  },
  {
    at: 'synth',
    rule: "HeadlessService other/svc: 'name' must be a name no other Service of the app has in namespace \"web\" (cat/svc writes one)",
    inputs: [
      {
        input: 'two Services of one name in one namespace, from two charts',
        got: '"front"',
        build: c => {
          new HeadlessService(new Chart(c.node.root as any, 'other', { namespace: 'web' }), 'svc', { name: 'front' });
          new HeadlessService(c, 'svc', { name: 'front' });
        },
      },
    ],
  },
  {
    at: 'synth',
    rule: "PodSecurityNamespace other/ns: 'name' must be a name no other Namespace of the app has cluster-wide (cat/ns writes one)",
    inputs: [
      {
        input: 'two Namespaces of one name, from charts of other namespaces',
        got: '"shop"',
        build: c => {
          new PodSecurityNamespace(new Chart(c.node.root as any, 'other', { namespace: 'other' }), 'ns', { name: 'shop' });
          new PodSecurityNamespace(c, 'ns', { name: 'shop' });
        },
      },
    ],
  },
  {
    rule: "StatefulWeb cat/site: 'disruptionBudget' must be a DisruptionBudget such as DisruptionBudget.maxUnavailable(1)",
    inputs: [
      { input: 'a budget as a plain object', got: '{"maxUnavailable":1}', build: c => new StatefulWeb(c, 'site', { replicas: 2, disruptionBudget: untyped({ maxUnavailable: 1 }) }) },
    ],
  },
  {
    rule: "SiteContent.fromFiles: 'files' must be one file or more, by file name: { 'style.css': '...' }",
    inputs: [
      { input: 'no file', got: '{}', build: c => new StatefulWeb(c, 'site', { sharedContent: SiteContent.fromFiles({}) }) },
      { input: 'a list, not a map (from JavaScript)', got: '["a.css"]', build: () => SiteContent.fromFiles(['a.css'] as unknown as { [name: string]: string }) },
    ],
  },
  {
    rule: "SiteContent.fromFiles: 'files.css/site.css' must be a file name of at most 253 letters, digits, '-', '_' or '.', not starting with '.' (a ConfigMap key served as it is)",
    inputs: [{ input: 'a file in a directory', got: '"css/site.css"', build: () => SiteContent.fromFiles({ 'css/site.css': 'x' }) }],
  },
  {
    rule: "SiteContent.fromFiles: 'files..htaccess' must be a file name of at most 253 letters, digits, '-', '_' or '.', not starting with '.' (a ConfigMap key served as it is)",
    inputs: [{ input: 'a hidden file (the server reads .htaccess as config)', got: '".htaccess"', build: () => SiteContent.fromFiles({ '.htaccess': 'x' }) }],
  },
  {
    rule: "SiteContent.fromFiles: 'files.a b.html' must be a file name of at most 253 letters, digits, '-', '_' or '.', not starting with '.' (a ConfigMap key served as it is)",
    inputs: [{ input: 'a file name with a space', got: '"a b.html"', build: () => SiteContent.fromFiles({ 'a b.html': 'x' }) }],
  },
  {
    rule: `SiteContent.fromFiles: 'files.${'a'.repeat(254)}' must be a file name of at most 253 letters, digits, '-', '_' or '.', not starting with '.' (a ConfigMap key served as it is)`,
    inputs: [{ input: 'a file name longer than a ConfigMap key', got: `"${'a'.repeat(254)}"`, build: () => SiteContent.fromFiles({ ['a'.repeat(254)]: 'x' }) }],
  },
  {
    rule: "SiteContent.fromFiles: 'files.logo.svg' must be a string",
    inputs: [{ input: 'a file that is not a string (from JavaScript)', got: '42', build: () => SiteContent.fromFiles({ 'logo.svg': 42 as unknown as string }) }],
  },
  {
    rule: "SiteContent.fromFiles: 'files' must be at most 1048576 bytes (1 MiB) in all, the file names included: one ConfigMap",
    inputs: [
      { input: 'files of more than 1 MiB in all', got: '"1200010 bytes"', build: () => SiteContent.fromFiles({ 'a.css': 'x'.repeat(600_000), 'b.css': 'y'.repeat(600_000) }) },
      { input: 'a file one byte past 1 MiB with its name', got: '"1048577 bytes"', build: () => SiteContent.fromFiles({ 'a.css': 'x'.repeat(1024 * 1024 - 4) }) },
    ],
  },
  {
    rule: "SiteContent.fromConfigMap: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [{ input: 'a ConfigMap name with capitals', got: '"Site-Files"', build: () => SiteContent.fromConfigMap('Site-Files') }],
  },
  {
    rule: "SiteContent.fromClaim: 'name' must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters",
    inputs: [{ input: 'no claim name', got: '""', build: () => SiteContent.fromClaim('') }],
  },
  {
    rule: "StatefulWeb cat/site: 'sharedContent' must be a SiteContent such as SiteContent.fromFiles({ 'style.css': '...' })",
    inputs: [{
      input: 'a map of files, not a SiteContent (from JavaScript)',
      got: '{"style.css":"x"}',
      build: c => new StatefulWeb(c, 'site', { sharedContent: { 'style.css': 'x' } as unknown as SiteContent }),
    }],
  },
  {
    rule: "StatefulWeb cat/site: 'claimName' must be a claim name other than the pod's own volumes (writable-0, content)",
    inputs: [{ input: 'a claim named like the content volume', got: '"content"', build: c => new StatefulWeb(c, 'site', { claimName: 'content', sharedContent: SiteContent.fromConfigMap('files') }) }],
  },
  {
    rule: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/logs, /content)",
    inputs: [{ input: 'the claim mounted where the content is', got: '"/content"', build: c => new StatefulWeb(c, 'site', { mountPath: '/content', sharedContent: SiteContent.fromClaim('files') }) }],
  },
];

/** A value as JavaScript, or TypeScript through `any`, can pass it. */
function untyped<T>(value: unknown): T {
  return value as T;
}

/** Classes named like the library's dependencies' own, as another copy or line of them brings. */
const OtherLine = {
  Probe: class Probe {
    public readonly port = { value: 8080 };
  },
};

/**
 * The error an input throws, where its case says it throws. cdk8s reports
 * the validations that fail at synth under a heading, each as
 * `  [<path>] <message>`: the first one's message is what the library wrote.
 */
function errorOf(c: Case, input: Input, chart: Chart): Error {
  try {
    if (c.at === 'synth') {
      input.build(chart);
      Testing.synth(chart);
    } else {
      input.build(chart);
    }
  } catch (e) {
    const error = e as Error;
    const validation = /^Validation failed with the following errors:\n {2}\[[^\]]*\] ([^]*)$/.exec(error.message);
    return validation ? new Error(validation[1]) : error;
  }
  throw new Error(`${input.input}: no error`);
}

describe('the catalogue of bad input', () => {
  test('covers every construct', () => {
    for (const name of ['NfsStorage', 'HeadlessService', 'StatefulWeb', 'StorageClassRef', 'WebServer', 'PodSecurityNamespace', 'DisruptionBudget']) {
      expect({ name, covered: cases.some(c => c.rule.startsWith(name)) }).toEqual({ name, covered: true });
    }
  });

  test('has one case per rule', () => {
    const rules = cases.map(c => `${c.rule} ${c.at ?? ''}`);
    expect(new Set(rules).size).toBe(rules.length);
  });

  test.each(cases.map(c => [c.rule, c] as const))('%s', (_, c) => {
    for (const input of c.inputs) {
      const chart = new Chart(Testing.app(), 'cat', { namespace: 'web' });
      const [line] = errorOf(c, input, chart).message.split('\n');
      expect({ input: input.input, line }).toEqual({ input: input.input, line: `${c.rule}, got ${input.got}` });
      if (c.at === 'later') {
        // What was valid before the failing call still synthesizes.
        expect(() => Testing.synth(chart)).not.toThrow();
      } else if (c.at === undefined) {
        // The failing construct left nothing behind: the chart synthesizes to nothing.
        expect(chart.node.findAll().filter(x => ApiObject.isApiObject(x)).map(x => x.node.path)).toEqual([]);
        expect(Testing.synth(chart)).toEqual([]);
      }
    }
  });

  test(`every rule is stated in at most ${RULE_MAX} characters, on the first line, not cut`, () => {
    for (const c of cases) {
      const rule = / must be .*$/.exec(c.rule)![0].slice(1);
      expect({ rule, length: rule.length, cut: rule.endsWith('…') }).toEqual({ rule, length: Math.min(rule.length, RULE_MAX), cut: false });
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
    {
      what: "NfsCsiStorage: a driver's name where the driver is expected",
      build: c => new NfsCsiStorage(c, 'nfs', { driver: untyped('nfs.csi.k8s.io'), server: '192.168.1.21', share: '/nfsdata' }),
      message: "NfsCsiStorage cat/nfs: 'driver' must be an NfsCsiDriver (new NfsCsiDriver(scope, id)), got \"nfs.csi.k8s.io\"",
    },
    {
      what: "NfsCsiSnapshotClass: a driver's name where the driver is expected",
      build: c => new NfsCsiSnapshotClass(c, 'snapclass', { driver: untyped('nfs.csi.k8s.io') }),
      message: "NfsCsiSnapshotClass cat/snapclass: 'driver' must be an NfsCsiDriver (new NfsCsiDriver(scope, id)), got \"nfs.csi.k8s.io\"",
    },
    {
      what: "StatefulWebSnapshots: a site's name where the site is expected",
      build: c => {
        const { snapshotClass } = csiSite(c);
        new StatefulWebSnapshots(c, 'snaps', { site: untyped('web'), snapshotClass });
      },
      message: "StatefulWebSnapshots cat/snaps: 'site' must be a StatefulWeb, got \"web\"",
      at: 'later',
    },
    {
      what: "ClaimsFromSnapshots: the snapshots' names where the snapshots are expected",
      build: c => {
        const { site } = csiSite(c);
        new ClaimsFromSnapshots(c, 'restore', { site, snapshots: untyped(['web-0', 'web-1']) });
      },
      message: "ClaimsFromSnapshots cat/restore: 'snapshots' must be a StatefulWebSnapshots, got [\"web-0\",\"web-1\"]",
      at: 'later',
    },
    {
      what: "NfsCsiMove: the old class's name where the old NfsStorage is expected",
      build: c => {
        const { site } = csiSite(c);
        new NfsCsiMove(c, 'move', { site, fromStorage: untyped('nfs-client'), volumes: ['pvc-1', 'pvc-2'] });
      },
      message: "NfsCsiMove cat/move: 'fromStorage' must be an NfsStorage, got \"nfs-client\"",
      at: 'later',
    },
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
      new NfsCsiMove(c, 'move', { site, fromStorage: from, volumes: VOLUMES, ...props });
    },
    message,
    at: 'later',
  });
  return [
    move('an old class that deletes volumes', {}, "NfsCsiMove cat/move: 'fromStorage' must be an NfsStorage with ReclaimPolicy.RETAIN (got Delete): deleting the old claims, a step of the move, would make its provisioner delete or archive the directories that hold the data, got \"cat/old\"", { from: { reclaimPolicy: ReclaimPolicy.DELETE } }),
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
        new NfsCsiMove(c, 'move', { site, fromStorage: from, volumes: VOLUMES });
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
