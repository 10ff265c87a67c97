// Every prop of every construct, in an app on a cdk8s-plus line: the app's own
// objects (a Deployment) come from its line with that line's Probe and Cpu,
// the library's props take the library's types. consumers/run.sh runs it on
// cdk8s-plus-34 as written and on cdk8s-plus-27 with the import renamed, and
// checks (check-every.js) that both write the library's objects identically.
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import {
  ClaimAccessMode, ClaimRetentionPolicy, ClaimsFromSnapshots, CpuAmount, DisruptionBudget, HeadlessService, HealthProbe,
  NfsCsiDriver, NfsCsiMove, NfsCsiSnapshotClass, NfsCsiStorage, NfsOnDelete, NfsStorage, NodeLabelOperator, PagesMode,
  PodManagement, PodSecurityLevel, PodSecurityNamespace, PortProtocol, ProbeScheme, PullPolicy, ReclaimPolicy,
  SnapshotController, SnapshotDeletionPolicy, Spreading, StatefulWeb, StatefulWebSnapshots, TolerationEffect,
  TolerationOperator, UpdateStrategy, VolumeBindingMode, WebServer,
} from 'cdk8s-stateful-web';

const app = new App();

const snapshotApi = new Chart(app, 'snapshot-api', { namespace: 'kube-system' });
const controller = new SnapshotController(snapshotApi, 'Snapshots', {
  crds: true,
  image: 'registry.k8s.io/sig-storage/snapshot-controller:v8.6.0',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  replicas: 2,
  tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_SCHEDULE }],
});

const drivers = new Chart(app, 'csi-driver', { namespace: 'csi-nfs' });
new PodSecurityNamespace(drivers, 'Namespace', { enforce: PodSecurityLevel.PRIVILEGED });
const driver = new NfsCsiDriver(drivers, 'Driver', {
  name: 'nfs.csi.k8s.io',
  controllerReplicas: 2,
  images: { nfsPlugin: 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4' },
  kubeletDir: '/var/lib/kubelet',
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  snapshots: true,
  tolerations: [{ key: 'storage', operator: TolerationOperator.EXISTS }],
});
const snapshotClass = new NfsCsiSnapshotClass(drivers, 'SnapshotClass', {
  driver,
  name: 'nfs-snapshots',
  deletionPolicy: SnapshotDeletionPolicy.RETAIN,
  snapshotController: controller,
});

const chart = new Chart(app, 'every', { namespace: 'every' });
new PodSecurityNamespace(chart, 'Namespace', {
  name: 'every',
  enforce: PodSecurityLevel.BASELINE,
  warn: PodSecurityLevel.RESTRICTED,
  audit: PodSecurityLevel.RESTRICTED,
  version: 'v1.27',
  labels: { team: 'web' },
});
const subdir = new NfsStorage(chart, 'Subdir', {
  server: '192.168.1.21',
  path: '/nfsdata',
  storageClassName: 'every-subdir',
  provisionerName: 'example.com/every-subdir',
  reclaimPolicy: ReclaimPolicy.RETAIN,
  archiveOnDelete: true,
  onDelete: NfsOnDelete.RETAIN,
  pathPattern: '${.PVC.namespace}/${.PVC.name}',
  volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
  allowVolumeExpansion: false,
  defaultClass: false,
  mountOptions: ['nfsvers=4.1'],
  image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2',
  replicas: 2,
  leaderElection: true,
  resources: { cpu: { request: CpuAmount.millis(10), limit: CpuAmount.cores(0.5) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) } },
  runAsUser: 65534,
  runAsGroup: 65534,
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ key: 'dedicated', value: 'storage', effect: TolerationEffect.NO_SCHEDULE }],
  networkPolicy: true,
  apiServerCidrs: ['10.96.0.1/32'],
});
const csi = new NfsCsiStorage(chart, 'Csi', {
  driver,
  server: '192.168.1.21',
  share: '/nfsdata',
  storageClassName: 'every-csi',
  subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
  onDelete: NfsOnDelete.RETAIN,
  reclaimPolicy: ReclaimPolicy.RETAIN,
  volumeBindingMode: VolumeBindingMode.IMMEDIATE,
  allowVolumeExpansion: true,
  defaultClass: false,
  mountOptions: ['nfsvers=4.1', 'hard'],
  mountPermissions: 0o2775,
});

