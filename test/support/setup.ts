/*
 * Jest runs this file before every test file (setupFilesAfterEnv in
 * .projenrc.ts): every manifest that any test synthesizes is validated against
 * Kubernetes 1.27 and 1.37 by ./validator, so no test can forget to. A manifest
 * that uses what either version's API documentation calls deprecated fails as
 * well, unless ALLOWED_DEPRECATIONS says why the library needs it.
 *
 * Hooks, each returning what the original returned:
 * - `toJson()` of every generated `k8s.Kube*` class, the library's own
 *   (src/imports/k8s) and cdk8s-plus-27's (tests compare with it), and of
 *   `ApiObject` (for plain objects and for those, such as the library's
 *   one-pass objects, whose own `toJson` returns what `ApiObject` renders):
 *   one object, whoever renders it;
 * - `App._synthChart`, behind `Testing.synth`, `Chart.toJson`, `App.synth`
 *   and `App.synthYaml`: each chart's objects, and no two of one kind and name;
 * - `App.synth` with FOLDER_PER_CHART_FILE_PER_RESOURCE, which renders objects
 *   without `Chart.toJson`.
 * A violation throws at the synth call and is also recorded, so that a test
 * that catches errors still fails in afterEach.
 *
 * Every pod template rendered by those hooks also goes through the upstream
 * Pod Security checks at 1.27 and the newest version (./pod-security), after
 * each test, in one batch. Where the construct that owns the workload states
 * the level its pods need (`podSecurityLevel`), the checks must find exactly
 * that level at both versions: a construct that claims too loose a level
 * makes users open their namespace for nothing, one that claims too strict a
 * level gets its pods refused.
 */
import { rmSync } from 'fs';
import { ApiObject, App, AppProps, Chart, Testing, YamlOutputType } from 'cdk8s';
import { k8s as plusK8s } from 'cdk8s-plus-27';
import { evaluate, PodTemplate } from './pod-security';
import { describe as describeObject, findDuplicates, KUBERNETES_VERSIONS, KubernetesVersion } from './validator';
import { recordViolation, takeViolations } from './violations';
import * as k8s from '../../src/imports/k8s';

const PATCHED = Symbol.for('cdk8s-stateful-web.test.schema-validation');

function reject(message: string): never {
  recordViolation(message);
  throw new Error(message);
}

/**
 * Deprecated things the library emits on purpose, each with the reason.
 * Anything else deprecated in 1.27 or 1.37 fails the test that synthesized it.
 */
const ALLOWED_DEPRECATIONS: Array<{ version: string; kind: string; key: string; why: string }> = [
  {
    version: '1.37',
    kind: 'Role',
    key: 'resource:/endpoints',
    why: "NfsStorage's leader-election Role: the provisioner image's controller library locks on an "
      + 'Endpoints object (get, create, update). Endpoints is deprecated since 1.33 but still served; a '
      + 'Lease-based image needs coordination.k8s.io leases instead (see NfsStorage).',
  },
];

interface Problems {
  readonly k: KubernetesVersion;
  /** What the API server refuses, then what it calls deprecated (not allowed above). */
  readonly errors: string[];
  /** Whether any of them is refused; otherwise all are deprecations. */
  readonly rejected: boolean;
}

/** The problems of one manifest, for each version that has any. */
function problems(json: any): Problems[] {
  return KUBERNETES_VERSIONS.map(k => {
    const refused = k.validateObject(json);
    const deprecated = k.deprecations(json)
      .filter(d => !ALLOWED_DEPRECATIONS.some(a => a.version === k.version && a.kind === json?.kind && a.key === d.key))
      .map(d => `${d.at}: deprecated in Kubernetes ${k.version}: ${d.message}`);
    return { k, errors: [...refused, ...deprecated], rejected: refused.length > 0 };
  }).filter(p => p.errors.length > 0);
}

function verdict(p: Problems): string {
  return p.rejected ? `Kubernetes ${p.k.version} would reject` : `Kubernetes ${p.k.version} calls deprecated what is used by`;
}

function checkObject(json: any, constructPath: string): void {
  const found = problems(json);
  if (found.length) {
    reject(found.map(p => `${verdict(p)} ${describeObject(json)} (construct ${constructPath}):\n  ${p.errors.join('\n  ')}`).join('\n'));
  }
}

