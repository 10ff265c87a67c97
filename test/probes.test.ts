import { Duration, Size } from 'cdk8s';
import { CpuAmount, HealthProbe, NodeLabelOperator, ProbeScheme, TolerationEffect, TolerationOperator, UpdateStrategy } from '../src';
import { synthWeb } from './support/manifests';

// The library's own value types for probes, resources, update strategies,
// tolerations and node affinity, as the StatefulSet renders them. (Bad values:
// the catalogue.)

describe('HealthProbe', () => {
  test('an HTTP GET: the container port unless given, HTTP unless HTTPS, every timing', () => {
    const { container } = synthWeb({
      port: 8080,
      readiness: HealthProbe.httpGet('/ready', {
        initialDelay: Duration.seconds(2), period: Duration.seconds(5), timeout: Duration.seconds(3), failureThreshold: 4, successThreshold: 2,
      }),
      liveness: HealthProbe.httpGet('/alive', { port: 9443, scheme: ProbeScheme.HTTPS }),
    });
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
      initialDelaySeconds: 2,
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 4,
      successThreshold: 2,
    });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/alive', port: 9443, scheme: 'HTTPS' }, failureThreshold: 3 });
  });

  test('a TCP connection to a port of its own, and a command', () => {
    const { container } = synthWeb({ startup: HealthProbe.tcpSocket({ port: 81, failureThreshold: 30 }), liveness: HealthProbe.exec(['cat', '/tmp/ok']) });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 81 }, failureThreshold: 30 });
    expect(container.livenessProbe).toEqual({ exec: { command: ['cat', '/tmp/ok'] }, failureThreshold: 3 });
  });

  test('a liveness probe with a success threshold of 1 is taken', () => {
    expect(synthWeb({ liveness: HealthProbe.tcpSocket({ successThreshold: 1 }) }).container.livenessProbe.successThreshold).toBe(1);
  });
});

describe('ComputeResources and CpuAmount', () => {
  test('fractional cores and whole millicores, sizes in binary units', () => {
    const { container } = synthWeb({
      resources: { cpu: { request: CpuAmount.cores(0.5), limit: CpuAmount.millis(1500) }, ephemeralStorage: { limit: Size.gibibytes(2) } },
    });
    expect(container.resources).toEqual({ requests: { cpu: '0.5' }, limits: { 'cpu': '1500m', 'ephemeral-storage': '2Gi' } });
    expect(CpuAmount.millis(250).amount).toBe('250m');
  });
});

describe('UpdateStrategy', () => {
  test('a rolling update with a partition and several pods unavailable at once', () => {
    const { set } = synthWeb({ updateStrategy: UpdateStrategy.rollingUpdate({ partition: 1, maxUnavailable: 2 }) });
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: 2 } });
  });
});

describe('Toleration and NodeAffinityTerm', () => {
  test('every taint, a NoExecute grace period, and terms that are ORed with requirements ANDed', () => {
    const { set } = synthWeb({
      tolerations: [
        { operator: TolerationOperator.EXISTS },
        { key: 'node.kubernetes.io/unreachable', operator: TolerationOperator.EXISTS, effect: TolerationEffect.NO_EXECUTE, tolerationSeconds: Duration.minutes(5) },
      ],
      nodeAffinity: [
        { requirements: [{ key: 'gpu', operator: NodeLabelOperator.GT, values: ['1'] }, { key: 'spot', operator: NodeLabelOperator.DOES_NOT_EXIST }] },
        { requirements: [{ key: 'disk', operator: NodeLabelOperator.NOT_IN, values: ['hdd'] }] },
      ],
    });
    const pod = set.spec.template.spec;
    expect(pod.tolerations).toEqual([
      { operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['1'] }, { key: 'spot', operator: 'DoesNotExist' }] },
      { matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['hdd'] }] },
    ]);
  });
});
