import { Size } from 'cdk8s';
import { CpuAmount } from '../src';
import { toWire } from '../src/objects';
import { toKubeResources, toQuantity } from '../src/quantities';

describe('toQuantity', () => {
  test.each([
    [Size.mebibytes(100), '100Mi'],
    [Size.gibibytes(1.5), '1536Mi'],
    [Size.gibibytes(2), '2Gi'],
    [Size.kibibytes(3), '3Ki'],
    [Size.tebibytes(1024), '1Pi'],
  ])('%s is written in the largest binary unit that holds it exactly', (size, quantity) => {
    expect(toQuantity('o', 'p', size)).toBe(quantity);
  });

  test('a size that is not a whole number of KiB is refused, naming the owner and the prop', () => {
    expect(() => toQuantity('StatefulWeb x', 'storageSize', Size.kibibytes(0.5))).toThrow("StatefulWeb x: 'storageSize'");
  });
});

describe('toKubeResources', () => {
  test('CPU in millicores or cores, memory as quantities, requests and limits apart', () => {
    expect(toWire(toKubeResources('o', 'resources', {
      cpu: { request: CpuAmount.millis(250), limit: CpuAmount.cores(2) },
      memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1) },
    }))).toEqual({ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '2', memory: '1Gi' } });
  });
});