/** Pod templates rendered since the last test, with the level their owner states, if any. */
const podTemplates = new Map<string, PodTemplate & { stated?: string }>();

function notePodTemplate(obj: ApiObject, json: any): void {
  const template = json?.spec?.template;
  if (!template?.spec) return;
  // The construct may be the workload object itself or its parent.
  const stated = (obj as any).podSecurityLevel ?? (obj.node.scope as any)?.podSecurityLevel;
  const name = `${describeObject(json)} (construct ${obj.node.path})`;
  podTemplates.set(`${name}\n${stated}\n${JSON.stringify(template)}`, { name, template, stated });
}

/** Runs the Pod Security checks on the templates noted; returns what contradicts a stated level. */
function checkPodSecurity(): string[] {
  const noted = [...podTemplates.values()];
  podTemplates.clear();
  const results = evaluate(noted);
  return noted.flatMap((t, i) => results[i]
    .filter(e => t.stated !== undefined && e.level !== t.stated)
    .map(e => `${t.name} states Pod Security level ${t.stated}, the ${e.version} checks find ${e.level}: ${JSON.stringify(e.violations)}`));
}

function wrapToJson(proto: any, onlyExact: boolean): void {
  const original = proto.toJson as (this: ApiObject) => any;
  if (!original || (original as any)[PATCHED]) return;
  const wrapped = function (this: ApiObject) {
    const json = original.call(this);
    // The base class validates the objects whose class renders with it: plain
    // ApiObjects, and those whose own toJson renders through it and returns
    // what it renders (the library's one-pass objects, src/objects.ts); a
    // generated class validates its own objects in its own hook.
    const own = (this as any).toJson;
    if (!onlyExact || own === wrapped || !own[PATCHED]) {
      checkObject(json, this.node.path);
      notePodTemplate(this, json);
    }
    return json;
  };
  (wrapped as any)[PATCHED] = true;
  proto.toJson = wrapped;
}

if (!(App as any)[PATCHED]) {
  (App as any)[PATCHED] = true;

  for (const cls of [...Object.values(k8s), ...Object.values(plusK8s)] as any[]) {
    if (typeof cls === 'function' && ApiObject.prototype.isPrototypeOf(cls.prototype) && Object.prototype.hasOwnProperty.call(cls.prototype, 'toJson')) {
      wrapToJson(cls.prototype, false);
    }
  }
  wrapToJson(ApiObject.prototype, true);

  const synthChart = (App as any)._synthChart as (chart: Chart) => any[];
  (App as any)._synthChart = function (this: unknown, chart: Chart) {
    const objs = synthChart.call(this, chart);
    const found = objs.map(problems);
    const messages: string[] = [];
    for (const k of KUBERNETES_VERSIONS) {
      const errors: string[] = [];
      let rejected = false;
      found.forEach((perVersion, i) => {
        const mine = perVersion.find(p => p.k === k);
        rejected ||= mine?.rejected ?? false;
        errors.push(...(mine?.errors ?? []).map(e => `${describeObject(objs[i])} (document ${i}): ${e}`));
      });
      // Two objects of one kind and name clash at any version: said once.
      const duplicates = k === KUBERNETES_VERSIONS[0] ? findDuplicates(objs, chart.namespace) : [];
      rejected ||= duplicates.length > 0;
      errors.push(...duplicates);
      if (errors.length) messages.push(`${verdict({ k, errors, rejected })} chart ${chart.node.path}:\n  ${errors.join('\n  ')}`);
    }
    if (messages.length) reject(messages.join('\n'));
    return objs;
  };

  const synth = App.prototype.synth;
  App.prototype.synth = function (this: App) {
    const result = synth.call(this);
    if (this.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
      for (const chart of this.charts) chart.toJson();
    }
    return result;
  };
}

afterEach(() => {
  const violations = [...takeViolations(), ...checkPodSecurity()];
  if (violations.length) {
    throw new Error(`This test synthesized manifests that Kubernetes 1.27 or 1.37 would reject or calls deprecated, or that state a wrong Pod Security level:\n${violations.join('\n')}`);
  }
});

// cdk8s's Testing.app() makes a temporary output folder per call and never
// removes it: remove the ones this test file made.
const testingApp = Testing.app;
const outdirs: string[] = [];
Testing.app = function (props?: AppProps) {
  const app = testingApp.call(Testing, props);
  if (!props?.outdir) outdirs.push(app.outdir);
  return app;
};
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
