import { cdk8s, javascript, release } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-stateful-web',
  description:
    'cdk8s constructs for StatefulSets with per-pod persistent storage on NFS: NfsStorage, HeadlessService, StatefulWeb.',
  author: 'cdk8s-stateful-web contributors',
  authorAddress: 'maintainers@cdk8s-stateful-web.invalid',
  repositoryUrl: 'https://github.com/cdk8s-stateful-web/cdk8s-stateful-web.git',
  keywords: ['cdk8s', 'kubernetes', 'statefulset', 'nfs', 'storageclass', 'volumeclaimtemplates'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  prettier: false,

  // cdk8s 2.x and constructs 10.x are the only peers, within the ranges
  // cdk8s-plus-27 and cdk8s-plus-34 ask for (cdk8s ^2.68.11, constructs
  // ^10.3.0): an app on either line installs one copy of each. The props take the library's own types (docs/cdk8s-plus.md),
  // so no cdk8s-plus line is a dependency. Two are devDependencies:
  // cdk8s-plus-27 for the benchmark's anchor and the tests that compare with
  // it, cdk8s-plus-34 for the docs' app that puts its Deployment beside a StatefulWeb.
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  jsiiVersion: '~5.9.0',
  devDeps: ['cdk8s-plus-27@^2.9.5', 'cdk8s-plus-34@^2.0.54'],

  // There is no GitHub here: CI is `.ci/run`. Releases are cut locally with
  // projen's release machinery (RELEASING.md): `npx projen release`
  // bumps the version from the conventional commits since the last tag
  // (commit-and-tag-version), builds, tests and writes the four packages into
  // dist/, then prepends the release notes to CHANGELOG.md, commits that and
  // tags the commit. It pushes nothing (gitPushCommand '').
  github: false,
  release: true,
  releaseTrigger: release.ReleaseTrigger.manual({ changelog: true, changelogPath: 'CHANGELOG.md', gitPushCommand: '' }),
  // 13 pulls in packages that need Node 22 (npm ci warns EBADENGINE on 20); 12 runs on 18+.
  bumpPackage: 'commit-and-tag-version@^12',
  depsUpgrade: false,

  jestOptions: {
    // A snapshot that differs must fail the run, never be rewritten by it.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // Builds the Pod Security checker (test/support/pod-security, Go) once per run.
    jestConfig: { globalSetup: '<rootDir>/test/support/global-setup.ts' },
  },

  // jsii targets: `npx projen package-all` writes dist/python (wheel), dist/java
  // (a Maven repository) and dist/go (a Go module); consumers/ proves each one.
  // No .NET: no consumer test proves a .NET binding (consumers/ has none), so none ships.
  publishToPypi: {
    distName: 'cdk8s-stateful-web',
    module: 'cdk8s_stateful_web',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.cdk8s-stateful-web',
    mavenArtifactId: 'cdk8s-stateful-web',
    // JLS 6.1: a hyphen of the domain becomes an underscore in the package.
    javaPackage: 'io.github.cdk8s_stateful_web',
  },
  publishToGo: {
    moduleName: 'github.com/cdk8s-stateful-web/cdk8s-stateful-web-go',
    packageName: 'cdk8sstatefulweb',
  },

  gitignore: ['.cache/'],
});

// npm 11 runs no dependency's install script unless package.json allows it,
// and warns about each one it skipped. None of the three is needed here, so
// each is denied by name (the warning goes, the scripts stay off):
// - esbuild's postinstall only checks (and on some platforms swaps in) the
//   binary of its platform package, which esbuild finds without it;
// - @parcel/watcher (jest's watch mode) builds from source only when no
//   prebuilt binary package fits, and nothing here uses watch mode in CI;
// - backport (a dependency of cdk8s and cdk8s-plus-27) writes a config file
//   for its own CLI into ~/.backport, and nothing here runs that CLI.
project.package.addField('allowScripts', { '@parcel/watcher': false, 'backport': false, 'esbuild': false });

