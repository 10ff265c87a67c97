import { Chart, Testing } from 'cdk8s';
import { NfsCsiDriver, NfsCsiDriverProps, PodSecurityLevel, TolerationOperator } from '../src';
import { chartIn, only } from './support/manifests';
import { podSecurityDetailsOf } from './support/pod-security';

function synthDriver(props: NfsCsiDriverProps = {}, namespace: string | undefined = 'csi') {
  const chart = chartIn('driver', namespace);
  const driver = new NfsCsiDriver(chart, 'nfs', props);
  return { chart, driver, manifests: Testing.synth(chart) };
}

function containers(manifests: any[], kind: string): { [name: string]: any } {
  return Object.fromEntries(only(manifests, kind).spec.template.spec.containers.map((c: any) => [c.name, c]));
}

describe('NfsCsiDriver', () => {
  test('defaults', () => {
    const chart = Testing.chart();
    new NfsCsiDriver(chart, 'nfs');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('customised, in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'csi', { namespace: 'csi-nfs' });
    new NfsCsiDriver(chart, 'nfs', {
      name: 'nfs.example.com',
      kubeletDir: '/srv/kubelet',
      images: { nfsPlugin: 'registry.example.com/nfsplugin:v4.13.4', livenessProbe: 'registry.example.com/livenessprobe:v2.19.0' },
      controllerReplicas: 2,
      snapshots: false,
      nodeSelector: { 'kubernetes.io/os': 'linux', 'storage': 'nfs' },
      tolerations: [{ key: 'storage', operator: TolerationOperator.EXISTS }],
    });
    expect(app.synthYaml()).toMatchSnapshot();
  });

  test('public fields resolve the defaults', () => {
    const { driver } = synthDriver();
    expect(driver.name).toBe('nfs.csi.k8s.io');
    expect(driver.namespace).toBe('csi');
    expect(driver.kubeletDir).toBe('/var/lib/kubelet');
    expect(driver.snapshots).toBe(true);
    expect(driver.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('the CSIDriver is cluster-scoped, attaches nothing and comes after every other object', () => {
    const { manifests } = synthDriver();
    const csiDriver = only(manifests, 'CSIDriver');
    expect(csiDriver.metadata.namespace).toBeUndefined();
    expect(csiDriver.metadata.name).toBe('nfs.csi.k8s.io');
    expect(csiDriver.spec).toEqual({ attachRequired: false, volumeLifecycleModes: ['Persistent'], fsGroupPolicy: 'File' });
    expect(manifests[manifests.length - 1].kind).toBe('CSIDriver');
    for (const kind of ['ClusterRole', 'ClusterRoleBinding']) expect(only(manifests, kind).metadata.namespace).toBeUndefined();
    for (const kind of ['Deployment', 'DaemonSet', 'Role', 'RoleBinding']) expect(only(manifests, kind).metadata.namespace).toBe('csi');
  });

  test('the kubelet directory is substituted everywhere the node plugin meets the kubelet', () => {
    const { manifests } = synthDriver({ kubeletDir: '/srv/kubelet' });
    const text = JSON.stringify(manifests);
    expect(text).not.toContain('/var/lib/kubelet');
    const node = only(manifests, 'DaemonSet').spec.template.spec;
    expect(Object.fromEntries(node.volumes.map((v: any) => [v.name, v.hostPath.path]))).toEqual({
      'socket-dir': '/srv/kubelet/plugins/csi-nfsplugin',
      'pods-mount-dir': '/srv/kubelet/pods',
      'registration-dir': '/srv/kubelet/plugins_registry',
    });
    const registrar = containers(manifests, 'DaemonSet')['node-driver-registrar'];
    expect(registrar.env.find((e: any) => e.name === 'DRIVER_REG_SOCK_PATH').value).toBe('/srv/kubelet/plugins/csi-nfsplugin/csi.sock');
    expect(containers(manifests, 'DaemonSet').nfs.volumeMounts.find((m: any) => m.name === 'pods-mount-dir').mountPath).toBe('/srv/kubelet/pods');
  });

  test('only the node plugin is privileged with Bidirectional propagation; the controller plugin is privileged without it', () => {
    const { manifests } = synthDriver();
    for (const kind of ['Deployment', 'DaemonSet']) {
      for (const [name, c] of Object.entries(containers(manifests, kind))) {
        const privileged = c.securityContext?.privileged === true;
        expect([kind, name, privileged]).toEqual([kind, name, name === 'nfs']);
        const bidirectional = (c.volumeMounts ?? []).filter((m: any) => m.mountPropagation === 'Bidirectional');
        expect([kind, name, bidirectional.length]).toEqual([kind, name, kind === 'DaemonSet' && name === 'nfs' ? 1 : 0]);
        if (!privileged) expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      }
    }
    const node = only(manifests, 'DaemonSet').spec.template.spec;
    expect(node.hostNetwork).toBe(true);
    expect(node.automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'Deployment').spec.template.spec.hostNetwork).toBeUndefined();
  });

  test('the controller runs the images of the upstream manifests, the driver name in each plugin', () => {
    const { manifests } = synthDriver({ name: 'nfs.example.com' });
    const images = Object.fromEntries(Object.entries({
      ...containers(manifests, 'Deployment'),
      ...Object.fromEntries(
        Object.entries(containers(manifests, 'DaemonSet')).map(([n, c]) => [`node/${n}`, c])),
    }).map(([n, c]) => [n, c.image]));
    expect(images).toEqual({
      'csi-provisioner': 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0',
      'csi-resizer': 'registry.k8s.io/sig-storage/csi-resizer:v2.2.0',
      'csi-snapshotter': 'registry.k8s.io/sig-storage/csi-snapshotter:v8.6.0',
      'liveness-probe': 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0',
      'nfs': 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4',
      'node/liveness-probe': 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0',
      'node/node-driver-registrar': 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0',
      'node/nfs': 'registry.k8s.io/sig-storage/nfsplugin:v4.13.4',
    });
    for (const kind of ['Deployment', 'DaemonSet']) expect(containers(manifests, kind).nfs.args).toContain('--drivername=nfs.example.com');
    expect(only(manifests, 'CSIDriver').metadata.name).toBe('nfs.example.com');
    expect(only(manifests, 'DaemonSet').spec.template.spec.volumes[0].hostPath.path).toBe('/var/lib/kubelet/plugins/nfs.example.com');
  });

  test('RBAC: no wildcard, no secrets, leases in a namespaced Role, no Endpoints', () => {
    const { manifests } = synthDriver();
    const rules = [...only(manifests, 'ClusterRole').rules, ...only(manifests, 'Role').rules];
    for (const rule of rules) {
      for (const field of ['apiGroups', 'resources', 'verbs']) expect(rule[field]).not.toContain('*');
      expect(rule.resources).not.toContain('secrets');
      expect(rule.resources).not.toContain('endpoints');
    }
    expect(only(manifests, 'ClusterRole').rules.some((r: any) => r.resources.includes('leases'))).toBe(false);
    expect(only(manifests, 'Role').rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }]);
    const sa = only(manifests, 'Deployment').spec.template.spec.serviceAccountName;
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) expect(only(manifests, kind).subjects).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'csi' }]);
    for (const c of Object.values(containers(manifests, 'Deployment')).filter((x: any) => x.name.startsWith('csi-'))) {
      expect(c.args).toEqual(expect.arrayContaining(['--leader-election', '--leader-election-namespace=$(POD_NAMESPACE)']));
    }
  });

  test('without snapshots: no csi-snapshotter and no write access to snapshot contents', () => {
    const { manifests } = synthDriver({ snapshots: false });
    expect(containers(manifests, 'Deployment')['csi-snapshotter']).toBeUndefined();
    const snapshotRules = only(manifests, 'ClusterRole').rules.filter((r: any) => r.apiGroups.includes('snapshot.storage.k8s.io'));
    expect(snapshotRules.flatMap((r: any) => r.verbs)).not.toContain('update');
    expect(snapshotRules.flatMap((r: any) => r.resources)).not.toContain('volumesnapshotclasses');
  });

  test('labels: the recommended five on every object', () => {
    const { manifests } = synthDriver();
    for (const o of manifests) {
      expect(Object.keys(o.metadata.labels).sort()).toEqual([
        'app.kubernetes.io/component', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/name', 'app.kubernetes.io/part-of',
      ]);
    }
    expect(only(manifests, 'DaemonSet').spec.selector.matchLabels['app.kubernetes.io/component']).toBe('node');
    expect(only(manifests, 'Deployment').spec.selector.matchLabels['app.kubernetes.io/component']).toBe('controller');
  });

  test('tolerations go to the controller; the node plugin tolerates every taint', () => {
    const { manifests } = synthDriver({ tolerations: [{ key: 'storage', operator: TolerationOperator.EXISTS }] });
    expect(only(manifests, 'Deployment').spec.template.spec.tolerations).toEqual([{ key: 'storage', operator: 'Exists' }]);
    expect(only(manifests, 'DaemonSet').spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('Pod Security, by the upstream checks: both plugins need privileged, for their privileged containers', () => {
    const { manifests } = synthDriver();
    const details = podSecurityDetailsOf(manifests);
    const node = Object.entries(details).find(([name]) => name.startsWith('DaemonSet/'))![1];
    const controller = Object.entries(details).find(([name]) => name.startsWith('Deployment/'))![1];
    for (const evaluation of [...node, ...controller]) expect(evaluation.level).toBe('privileged');
    // The node plugin: privileged, in the host's network, on the kubelet's folders.
    const nodeReasons = node[1].violations.baseline.join('\n');
    for (const reason of [/privileged/, /host namespaces/, /hostPath volumes/]) expect(nodeReasons).toMatch(reason);
    // The controller: the privileged container only (no host network, no hostPath).
    const controllerReasons = controller[1].violations.baseline.join('\n');
    expect(controllerReasons).toMatch(/privileged/);
    expect(controllerReasons).not.toMatch(/host namespaces|hostPath/);
  });

  test('two drivers of one name in an app are refused at synth, each naming the other', () => {
    const app = Testing.app();
    new NfsCsiDriver(new Chart(app, 'a'), 'nfs');
    const b = new Chart(app, 'b');
    new NfsCsiDriver(b, 'nfs');
    expect(() => app.synth()).toThrow(/NfsCsiDriver a\/nfs: 'name' must be unique in the app \(b\/nfs has it too\), got "nfs.csi.k8s.io"/);
    expect(() => Testing.synth(b)).toThrow(/NfsCsiDriver b\/nfs: 'name' must be unique in the app \(a\/nfs has it too\)/);
  });
});
