import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PagesMode, StatefulWeb, StatefulWebProps, WebServer } from '../src';
import { only, synthWeb } from './support/manifests';

// The script that writes the pages is run for real with /bin/sh, the way its
// container runs it: taken out of the synthesized StatefulSet, with the
// container's own environment, a temporary directory standing in for each
// pod's claim and another for the mounted pages ConfigMap. With a preset
// server the web container runs it before its server; with a seed image an
// init container does. Both are run, and the server stands in as an `echo`.

const tempDirs: string[] = [];

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `seed-pages-${label}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the stand-in server prints when the script runs it. */
const SERVED = 'the server runs';

/** The containers that can write the pages: the web container (a preset server), or an init container (a seed image). */
const WRITERS: [string, StatefulWebProps][] = [
  ['the web container, before its server', {}],
  ['the seed-pages init container', { seedImage: 'busybox:1.36' }],
];

interface Seeder {
  readonly web: StatefulWeb;
  /** The script, as synthesized. */
  readonly script: string;
  /** The ConfigMap data the pages volume holds. */
  readonly pages: { [key: string]: string };
  /** Whether the web container runs the script before its server. */
  readonly inWeb: boolean;
  /** Runs the script of one pod against a claim directory, the server after it in the web container. */
  run(podName: string, claimDir: string): SpawnSyncReturns<string>;
}

function seeder(props: StatefulWebProps): Seeder {
  const chart = Testing.chart();
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = manifests.find(o => o.kind === 'StatefulSet');
  const configMap = manifests.find(o => o.kind === 'ConfigMap');
  const pod = set.spec.template.spec;
  const init = (pod.initContainers ?? []).find((c: any) => c.name.endsWith('-pages'));
  const writer = init ?? pod.containers[0];

  // What the kubelet would mount at PAGES_DIR: one file per ConfigMap key.
  const pagesDir = tempDir('pages');
  for (const [key, value] of Object.entries(configMap.data as { [key: string]: string })) {
    fs.writeFileSync(path.join(pagesDir, key), value);
  }
  const pagesVolume = pod.volumes.find((v: any) => v.name === 'pages');
  expect(pagesVolume.configMap.name).toBe(configMap.metadata.name);
  expect(writer.volumeMounts).toContainEqual({ name: 'pages', mountPath: writer.env.find((e: any) => e.name === 'PAGES_DIR').value, readOnly: true });

  const [shell, flag, script, ...server] = writer.command;
  expect([shell, flag]).toEqual(['sh', '-c']);
  if (init) {
    expect(server).toEqual([]);
  } else {
    // `$0`, then the server's command line, which the script runs last.
    expect(server[0]).toMatch(/^(seed|sync)-pages$/);
    expect(server.length).toBeGreaterThan(1);
    expect(script.endsWith('exec "$@"\n')).toBe(true);
  }

  return {
    web,
    script,
    pages: configMap.data,
    inWeb: !init,
    run(podName: string, claimDir: string) {
      const env: { [key: string]: string } = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      for (const e of writer.env) {
        if (e.name === 'POD_NAME') {
          expect(e.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
          env.POD_NAME = podName;
        } else if (e.name === 'PAGES_DIR') {
          env.PAGES_DIR = pagesDir;
        } else if (e.name === 'DATA_DIR') {
          // The container mounts the claim there.
          expect(writer.volumeMounts).toContainEqual({ name: expect.any(String), mountPath: e.value });
          env.DATA_DIR = claimDir;
        } else {
          env[e.name] = e.value;
        }
      }
      expect(Object.keys(env).sort()).toEqual(['DATA_DIR', 'PAGES_DIR', 'PATH', 'POD_NAME']);
      const args = init ? [flag, script] : [flag, script, server[0], 'echo', SERVED];
      return spawnSync('/bin/sh', args, { env, encoding: 'utf8', timeout: 10_000 });
    },
  };
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe.each(WRITERS)('pages written by %s', (_writer, writerProps) => {
  const seederOf = (props: StatefulWebProps) => seeder({ ...props, ...writerProps });

  test('writes each pod its own page into its own claim', () => {
    const pages = ['<h1>123</h1>\n', '<h1>456</h1>\n', '<h1>789</h1>\n'];
    const s = seederOf({ name: 'statefulset-test', replicas: 3, pages });
    expect(s.inWeb).toBe(writerProps.seedImage === undefined);
    expect(s.web.podNames).toHaveLength(3);
    s.web.podNames.forEach((pod, i) => {
      const claim = tempDir(`claim-${i}`);
      const result = s.run(pod, claim);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(listing(claim)).toEqual(['index.html']);
      expect(fs.readFileSync(path.join(claim, 'index.html'), 'utf8')).toBe(pages[i]);
      // The server runs once the page is there.
      const wrote = new RegExp(`wrote .*index\\.html for ordinal ${i}\n${s.inWeb ? SERVED + '\n' : ''}$`);
      expect(result.stdout).toMatch(wrote);
    });
  });

  test('uses the ordinals when they do not start at 0, and a name with digits and dashes', () => {
    const s = seederOf({ name: 'web-2-v1', replicas: 2, ordinalsStart: 10, pages: ['ten', 'eleven'] });
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
    const s = seederOf({ replicas: 1, pages: [page] });
    const claim = tempDir('claim');
    expect(s.run(s.web.podNames[0], claim).status).toBe(0);
    expect(fs.readFileSync(path.join(claim, 'index.html'))).toEqual(Buffer.from(page, 'utf8'));
  });

  test('a pod without a page gets nothing and the container goes on', () => {
    const s = seederOf({ name: 'web', replicas: 3, pages: ['only pod 0'] });
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'other.txt'), 'kept');
    const result = s.run('web-2', claim);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/no page for ordinal 2/);
    expect(result.stdout.includes(SERVED)).toBe(s.inWeb);
    expect(listing(claim)).toEqual(['other.txt']);
    expect(fs.readFileSync(path.join(claim, 'other.txt'), 'utf8')).toBe('kept');
  });

  test('an existing index.html is left byte for byte, with its mtime', () => {
    const s = seederOf({ name: 'web', replicas: 1, pages: ['new page'] });
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
    expect(result.stdout.includes(SERVED)).toBe(s.inWeb);
    expect(fs.readFileSync(target)).toEqual(written);
    const after = fs.statSync(target);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mtimeMs).toBe(past.getTime());
    expect(after.ino).toBe(before.ino);
    expect(listing(claim)).toEqual(['index.html']);
  });

  test('a second run is a no-op', () => {
    const s = seederOf({ name: 'web', replicas: 2, pages: ['zero', 'one'] });
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
    const s = seederOf({ name: 'web', replicas: 1, pages: ['whole page'] });
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'index.html.seeding'), 'whole');
    expect(s.run('web-0', claim).status).toBe(0);
    expect(listing(claim)).toEqual(['index.html']);
    expect(fs.readFileSync(path.join(claim, 'index.html'), 'utf8')).toBe('whole page');
  });

  test('fails loudly, writing nothing and starting no server, when the pod name is missing', () => {
    const s = seederOf({ name: 'web', replicas: 1, pages: ['page'] });
    const claim = tempDir('claim');
    const unset = spawnSync('/bin/sh', ['-c', s.script, 'seed-pages', 'echo', SERVED], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PAGES_DIR: tempDir('pages'), DATA_DIR: claim },
      encoding: 'utf8',
    });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/POD_NAME/);
    expect(unset.stdout).not.toContain(SERVED);
    expect(listing(claim)).toEqual([]);
    // The same claim is seeded once the name is there.
    expect(s.run('web-0', claim).status).toBe(0);
    expect(listing(claim)).toEqual(['index.html']);
  });

  test('a copy that fails stops the container before its server', () => {
    const s = seederOf({ name: 'web', replicas: 1, pages: ['page'] });
    // A claim that is not a directory: the copy cannot write into it.
    const claim = path.join(tempDir('claim'), 'not-a-directory');
    fs.writeFileSync(claim, '');
    const result = s.run('web-0', claim);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/not-a-directory/);
    expect(result.stdout).not.toContain(SERVED);
    expect(result.stdout).not.toMatch(/wrote/);
  });
});

describe('the pages of a StatefulWeb', () => {
  test('a ConfigMap keyed by ordinal, and the web container writes the page, then runs the server', () => {
    const { web, manifests, pod, container } = synthWeb({ replicas: 3, ordinalsStart: 3, pages: ['<h1>three</h1>', '<h1>four</h1>'] });
    const configMap = only(manifests, 'ConfigMap');
    expect(configMap.data).toEqual({ '3.html': '<h1>three</h1>', '4.html': '<h1>four</h1>' });
    expect(configMap.metadata.name).toBe(`${web.name}-pages`);

    expect(pod.volumes).toContainEqual({ name: 'pages', configMap: { name: configMap.metadata.name } });
    expect(pod).not.toHaveProperty('initContainers');
    expect(container.command.slice(0, 2)).toEqual(['sh', '-c']);
    // `$0`, then httpd's command line, which `args` holds without pages.
    expect(container.command.slice(3)).toEqual(['seed-pages', 'httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off']);
    expect(container).not.toHaveProperty('args');
    expect(synthWeb({ replicas: 3 }).container.args).toEqual(container.command.slice(4));
    expect(container.volumeMounts).toEqual([
      { name: 'data', mountPath: '/usr/local/apache2/htdocs' },
      { name: 'writable-0', mountPath: '/usr/local/apache2/logs' },
      { name: 'pages', mountPath: '/pages', readOnly: true },
    ]);
    expect(container.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PAGES_DIR', value: '/pages' },
      { name: 'DATA_DIR', value: '/usr/local/apache2/htdocs' },
    ]);
    // The server's own security context: nothing more for the copy.
    expect(container.securityContext).toEqual(synthWeb({ replicas: 3 }).container.securityContext);
  });

  test("with metrics, the web container runs httpd with the status page's arguments after its own", () => {
    const { container } = synthWeb({ pages: ['x'], metrics: { namespace: 'monitoring' } });
    expect(container.command.slice(4)).toEqual(['httpd-foreground', '-c', 'EnableMMAP Off', '-c', 'EnableSendfile Off', '-c', 'Include /etc/web-status/status.conf']);
  });

  test('an init container writes the page with a seed image, a custom server or a read-only claim', () => {
    const custom = WebServer.custom({ image: 'caddy:2', port: 8080, documentRoot: '/srv' });
    for (const props of [{ seedImage: 'busybox:1.36' }, { server: custom }, { claimReadOnly: true }] as StatefulWebProps[]) {
      const { pod, container } = synthWeb({ pages: ['x'], ...props });
      expect(pod.initContainers.map((c: any) => c.name)).toEqual(['seed-pages']);
      const [init] = pod.initContainers;
      expect(init.image).toBe(props.seedImage ?? container.image);
      expect(init.command).toHaveLength(3);
      expect(init.volumeMounts).toEqual([
        { name: 'data', mountPath: container.volumeMounts[0].mountPath },
        { name: 'pages', mountPath: '/pages', readOnly: true },
      ]);
      expect(init.env.map((e: any) => e.name)).toEqual(['POD_NAME', 'PAGES_DIR', 'DATA_DIR']);
      expect(init.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      // The web container serves the claim; it does not need the ConfigMap.
      expect(container.volumeMounts.map((m: any) => m.name)).not.toContain('pages');
      expect(container).not.toHaveProperty('command');
      expect(container).not.toHaveProperty('env');
    }
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
    expect(pod.containers[0].command[3]).toBe('seed-pages');
    expect(synthWeb({ replicas: 2, pages: ['a', 'c'] }).set.spec.template).toEqual(set.spec.template);
  });

  test('sync: the template carries a hash of the pages that changes with them, and only with them', () => {
    const sync = (pages: string[]) => synthWeb({ replicas: 2, pages, pagesMode: PagesMode.SYNC });
    const first = sync(['a', 'b']);
    const hash = first.set.spec.template.metadata.annotations[HASH];
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(sync(['a', 'b']).set.spec.template.metadata.annotations[HASH]).toBe(hash);
    expect(sync(['a', 'B']).set.spec.template.metadata.annotations[HASH]).not.toBe(hash);
    expect(first.container.command[3]).toBe('sync-pages');
    expect(synthWeb({ pages: ['a'], pagesMode: PagesMode.SYNC, seedImage: 'busybox:1.36' }).pod.initContainers[0].name).toBe('sync-pages');
  });

  test.each(WRITERS)('sync: every start writes the current page over the one in the claim; seed-once leaves it (%s)', (_writer, writerProps) => {
    const run = (mode: PagesMode, page: string, claim: string) => {
      const r = seeder({ replicas: 1, pages: [page], pagesMode: mode, ...writerProps }).run('web-0', claim);
      expect([r.status, r.stderr]).toEqual([0, '']);
    };
    const syncClaim = tempDir('sync');
    run(PagesMode.SYNC, 'v1', syncClaim);
    run(PagesMode.SYNC, 'v2', syncClaim);
    expect(fs.readFileSync(path.join(syncClaim, 'index.html'), 'utf8')).toBe('v2');
    expect(fs.readdirSync(syncClaim)).toEqual(['index.html']);
    const seedClaim = tempDir('seed');
    run(PagesMode.SEED_ONCE, 'v1', seedClaim);
    run(PagesMode.SEED_ONCE, 'v2', seedClaim);
    expect(fs.readFileSync(path.join(seedClaim, 'index.html'), 'utf8')).toBe('v1');
  });
});
