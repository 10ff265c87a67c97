import { App, Chart } from 'cdk8s';
import { HeadlessService, NfsStorage, StatefulWeb } from '../src';

// The app of edge cases of test/edges.test.ts, in a module of its own so that
// the test can also bundle it for a child process.

/** The largest count the API accepts for replicas (int32). */
export const INT32_MAX = 2147483647;

/** What one ConfigMap holds: keys and values, in UTF-8 bytes. */
export const MIB = 1024 * 1024;

/**
 * An app of edge cases that must synthesize: int32 counts, names at their
 * limit, a ConfigMap of pages at its limit, non-ASCII pages and mount paths.
 * test/edges.test.ts synthesizes it here and in a child process.
 */
export function buildEdges(app: App): void {
  const chart = new Chart(app, 'edges', { namespace: 'n'.repeat(63) });
  const nfs = new NfsStorage(chart, 'nfs', { server: 'nfs.example.com', path: '/', storageClassName: `${'s'.repeat(63)}.${'t'.repeat(63)}.${'u'.repeat(63)}.${'v'.repeat(61)}` });
  new StatefulWeb(chart, 'huge', { name: 'h'.repeat(52), replicas: INT32_MAX, storage: nfs, pages: ['<h1>0</h1>'] });
  new StatefulWeb(chart, 'last', { name: 'last', replicas: 3, ordinalsStart: INT32_MAX - 2, claimName: 'c'.repeat(63) });
  new StatefulWeb(chart, 'full', { name: 'full', replicas: 2, pages: ['x'.repeat(MIB - 12 - 2), 'é'] });
  new StatefulWeb(chart, 'utf8', {
    name: 'utf8',
    replicas: 2,
    pages: ['<p>héllo wörld, 日本語, emoji 🙂</p>', ' '],
    mountPath: '/srv/données du site',
    podLabels: { [`${'p'.repeat(63)}.example/${'k'.repeat(63)}`]: 'v'.repeat(63) },
    port: 65535,
    runAsUser: INT32_MAX,
    runAsGroup: 0,
    fsGroup: INT32_MAX,
  });
  new HeadlessService(chart, 'svc', { name: 's'.repeat(63), ports: [{ name: 'p'.repeat(15), port: 1, targetPort: 65535 }] });
}