// jsii warns on every run that Node 20 is past its end of life; CI runs on 20 too.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
// The Node.js majors CI runs the unit tests and the TypeScript consumer on: the
// system's Node.js 20, and 22 and 24 from the npm registry (.ci/nodes, `test:nodes`).
project.package.addEngine('node', '^20.0.0 || ^22.0.0 || ^24.0.0');
project.addTask('test:nodes', {
  description: 'Runs jest and the TypeScript consumer on Node.js 22 and 24 (or the majors given), installed from npm into a cache',
  exec: 'bash .ci/nodes',
  receiveArgs: true,
});

// Java and Go packaging go through consumers/pacmak.sh: it keeps a Maven local
// repository between builds and, where the Go proxy does not serve cdk8s,
// builds a stand-in from the npm package (consumers/env.sh).
// `consumers:test` runs the TypeScript (npm), Python, Java and Go consumers.
for (const target of ['java', 'go']) {
  project.tasks.tryFind(`package:${target}`)?.reset(`bash consumers/pacmak.sh ${target}`);
}
// The consumers test the packages; they are no part of them (nor of the npm
// tarball that every binding embeds).
project.npmignore?.exclude('/consumers/');
project.addTask('consumers:test', {
  description: 'Builds the npm, Python, Java and Go packages if needed and runs their consumer tests (consumers/)',
  exec: 'bash consumers/run.sh',
  receiveArgs: true,
});

// Correctness gate (test/support): every manifest a test synthesizes is
// validated against the Kubernetes 1.27 schemas (ajv), and property tests
// (fast-check) run random props through the constructs.
project.addDevDeps('ajv@^8', 'fast-check@^4');
project.jest?.addSetupFileAfterEnv('<rootDir>/test/support/setup.ts');

// The typed Kubernetes API objects the library writes (src/imports/k8s.ts),
// generated by cdk8s-cli's importer from the Kubernetes 1.27 API server's
// OpenAPI document (scripts/import-k8s.js) and committed: `import:k8s`
// regenerates them. Generated code: not linted, not counted in coverage.
project.addTask('import:k8s', {
  description: 'Regenerates src/imports/k8s.ts from the Kubernetes 1.27 OpenAPI document (needs go)',
  exec: 'node scripts/import-k8s.js',
});
// The typed custom resources the library writes (src/imports/<group>.ts), from
// the CRDs of the Go modules that publish them (scripts/import-crds.js), and
// their schemas for the tests (test/support/crds/), committed.
project.addTask('import:crds', {
  description: 'Regenerates src/imports/<group>.ts and test/support/crds/ from the CRDs of their Go modules (needs go and unzip)',
  exec: 'node scripts/import-crds.js',
});
project.eslint?.addIgnorePattern('src/imports/');
project.jest?.addIgnorePattern('/src/imports/');
project.npmignore?.exclude('/scripts/');

