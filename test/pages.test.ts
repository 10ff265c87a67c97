import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PagesMode, StatefulWeb, StatefulWebProps } from '../src';
import { only, synthWeb } from './support/manifests';

// The init container's script is run for real with /bin/sh, the way the
// container runs it: taken out of the synthesized StatefulSet, with the
// container's own environment, a temporary directory standing in for each
// pod's claim and another for the mounted pages ConfigMap.

const tempDirs: string[] = [];

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `seed-pages-${label}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Seeder {
  readonly web: StatefulWeb;
  /** The script of the init container, as synthesized. */
  readonly script: string;
  /** The ConfigMap data the pages volume holds. */
  readonly pages: { [key: string]: string };
  /** Runs the init container of one pod against a claim directory. */
  run(podName: string, claimDir: string): SpawnSyncReturns<string>;
}

function seeder(props: StatefulWebProps): Seeder {
  const chart = Testing.chart();
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = manifests.find(o => o.kind === 'StatefulSet');
  const configMap = manifests.find(o => o.kind === 'ConfigMap');
  const [init] = set.spec.template.spec.initContainers;

  // What the kubelet would mount at PAGES_DIR: one file per ConfigMap key.
  const pagesDir = tempDir('pages');
  for (const [key, value] of Object.entries(configMap.data as { [key: string]: string })) {
    fs.writeFileSync(path.join(pagesDir, key), value);
  }
  const pagesVolume = set.spec.template.spec.volumes.find((v: any) => v.name === 'pages');
  expect(pagesVolume.configMap.name).toBe(configMap.metadata.name);
  expect(init.volumeMounts).toContainEqual({ name: 'pages', mountPath: init.env.find((e: any) => e.name === 'PAGES_DIR').value, readOnly: true });

  const [shell, flag, script] = init.command;
  expect([shell, flag]).toEqual(['sh', '-c']);
  expect(init.command).toHaveLength(3);

  return {
    web,
    script,
    pages: configMap.data,
    run(podName: string, claimDir: string) {
      const env: { [key: string]: string } = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      for (const e of init.env) {
        if (e.name === 'POD_NAME') {
          expect(e.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
          env.POD_NAME = podName;
        } else if (e.name === 'PAGES_DIR') {
          env.PAGES_DIR = pagesDir;
        } else if (e.name === 'DATA_DIR') {
          // The container mounts the claim there.
          expect(init.volumeMounts).toContainEqual({ name: expect.any(String), mountPath: e.value });
          env.DATA_DIR = claimDir;
        } else {
          env[e.name] = e.value;
        }
      }
      expect(Object.keys(env).sort()).toEqual(['DATA_DIR', 'PAGES_DIR', 'PATH', 'POD_NAME']);
      return spawnSync('/bin/sh', [flag, script], { env, encoding: 'utf8', timeout: 10_000 });
    },
  };
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('the seed-pages init container', () => {
  test('writes each pod its own page into its own claim', () => {
    const pages = ['<h1>123</h1>\n', '<h1>456</h1>\n', '<h1>789</h1>\n'];
    const s = seeder({ name: 'statefulset-test', replicas: 3, pages });
    expect(s.web.podNames).toHaveLength(3);
    s.web.podNames.forEach((pod, i) => {
      const claim = tempDir(`claim-${i}`);
      const result = s.run(pod, claim);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(listing(claim)).toEqual(['index.html']);
      expect(fs.readFileSync(path.join(claim, 'index.html'), 'utf8')).toBe(pages[i]);
      expect(result.stdout).toMatch(new RegExp(`wrote .*index\\.html for ordinal ${i}`));
    });
  });

  test('uses the ordinals when they do not start at 0, and a name with digits and dashes', () => {
    const s = seeder({ name: 'web-2-v1', replicas: 2, ordinalsStart: 10, pages: ['ten', 'eleven'] });
    expect(s.web.podNames).toEqual(['web-2-v1-10', 'web-2-v1-11']);
    expect(Object.keys(s.pages).sort()).toEqual(['10.html', '11.html']);
    for (const [pod, page] of [['web-2-v1-10', 'ten'], ['web-2-v1-11', 'eleven']]) {
      const claim = tempDir('claim');
      expect(s.run(pod, claim).status).toBe(0);
      expect(fs.readFileSync(path.join(claim, 'index.html'), 'utf8')).toBe(page);
    }
  });

  test('copies the page byte for byte', () => {
    const page = '<p>"quotes" \'single\' $HOME `date` \\ back-slash</p>\n\u00e9\u4e2d\u{1F600}\n\n  trailing spaces  \n';
    const s = seeder({ replicas: 1, pages: [page] });
    const claim = tempDir('claim');
    expect(s.run(s.web.podNames[0], claim).status).toBe(0);
    expect(fs.readFileSync(path.join(claim, 'index.html'))).toEqual(Buffer.from(page, 'utf8'));
  });

  test('a pod without a page gets nothing and the container succeeds', () => {
    const s = seeder({ name: 'web', replicas: 3, pages: ['only pod 0'] });
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'other.txt'), 'kept');
    const result = s.run('web-2', claim);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/no page for ordinal 2/);
    expect(listing(claim)).toEqual(['other.txt']);
    expect(fs.readFileSync(path.join(claim, 'other.txt'), 'utf8')).toBe('kept');
  });

  test('an existing index.html is left byte for byte, with its mtime', () => {
    const s = seeder({ name: 'web', replicas: 1, pages: ['new page'] });
    const claim = tempDir('claim');
    const target = path.join(claim, 'index.html');
    const written = Buffer.from('<h1>edited by hand</h1>\n');
    fs.writeFileSync(target, written);
    const past = new Date('2020-01-02T03:04:05Z');
    fs.utimesSync(target, past, past);
    const before = fs.statSync(target);

    const result = s.run('web-0', claim);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/exists: left as it is/);
    expect(fs.readFileSync(target)).toEqual(written);
    const after = fs.statSync(target);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mtimeMs).toBe(past.getTime());
    expect(after.ino).toBe(before.ino);
    expect(listing(claim)).toEqual(['index.html']);
  });

  test('a second run is a no-op', () => {
    const s = seeder({ name: 'web', replicas: 2, pages: ['zero', 'one'] });
    const claim = tempDir('claim');
    expect(s.run('web-1', claim).status).toBe(0);
    const target = path.join(claim, 'index.html');
    const past = new Date('2021-06-07T08:09:10Z');
    fs.utimesSync(target, past, past);
    const first = fs.statSync(target);

    const again = s.run('web-1', claim);
    expect(again.status).toBe(0);
    expect(fs.readFileSync(target, 'utf8')).toBe('one');
    expect(fs.statSync(target).mtimeMs).toBe(first.mtimeMs);
    expect(fs.statSync(target).ino).toBe(first.ino);
    expect(listing(claim)).toEqual(['index.html']);
  });

  test('a copy left half-done by a killed pod is finished on the next start', () => {
    const s = seeder({ name: 'web', replicas: 1, pages: ['whole page'] });
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'index.html.seeding'), 'whole');
    expect(s.run('web-0', claim).status).toBe(0);
    expect(listing(claim)).toEqual(['index.html']);
    expect(fs.readFileSync(path.join(claim, 'index.html'), 'utf8')).toBe('whole page');
  });

  test('fails loudly, writing nothing, when the pod name is missing', () => {
    const s = seeder({ name: 'web', replicas: 1, pages: ['page'] });
    const claim = tempDir('claim');
    const result = spawnSync('/bin/sh', ['-c', s.script], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PAGES_DIR: tempDir('pages'), DATA_DIR: claim },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/POD_NAME/);
    expect(listing(claim)).toEqual([]);
    // The same claim is seeded once the name is there.
    expect(s.run('web-0', claim).status).toBe(0);
    expect(listing(claim)).toEqual(['index.html']);
  });
});

describe('the pages of a StatefulWeb', () => {
  test('a ConfigMap keyed by ordinal and an init container that mounts it and the claim', () => {
    const { web, manifests, pod } = synthWeb({ replicas: 3, ordinalsStart: 3, pages: ['<h1>three</h1>', '<h1>four</h1>'] });
    const configMap = only(manifests, 'ConfigMap');
    expect(configMap.data).toEqual({ '3.html': '<h1>three</h1>', '4.html': '<h1>four</h1>' });
    expect(configMap.metadata.name).toBe(`${web.name}-pages`);

    expect(pod.volumes).toContainEqual({ name: 'pages', configMap: { name: configMap.metadata.name } });
    expect(pod.initContainers).toHaveLength(1);
    const [init] = pod.initContainers;
    expect(init.name).toBe('seed-pages');
    expect(init.image).toBe('httpd:2.4.62');
    expect(init.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(init.volumeMounts).toEqual([
      { name: 'data', mountPath: '/usr/local/apache2/htdocs' },
      { name: 'pages', mountPath: '/pages', readOnly: true },
    ]);
    expect(init.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PAGES_DIR', value: '/pages' },
      { name: 'DATA_DIR', value: '/usr/local/apache2/htdocs' },
    ]);
    expect(init.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // The web container serves the claim; it does not need the ConfigMap.
    expect(pod.containers[0].volumeMounts.map((m: any) => m.name)).not.toContain('pages');
  });

  test('the init container writes into the first claim, wherever it is mounted, with the seed image', () => {
    const { pod } = synthWeb({ pages: ['x'], mountPath: '/srv/www', claimName: 'www', seedImage: 'busybox:1.36.1' });
    const [init] = pod.initContainers;
    expect(init.image).toBe('busybox:1.36.1');
    expect(init.env).toContainEqual({ name: 'DATA_DIR', value: '/srv/www' });
    expect(init.volumeMounts[0]).toEqual({ name: 'www', mountPath: '/srv/www' });
  });

  test('no pages: no ConfigMap, no init container, no pages volume', () => {
    const { manifests, pod } = synthWeb({ replicas: 2 });
    expect(manifests.filter(o => o.kind === 'ConfigMap')).toEqual([]);
    expect(pod).not.toHaveProperty('initContainers');
    expect(pod.volumes.map((v: any) => v.name)).not.toContain('pages');
  });
});

describe('content updates', () => {
  const HASH = 'cdk8s-stateful-web/pages-hash';

  test('seed-once is the default: no hash on the template, so changing pages rolls nothing', () => {
    const { set, pod } = synthWeb({ replicas: 2, pages: ['a', 'b'] });
    expect(set.spec.template.metadata.annotations).toBeUndefined();
    expect(pod.initContainers[0].name).toBe('seed-pages');
    expect(synthWeb({ replicas: 2, pages: ['a', 'c'] }).set.spec.template).toEqual(set.spec.template);
  });

  test('sync: the template carries a hash of the pages that changes with them, and only with them', () => {
    const sync = (pages: string[]) => synthWeb({ replicas: 2, pages, pagesMode: PagesMode.SYNC });
    const first = sync(['a', 'b']);
    const hash = first.set.spec.template.metadata.annotations[HASH];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sync(['a', 'b']).set.spec.template.metadata.annotations[HASH]).toBe(hash);
    expect(sync(['a', 'B']).set.spec.template.metadata.annotations[HASH]).not.toBe(hash);
    expect(first.pod.initContainers[0].name).toBe('sync-pages');
  });

  test('sync: every start writes the current page over the one in the claim; seed-once leaves it', () => {
    const dirs: string[] = [];
    const tmp = (label: string) => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), `pages-${label}-`));
      dirs.push(d);
      return d;
    };
    try {
      const runInit = (mode: PagesMode, page: string, claim: string) => {
        const { manifests, pod } = synthWeb({ replicas: 1, pages: [page], pagesMode: mode });
        const pages = tmp('cm');
        const data = only(manifests, 'ConfigMap').data as { [k: string]: string };
        for (const [k, v] of Object.entries(data)) fs.writeFileSync(path.join(pages, k), v);
        const init = pod.initContainers[0];
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', POD_NAME: 'web-0', PAGES_DIR: pages, DATA_DIR: claim };
        const r = spawnSync('/bin/sh', init.command.slice(1), { env, encoding: 'utf8', timeout: 10_000 });
        expect([r.status, r.stderr]).toEqual([0, '']);
      };
      const syncClaim = tmp('sync');
      runInit(PagesMode.SYNC, 'v1', syncClaim);
      runInit(PagesMode.SYNC, 'v2', syncClaim);
      expect(fs.readFileSync(path.join(syncClaim, 'index.html'), 'utf8')).toBe('v2');
      expect(fs.readdirSync(syncClaim)).toEqual(['index.html']);
      const seedClaim = tmp('seed');
      runInit(PagesMode.SEED_ONCE, 'v1', seedClaim);
      runInit(PagesMode.SEED_ONCE, 'v2', seedClaim);
      expect(fs.readFileSync(path.join(seedClaim, 'index.html'), 'utf8')).toBe('v1');
    } finally {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
