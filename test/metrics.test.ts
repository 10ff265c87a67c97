import { PodSecurityLevel, WebServer } from '../src';
import { only, synthWeb } from './support/manifests';
import { podSecurityOf } from './support/pod-security';
import { everyKubernetesMinor } from './support/validator';

// The status page of the web server, on a port the NetworkPolicy opens to one namespace.

describe('metrics', () => {
  test('httpd: mod_status on its own virtual host, included by -c from the status ConfigMap', () => {
    const { manifests, container, pod, web } = synthWeb({ name: 'web', metrics: { namespace: 'monitoring' } });
    const config = only(manifests, 'ConfigMap');
    expect(config.metadata.name).toBe('web-status');
    expect(config.data['status.conf']).toContain('Listen 8081\n<VirtualHost *:8081>');
    expect(config.data['status.conf']).toContain('SetHandler server-status');
    expect(container.args).toEqual(['httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off', '-c', 'Include /etc/web-status/status.conf']);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }, { name: 'status', containerPort: 8081 }]);
    expect(container.volumeMounts).toContainEqual({ name: 'status', mountPath: '/etc/web-status', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'status', configMap: { name: 'web-status' } });
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
    expect(Object.values(podSecurityOf(manifests)['StatefulSet/web'])).toEqual(['baseline', 'baseline']);
  });

  test('nginx-unprivileged: stub_status in a conf.d file of its own, its default command kept, still restricted', () => {
    const { manifests, container, set, web } = synthWeb({ name: 'web', server: WebServer.nginxUnprivileged(), metrics: { namespace: 'monitoring', port: 9113 } });
    expect(only(manifests, 'ConfigMap').data['status.conf']).toBe('server {\n  listen 9113;\n  location = /stub_status {\n    stub_status;\n  }\n}\n');
    expect(container).not.toHaveProperty('args');
    expect(container.volumeMounts).toContainEqual({ name: 'status', mountPath: '/etc/nginx/conf.d/status.conf', readOnly: true, subPath: 'status.conf' });
    expect(web.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(Object.values(podSecurityOf([set])['StatefulSet/web'])).toEqual(['restricted', 'restricted']);
  });

  test('the NetworkPolicy opens the status port to the monitoring namespace alone, the web port to all', () => {
    const { manifests } = synthWeb({ metrics: { namespace: 'monitoring' } });
    expect(only(manifests, 'NetworkPolicy').spec.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port: 80 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
  });

  test.each([
    ['httpd', WebServer.httpd(), 'baseline', 9117, '--scrape_uri=http://127.0.0.1:8081/server-status?auto'],
    ['nginx-unprivileged', WebServer.nginxUnprivileged(), 'restricted', 9113, '--nginx.scrape-uri=http://127.0.0.1:8081/stub_status'],
  ])('%s with podMonitor: the exporter beside the server, a PodMonitor of its port, valid at every minor, same Pod Security level', (_, server, level, port, scrape) => {
    const { manifests, pod, set, web } = synthWeb({ name: 'web', server, metrics: { namespace: 'monitoring', podMonitor: true } }, 'shop');
    const exporter = pod.containers[1];
    expect(exporter).toMatchObject({ name: 'exporter', ports: [{ name: 'metrics', containerPort: port }] });
    expect(exporter.args).toContain(scrape);
    expect(exporter.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const monitor = only(manifests, 'PodMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata.namespace).toBe('shop');
    expect(monitor.spec).toEqual({ selector: { matchLabels: set.spec.selector.matchLabels }, podMetricsEndpoints: [{ port: 'metrics', path: '/metrics' }] });
    expect(only(manifests, 'NetworkPolicy').spec.ingress[1].ports).toEqual([{ protocol: 'TCP', port: 8081 }]);
    expect(only(manifests, 'NetworkPolicy').spec.ingress[2]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port }],
    });
    expect(Object.values(podSecurityOf([set])['StatefulSet/web'])).toEqual([level, level]);
    expect(web.podMonitor?.kind).toBe('PodMonitor');
    const errors = everyKubernetesMinor().flatMap(k => manifests.flatMap(o => k.validateObject(o).map(e => `${k.version} ${o.kind}${e}`)));
    expect(errors).toEqual([]);
  });

  test('an exporter image of its own', () => {
    const { pod } = synthWeb({ metrics: { namespace: 'monitoring', podMonitor: true, exporterImage: 'registry.example.com/apache-exporter:v1' } });
    expect(pod.containers[1].image).toBe('registry.example.com/apache-exporter:v1');
  });

  test('none without the prop: no status ConfigMap, port, mount or argument', () => {
    const { manifests, container } = synthWeb();
    expect(manifests.filter(m => m.kind === 'ConfigMap')).toEqual([]);
    expect(container.ports).toHaveLength(1);
    expect(container.args).not.toContain('Include /etc/web-status/status.conf');
    expect(manifests.filter(m => m.kind === 'PodMonitor')).toEqual([]);
  });
});