// The tutorial's lab (examples/lab), a cdk8s app: `npm run lab` synthesizes it
// with `cdk8s synth`. Its app command bundles main.ts with esbuild and runs the
// bundle with node (no type-checking on that path: `lab:typecheck` does it,
// from `test`). `bench:lab` times the synth.
project.addDevDeps('cdk8s-cli@^2.207.60', 'esbuild@^0.28.2');
project.gitignore.exclude('/examples/lab/dist/', '/examples/lab/.build/', '/e2e/apps/.build/');
project.npmignore?.exclude('/examples/', '/bench/');
// cdk8s synth empties its output directory before it runs the app: synthesize
// into .build/dist and move that over dist/ only when the synth succeeded, so a
// failed run leaves the last good lab.k8s.yaml in place.
const labSynth = 'cdk8s synth --no-check-upgrade --output .build/dist && rm -rf dist && mv .build/dist dist';
const labSay = 'echo "Wrote examples/lab/dist/lab.k8s.yaml. Apply it with: kubectl apply -f examples/lab/dist/lab.k8s.yaml"';
project.addTask('lab', {
  description: "Synthesizes the tutorial's lab into examples/lab/dist/lab.k8s.yaml",
  cwd: 'examples/lab',
  steps: [{ exec: labSynth }, { exec: labSay }],
});
// `npm run lab` runs the same commands without projen's task runner, which
// costs about a second here (it computes its PATH with `npx`).
project.package.setScript('lab', `cd examples/lab && ${labSynth} && ${labSay}`);
const labTypecheck = project.addTask('lab:typecheck', {
  description: 'Type-checks the lab app and the e2e\'s apps (their synth only transpiles them)',
  steps: [{ exec: 'tsc --noEmit -p examples/lab' }, { exec: 'tsc --noEmit -p examples/lab-csi' }, { exec: 'tsc --noEmit -p e2e/apps' }],
});
project.testTask.spawn(labTypecheck);
// The lab on csi-driver-nfs (examples/lab-csi): the driver's chart and the
// lab's, synthesized the same way into examples/lab-csi/dist/.
project.gitignore.exclude('/examples/lab-csi/dist/', '/examples/lab-csi/.build/');
const labCsiSay = 'echo "Wrote examples/lab-csi/dist/ (see docs/nfs-csi.md to apply it: the snapshot API first)"';
project.addTask('lab:csi', {
  description: 'Synthesizes the lab on csi-driver-nfs into examples/lab-csi/dist/',
  cwd: 'examples/lab-csi',
  steps: [{ exec: labSynth }, { exec: labCsiSay }],
});
project.package.setScript('lab:csi', `cd examples/lab-csi && ${labSynth} && ${labCsiSay}`);
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('e2e/apps');
project.addTask('bench:lab', {
  description: 'Times `npm run lab` and `cdk8s synth` of the lab (median, min, max wall)',
  exec: 'node bench/lab-synth.js',
  receiveArgs: true,
});

// Synth benchmark (bench/synth.js, BENCHMARKS.md): the compiled library against
// the same YAML as plain ApiObjects and against cdk8s-plus-27. `bench` compiles
// first and takes minutes; `bench:ci` runs tiny N in seconds on the lib/ already
// compiled, and fails only when the script breaks, never on a figure.
project.addTask('bench', {
  description: 'Times construct + synthYaml() of 10 to 10000 sites: library, plain-ApiObject floor, cdk8s-plus-27 (BENCHMARKS.md)',
  steps: [{ spawn: 'compile' }, { exec: 'node bench/synth.js', receiveArgs: true }],
});
// The paired figures of BENCHMARKS.md, library / cdk8s-plus-27 in one
// process: `npx projen bench:pair -- 1000 41 --defaults` for the library's
// default site against cdk8s-plus-27 writing the same objects and the same
// manifests, without `--defaults` for the same-shape sites.
project.addTask('bench:pair', {
  description: 'Library / cdk8s-plus-27 CPU, paired in one process: [sites] [rounds] [--defaults] (BENCHMARKS.md)',
  steps: [{ spawn: 'compile' }, { exec: 'node --expose-gc bench/synth-pair.js', receiveArgs: true }],
});
project.addTask('bench:ci', {
  description: 'Runs the synth benchmarks with tiny N, to keep them working (needs lib/ compiled)',
  steps: [
    { exec: 'node bench/synth.js --quick' },
    // Also fails if the same-manifest anchor no longer writes the library's site.
    { exec: 'node --expose-gc bench/synth-pair.js 10 1 --defaults' },
  ],
});

// The lab on a real node, Kubernetes 1.27 and 1.37 (e2e/README.md): builds the
// cluster and the images into a cache outside the repo on first use; needs root.
project.npmignore?.exclude('/e2e/');
// CI and the benchmark write-up are for this repository, not for users' node_modules.
project.npmignore?.exclude('/.ci/', '/BENCHMARKS.md');
project.addTask('e2e', {
  description: 'Runs the lab on a real node (kubelet, containerd) on Kubernetes 1.27 and 1.37 and checks what the tutorial checks; needs root (e2e/README.md)',
  steps: [{ spawn: 'lab' }, { exec: 'bash e2e/run.sh' }],
});

project.synth();
