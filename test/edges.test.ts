import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { buildSync } from 'esbuild';
import { buildLab } from '../examples/lab/lab';
import { StatefulWeb } from '../src';
import { buildEdges, INT32_MAX, MIB } from './edges-app';
import { chartIn, only } from './support/manifests';

// Inputs at the edges that work (the ones that fail, with their messages, are
// rows of test/catalogue.test.ts), and the synth of the lab and of these edges
// in a child process with a small heap and a time limit, on every Node given.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The YAML of the lab and of the edges, in this process. */
function synthHere(): { lab: string; edges: string } {
  const lab = new App();
  buildLab(lab);
  const edges = new App();
  buildEdges(edges);
  return { lab: lab.synthYaml(), edges: edges.synthYaml() };
}

describe('edges that work', () => {
  test('2^31 - 1 replicas: the same objects as 3 replicas, and one pod name at a time', () => {
    const yaml = (replicas: number) => {
      const chart = chartIn('site', 'web');
      const web = new StatefulWeb(chart, 'web', { name: 'web', replicas, pages: ['a'] });
      return { web, yaml: Testing.synth(chart) };
    };
    const huge = yaml(INT32_MAX);
    const small = yaml(3);
    // Only the count differs.
    expect(only(huge.yaml, 'StatefulSet').spec.replicas).toBe(INT32_MAX);
    only(huge.yaml, 'StatefulSet').spec.replicas = 3;
    expect(huge.yaml).toEqual(small.yaml);
    expect(huge.web.podName(INT32_MAX - 1)).toBe(`web-${INT32_MAX - 1}`);
    expect(huge.web.claimName('data', 0)).toBe('data-web-0');
    expect(small.web.podNames).toEqual(['web-0', 'web-1', 'web-2']);
  });

  test('the longest names at the last ordinal: a pod name of 63 characters, a claim name of 127', () => {
    const chart = chartIn('site', 'web');
    const web = new StatefulWeb(chart, 'web', { name: 'n'.repeat(52), claimName: 'c'.repeat(63), replicas: INT32_MAX, ordinalsStart: 1 });
    expect(web.podName(INT32_MAX)).toHaveLength(63);
    expect(web.claimName('c'.repeat(63), INT32_MAX)).toHaveLength(127);
    // The schema validation of the test setup accepts the StatefulSet.
    expect(only(Testing.synth(chart), 'StatefulSet').spec.ordinals).toEqual({ start: 1 });
  });

  test('the last ordinal at int32, names at their limit, pages at exactly 1 MiB with their keys', () => {
    const app = Testing.app();
    buildEdges(app);
    const docs = app.charts[0].toJson();
    const sets = docs.filter((d: any) => d.kind === 'StatefulSet');
    expect(sets.map((s: any) => s.metadata.name)).toEqual(['h'.repeat(52), 'last', 'full', 'utf8']);
    const last = sets[1];
    expect(last.spec.ordinals).toEqual({ start: INT32_MAX - 2 });
    expect(last.spec.volumeClaimTemplates[0].metadata.name).toBe('c'.repeat(63));
    const full = docs.find((d: any) => d.kind === 'ConfigMap' && d.metadata.name === 'full-pages');
    const bytes = Object.entries(full.data as { [k: string]: string }).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    expect(bytes).toBe(MIB);
  });

  test('non-ASCII pages and mount paths, whitespace pages, a 63-character label value', () => {
    const chart = chartIn('site');
    const web = new StatefulWeb(chart, 'web', {
      name: 'web',
      replicas: 2,
      pages: ['<p>日本語 🙂</p>', ' '],
      mountPath: '/srv/données du site',
      podLabels: { tier: 'v'.repeat(63) },
    });
    const manifests = Testing.synth(chart);
    expect(only(manifests, 'ConfigMap').data).toEqual({ '0.html': '<p>日本語 🙂</p>', '1.html': ' ' });
    expect(only(manifests, 'StatefulSet').spec.template.spec.containers[0].volumeMounts[0]).toEqual({ name: 'data', mountPath: '/srv/données du site' });
    expect(web.podNames).toEqual(['web-0', 'web-1']);
  });

  test('an empty page list makes an empty ConfigMap and no page for any pod', () => {
    const chart = chartIn('site');
    new StatefulWeb(chart, 'web', { name: 'web', replicas: 1, pages: [] });
    expect(only(Testing.synth(chart), 'ConfigMap').data ?? {}).toEqual({});
  });
});

