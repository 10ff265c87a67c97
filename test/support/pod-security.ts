import { execFileSync } from 'child_process';
import * as path from 'path';

/*
 * The upstream Pod Security Standards checks on pod templates: the code of the
 * API server's PodSecurity admission plugin (k8s.io/pod-security-admission),
 * built from ./pod-security for Kubernetes 1.27 and for the newest release
 * (see main.go there). ./setup runs them on every pod template any test
 * synthesizes; `podSecurityOf()` lets a test assert the level of its own.
 */

/** A Pod Security Standards level, loosest first. */
export type Level = 'privileged' | 'baseline' | 'restricted';
export const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];

/** What one build of the checks says of one pod template. */
export interface Evaluation {
  /** The Kubernetes version whose policy was applied, such as 'v1.27'. */
  readonly version: string;
  /** The most restrictive level the template passes. */
  readonly level: Level;
  /** Per level it fails, the API server's reasons, `<reason> (<detail>)`. */
  readonly violations: { baseline: string[]; restricted: string[] };
}

/** A pod template and a name to report it by. */
export interface PodTemplate {
  readonly name: string;
  readonly template: any;
}

let binaries: string[] | undefined;

/**
 * The checker's binaries, 1.27 first: built by ./global-setup before the run
 * (POD_SECURITY_BINARIES), or here when a file runs without it.
 */
function checkers(): string[] {
  if (!binaries) {
    const fromEnv = process.env.POD_SECURITY_BINARIES;
    binaries = (fromEnv || buildCheckers()).split('\n').filter(Boolean);
  }
  return binaries;
}

/** Builds the checker if needed; returns its binaries, one per line. */
export function buildCheckers(): string {
  return execFileSync('bash', [path.join(__dirname, 'pod-security', 'build.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const cache = new Map<string, Evaluation[]>();

/**
 * Evaluates pod templates at every version; returns, per template in order,
 * one evaluation per version (1.27 first). Results are kept per template
 * content, so a template seen before costs nothing.
 */
export function evaluate(templates: PodTemplate[]): Evaluation[][] {
  const keys = templates.map(t => JSON.stringify(t.template));
  const todo = [...new Set(keys.filter(k => !cache.has(k)))];
  if (todo.length) {
    const input = JSON.stringify(todo.map((k, i) => ({ name: String(i), template: JSON.parse(k) })));
    const perBinary = checkers().map(bin => JSON.parse(execFileSync(bin, { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as any[]);
    todo.forEach((k, i) => cache.set(k, perBinary.map(out => {
      const { version, level, violations } = out[i];
      return { version, level, violations };
    })));
  }
  return keys.map(k => cache.get(k)!);
}

/** The pod templates among manifests: workloads' `spec.template` and bare Pods. */
export function podTemplatesOf(manifests: any[]): PodTemplate[] {
  return manifests.flatMap(m => {
    const name = `${m.kind}/${m.metadata?.name}`;
    if (m.kind === 'Pod') return [{ name, template: { metadata: m.metadata, spec: m.spec } }];
    if (m.spec?.template?.spec) return [{ name, template: m.spec.template }];
    if (m.spec?.jobTemplate?.spec?.template?.spec) return [{ name, template: m.spec.jobTemplate.spec.template }];
    return [];
  });
}

/**
 * The level of every pod template among `manifests`, keyed by `Kind/name` and
 * then by version: `{ 'StatefulSet/web': { 'v1.27': 'restricted', 'v1.37': 'restricted' } }`.
 */
export function podSecurityOf(manifests: any[]): { [template: string]: { [version: string]: Level } } {
  const templates = podTemplatesOf(manifests);
  const results = evaluate(templates);
  return Object.fromEntries(templates.map((t, i) => [t.name, Object.fromEntries(results[i].map(e => [e.version, e.level]))]));
}

/** Like `podSecurityOf`, with the violations at each level the template fails. */
export function podSecurityDetailsOf(manifests: any[]): { [template: string]: Evaluation[] } {
  const templates = podTemplatesOf(manifests);
  const results = evaluate(templates);
  return Object.fromEntries(templates.map((t, i) => [t.name, results[i]]));
}

/** The loosest of some levels: the level a namespace holding them all needs. */
export function loosest(levels: Level[]): Level {
  return LEVELS[Math.min(...levels.map(l => LEVELS.indexOf(l)), LEVELS.length - 1)];
}
