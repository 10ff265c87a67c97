import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, Yaml } from 'cdk8s';
import { buildLab, LAB_CHART_ID, LAB_DEFAULTS, labOptionsFrom, LabOptions } from '../examples/lab/lab';
import { PodSecurityLevel, PodSecurityNamespace } from '../src';
import { podSecurityOf } from './support/pod-security';

const LAB_DIR = path.join(__dirname, '..', 'examples', 'lab');
const CLUSTER_SCOPED = ['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume'];

/** The lab's Namespace: enforces baseline, warns and audits at restricted. */
function labNamespace(name: string): any {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/component': 'namespace',
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/name': 'pod-security-namespace',
        'app.kubernetes.io/part-of': 'cdk8s-stateful-web',
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      },
    },
  };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lab-test-'));
}

/** Synthesizes the lab the way `main.ts` does, into a temporary directory; returns the files written. */
function synthLab(options: LabOptions = {}): { files: string[]; yaml: string; docs: any[] } {
  const outdir = tmpdir();
  try {
    const app = new App({ outdir });
    buildLab(app, options);
    app.synth();
    const files = fs.readdirSync(outdir).sort();
    const yaml = fs.readFileSync(path.join(outdir, `${LAB_CHART_ID}.k8s.yaml`), 'utf-8');
    return { files, yaml, docs: Yaml.load(path.join(outdir, `${LAB_CHART_ID}.k8s.yaml`)) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function one(docs: any[], kind: string, name?: string): any {
  const found = docs.filter(d => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found.map(d => `${d.kind}/${d.metadata.name}`)).toHaveLength(1);
  return found[0];
}

function index(docs: any[], kind: string): number {
  return docs.findIndex(d => d.kind === kind);
}

describe('the lab (examples/lab)', () => {
  const { files, yaml, docs } = synthLab();

  test('the whole lab.k8s.yaml', () => {
    expect(files).toEqual(['lab.k8s.yaml']);
    expect(yaml).toMatchSnapshot();
  });

  test('the Namespace comes first and is cluster-scoped; everything else is in it', () => {
    expect(docs[0]).toEqual(labNamespace('xgp-lll'));
    for (const doc of docs) {
      if (CLUSTER_SCOPED.includes(doc.kind)) {
        expect([doc.kind, doc.metadata.namespace]).toEqual([doc.kind, undefined]);
      } else {
        expect([doc.kind, doc.metadata.namespace]).toEqual([doc.kind, 'xgp-lll']);
      }
    }
  });

  test('the Namespace enforces the level its pods need: baseline, at 1.27 and latest; not restricted', () => {
    const lab = buildLab(Testing.app());
    expect(PodSecurityNamespace.levelFor([lab])).toBe(PodSecurityLevel.BASELINE);
    expect([lab.podSecurityNamespace.enforce, lab.podSecurityNamespace.warn]).toEqual([PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED]);
    const levels = podSecurityOf(docs);
    expect(Object.keys(levels).sort()).toEqual([`Deployment/${one(docs, 'Deployment').metadata.name}`, 'StatefulSet/statefulset-test']);
    for (const perVersion of Object.values(levels)) expect(perVersion).toEqual({ 'v1.27': 'baseline', 'v1.37': 'baseline' });
  });

  test("the tutorial's NFS server, export, provisioner and StorageClass", () => {
    const sc = one(docs, 'StorageClass');
    expect(sc.metadata.name).toBe('stateful-nfs');
    expect(sc.provisioner).toBe('xgp');
    expect(sc.reclaimPolicy).toBe('Retain');

    const provisioner = one(docs, 'Deployment');
    const env = Object.fromEntries(provisioner.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ PROVISIONER_NAME: 'xgp', NFS_SERVER: '192.168.1.21', NFS_PATH: '/nfsdata' });
    const exportClaim = one(docs, 'PersistentVolumeClaim');
    expect(provisioner.spec.template.spec.volumes).toEqual([{ name: 'nfs-export', persistentVolumeClaim: { claimName: exportClaim.metadata.name } }]);
    expect(one(docs, 'PersistentVolume').spec.nfs).toEqual({ server: '192.168.1.21', path: '/nfsdata' });
    expect(one(docs, 'PersistentVolume').spec.claimRef).toMatchObject({ namespace: 'xgp-lll', name: exportClaim.metadata.name });
  });

  test("the headless Service and the StatefulSet of 3 httpd pods with the claim 'test'", () => {
    const svc = one(docs, 'Service');
    expect(svc.metadata.name).toBe('headless-svc');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port: 80 })]);

    const set = one(docs, 'StatefulSet');
    expect(set.metadata.name).toBe('statefulset-test');
    expect(set.spec.replicas).toBe(3);
    expect(set.spec.serviceName).toBe('headless-svc');
    expect(set.spec.podManagementPolicy).toBe('OrderedReady');
    expect(svc.spec.selector).toEqual(set.spec.selector.matchLabels);
    const web = set.spec.template.spec.containers[0];
    expect(web.image).toMatch(/^httpd:/);
    expect(web.volumeMounts).toContainEqual({ name: 'test', mountPath: '/usr/local/apache2/htdocs' });
    expect(set.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'test' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'stateful-nfs', resources: { requests: { storage: '100Mi' } } },
    }]);
  });

  test('pods 0, 1 and 2 serve 123, 456 and 789', () => {
    const pages = one(docs, 'ConfigMap');
    expect(pages.data).toEqual({ '0.html': '123', '1.html': '456', '2.html': '789' });
    const set = one(docs, 'StatefulSet');
    expect(set.spec.template.spec.volumes).toContainEqual({ name: 'pages', configMap: { name: pages.metadata.name } });
  });

  test('what a StatefulSet needs is applied before it', () => {
    const set = index(docs, 'StatefulSet');
    for (const kind of ['Namespace', 'StorageClass', 'Service', 'ConfigMap']) {
      expect([kind, index(docs, kind) < set]).toEqual([kind, true]);
    }
  });
});

