import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// Every ```ts block of the README, the maintainers' pages and docs/ is a whole
// TypeScript file that a user could paste into an app: each is compiled, with
// the compiler options docs/getting-started.md gives a new app, against src/
// as the package `cdk8s-stateful-web`. The blocks are compiled in memory
// (nothing is written), as files of a folder inside the repository, so that
// `cdk8s`, `cdk8s-plus-27` and `constructs` resolve from its node_modules.

const ROOT = path.join(__dirname, '..');
const DOCS_DIR = path.join(ROOT, 'docs');
const DOCS = [
  'README.md', 'CONTRIBUTING.md', 'RELEASING.md',
  ...fs.readdirSync(DOCS_DIR).filter(f => f.endsWith('.md')).sort().map(f => path.join('docs', f)),
];

interface Block {
  /** The Markdown file, relative to the repository. */
  readonly doc: string;
  /** The line of the Markdown file that holds the block's first line of code (1-based). */
  readonly line: number;
  readonly code: string;
  /** The in-memory file the block is compiled as. */
  readonly fileName: string;
}

/** The fenced blocks opened by ```ts or ```typescript (three backticks or more) at the start of a line. */
function tsBlocks(doc: string): Block[] {
  const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === open[1]);
    if (end < 0) throw new Error(`${doc}:${i + 1}: a \`\`\`${open[2]} block that is never closed`);
    const name = `${doc.replace(/[/.]/g, '-')}-${i + 2}.ts`;
    blocks.push({
      doc,
      line: i + 2,
      code: lines.slice(i + 1, end).join('\n') + '\n',
      fileName: path.join(ROOT, '.docs-typecheck', name),
    });
    i = end;
  }
  return blocks;
}

const BLOCKS = DOCS.flatMap(tsBlocks);

/** What docs/getting-started.md's tsconfig.json says, plus the package name mapped onto src/. */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  // A block without an import is still a file of its own, not a global script.
  moduleDetection: ts.ModuleDetectionKind.Force,
  baseUrl: ROOT,
  paths: { 'cdk8s-stateful-web': ['src/index.ts'] },
};

describe('the TypeScript blocks of the documentation', () => {
  let diagnostics: Map<string, string[]>;

  beforeAll(() => {
    const byFile = new Map(BLOCKS.map(b => [b.fileName, b]));
    const host = ts.createCompilerHost(OPTIONS, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const block = byFile.get(path.normalize(fileName));
      return block
        ? ts.createSourceFile(fileName, block.code, languageVersion, true)
        : getSourceFile(fileName, languageVersion, onError, shouldCreate);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = f => byFile.has(path.normalize(f)) || fileExists(f);
    const readFile = host.readFile.bind(host);
    host.readFile = f => byFile.get(path.normalize(f))?.code ?? readFile(f);

    const program = ts.createProgram([...byFile.keys()], OPTIONS, host);
    diagnostics = new Map(BLOCKS.map(b => [b.fileName, []]));
    const all = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
      ...BLOCKS.flatMap(b => {
        const sf = program.getSourceFile(b.fileName)!;
        return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      })];
    for (const d of all) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      const block = d.file && byFile.get(path.normalize(d.file.fileName));
      if (block && d.start !== undefined) {
        const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start);
        diagnostics.get(block.fileName)!.push(`${block.doc}:${block.line + line}:${character + 1}: ${message}`);
      } else {
        // A problem outside the blocks (the options, src/ itself) fails every block.
        for (const list of diagnostics.values()) list.push(`${d.file?.fileName ?? 'options'}: ${message}`);
      }
    }
  }, 120_000);

  test('the README and the lab page hold the examples the consumer test runs', () => {
    const docsWithBlocks = new Set(BLOCKS.map(b => b.doc));
    expect(docsWithBlocks).toContain('README.md');
    expect(docsWithBlocks).toContain(path.join('docs', 'lab.md'));
  });

  test.each(BLOCKS.map(b => [`${b.doc}:${b.line}`, b] as const))('%s compiles', (_where, block) => {
    expect(diagnostics.get(block.fileName)).toEqual([]);
  });
});
