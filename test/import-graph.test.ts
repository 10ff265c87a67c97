import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The modules of src/ form a stack: no import circle, and nothing imports
// the package's entry point, so every import points down the stack. Each
// module holds one concern, in at most 600 lines. The generated typed
// Kubernetes API (src/imports/, `npx projen import:k8s`) sits at the bottom of
// the stack and imports nothing of src/; it is no hand-written module, and the
// line limit is not for it.

const SRC = path.join(__dirname, '..', 'src');

/** Each module of src/ (without `.ts`) and the modules of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  graph.set('imports/k8s', []);
  for (const file of fs.readdirSync(SRC).filter(f => f.endsWith('.ts'))) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(SRC, file), 'utf8'));
    graph.set(file.replace(/\.ts$/, ''), importedFiles
      .map(i => i.fileName)
      .filter(name => name.startsWith('./'))
      .map(name => name.slice(2)));
  }
  return graph;
}

/** The import circles of the graph, each as the chain of modules that closes it. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (module: string, chain: string[]) => {
    if (chain.includes(module)) {
      found.push([...chain.slice(chain.indexOf(module)), module]);
      return;
    }
    if (done.has(module)) return;
    for (const next of graph.get(module) ?? []) visit(next, [...chain, module]);
    done.add(module);
  };
  for (const module of graph.keys()) visit(module, []);
  return found;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  test('every import names a module of src/', () => {
    const missing = [...graph].flatMap(([from, tos]) => tos.filter(to => !graph.has(to)).map(to => `${from} -> ${to}`));
    expect(missing).toEqual([]);
  });

  test('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  test('nothing imports the entry point', () => {
    const upward = [...graph].filter(([, tos]) => tos.includes('index')).map(([from]) => from);
    expect(upward).toEqual([]);
  });

  test('no module is over 600 lines', () => {
    const long = [...graph.keys()].filter(module => !module.startsWith('imports/'))
      .map(module => `${module}: ${fs.readFileSync(path.join(SRC, `${module}.ts`), 'utf8').split('\n').length - 1} lines`)
      .filter(line => Number(line.split(' ')[1]) > 600);
    expect(long).toEqual([]);
  });

  test('the check finds a circle', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });
});
