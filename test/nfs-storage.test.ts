import { App, Chart, Size, Testing } from 'cdk8s';
import {
  CpuAmount, NfsOnDelete, NfsStorage, NfsStorageProps, PodSecurityLevel, ReclaimPolicy, StatefulWeb, TolerationEffect, TolerationOperator,
  VolumeBindingMode,
} from '../src';
import { chartIn, only } from './support/manifests';
import { podSecurityDetailsOf } from './support/pod-security';

const CLUSTER_SCOPED = ['ClusterRole', 'ClusterRoleBinding', 'StorageClass'];
const NAMESPACED = ['ServiceAccount', 'Role', 'RoleBinding', 'Deployment'];

function env(deployment: any): { [name: string]: string } {
  const [container] = deployment.spec.template.spec.containers;
  return Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
}

function synthNfs(props: Partial<NfsStorageProps> = {}, namespace?: string) {
  const chart = chartIn('storage', namespace);
  const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', ...props });
  return { chart, nfs, manifests: Testing.synth(chart) };
}

describe('NfsStorage', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('customised, in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'storage', { namespace: 'storage' });
    new NfsStorage(chart, 'nfs', {
      server: 'nfs.example.com',
      path: '/exports/k8s',
      storageClassName: 'shared-nfs',
      provisionerName: 'example.com/nfs',
      reclaimPolicy: ReclaimPolicy.DELETE,
      archiveOnDelete: false,
      onDelete: NfsOnDelete.RETAIN,
      pathPattern: '${.PVC.namespace}/${.PVC.name}',
      mountOptions: ['nfsvers=4.1', 'hard'],
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: false,
      defaultClass: true,
      image: 'registry.example.com/nfs-subdir-external-provisioner:v4.0.2',
      replicas: 2,
      resources: {
        cpu: { request: CpuAmount.millis(20), limit: CpuAmount.millis(200) },
        memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1.5) },
      },
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'storage', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_SCHEDULE }],
      runAsUser: 1000,
      runAsGroup: 1000,
    });
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('public fields resolve the defaults', () => {
    const { nfs, manifests } = synthNfs();
    expect(nfs.server).toBe('192.168.1.21');
    expect(nfs.path).toBe('/nfsdata');
    expect(nfs.reclaimPolicy).toBe(ReclaimPolicy.RETAIN);
    expect(nfs.namespace).toBe('default');
    expect(nfs.provisionerName).toBe(`cluster.local/${nfs.storageClassName}`);
    expect(nfs.serviceAccountName).toBe(only(manifests, 'ServiceAccount').metadata.name);
    expect(nfs.storageClassName).toBe(only(manifests, 'StorageClass').metadata.name);
    expect(synthNfs({}, 'nfs-system').nfs.namespace).toBe('nfs-system');
  });

  test('the StorageClass provisioner is the Deployment PROVISIONER_NAME', () => {
    for (const props of [{}, { provisionerName: 'example.com/nfs' }, { provisionerName: 'nfs' }]) {
      const { nfs, manifests } = synthNfs(props, 'web');
      const provisioner = only(manifests, 'StorageClass').provisioner;
      expect(provisioner).toBe(env(only(manifests, 'Deployment')).PROVISIONER_NAME);
      expect(provisioner).toBe(nfs.provisionerName);
      if ('provisionerName' in props) expect(provisioner).toBe(props.provisionerName);
    }
  });

  test('a claim template names the StorageClass of the NfsStorage', () => {
    const chart = chartIn('storage', 'web');
    const nfs = new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata', storageClassName: 'stateful-nfs' });
    new StatefulWeb(chart, 'web', { storage: nfs });
    const manifests = Testing.synth(chart);
    const claim = only(manifests, 'StatefulSet').spec.volumeClaimTemplates[0];
    expect(claim.spec.storageClassName).toBe('stateful-nfs');
    expect(claim.spec.storageClassName).toBe(only(manifests, 'StorageClass').metadata.name);
  });

  test('cluster-scoped objects have no namespace in a namespaced chart; namespaced objects do', () => {
    const { manifests } = synthNfs({}, 'web');
    for (const kind of CLUSTER_SCOPED) {
      expect(only(manifests, kind).metadata).not.toHaveProperty('namespace');
    }
    for (const kind of NAMESPACED) {
      expect(only(manifests, kind).metadata.namespace).toBe('web');
    }
  });

  test.each([['web', 'web'], [undefined, 'default']])('in a chart with namespace %s the RBAC subjects are in %s', (chartNamespace, expected) => {
    const { nfs, manifests } = synthNfs({}, chartNamespace);
    const account = only(manifests, 'ServiceAccount');
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      expect(only(manifests, kind).subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: expected }]);
    }
    expect(only(manifests, 'Deployment').spec.template.spec.serviceAccountName).toBe(account.metadata.name);
    expect(nfs.namespace).toBe(expected);
  });

  test('the bindings refer to the roles that are emitted', () => {
    const { manifests } = synthNfs({}, 'web');
    expect(only(manifests, 'ClusterRoleBinding').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: only(manifests, 'ClusterRole').metadata.name,
    });
    expect(only(manifests, 'RoleBinding').roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: only(manifests, 'Role').metadata.name,
    });
  });

  test('RBAC grants no wildcard, no secrets and nothing the tutorial got wrong', () => {
    const { manifests } = synthNfs({}, 'web');
    const rules = [...only(manifests, 'ClusterRole').rules, ...only(manifests, 'Role').rules];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const field of ['apiGroups', 'resources', 'verbs']) {
        expect(rule[field]).not.toContain('*');
      }
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('podsecuritypolicies');
      expect(rule.resources).not.toContain('services');
      expect(rule).not.toHaveProperty('resourceNames');
      expect(rule).not.toHaveProperty('nonResourceURLs');
    }
    // Claims are only read and annotated, never created or deleted.
    const claims = only(manifests, 'ClusterRole').rules.find((r: any) => r.resources.includes('persistentvolumeclaims'));
    expect(claims.verbs).not.toEqual(expect.arrayContaining(['create']));
    expect(claims.verbs).not.toEqual(expect.arrayContaining(['delete']));
    // Leader election is namespaced: its Endpoints lock, read, created and renewed, only in the Role.
    expect(only(manifests, 'ClusterRole').rules.flatMap((r: any) => r.resources)).not.toEqual(expect.arrayContaining(['endpoints']));
    expect(only(manifests, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'create', 'update'] }]);
    // Nodes are only read one at a time (the node a WaitForFirstConsumer claim was scheduled to).
    expect(only(manifests, 'ClusterRole').rules.find((r: any) => r.resources.includes('nodes')).verbs).toEqual(['get']);
  });

  test('the Deployment is apps/v1, Recreate, the maintained image pinned by tag, the export at /persistentvolumes', () => {
    const { nfs, manifests } = synthNfs({}, 'web');
    const deployment = only(manifests, 'Deployment');
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);

    const pod = deployment.spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container.image).toMatch(/^registry\.k8s\.io\/sig-storage\/nfs-subdir-external-provisioner:v\d+\.\d+\.\d+$/);
    expect(container.image).not.toMatch(/:latest$/);
    expect(env(deployment)).toEqual({ PROVISIONER_NAME: nfs.provisionerName, NFS_SERVER: '192.168.1.21', NFS_PATH: '/nfsdata' });

    const [mount] = container.volumeMounts;
    expect(mount.mountPath).toBe('/persistentvolumes');
    expect(pod.volumes).toEqual([{ name: mount.name, persistentVolumeClaim: { claimName: only(manifests, 'PersistentVolumeClaim').metadata.name } }]);

    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('the StorageClass defaults: Retain, Immediate, not expandable, archive on delete, not the default class', () => {
    const { manifests } = synthNfs();
    const sc = only(manifests, 'StorageClass');
    expect(sc.apiVersion).toBe('storage.k8s.io/v1');
    expect(sc.reclaimPolicy).toBe('Retain');
    expect(sc.volumeBindingMode).toBe('Immediate');
    expect(sc.allowVolumeExpansion).toBe(false);
    expect(sc.parameters).toEqual({ archiveOnDelete: 'true' });
    expect(sc).not.toHaveProperty('mountOptions');
    expect(sc.metadata).not.toHaveProperty('annotations');
  });

  test('StorageClass options reach the StorageClass', () => {
    const { manifests } = synthNfs({
      reclaimPolicy: ReclaimPolicy.DELETE,
      archiveOnDelete: false,
      onDelete: NfsOnDelete.DELETE,
      pathPattern: '${.PVC.namespace}.${.PVC.name}',
      mountOptions: ['nfsvers=4.1'],
      allowVolumeExpansion: true,
      defaultClass: true,
    });
    const sc = only(manifests, 'StorageClass');
    expect(sc.reclaimPolicy).toBe('Delete');
    expect(sc.allowVolumeExpansion).toBe(true);
    expect(sc.mountOptions).toEqual(['nfsvers=4.1']);
    expect(sc.parameters).toEqual({ archiveOnDelete: 'false', onDelete: 'delete', pathPattern: '${.PVC.namespace}.${.PVC.name}' });
    expect(sc.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
  });

  test('the provisioner mounts the export through a static volume that only its own claim can bind', () => {
    const { nfs, manifests } = synthNfs({}, 'web');
    const volume = only(manifests, 'PersistentVolume');
    const claim = only(manifests, 'PersistentVolumeClaim');
    expect(volume.metadata).not.toHaveProperty('namespace');
    expect(claim.metadata.namespace).toBe('web');
    // The volume names the claim, the claim selects the volume by its labels, and
    // neither has a class a provisioner or the default class could fill.
    expect(volume.spec.claimRef).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'web', name: claim.metadata.name });
    expect(volume.metadata.labels).toMatchObject(claim.spec.selector.matchLabels);
    // No volumeName: the volume's sync then never races the claim's binding.
    expect(claim.spec).not.toHaveProperty('volumeName');
    expect(volume.spec.storageClassName).toBe('');
    expect(claim.spec.storageClassName).toBe('');
    expect(volume.spec.nfs).toEqual({ server: nfs.server, path: nfs.path });
    // Deleting the claim never touches the export.
    expect(volume.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(volume.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.spec.accessModes).toEqual(volume.spec.accessModes);
    expect(claim.spec.resources.requests.storage).toBe(volume.spec.capacity.storage);
    // The pod uses the claim, and no NFS volume of its own.
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.volumes.map((v: any) => Object.keys(v).sort())).toEqual([['name', 'persistentVolumeClaim']]);
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe(claim.metadata.name);
  });

  test('the static volume and its claim come before the Deployment, and the StorageClass last', () => {
    const kinds = synthNfs({}, 'web').manifests.map(o => o.kind);
    expect(kinds.indexOf('PersistentVolume')).toBeLessThan(kinds.indexOf('PersistentVolumeClaim'));
    expect(kinds.indexOf('PersistentVolumeClaim')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(kinds[kinds.length - 1]).toBe('StorageClass');
  });

  test("mountOptions reach the StorageClass and the provisioner's own volume", () => {
    const { manifests } = synthNfs({ mountOptions: ['nfsvers=4.1', 'hard'] });
    expect(only(manifests, 'StorageClass').mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    expect(only(manifests, 'PersistentVolume').spec.mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    expect(only(synthNfs().manifests, 'PersistentVolume').spec).not.toHaveProperty('mountOptions');
  });

  test('the provisioner runs as root by default; runAsUser and runAsGroup make it non-root and fit Pod Security restricted', () => {
    // The upstream Pod Security checks (test/support/pod-security), at 1.27 and 1.37.
    const restrictedSays = (deployment: any) => podSecurityDetailsOf([deployment])[`Deployment/${deployment.metadata.name}`]
      .map(e => [e.version, e.level, e.violations.restricted.map(v => v.replace(/ \(.*$/, ''))]);

    const defaults = synthNfs();
    const rootDeployment = only(defaults.manifests, 'Deployment');
    const root = rootDeployment.spec.template.spec;
    expect(root.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(defaults.nfs.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    // Root is the one thing that keeps the default pod out of restricted; an
    // inline NFS volume in place of the export's claim would be another.
    expect(restrictedSays(rootDeployment)).toEqual([['v1.27', 'baseline', ['runAsNonRoot != true']], ['v1.37', 'baseline', ['runAsNonRoot != true']]]);
    const inline = JSON.parse(JSON.stringify(rootDeployment));
    inline.spec.template.spec.volumes = [{ name: 'nfs-export', nfs: { server: 'nfs', path: '/x' } }];
    expect(restrictedSays(inline)[0][2]).toEqual(['restricted volume types', 'runAsNonRoot != true']);

    const nonRoot = synthNfs({ runAsUser: 1000, runAsGroup: 2000 });
    const deployment = only(nonRoot.manifests, 'Deployment');
    expect(deployment.spec.template.spec.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 2000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(nonRoot.nfs.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(restrictedSays(deployment)).toEqual([['v1.27', 'restricted', []], ['v1.37', 'restricted', []]]);

    // User 0 is root, said out loud: no runAsNonRoot.
    const zero = synthNfs({ runAsUser: 0 });
    expect(only(zero.manifests, 'Deployment').spec.template.spec.securityContext).toEqual({ runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } });
    expect(zero.nfs.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
  });

  test('a pathPattern with a sub-directory and ReclaimPolicy.DELETE: refused for images up to v4.0.2 unless onDelete is retain', () => {
    const subdir = '${.PVC.namespace}/${.PVC.name}';
    const make = (props: Partial<NfsStorageProps>) => () => synthNfs({ pathPattern: subdir, reclaimPolicy: ReclaimPolicy.DELETE, ...props });
    const refused = /'pathPattern' must be one directory name \(no '\/'\) with 'reclaimPolicy' Delete/;
    expect(make({})).toThrow(refused);
    expect(make({ onDelete: NfsOnDelete.DELETE })).toThrow(refused);
    expect(make({ archiveOnDelete: false })).toThrow(refused);
    expect(make({ image: 'mirror.example.com/nfs-subdir-external-provisioner:v4.0.2' })).toThrow(refused);
    expect(make({ image: 'quay.io/external_storage/nfs-client-provisioner:v3.1.0' })).toThrow(refused);
    expect(make({ image: 'mirror.example.com/nfs-subdir-external-provisioner:v4.0.2-linux-arm' })).toThrow(refused);
    // What v4.0.2 does on delete is then what was asked for, or the image is newer.
    expect(make({ onDelete: NfsOnDelete.RETAIN })).not.toThrow();
    expect(make({ image: 'mirror.example.com/nfs-subdir-external-provisioner:v4.0.3' })).not.toThrow();
    expect(make({ image: 'mirror.example.com/nfs-subdir-external-provisioner@sha256:' + 'a'.repeat(64) })).not.toThrow();
    expect(make({ reclaimPolicy: ReclaimPolicy.RETAIN })).not.toThrow();
    expect(make({ pathPattern: '${.PVC.namespace}.${.PVC.name}' })).not.toThrow();
  });

  test('resources are converted to exact quantities', () => {
    const { manifests } = synthNfs({
      resources: {
        cpu: { request: CpuAmount.millis(250), limit: CpuAmount.cores(1) },
        memory: { request: Size.mebibytes(100), limit: Size.gibibytes(1.5) },
      },
    });
    expect(only(manifests, 'Deployment').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '100Mi' },
      limits: { cpu: '1', memory: '1536Mi' },
    });
    expect(only(synthNfs().manifests, 'Deployment').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '10m', memory: '32Mi' },
      limits: { memory: '128Mi' },
    });
  });

  test('apiObject is the provisioner Deployment', () => {
    const { nfs, manifests } = synthNfs();
    expect(nfs.apiObject.kind).toBe('Deployment');
    expect(nfs.apiObject.name).toBe(only(manifests, 'Deployment').metadata.name);
    expect(nfs.apiObject.node.id).toBe('Resource');
  });

  test('scheduling options reach the pod', () => {
    const tolerations = [{ key: 'storage', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_SCHEDULE }, { key: 'dedicated', value: 'nfs' }];
    const { manifests } = synthNfs({ nodeSelector: { 'kubernetes.io/hostname': 'node-1' }, tolerations });
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'node-1' });
    expect(pod.tolerations).toEqual([
      { key: 'storage', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'dedicated', operator: 'Equal', value: 'nfs' },
    ]);
  });

  test('without leader election: no Role, no RoleBinding, and the provisioner is told', () => {
    const { manifests } = synthNfs({ leaderElection: false });
    expect(manifests.filter(o => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
    expect(env(only(manifests, 'Deployment')).ENABLE_LEADER_ELECTION).toBe('false');
    expect(env(only(synthNfs().manifests, 'Deployment'))).not.toHaveProperty('ENABLE_LEADER_ELECTION');
  });

  test('replicas: 0 and several with leader election are allowed', () => {
    expect(only(synthNfs({ replicas: 0 }).manifests, 'Deployment').spec.replicas).toBe(0);
    expect(only(synthNfs({ replicas: 3 }).manifests, 'Deployment').spec.replicas).toBe(3);
  });

  const NAMES = (manifests: any[]) => ({
    storageClass: only(manifests, 'StorageClass').metadata.name,
    provisioner: only(manifests, 'StorageClass').provisioner,
    clusterRole: only(manifests, 'ClusterRole').metadata.name,
    clusterRoleBinding: only(manifests, 'ClusterRoleBinding').metadata.name,
  });

  test('default names differ between two NfsStorage in one chart', () => {
    const chart = chartIn('storage', 'web');
    const a = new NfsStorage(chart, 'fast', { server: '192.168.1.21', path: '/fast' });
    const b = new NfsStorage(chart, 'slow', { server: '192.168.1.21', path: '/slow' });
    expect(a.storageClassName).not.toBe(b.storageClassName);
    expect(a.provisionerName).not.toBe(b.provisionerName);
    const manifests = Testing.synth(chart);
    for (const kind of ['StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment', 'ServiceAccount']) {
      const names = manifests.filter(o => o.kind === kind).map(o => o.metadata.name);
      expect(names).toHaveLength(2);
      expect(new Set(names).size).toBe(2);
    }
    const provisioners = manifests.filter(o => o.kind === 'StorageClass').map(o => o.provisioner);
    expect(new Set(provisioners).size).toBe(2);
    // Each export claim selects its own volume and not the other's.
    const volumes = manifests.filter(o => o.kind === 'PersistentVolume');
    const selects = (claim: any, volume: any) => Object.entries(claim.spec.selector.matchLabels).every(([k, v]) => volume.metadata.labels[k] === v);
    for (const claim of manifests.filter(o => o.kind === 'PersistentVolumeClaim')) {
      expect(volumes.filter(v => selects(claim, v)).map(v => v.spec.claimRef.name)).toEqual([claim.metadata.name]);
    }
  });

  test('default cluster-wide names differ when the same app is synthesized for two namespaces', () => {
    const build = (namespace: string) => {
      const app = new App();
      const chart = new Chart(app, 'web', { namespace });
      new NfsStorage(chart, 'nfs', { server: '192.168.1.21', path: '/nfsdata' });
      return NAMES(Testing.synth(chart));
    };
    const blue = build('blue');
    const green = build('green');
    for (const key of Object.keys(blue) as Array<keyof typeof blue>) {
      expect(blue[key]).not.toBe(green[key]);
    }
    // ...and the same namespace gives the same names: they are stable.
    expect(build('blue')).toEqual(blue);
  });

  test('default names are valid for every kind they name', () => {
    // A long construct path must still give names Kubernetes accepts.
    const chart = chartIn('storage', 'a-namespace-with-a-rather-long-name-for-a-test');
    const nfs = new NfsStorage(chart, 'an-nfs-storage-construct-whose-id-is-long-too', { server: '192.168.1.21', path: '/nfsdata' });
    const manifests = Testing.synth(chart);
    for (const o of manifests) {
      expect(o.metadata.name.length).toBeLessThanOrEqual(o.kind === 'ServiceAccount' || o.kind === 'Deployment' ? 63 : 253);
      expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    }
    expect(nfs.provisionerName.split('/')[1].length).toBeLessThanOrEqual(63);
    for (const value of Object.values(only(manifests, 'Deployment').metadata.labels) as string[]) {
      expect(value.length).toBeLessThanOrEqual(63);
    }
  });

  // Every bad input and its message: test/catalogue.test.ts. Here, what a
  // message alone cannot show.
  describe('fails when', () => {
    test('two NfsStorage in one app share a StorageClass or provisioner name (caught at synth)', () => {
      const app = Testing.app();
      const a = new Chart(app, 'a', { namespace: 'one' });
      const b = new Chart(app, 'b', { namespace: 'two' });
      new NfsStorage(a, 'nfs', { server: 'nfs-a', path: '/a', storageClassName: 'nfs' });
      new NfsStorage(b, 'nfs', { server: 'nfs-b', path: '/b', storageClassName: 'nfs', provisionerName: 'shared' });
      new NfsStorage(b, 'other', { server: 'nfs-c', path: '/c', provisionerName: 'shared' });
      expect(() => app.synth()).toThrow(/NfsStorage a\/nfs: 'storageClassName' must be unique in the app \(b\/nfs has it too\), got "nfs"/);
      expect(() => Testing.synth(b)).toThrow(/NfsStorage b\/other: 'provisionerName' must be unique in the app \(b\/nfs has it too\), got "shared"/);
      // Default names never clash.
      const ok = Testing.app();
      new NfsStorage(new Chart(ok, 'a', { namespace: 'one' }), 'nfs', { server: 'nfs-a', path: '/a' });
      new NfsStorage(new Chart(ok, 'b', { namespace: 'one' }), 'nfs', { server: 'nfs-a', path: '/a' });
      expect(() => ok.synthYaml()).not.toThrow();
    });

    test('two replicas need leader election; one does not', () => {
      expect(() => synthNfs({ replicas: 1, leaderElection: false })).not.toThrow();
    });
  });
});
