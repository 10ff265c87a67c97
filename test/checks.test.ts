import { checkHost, checkInstance, checkLabels, fail, failure, RULE_MAX } from '../src/checks';

/** A class named like one of the test's own, as another copy of a package brings. */
const OTHER_COPY = { Probe: class Probe {} };

describe('the error format', () => {
  test('a first line with the construct, the prop, the rule and the value; the detail after it', () => {
    expect(() => fail('StatefulWeb app/web', 'replicas', -1, 'a whole number from 0 to 3', 'A StatefulSet runs at most 3 here.'))
      .toThrow(new Error("StatefulWeb app/web: 'replicas' must be a whole number from 0 to 3, got -1\nA StatefulSet runs at most 3 here."));
    expect(() => fail('o', 'p', 'x', 'a y')).toThrow(new Error("o: 'p' must be a y, got \"x\""));
  });

  test('values as the user wrote them: numbers as numbers, the rest as JSON', () => {
    expect(() => fail('o', 'p', Infinity, 'finite')).toThrow(/, got Infinity$/);
    expect(() => fail('o', 'p', ['a'], 'none')).toThrow(/, got \["a"\]$/);
    expect(() => fail('o', 'p', undefined, 'set')).toThrow(/, got undefined$/);
  });

  test('an object of a class by its class, and a value with a cycle without throwing on it', () => {
    class Probe {}
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(failure('o', 'p', new Probe(), 'a probe')).toBe("o: 'p' must be a probe, got an object of class Probe");
    expect(failure('o', 'p', cycle, 'flat')).toBe("o: 'p' must be flat, got [object Object]");
    expect(failure('o', 'p', Probe, 'an object')).toBe("o: 'p' must be an object, got the function Probe");
  });

  test(`a rule of ${RULE_MAX} characters is stated whole; a longer one is cut there and goes on at the start of the next line`, () => {
    const longest = 'x'.repeat(RULE_MAX - 'must be '.length);
    expect(() => fail('o', 'p', 1, longest)).toThrow(new Error(`o: 'p' must be ${longest}, got 1`));
    const error = (allowed: string, detail?: string) => {
      try {
        fail('o', 'p', 1, allowed, detail);
      } catch (e) {
        return (e as Error).message.split('\n');
      }
      throw new Error('no error');
    };
    const [first, second, third] = error(`${longest}yz`, 'Why.');
    expect(first).toBe(`o: 'p' must be ${longest.slice(0, -1)}…, got 1`);
    expect(first.slice("o: 'p' ".length, first.lastIndexOf(', got ')).length).toBe(RULE_MAX);
    expect(second).toBe('…xyz');
    expect(third).toBe('Why.');
    expect(error('one\ntwo')).toEqual(["o: 'p' must be one…, got 1", '…two']);
  });
});

describe('checks', () => {
  test.each(['192.168.1.21', 'nfs.example.com', 'fd00::1', 'NFS.example.com'])('%s is an NFS server host', host => {
    expect(checkHost('o', 'server', host)).toBe(host);
  });

  test('an instance of the class itself passes; one of a class of the same name elsewhere is said to be of another copy', () => {
    class Probe {}
    const probe = new Probe();
    expect(checkInstance('o', 'readiness', probe, Probe, 'a Probe')).toBe(probe);
    expect(() => checkInstance('o', 'readiness', new OTHER_COPY.Probe(), Probe, 'a Probe'))
      .toThrow("o: 'readiness' must be a Probe, got an object of class Probe\nThe Probe given is of another copy of the package");
    expect(() => checkInstance('o', 'readiness', 'tcp' as unknown as Probe, Probe, 'a Probe')).toThrow(new Error("o: 'readiness' must be a Probe, got \"tcp\""));
  });

  test('a label map is checked key by key, naming the key in the prop', () => {
    expect(checkLabels('o', 'podLabels', { tier: 'web' })).toEqual({ tier: 'web' });
    expect(() => checkLabels('o', 'podLabels', { tier: 'web tier' })).toThrow("o: 'podLabels.tier' must be a label value");
  });
});
