import { ApiObject, App, Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  ClaimAccessMode, ClaimRetentionPolicy, HeadlessService, IStorageClass, NfsStorage, PodManagement, ReclaimPolicy, StatefulWeb,
  StorageClassRef, VolumeBindingMode,
} from '../src';
import { isClusterScoped, validateManifests } from './support/validator';

// Random props through the three constructs. Run sizes keep this file at a
// few seconds; on a failure fast-check prints the seed and the path that
// replays it: fc.assert(..., { seed, path }).
const VALID_RUNS = { numRuns: 40 };
const INVALID_RUNS = { numRuns: 200 };

// ---------------------------------------------------------------- generators

const label = (max = 12) => fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${max - 2}}[a-z0-9])?$`));
const segment = fc.stringMatching(/^[A-Za-z0-9_][-A-Za-z0-9_.]{0,7}$/).filter(s => s !== '.' && s !== '..');
const absolutePath = fc.array(segment, { minLength: 1, maxLength: 3 }).map(s => `/${s.join('/')}`);
const host = fc.oneof(
  fc.ipV4(),
  fc.array(label(10), { minLength: 1, maxLength: 3 }).map(parts => parts.join('.')),
);

/** A size and the KiB it stands for. */
const size = fc.record({
  amount: fc.integer({ min: 1, max: 2048 }),
  unit: fc.constantFrom('kibibytes', 'mebibytes', 'gibibytes', 'tebibytes') as fc.Arbitrary<'kibibytes' | 'mebibytes' | 'gibibytes' | 'tebibytes'>,
}).map(({ amount, unit }) => ({
  size: Size[unit](amount),
  kib: amount * { kibibytes: 1, mebibytes: 1024, gibibytes: 1024 ** 2, tebibytes: 1024 ** 3 }[unit],
}));

type StorageChoice = { type: 'default' } | { type: 'ref'; name: string } | { type: 'nfs'; index: number };
const storageChoice: fc.Arbitrary<StorageChoice> = fc.oneof(
  fc.constant({ type: 'default' as const }),
  label(20).map(name => ({ type: 'ref' as const, name })),
  fc.nat(3).map(index => ({ type: 'nfs' as const, index })),
);

const nfsSpec = fc.record({
  server: host,
  path: absolutePath,
  storageClassName: fc.option(label(20), { nil: undefined }),
  provisionerName: fc.option(fc.tuple(label(10), label(10)).map(([a, b]) => `${a}.example/${b}`), { nil: undefined }),
  reclaimPolicy: fc.option(fc.constantFrom(ReclaimPolicy.RETAIN, ReclaimPolicy.DELETE), { nil: undefined }),
  volumeBindingMode: fc.option(fc.constantFrom(VolumeBindingMode.IMMEDIATE, VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER), { nil: undefined }),
  leaderElection: fc.boolean(),
  replicas: fc.integer({ min: 0, max: 3 }),
  mountOptions: fc.option(fc.subarray(['nfsvers=4.1', 'hard', 'noatime', 'timeo=600']), { nil: undefined }),
});

const claimSpec = fc.record({ name: label(10), size, storage: storageChoice, mountPath: absolutePath });

/** The largest count the API accepts (int32): it must cost no more than 3 replicas. */
const HUGE = 2147483647;

const siteSpec = fc.record({
  // The longest legal name: 46 characters and the 6 of the suffix `build` adds.
  name: fc.option(fc.oneof(label(30), fc.constant('w'.repeat(46))), { nil: undefined }),
  replicas: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 1, HUGE)),
  port: fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(1, 65535)),
  size: fc.option(size, { nil: undefined }),
  storage: storageChoice,
  claimName: fc.option(label(10), { nil: undefined }),
  mountPath: fc.option(absolutePath, { nil: undefined }),
  extraClaims: fc.array(claimSpec, { maxLength: 2 }),
  pages: fc.option(fc.array(fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ maxLength: 10, unit: 'grapheme' }),
    fc.constantFrom('', ' ', 'héllo wörld, 日本語 ✓', '<h1>\u0000</h1>'),
  ), { maxLength: 6 }), { nil: undefined }),
  ordinalsStart: fc.option(fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(HUGE - 50)), { nil: undefined }),
  sharedService: fc.boolean(),
  podManagementPolicy: fc.option(fc.constantFrom(PodManagement.ORDERED_READY, PodManagement.PARALLEL), { nil: undefined }),
  whenScaled: fc.option(fc.constantFrom(ClaimRetentionPolicy.RETAIN, ClaimRetentionPolicy.DELETE), { nil: undefined }),
  accessModes: fc.option(fc.subarray(Object.values(ClaimAccessMode), { minLength: 1 }), { nil: undefined }),
  podLabels: fc.option(fc.dictionary(
    fc.oneof(label(10), fc.tuple(label(8), label(8)).map(([a, b]) => `${a}.io/${b}`)),
    fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/),
    { maxKeys: 3 },
  ), { nil: undefined }),
  writablePaths: fc.option(fc.array(absolutePath, { maxLength: 2 }), { nil: undefined }),
});

const chartSpec = fc.record({
  namespace: fc.option(fc.oneof(fc.constantFrom('web', 'prod'), label(20)), { nil: undefined }),
  nfs: fc.array(nfsSpec, { maxLength: 2 }),
  sites: fc.array(siteSpec, { minLength: 1, maxLength: 3 }),
});

const appSpec = fc.array(chartSpec, { minLength: 1, maxLength: 3 });

type AppSpec = typeof appSpec extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  readonly app: App;
  readonly sites: Array<{ site: StatefulWeb; namespace: string; storages: Array<IStorageClass | undefined>; sizes: number[] }>;
  readonly nfs: Array<{ nfs: NfsStorage; namespace: string }>;
}

/**
 * Builds an app from a spec. Names the user gives are made unique where
 * Kubernetes needs them unique (per namespace, or cluster-wide for a
 * StorageClass), by a suffix of the chart and position.
 */
function build(spec: AppSpec): Built {
  const app = Testing.app();
  const built: Built = { app, sites: [], nfs: [] };
  spec.forEach((c, ci) => {
    const chart = new Chart(app, `c${ci}`, { namespace: c.namespace });
    const namespace = c.namespace ?? 'default';
    const nfs = c.nfs.map((n, ni) => new NfsStorage(chart, `nfs${ni}`, {
      ...n,
      storageClassName: n.storageClassName && `${n.storageClassName}-c${ci}n${ni}`,
      provisionerName: n.provisionerName && `${n.provisionerName}-c${ci}n${ni}`,
      replicas: n.leaderElection ? n.replicas : Math.min(n.replicas, 1),
    }));
    nfs.forEach(n => built.nfs.push({ nfs: n, namespace }));
    const storage = (s: StorageChoice): IStorageClass | undefined =>
      s.type === 'ref' ? StorageClassRef.fromName(s.name)
        : s.type === 'nfs' && nfs.length ? nfs[s.index % nfs.length] : undefined;

    c.sites.forEach((s, si) => {
      const name = s.name && `${s.name}-c${ci}s${si}`;
      const service = s.sharedService ? new HeadlessService(chart, `svc${si}`, { name: `svc-c${ci}s${si}` }) : undefined;
      const primary = storage(s.storage);
      const site = new StatefulWeb(chart, `site${si}`, {
        name,
        replicas: s.replicas,
        port: s.port,
        // The last ordinal is an int32: a huge count starts at 0.
        storage: primary,
        storageSize: s.size?.size,
        accessModes: s.accessModes,
        claimName: s.claimName && `${s.claimName}p`,
        mountPath: s.mountPath && `/m0${s.mountPath}`,
        pages: s.pages?.slice(0, s.replicas),
        ordinalsStart: s.replicas > 50 && s.ordinalsStart !== undefined ? 0 : s.ordinalsStart,
        service,
        podManagementPolicy: s.podManagementPolicy,
        whenScaled: s.whenScaled,
        podLabels: s.podLabels,
        writablePaths: s.writablePaths?.map((w, wi) => `/w${wi}${w}`),
      });
      const storages = [primary];
      const sizes = [s.size?.kib ?? 1024 ** 2];
      s.extraClaims.forEach((x, xi) => {
        const st = storage(x.storage);
        site.addVolumeClaimTemplate(`${x.name}x${xi}`, { mountPath: `/m${xi + 1}${x.mountPath}`, storage: st, size: x.size.size });
        storages.push(st);
        sizes.push(x.size.kib);
      });
      built.sites.push({ site, namespace, storages, sizes });
    });
  });
  return built;
}

/** A quantity in KiB, from the binary units the library writes. */
function quantityKib(q: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|Ti|Pi)$/.exec(q);
  if (!m) throw new Error(`not a whole binary quantity: ${q}`);
  return Number(m[1]) * { Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3, Pi: 1024 ** 4 }[m[2] as 'Ki']!;
}

const subset = (small: { [k: string]: string } = {}, big: { [k: string]: string } = {}) =>
  Object.entries(small).every(([k, v]) => big[k] === v);

describe('random valid props', () => {
  test('always synthesize manifests that Kubernetes 1.27 accepts, with the wiring right', () => {
    fc.assert(fc.property(appSpec, spec => {
      const { app, sites, nfs } = build(spec);
      const docs = app.charts.flatMap(c => c.toJson());
      const find = (kind: string, namespace: string | undefined, name: string) => docs.filter(d =>
        d.kind === kind && d.metadata.name === name && (namespace === undefined || (d.metadata.namespace ?? 'default') === namespace));

      // Schema, names unique per kind and namespace (cluster-wide for cluster-scoped kinds).
      expect(validateManifests(docs)).toEqual([]);
      for (const d of docs) {
        if (isClusterScoped(d.apiVersion, d.kind)) expect(d.metadata).not.toHaveProperty('namespace');
      }

      for (const { site, namespace, storages, sizes } of sites) {
        const [sts] = find('StatefulSet', namespace, site.name);
        expect(sts).toBeDefined();
        const podLabels = sts.spec.template.metadata.labels;
        // The selector is within the pod labels.
        expect(subset(sts.spec.selector.matchLabels, podLabels)).toBe(true);
        // serviceName names an emitted headless Service in the namespace, and it selects the pods.
        const services = find('Service', namespace, sts.spec.serviceName);
        expect(services).toHaveLength(1);
        expect(services[0].spec.clusterIP).toBe('None');
        expect(Object.keys(services[0].spec.selector).length).toBeGreaterThan(0);
        expect(subset(services[0].spec.selector, podLabels)).toBe(true);
        expect(services[0].spec.ports.map((p: any) => p.targetPort ?? p.port)).toContain(site.port);

        // Each claim names its storage's class, and asks for the size given.
        const templates = sts.spec.volumeClaimTemplates;
        expect(templates).toHaveLength(storages.length);
        templates.forEach((t: any, i: number) => {
          expect(t.spec.storageClassName).toBe(storages[i]?.storageClassName);
          expect(quantityKib(t.spec.resources.requests.storage)).toBe(sizes[i]);
          if (storages[i] instanceof NfsStorage) {
            const [sc] = find('StorageClass', undefined, t.spec.storageClassName);
            expect(sc.provisioner).toBe((storages[i] as NfsStorage).provisionerName);
          }
        });

        // podNames and claimNames are what the StatefulSet controller creates:
        // <sts>-<ordinal> from ordinals.start, and <claim>-<pod>.
        // A huge count is checked at its first and last ordinal, one by one.
        const start = sts.spec.ordinals?.start ?? 0;
        const count: number = sts.spec.replicas;
        const ordinals = count > 50 ? [start, start + count - 1] : Array.from({ length: count }, (_, i) => start + i);
        const pods = ordinals.map(o => `${sts.metadata.name}-${o}`);
        expect(ordinals.map(o => site.podName(o))).toEqual(pods);
        for (const t of templates) expect(ordinals.map(o => site.claimName(t.metadata.name, o))).toEqual(pods.map(p => `${t.metadata.name}-${p}`));
        if (count <= 50) {
          expect(site.podNames).toEqual(pods);
          expect(site.claimNames).toEqual(templates.flatMap((t: any) => pods.map(p => `${t.metadata.name}-${p}`)));
        }
        for (const p of pods) expect(p).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
        for (const t of templates) for (const p of pods) expect(`${t.metadata.name}-${p}`.length).toBeLessThanOrEqual(253);

        // Pages: one per pod from the first, keyed by the pod's ordinal.
        const [cm] = find('ConfigMap', namespace, `${site.name}-pages`);
        if (cm) {
          for (const key of Object.keys(cm.data ?? {})) {
            const ordinal = Number(key.replace('.html', ''));
            expect(ordinal).toBeGreaterThanOrEqual(start);
            expect(ordinal).toBeLessThan(start + count);
          }
        }
      }

      // Each NfsStorage: one StorageClass whose provisioner is the Deployment's PROVISIONER_NAME.
      for (const { nfs: n, namespace } of nfs) {
        const [sc] = find('StorageClass', undefined, n.storageClassName);
        expect(sc.provisioner).toBe(n.provisionerName);
        const [deploy] = find('Deployment', namespace, n.serviceAccountName);
        const env = deploy.spec.template.spec.containers[0].env;
        expect(env).toContainEqual({ name: 'PROVISIONER_NAME', value: n.provisionerName });
        const [binding] = docs.filter(d => d.kind === 'ClusterRoleBinding' && d.subjects[0].name === n.serviceAccountName && d.subjects[0].namespace === namespace);
        expect(binding).toBeDefined();
        expect(find('ServiceAccount', namespace, n.serviceAccountName)).toHaveLength(1);
      }
    }), VALID_RUNS);
  });
});

// ------------------------------------------------------------ invalid props

interface Bad {
  /** Which construct fails, and the prop its message must name. */
  readonly construct: 'NfsStorage' | 'HeadlessService' | 'StatefulWeb' | 'StorageClassRef.fromName';
  readonly prop: string;
  readonly value: unknown;
  readonly make: (scope: Construct) => unknown;
}

const notLabel = fc.oneof(
  fc.constantFrom('', '-web', 'web-', 'Web', 'web_1', 'web.site', 'a'.repeat(64), 'web site', 'wéb'),
  fc.string({ minLength: 1, maxLength: 10 }).filter(s => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s)),
);
const notPath = fc.oneof(
  fc.constantFrom('', 'data', './data', '/data/', '//data', '/a/../b', '/a/./b', 'C:\\data'),
  segment.map(s => `${s}/x`),
);
/** Numbers a field of [min, max] (by default an int32 field) refuses: the edges first. */
const notWhole = (min: number, max = 2147483647) => fc.oneof(
  fc.integer({ min: -1000, max: min - 1 }),
  fc.integer({ min: max + 1, max: max + 100000 }),
  fc.constantFrom(min - 1, max + 1, 2 ** 31, 2 ** 53, 1e21, Infinity, -Infinity, NaN, -0.5),
  fc.double({ min: min + 0.01, max: Math.min(max, 1000) - 0.01, noNaN: true }).filter(d => !Number.isInteger(d)),
);

const badProps: fc.Arbitrary<Bad> = fc.oneof(
  // StatefulWeb
  notWhole(0).map(v => ({ construct: 'StatefulWeb' as const, prop: 'replicas', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { replicas: v }) })),
  notWhole(1, 65535).map(v => ({ construct: 'StatefulWeb' as const, prop: 'port', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { port: v }) })),
  notWhole(0).map(v => ({ construct: 'StatefulWeb' as const, prop: 'ordinalsStart', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { ordinalsStart: v }) })),
  fc.oneof(notLabel, fc.constant('a'.repeat(53))).map(v => ({ construct: 'StatefulWeb' as const, prop: 'name', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { name: v }) })),
  notLabel.map(v => ({ construct: 'StatefulWeb' as const, prop: 'claimName', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { claimName: v }) })),
  notPath.map(v => ({ construct: 'StatefulWeb' as const, prop: 'mountPath', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { mountPath: v }) })),
  notPath.map(v => ({ construct: 'StatefulWeb' as const, prop: 'writablePaths[0]', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { writablePaths: [v] }) })),
  fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 0.999, noNaN: true })).map(v => ({
    construct: 'StatefulWeb' as const, prop: 'storageSize', value: undefined, make: (s: Construct) => new StatefulWeb(s, 'site', { storageSize: Size.kibibytes(v) }),
  })),
  fc.integer({ min: 0, max: 5 }).chain(r => fc.array(fc.string(), { minLength: r + 1, maxLength: r + 3 }).map(pages => ({
    construct: 'StatefulWeb' as const, prop: 'pages', value: undefined, make: (s: Construct) => new StatefulWeb(s, 'site', { replicas: r, pages }),
  }))),
  fc.constantFrom('pages', 'writable-0').map(v => ({
    construct: 'StatefulWeb' as const, prop: 'claimName', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { claimName: v, pages: ['0'] }),
  })),
  fc.constant([] as ClaimAccessMode[]).map(v => ({
    construct: 'StatefulWeb' as const, prop: 'accessModes', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { accessModes: v }),
  })),
  fc.constantFrom('', 'a b', '-x', 'x'.repeat(64), 'é').map(v => ({
    construct: 'StatefulWeb' as const, prop: 'podLabels.tier', value: v, make: (s: Construct) => new StatefulWeb(s, 'site', { podLabels: { tier: v } }),
  })).filter(b => b.value !== ''),
  // NfsStorage
  fc.constantFrom('', 'nfs server', 'nfs_server', '1.2.3', '256.1.1.1', '-nfs', 'nfs..example').map(v => ({
    construct: 'NfsStorage' as const, prop: 'server', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: v, path: '/nfsdata' }),
  })),
  notPath.map(v => ({ construct: 'NfsStorage' as const, prop: 'path', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: 'nfs', path: v }) })),
  fc.constantFrom('Stateful-NFS', 'nfs_class', '-nfs', 'nfs.', 'a'.repeat(254)).map(v => ({
    construct: 'NfsStorage' as const, prop: 'storageClassName', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: 'nfs', path: '/x', storageClassName: v }),
  })),
  fc.constantFrom('', 'a/b/c', 'example.com/', '/xgp', 'x gp', 'Example.com/xgp', `x/${'a'.repeat(64)}`).map(v => ({
    construct: 'NfsStorage' as const, prop: 'provisionerName', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: 'nfs', path: '/x', provisionerName: v }),
  })),
  fc.oneof(notWhole(0, 100), fc.constant(2)).map(v => ({
    construct: 'NfsStorage' as const, prop: 'replicas', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: 'nfs', path: '/x', replicas: v, leaderElection: v === 2 ? false : undefined }),
  })),
  fc.constantFrom('nfsvers=4.1,hard', 'hard timeo', '', ' ').map(v => ({
    construct: 'NfsStorage' as const, prop: 'mountOptions[1]', value: v, make: (s: Construct) => new NfsStorage(s, 'nfs', { server: 'nfs', path: '/x', mountOptions: ['hard', v] }),
  })),
  // HeadlessService
  fc.oneof(notLabel, fc.constantFrom('1web', '9')).filter(v => !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(v) || v.length > 63).map(v => ({
    construct: 'HeadlessService' as const, prop: 'name', value: v, make: (s: Construct) => new HeadlessService(s, 'svc', { name: v }),
  })),
  notWhole(1, 65535).map(v => ({
    construct: 'HeadlessService' as const, prop: 'ports[0].port', value: v, make: (s: Construct) => new HeadlessService(s, 'svc', { ports: [{ name: 'http', port: v }] }),
  })),
  fc.constantFrom('HTTP', 'h--p', '8080', '', 'a-very-long-port-name', 'http_alt').map(v => ({
    construct: 'HeadlessService' as const, prop: 'ports[0].name', value: v, make: (s: Construct) => new HeadlessService(s, 'svc', { ports: [{ name: v, port: 80 }] }),
  })),
  fc.constantFrom('Cluster.Local', 'cluster_local', '.local', '').map(v => ({
    construct: 'HeadlessService' as const, prop: 'clusterDomain', value: v, make: (s: Construct) => new HeadlessService(s, 'svc', { clusterDomain: v }),
  })),
  fc.constant({}).map(v => ({
    construct: 'HeadlessService' as const, prop: 'selector', value: v, make: (s: Construct) => new HeadlessService(s, 'svc', { selector: v }),
  })),
  // StorageClassRef
  fc.constantFrom('GP3', 'gp_3', '', '-gp3', 'gp3.').map(v => ({
    construct: 'StorageClassRef.fromName' as const, prop: 'name', value: v, make: () => StorageClassRef.fromName(v),
  })),
);

describe('random invalid props', () => {
  test('always throw an error naming the construct, the prop and the value, and leave nothing to synthesize', () => {
    fc.assert(fc.property(fc.option(label(10), { nil: undefined }), badProps, (namespace, bad) => {
      const chart = new Chart(Testing.app(), 'bad', { namespace });
      const id = bad.construct === 'NfsStorage' ? 'nfs' : bad.construct === 'HeadlessService' ? 'svc' : 'site';
      const owner = bad.construct === 'StorageClassRef.fromName' ? bad.construct : `${bad.construct} bad/${id}`;
      let error: Error | undefined;
      try {
        bad.make(chart);
      } catch (e) {
        error = e as Error;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error!.message.startsWith(`${owner}: '${bad.prop}' must be `)).toBe(true);
      // The value as it was written: numbers as numbers (Infinity, NaN), the rest as JSON.
      const shown = typeof bad.value === 'number' ? String(bad.value) : JSON.stringify(bad.value);
      // It ends the first line; the why, if any, follows on the next.
      if (bad.value !== undefined) expect(error!.message.split('\n')[0].endsWith(`, got ${shown}`)).toBe(true);
      // The failing construct left no object behind: the chart synthesizes to nothing.
      expect(chart.node.findAll().filter(c => ApiObject.isApiObject(c)).map(c => c.node.path)).toEqual([]);
      expect(Testing.synth(chart)).toEqual([]);
    }), INVALID_RUNS);
  });
});