describe('synthesis in a child process: 256 MB of heap, a time limit, the same bytes on every Node', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'edges-test-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /**
   * Node binaries to compare: SYNTH_NODES (a list separated by ':' or ','),
   * else the one running the tests. CI points it at the Node 20, 22 and 24 it
   * installs.
   */
  const nodes = (process.env.SYNTH_NODES ?? process.execPath).split(/[:,]/).filter(Boolean);

  /** The lab and the edges as one script (the library bundled in, cdk8s from node_modules). */
  function bundle(): string {
    const root = path.join(__dirname, '..');
    const entry = path.join(tmp, 'entry.ts');
    fs.writeFileSync(entry, [
      "import { createHash } from 'crypto';",
      "import { App } from 'cdk8s';",
      `import { buildEdges } from ${JSON.stringify(path.join(__dirname, 'edges-app'))};`,
      `import { buildLab } from ${JSON.stringify(path.join(root, 'examples', 'lab', 'lab'))};`,
      "const sha = (t: string) => createHash('sha256').update(t).digest('hex');",
      'function synth() {',
      '  const lab = new App(); buildLab(lab);',
      '  const edges = new App(); buildEdges(edges);',
      '  return { lab: lab.synthYaml(), edges: edges.synthYaml() };',
      '}',
      'const first = synth();',
      'const again = synth();',
      'process.stdout.write(JSON.stringify({',
      '  lab: sha(first.lab), edges: sha(first.edges), labAgain: sha(again.lab), edgesAgain: sha(again.edges),',
      '  edgesBytes: first.edges.length, heapMiB: process.memoryUsage().heapUsed / 2 ** 20,',
      '}));',
    ].join('\n'));
    const outfile = path.join(tmp, 'entry.js');
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', outfile, external: ['cdk8s', 'cdk8s-plus-27', 'constructs'], logLevel: 'error' });
    return outfile;
  }

  test('the lab and the edges synthesize in 256 MB and 60 s, the same bytes twice, on each Node, and as here', () => {
    const script = bundle();
    const results = nodes.map(node => {
      const run = spawnSync(node, ['--max-old-space-size=256', script], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_PATH: path.join(__dirname, '..', 'node_modules') },
      });
      expect({ node, signal: run.signal, status: run.status, stderr: run.stderr }).toEqual({ node, signal: null, status: 0, stderr: '' });
      const result = JSON.parse(run.stdout);
      // Deterministic within a process: a second synth of the same app gives the same bytes.
      expect({ node, lab: result.labAgain, edges: result.edgesAgain }).toEqual({ node, lab: result.lab, edges: result.edges });
      expect(result.heapMiB).toBeLessThan(256);
      // Not trivially: the edges are big, and the huge StatefulSet is in them.
      expect(result.edgesBytes).toBeGreaterThan(MIB);
      return { lab: result.lab, edges: result.edges };
    });
    // The same bytes on every Node given.
    for (const r of results) expect(r).toEqual(results[0]);
    // And as in this process (only now: a regression that needs more memory
    // than the child had has failed above instead of taking jest down).
    const here = synthHere();
    expect(results[0]).toEqual({ lab: sha256(here.lab), edges: sha256(here.edges) });
    expect(here.edges).toContain(`replicas: ${INT32_MAX}`);
  }, 120_000 * Math.max(1, nodes.length));
});
