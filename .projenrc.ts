import { cdk8s, javascript } from 'projen';

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

  // cdk8s 2.x, constructs 10.x; cdk8s-plus-27 speaks Kubernetes 1.27.
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  jsiiVersion: '~5.9.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: ['cdk8s-plus-27@^2.9.5'],

  // There is no GitHub here: CI is `.ci/run`.
  github: false,
  release: false,
  depsUpgrade: false,

  jestOptions: {
    // A snapshot that differs must fail the run, never be rewritten by it.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
  },

  gitignore: ['.cache/'],
});

// jsii warns on every run that Node 20 is past its end of life; the machine has 20.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// Correctness gate (test/support): every manifest a test synthesizes is
// validated against the Kubernetes 1.27 schemas (ajv), and property tests
// (fast-check) run random props through the constructs.
project.addDevDeps('ajv@^8', 'fast-check@^4');
project.jest?.addSetupFileAfterEnv('<rootDir>/test/support/setup.ts');

project.synth();
