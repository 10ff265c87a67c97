import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// `npm run lab` itself, in the repo: cdk8s synth empties its output directory
// before the app runs, so the lab synthesizes aside and replaces dist/ only on
// success (.projenrc.ts). A failed run must leave the last good file.
const ROOT = path.join(__dirname, '..');
const LAB_YAML = path.join(ROOT, 'examples', 'lab', 'dist', 'lab.k8s.yaml');

function npmRunLab(env: { [name: string]: string }) {
  return spawnSync('npm', ['run', '--silent', 'lab'], {
    cwd: ROOT,
    env: { ...process.env, LAB_NFS_SERVER: '', LAB_NFS_PATH: '', LAB_NAMESPACE: '', ...env },
    encoding: 'utf-8',
  });
}

test('a failed npm run lab keeps the last good examples/lab/dist/lab.k8s.yaml', () => {
  const good = npmRunLab({});
  expect(good.stderr).toBe('');
  expect(good.status).toBe(0);
  expect(good.stdout).toContain('Wrote examples/lab/dist/lab.k8s.yaml');
  const lastGood = fs.readFileSync(LAB_YAML, 'utf-8');
  expect(lastGood).toContain('name: statefulset-test');

  const bad = npmRunLab({ LAB_NFS_PATH: '/nfsdata/' });
  expect(bad.status).not.toBe(0);
  expect(bad.stderr).toContain("NfsStorage lab/Nfs: 'path' must be an absolute path such as '/nfsdata'");
  expect(bad.stdout).not.toContain('Wrote examples/lab/dist/lab.k8s.yaml');
  expect(fs.readFileSync(LAB_YAML, 'utf-8')).toBe(lastGood);
}, 60_000);