// A Service of the app's own, with every prop.
new HeadlessService(chart, 'Peers', {
  name: 'peers',
  clusterDomain: 'cluster.local',
  ports: [{ name: 'dns', port: 53, protocol: PortProtocol.UDP }, { name: 'http', port: 80, targetPort: 8080, protocol: PortProtocol.TCP }],
  publishNotReadyAddresses: true,
  selector: { app: 'peers' },
});

const web = new StatefulWeb(chart, 'Web', {
  name: 'web',
  replicas: 3,
  server: WebServer.nginxUnprivileged(),
  image: 'nginxinc/nginx-unprivileged:1.27-alpine',
  seedImage: 'busybox:1.36',
  port: 8080,
  service: new HeadlessService(chart, 'Service', { name: 'web' }),
  storage: csi,
  claimName: 'www',
  storageSize: Size.gibibytes(1),
  accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
  mountPath: '/usr/share/nginx/html',
  claimReadOnly: false,
  pages: ['<h1>0</h1>', '<h1>1</h1>', '<h1>2</h1>'],
  pagesMode: PagesMode.SYNC,
  podLabels: { tier: 'web' },
  podManagementPolicy: PodManagement.PARALLEL,
  updateStrategy: UpdateStrategy.rollingUpdate({ partition: 0, maxUnavailable: 1 }),
  minReady: Duration.seconds(5),
  whenDeleted: ClaimRetentionPolicy.RETAIN,
  whenScaled: ClaimRetentionPolicy.DELETE,
  ordinalsStart: 0,
  resources: {
    cpu: { request: CpuAmount.millis(50), limit: CpuAmount.cores(1) },
    memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
    ephemeralStorage: { limit: Size.gibibytes(1) },
  },
  readiness: HealthProbe.httpGet('/', { period: Duration.seconds(5), timeout: Duration.seconds(2), scheme: ProbeScheme.HTTP }),
  liveness: HealthProbe.tcpSocket({ initialDelay: Duration.seconds(10), failureThreshold: 5 }),
  startup: HealthProbe.exec(['true'], { failureThreshold: 30, period: Duration.seconds(2) }),
  runAsUser: 101,
  runAsGroup: 101,
  fsGroup: 101,
  writablePaths: ['/tmp', '/var/cache/nginx'],
  disruptionBudget: DisruptionBudget.maxUnavailable(1),
  networkPolicy: true,
  spreading: Spreading.PREFERRED,
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ key: 'dedicated', value: 'web', effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) }],
  nodeAffinity: [{ requirements: [{ key: 'disk', operator: NodeLabelOperator.IN, values: ['ssd'] }] }],
  priorityClassName: 'web',
  imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
  imagePullSecrets: ['regcred'],
});

// The app's own workload beside the site, in its own line's types.
new kplus.Deployment(chart, 'Api', {
  replicas: 1,
  containers: [{
    image: 'registry.example.com/api:1.0',
    portNumber: 8080,
    readiness: kplus.Probe.fromHttpGet('/healthz'),
    resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64) } },
    securityContext: { user: 1000, group: 1000 },
  }],
});

const snapshots = new StatefulWebSnapshots(chart, 'Backup', { site: web, snapshotClass, claim: 'www', namePrefix: 'backup' });
const restored = new StatefulWeb(chart, 'Restored', {
  name: 'restored',
  replicas: 3,
  server: WebServer.nginxUnprivileged(),
  port: 8080,
  storage: csi,
  claimName: 'www',
  storageSize: Size.gibibytes(1),
  mountPath: '/usr/share/nginx/html',
});
new ClaimsFromSnapshots(chart, 'FromBackup', { site: restored, snapshots, claim: 'www' });
// A site of its own for the move: two constructs that both write a site's
// claims would write two claims of one name, which synth refuses.
const moved = new StatefulWeb(chart, 'Moved', {
  name: 'moved',
  replicas: 3,
  server: WebServer.nginxUnprivileged(),
  port: 8080,
  storage: csi,
  claimName: 'www',
  storageSize: Size.gibibytes(1),
  mountPath: '/usr/share/nginx/html',
});
new NfsCsiMove(chart, 'Move', {
  site: moved,
  fromStorage: subdir,
  claim: 'www',
  directories: ['every/www-web-0', 'every/www-web-1', 'every/www-web-2'],
});

app.synth();
