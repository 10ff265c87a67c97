import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PagesMode, SiteContent, StatefulWeb, StatefulWebProps, WebServer } from '../src';
import { only, synthWeb } from './support/manifests';
import { podSecurityOf } from './support/pod-security';

// The init container that copies the shared content is run for real with
// /bin/sh, taken out of the synthesized StatefulSet: a temporary directory
// stands in for each pod's claim, another for the content volume (laid out
// the way the kubelet lays out a ConfigMap volume: each key a symbolic link
// into a hidden, dated directory), and another for the pages volume.

const tempDirs: string[] = [];

function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `site-content-${label}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A directory laid out like a ConfigMap volume of `data`. */
function configMapVolume(data: { [key: string]: string }): string {
  const dir = tempDir('configmap');
  const dated = path.join(dir, '..2026_01_01_00_00_00.000000001');
  fs.mkdirSync(dated);
  for (const [key, value] of Object.entries(data)) fs.writeFileSync(path.join(dated, key), value);
  fs.symlinkSync(path.basename(dated), path.join(dir, '..data'));
  for (const key of Object.keys(data)) fs.symlinkSync(path.join('..data', key), path.join(dir, key));
  return dir;
}

interface Copier {
  readonly web: StatefulWeb;
  readonly manifests: any[];
  readonly init: any;
  /** Runs the content init container of one pod against a claim directory. */
  run(podName: string, claimDir: string, contentDir: string, pagesDir?: string): SpawnSyncReturns<string>;
}

function copier(props: StatefulWebProps): Copier {
  const chart = Testing.chart();
  const web = new StatefulWeb(chart, 'web', props);
  const manifests = Testing.synth(chart);
  const set = only(manifests, 'StatefulSet');
  const init = set.spec.template.spec.initContainers.find((c: any) => c.name.endsWith('-content'));
  const [shell, flag, script] = init.command;
  expect([shell, flag]).toEqual(['sh', '-c']);
  return {
    web,
    manifests,
    init,
    run(podName, claimDir, contentDir, pagesDir) {
      const env: { [key: string]: string } = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      for (const e of init.env) {
        if (e.name === 'POD_NAME') {
          expect(e.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
          env.POD_NAME = podName;
        } else if (e.name === 'CONTENT_DIR') {
          expect(init.volumeMounts).toContainEqual({ name: 'content', mountPath: e.value, readOnly: true });
          env.CONTENT_DIR = contentDir;
        } else if (e.name === 'PAGES_DIR') {
          expect(init.volumeMounts).toContainEqual({ name: 'pages', mountPath: e.value, readOnly: true });
          env.PAGES_DIR = pagesDir!;
        } else if (e.name === 'DATA_DIR') {
          expect(init.volumeMounts).toContainEqual({ name: set.spec.volumeClaimTemplates[0].metadata.name, mountPath: e.value });
          env.DATA_DIR = claimDir;
        } else {
          env[e.name] = e.value;
        }
      }
      return spawnSync('/bin/sh', [flag, script], { env, encoding: 'utf8', timeout: 10_000 });
    },
  };
}

/** Every file under `dir`, relative, with its content. */
function tree(dir: string): { [file: string]: string } {
  const out: { [file: string]: string } = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    }
  };
  walk('');
  return out;
}

const FILES = { 'style.css': 'body { color: teal }\n', 'logo.svg': '<svg/>\n', 'index.html': '<h1>every pod</h1>\n' };

describe('the content init container', () => {
  test('seed-once copies every file of a ConfigMap volume, and only its files, into each claim', () => {
    const c = copier({ name: 'www', replicas: 2, sharedContent: SiteContent.fromFiles(FILES) });
    expect(c.init.name).toBe('seed-content');
    const content = configMapVolume(FILES);
    for (const pod of c.web.podNames) {
      const claim = tempDir('claim');
      const result = c.run(pod, claim, content);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // Not '..data' nor the dated directory: the files alone, as files.
      expect(tree(claim)).toEqual(FILES);
      expect(fs.lstatSync(path.join(claim, 'style.css')).isSymbolicLink()).toBe(false);
    }
  });

  test('seed-once leaves a file the claim has; a second run is a no-op', () => {
    const c = copier({ name: 'www', replicas: 1, sharedContent: SiteContent.fromFiles(FILES) });
    const content = configMapVolume(FILES);
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'style.css'), 'edited in the claim');
    expect(c.run('www-0', claim, content).status).toBe(0);
    expect(tree(claim)).toEqual({ ...FILES, 'style.css': 'edited in the claim' });
    const second = c.run('www-0', claim, content);
    expect(second.status).toBe(0);
    expect(second.stdout).not.toMatch(/wrote/);
    expect(tree(claim)).toEqual({ ...FILES, 'style.css': 'edited in the claim' });
  });

  test('sync writes every file over the claim\'s on every start, and leaves the claim\'s other files', () => {
    const c = copier({ name: 'www', replicas: 1, pagesMode: PagesMode.SYNC, sharedContent: SiteContent.fromConfigMap('site-files') });
    expect(c.init.name).toBe('sync-content');
    const claim = tempDir('claim');
    fs.writeFileSync(path.join(claim, 'style.css'), 'edited in the claim');
    fs.writeFileSync(path.join(claim, 'upload.txt'), 'the claim\'s own');
    expect(c.run('www-0', claim, configMapVolume(FILES)).status).toBe(0);
    expect(tree(claim)).toEqual({ ...FILES, 'upload.txt': 'the claim\'s own' });
  });

  test('a claim\'s directories are copied, its hidden files and directories are not', () => {
    const c = copier({ name: 'www', replicas: 1, sharedContent: SiteContent.fromClaim('site-files') });
    const content = tempDir('claim-content');
    fs.mkdirSync(path.join(content, 'css', 'print'), { recursive: true });
    fs.mkdirSync(path.join(content, '.git'));
    fs.writeFileSync(path.join(content, 'css', 'print', 'a b.css'), 'spaces');
    fs.writeFileSync(path.join(content, '.htaccess'), 'hidden');
    fs.writeFileSync(path.join(content, '.git', 'HEAD'), 'hidden');
    fs.writeFileSync(path.join(content, 'about.html'), 'about');
    const claim = tempDir('claim');
    const result = c.run('www-0', claim, content);
    expect(result.stderr).toBe('');
    expect(tree(claim)).toEqual({ 'about.html': 'about', [path.join('css', 'print', 'a b.css')]: 'spaces' });
  });

  test('a pod with a page of its own keeps it as index.html, in both modes; a pod without one gets the shared one', () => {
    for (const pagesMode of [PagesMode.SEED_ONCE, PagesMode.SYNC]) {
      const c = copier({ name: 'www', replicas: 2, pagesMode, pages: ['<h1>pod 0</h1>'], sharedContent: SiteContent.fromConfigMap('site-files') });
      const pages = tempDir('pages');
      fs.writeFileSync(path.join(pages, '0.html'), '<h1>pod 0</h1>');
      const content = configMapVolume(FILES);
      const own = tempDir('claim');
      fs.writeFileSync(path.join(own, 'index.html'), '<h1>pod 0</h1>');
      const result = c.run('www-0', own, content, pages);
      expect(result.status).toBe(0);
      expect(tree(own)).toEqual({ ...FILES, 'index.html': '<h1>pod 0</h1>' });
      const other = tempDir('claim');
      expect(c.run('www-1', other, content, pages).status).toBe(0);
      expect(tree(other)).toEqual(FILES);
    }
  });

  test('fails loudly, without a half-written file, when a file cannot be written', () => {
    const c = copier({ name: 'www', replicas: 1, sharedContent: SiteContent.fromClaim('site-files') });
    const content = tempDir('claim-content');
    fs.mkdirSync(path.join(content, 'css'));
    fs.writeFileSync(path.join(content, 'css', 'site.css'), 'x');
    const claim = tempDir('claim');
    // A file where the content has a directory: not even root makes one there.
    fs.writeFileSync(path.join(claim, 'css'), 'a file');
    const result = c.run('www-0', claim, content);
    expect(result.status).not.toBe(0);
    expect(tree(claim)).toEqual({ css: 'a file' });
  });
});

describe('the shared content of a StatefulWeb', () => {
  test('fromFiles: a ConfigMap <name>-content, mounted read-only in the init container alone, before the StatefulSet', () => {
    const { web, manifests, pod, container } = synthWeb({ name: 'www', replicas: 2, sharedContent: SiteContent.fromFiles(FILES) });
    const configMap = manifests.find(m => m.kind === 'ConfigMap' && m.metadata.name === 'www-content');
    expect(configMap.data).toEqual(FILES);
    expect(configMap.metadata.labels['app.kubernetes.io/component']).toBe('content');
    expect(web.contentConfigMap?.name).toBe('www-content');
    expect(web.sharedContent?.files).toEqual(FILES);
    expect(pod.volumes).toContainEqual({ name: 'content', configMap: { name: 'www-content' } });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['seed-content']);
    expect(pod.initContainers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts.map((m: any) => m.name)).not.toContain('content');
    expect(manifests.indexOf(configMap)).toBeLessThan(manifests.findIndex(m => m.kind === 'StatefulSet'));
  });

  test('fromConfigMap and fromClaim: no ConfigMap of the library, the one named (a claim read-only)', () => {
    const fromMap = synthWeb({ name: 'www', sharedContent: SiteContent.fromConfigMap('site-files') });
    expect(fromMap.manifests.filter(m => m.kind === 'ConfigMap')).toEqual([]);
    expect(fromMap.web.contentConfigMap).toBeUndefined();
    expect(fromMap.pod.volumes).toContainEqual({ name: 'content', configMap: { name: 'site-files' } });
    const fromClaim = synthWeb({ name: 'www', sharedContent: SiteContent.fromClaim('site-files') });
    expect(fromClaim.pod.volumes).toContainEqual({ name: 'content', persistentVolumeClaim: { claimName: 'site-files', readOnly: true } });
    expect(fromClaim.web.sharedContent?.claimName).toBe('site-files');
  });

  test('a shared index.html beside pages: the pods without a page serve it', () => {
    const { pod, container } = synthWeb({ replicas: 3, pages: ['a'], sharedContent: SiteContent.fromFiles(FILES) });
    // The content first, by an init container; the page then by the web container, before its server.
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['seed-content']);
    expect(container.command[3]).toBe('seed-pages');
    // Every pod has an index.html: its own or the shared one.
    expect(container.readinessProbe.httpGet.path).toBe('/');
  });

  test('beside pages: the content container knows the pages; with a seed image, the pages container comes first', () => {
    const props = { replicas: 2, pages: ['a', 'b'], sharedContent: SiteContent.fromFiles({ 'style.css': 'x' }) };
    const { pod } = synthWeb(props);
    expect(pod.initContainers[0].env).toContainEqual({ name: 'PAGES_DIR', value: '/pages' });
    const seeded = synthWeb({ ...props, seedImage: 'busybox:1.36' });
    expect(seeded.pod.initContainers.map((c: any) => c.name)).toEqual(['seed-pages', 'seed-content']);
    expect(seeded.pod.initContainers[1].env).toContainEqual({ name: 'PAGES_DIR', value: '/pages' });
  });

  test('a shared index.html at the document root makes the readiness probe the server\'s HTTP GET', () => {
    const withIndex = synthWeb({ replicas: 3, server: WebServer.nginxUnprivileged(), sharedContent: SiteContent.fromFiles(FILES) });
    expect(withIndex.container.readinessProbe.httpGet).toEqual({ path: '/', port: 8080, scheme: 'HTTP' });
    const without = synthWeb({ replicas: 3, server: WebServer.nginxUnprivileged(), sharedContent: SiteContent.fromFiles({ 'style.css': 'x' }) });
    expect(without.container.readinessProbe.tcpSocket).toEqual({ port: 8080 });
  });

  test('sync with fromFiles: the template carries a hash of the files that changes with them, and only with them', () => {
    const hash = (files: { [name: string]: string }, pagesMode = PagesMode.SYNC) =>
      synthWeb({ pagesMode, sharedContent: SiteContent.fromFiles(files) }).set.spec.template.metadata.annotations?.['cdk8s-stateful-web/content-hash'];
    expect(hash(FILES)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash({ ...FILES })).toBe(hash(FILES));
    expect(hash({ ...FILES, 'style.css': 'other' })).not.toBe(hash(FILES));
    expect(hash(FILES, PagesMode.SEED_ONCE)).toBeUndefined();
    expect(synthWeb({ pagesMode: PagesMode.SYNC, sharedContent: SiteContent.fromConfigMap('x') }).set.spec.template.metadata.annotations).toBeUndefined();
  });

  test('both presets keep their Pod Security level, and the NetworkPolicy is the same, with any content', () => {
    for (const [server, level] of [[WebServer.httpd(), 'baseline'], [WebServer.nginxUnprivileged(), 'restricted']] as const) {
      const plain = synthWeb({ server, replicas: 2, pages: ['a', 'b'] });
      for (const sharedContent of [SiteContent.fromFiles(FILES), SiteContent.fromClaim('files')]) {
        const { manifests } = synthWeb({ server, replicas: 2, pages: ['a', 'b'], sharedContent });
        expect(Object.values(podSecurityOf(manifests))).toEqual([{ 'v1.27': level, 'v1.37': level }]);
        expect(only(manifests, 'NetworkPolicy')).toEqual(only(plain.manifests, 'NetworkPolicy'));
      }
    }
  });

  test('a ConfigMap of exactly 1 MiB, names included, passes', () => {
    expect(() => SiteContent.fromFiles({ 'a.css': 'x'.repeat(1024 * 1024 - 5) })).not.toThrow();
  });
});
