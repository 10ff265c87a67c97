import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The e2e's "every check accounted for": e2e/checks-ran.sh against made-up
// run logs, and the expected ids against the checks the Go suite defines.

const E2E = path.join(__dirname, '..', 'e2e');
const SCRIPT = path.join(E2E, 'checks-ran.sh');
const EXPECTED = path.join(E2E, 'checks', 'expected-ids.txt');

function expectedIds(): string[] {
  return fs.readFileSync(EXPECTED, 'utf8').split('\n')
    .filter(l => l.trim() !== '' && !l.trim().startsWith('#'))
    .map(l => l.trim().split(/\s+/)[0]);
}

function run(lines: string[], ...args: string[]): { status: number; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-ran-'));
  const log = path.join(dir, 'out.log');
  fs.writeFileSync(log, lines.join('\n') + '\n');
  try {
    const out = execFileSync('bash', [SCRIPT, 'v1.37.2', log, ...args], { encoding: 'utf8' });
    return { status: 0, out };
  } catch (e: any) {
    return { status: e.status, out: e.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const passes = (ids: string[], v = 'v1.37.2') => ids.map(id => `PASS [${v}] ${id}: seen`);

describe('e2e: every check accounted for', () => {
  test('every check the Go suite defines is expected, and every expected id is a check', () => {
    const defined = new Set<string>();
    for (const f of fs.readdirSync(path.join(E2E, 'checks')).filter(n => n.endsWith('_test.go'))) {
      const src = fs.readFileSync(path.join(E2E, 'checks', f), 'utf8');
      for (const m of src.matchAll(/\bcheck\("([a-z0-9-]+)"/g)) defined.add(m[1]);
    }
    expect(defined.size).toBeGreaterThan(30);
    expect([...defined].sort()).toEqual([...new Set(expectedIds())].sort());
  });

  test('all expected ids passed: one INFO line, exit 0', () => {
    const ids = expectedIds();
    const r = run(passes(ids));
    expect(r).toEqual({ status: 0, out: `INFO [v1.37.2] checks-ran: ${ids.length} of ${ids.length}\n` });
  });

  test('an expected id with no line fails the run and is named', () => {
    const ids = expectedIds();
    const r = run(passes(ids.filter(id => id !== 'csi-on-delete')));
    expect(r.status).toBe(1);
    expect(r.out).toContain(`INFO [v1.37.2] checks-ran: ${ids.length - 1} of ${ids.length}`);
    expect(r.out).toMatch(/^FAIL \[v1\.37\.2\] checks-ran: .*no line from csi-on-delete$/m);
  });

  test('a failed id, or a passing id that is not expected, fails the run', () => {
    const ids = expectedIds();
    const lines = passes(ids.filter(id => id !== 'spread'));
    lines.push('FAIL [v1.37.2] spread: stacked', 'PASS [v1.37.2] not-listed: seen');
    const r = run(lines);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/failed: spread; passed but not in expected-ids\.txt: not-listed$/m);
  });

  test('another version\'s lines do not count', () => {
    const r = run(passes(expectedIds(), 'v1.27.16'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('INFO [v1.37.2] checks-ran: 0 of');
  });

  test('E2E_ONLY narrows the expected ids to those it matches, and teardown', () => {
    const r = run(passes(['spread', 'apply', 'teardown']), EXPECTED, '^(spread|apply)$');
    expect(r).toEqual({ status: 0, out: 'INFO [v1.37.2] checks-ran: 3 of 3\n' });
    expect(run(passes(['spread', 'teardown']), EXPECTED, '^(spread|apply)$').status).toBe(1);
  });

  test('an id listed for other versions only is not expected at this one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-ran-'));
    const list = path.join(dir, 'ids.txt');
    fs.writeFileSync(list, '# comment\napply\nnew-only v1.27.16\nboth v1.27.16 v1.37.2\n');
    try {
      expect(run(passes(['apply', 'both']), list)).toEqual({ status: 0, out: 'INFO [v1.37.2] checks-ran: 2 of 2\n' });
      expect(run(passes(['apply']), list).out).toMatch(/no line from both$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