describe('lab options', () => {
  test('the defaults are the tutorial\'s', () => {
    expect(LAB_DEFAULTS).toEqual({ nfsServer: '192.168.1.21', nfsPath: '/nfsdata', namespace: 'xgp-lll' });
    const lab = buildLab(Testing.app());
    expect(lab.options).toEqual(LAB_DEFAULTS);
    expect(lab.storage.server).toBe('192.168.1.21');
  });

  test('server, export and namespace come from the environment', () => {
    const app = Testing.app();
    const options = labOptionsFrom(app, { LAB_NFS_SERVER: 'nfs.example.com', LAB_NFS_PATH: '/srv/nfs/lab', LAB_NAMESPACE: 'lab2' });
    expect(options).toEqual({ nfsServer: 'nfs.example.com', nfsPath: '/srv/nfs/lab', namespace: 'lab2' });

    const { docs } = synthLab(options);
    expect(docs[0]).toEqual(labNamespace('lab2'));
    expect(one(docs, 'StatefulSet').metadata.namespace).toBe('lab2');
    const provisioner = one(docs, 'Deployment');
    expect(provisioner.metadata.namespace).toBe('lab2');
    expect(one(docs, 'PersistentVolume').spec.nfs).toEqual({ server: 'nfs.example.com', path: '/srv/nfs/lab' });
    expect(one(docs, 'PersistentVolume').spec.claimRef.namespace).toBe('lab2');
    expect(one(docs, 'ClusterRoleBinding').subjects[0].namespace).toBe('lab2');
    expect(JSON.stringify(docs)).not.toMatch(/192\.168\.1\.21|\/nfsdata|xgp-lll/);
  });

  test('from the construct context, with the environment winning and an empty variable counting as unset', () => {
    const app = Testing.app();
    app.node.setContext('lab:nfsServer', '10.0.0.9');
    app.node.setContext('lab:nfsPath', '/exports/lab');
    expect(labOptionsFrom(app, {})).toEqual({ nfsServer: '10.0.0.9', nfsPath: '/exports/lab' });
    expect(labOptionsFrom(app, { LAB_NFS_SERVER: '10.0.0.10', LAB_NFS_PATH: '' })).toEqual({ nfsServer: '10.0.0.10', nfsPath: '/exports/lab' });
    expect(labOptionsFrom(Testing.app(), {})).toEqual({});
  });

  test('a bad server or export fails with the library\'s error', () => {
    expect(() => buildLab(Testing.app(), labOptionsFrom(Testing.app(), { LAB_NFS_SERVER: '192.168.1.300' })))
      .toThrow("NfsStorage lab/Nfs: 'server' must be an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com', got \"192.168.1.300\"");
    expect(() => buildLab(Testing.app(), { nfsPath: 'nfsdata' }))
      .toThrow(/^NfsStorage lab\/Nfs: 'path' must be an absolute path .*, got "nfsdata"$/);
  });

  test('a bad namespace fails naming it', () => {
    expect(() => buildLab(Testing.app(), { namespace: 'XGP_lll' }))
      .toThrow("PodSecurityNamespace lab/Namespace: 'name' must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most 63 characters, got \"XGP_lll\"");
  });
});

describe('the documented command', () => {
  // `cdk8s synth` as `npm run lab` runs it (cdk8s.yaml: esbuild bundle + node),
  // into a directory of its own so that it never touches examples/lab/dist.
  const cli = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'bin', 'cdk8s');
  function cdk8sSynth(env: { [name: string]: string }) {
    const outdir = tmpdir();
    const run = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', outdir], {
      cwd: LAB_DIR,
      env: { ...process.env, LAB_NFS_SERVER: '', LAB_NFS_PATH: '', LAB_NAMESPACE: '', ...env },
      encoding: 'utf-8',
    });
    const file = path.join(outdir, 'lab.k8s.yaml');
    const written = fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : undefined;
    fs.rmSync(outdir, { recursive: true, force: true });
    return { status: run.status, stderr: run.stderr, written };
  }

  test('cdk8s synth writes the same lab.k8s.yaml as buildLab(), overrides included', () => {
    const run = cdk8sSynth({ LAB_NFS_SERVER: '10.1.2.3', LAB_NAMESPACE: 'lab-cli' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.written).toBe(synthLab({ nfsServer: '10.1.2.3', namespace: 'lab-cli' }).yaml);
  }, 60_000);

  test('cdk8s synth fails on a bad value with the library\'s error', () => {
    const run = cdk8sSynth({ LAB_NFS_PATH: '/nfsdata/' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("NfsStorage lab/Nfs: 'path' must be an absolute path such as '/nfsdata'");
    expect(run.written).toBeUndefined();
  }, 60_000);
});
