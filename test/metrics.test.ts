import { PodSecurityLevel, WebServer } from '../src';
import { only, synthWeb } from './support/manifests';
import { podSecurityOf } from './support/pod-security';

// The status page of the web server, on a port the NetworkPolicy opens to one namespace.

describe('metrics', () => {
  test('httpd: mod_status on its own virtual host, included by -c from the status ConfigMap', () => {
    const { manifests, container, pod, web } = synthWeb({ name: 'web', metrics: { namespace: 'monitoring' } });
    const config = only(manifests, 'ConfigMap');
    expect(config.metadata.name).toBe('web-status');
    expect(config.data['status.conf']).toContain('Listen 8081\n<VirtualHost *:8081>');
    expect(config.data['status.conf']).toContain('SetHandler server-status');
    expect(container.args).toEqual(['httpd-foreground', '-c', 'Include /etc/web-status/status.conf']);
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

  test('none without the prop: no status ConfigMap, port, mount or argument', () => {
    const { manifests, container } = synthWeb();
    expect(manifests.filter(m => m.kind === 'ConfigMap')).toEqual([]);
    expect(container.ports).toHaveLength(1);
    expect(container).not.toHaveProperty('args');
  });
});
