import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { Cpu, Protocol } from 'cdk8s-plus-27';
import {
  HeadlessService, NfsOnDelete, NfsStorage, ReclaimPolicy, StatefulWeb, StorageClassRef, VolumeBindingMode,
  ClaimRetentionPolicy,
} from '../src';

/*
 * The catalogue of bad input: each row is something a user can get wrong, and
 * the exact message they get. A row fails at construction (the default) or,
 * for what a later call can still change, at synth. Either way nothing of the
 * failing construct is synthesized.
 */

const NFS = { server: '192.168.1.21', path: '/nfsdata' };

interface Row {
  readonly what: string;
  readonly build: (chart: Chart) => void;
  readonly message: string;
  /** 'synth' when the error comes from Testing.synth, not from construction. */
  readonly at?: 'synth';
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
    build: c => new NfsStorage(c, 'nfs', { ...NFS, reclaimPolicy: ReclaimPolicy.DELETE, onDelete: 'archive' as NfsOnDelete }),
    message: "NfsStorage cat/nfs: 'onDelete' must be one of delete, retain, got \"archive\"",
  },
  {
    what: 'NfsStorage: an absolute pathPattern',
    build: c => new NfsStorage(c, 'nfs', { ...NFS, pathPattern: '/${.PVC.name}' }),
    message: "NfsStorage cat/nfs: 'pathPattern' must be a non-empty path relative to the export, without '..', such as '${.PVC.namespace}/${.PVC.name}', got \"/${.PVC.name}\"",
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
  // StatefulWeb
  {
    what: 'StatefulWeb: negative replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: -1 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number >= 0, got -1",
  },
  {
    what: 'StatefulWeb: fractional replicas',
    build: c => new StatefulWeb(c, 'site', { replicas: 1.5 }),
    message: "StatefulWeb cat/site: 'replicas' must be a whole number >= 0, got 1.5",
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
    message: "StatefulWeb cat/site: 'ordinalsStart' must be a whole number >= 0, got -1",
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
    build: c => new StatefulWeb(c, 'site', { service: new HeadlessService(new Chart(Testing.app(), 'other'), 'svc', { selector: { app: 'other' } }) }),
    message: "StatefulWeb cat/site: 'service' must be a HeadlessService whose selector matches the pod labels {\"app.kubernetes.io/name\":\"stateful-web\",\"app.kubernetes.io/instance\":\"cat-site-c8ddeb16\"}; it selects {\"app\":\"other\"}, got \"other-svc-c861d007\"",
  },
  {
    what: 'StatefulWeb: a writable path on the claim\'s mount path',
    build: c => new StatefulWeb(c, 'site', { writablePaths: ['/usr/local/apache2/htdocs'] }),
    message: "StatefulWeb cat/site: 'mountPath' must be a path no other mount of the pod uses (/usr/local/apache2/htdocs), got \"/usr/local/apache2/htdocs\"",
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
];

describe('the catalogue of bad input', () => {
  test('has at least 30 rows and covers every construct', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    for (const name of ['NfsStorage', 'HeadlessService', 'StatefulWeb', 'StorageClassRef']) {
      expect(rows.filter(r => r.what.startsWith(`${name}:`)).length).toBeGreaterThanOrEqual(2);
    }
  });

  test.each(rows.map(r => [r.what, r] as const))('%s', (_, row) => {
    const chart = new Chart(Testing.app(), 'cat', { namespace: 'web' });
    if (row.at === 'synth') {
      row.build(chart);
      expect(() => Testing.synth(chart)).toThrow(new Error(row.message));
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
