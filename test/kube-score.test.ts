import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildLab } from '../examples/lab/lab';

// kube-score (test/support/kube-score/build.sh, built from the Go module
// proxy into a cache outside the repo) on the lab's YAML: the production
// checks it knows are met, and what it still reports is exactly what
// docs/production.md lists with the reason it stays.

const PRODUCTION_DOC = fs.readFileSync(path.join(__dirname, '..', 'docs', 'production.md'), 'utf8');

/** The check ids of the docs' table of remaining kube-score findings: from the marker to the next heading. */
function documentedFindings(): string[] {
  const section = (PRODUCTION_DOC.split('<!-- kube-score findings -->')[1] ?? '').split(/^#/m)[0];
  return [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map(m => m[1]).sort();
}

describe('kube-score 1.20 on the lab', () => {
  let findings: Array<{ object: string; check: string; comments: string[] }>;

  beforeAll(() => {
    const bin = execFileSync('bash', [path.join(__dirname, 'support', 'kube-score', 'build.sh')], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-score-'));
    try {
      const file = path.join(dir, 'lab.k8s.yaml');
      const app = new App({ outdir: dir });
      buildLab(app);
      fs.writeFileSync(file, app.synthYaml());
      // kube-score exits 1 when it has findings: read its report either way.
      const r = spawnSync(bin, ['score', '--output-format', 'json', file], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as any[];
      findings = report.flatMap(o => (o.checks as any[])
        .filter(c => !c.skipped && c.grade < 10)
        .map(c => ({
          object: `${o.type_meta.kind}/${o.object_meta.name}`,
          check: c.check.id as string,
          comments: ((c.comments ?? []) as any[]).map(x => `${x.path}: ${x.summary}`),
        })));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 10 * 60_000);

  test('reports no missing disruption budget, anti-affinity or network policy', () => {
    expect(findings.length).toBeGreaterThan(0);
    const production = ['statefulset-has-poddisruptionbudget', 'statefulset-has-host-podantiaffinity', 'deployment-has-poddisruptionbudget',
      'deployment-has-host-podantiaffinity', 'pod-networkpolicy', 'networkpolicy-targets-pod'];
    expect(findings.filter(f => production.includes(f.check))).toEqual([]);
  });

  test("what it still reports is the docs' list", () => {
    expect([...new Set(findings.map(f => f.check))].sort()).toEqual(documentedFindings());
  });
});
