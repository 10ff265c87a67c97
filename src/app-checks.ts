import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { failure } from './checks';
import { isClusterScoped } from './cluster-scoped';

// What only the whole app shows, checked once per app at synth: every
// construct of the library registers itself here, and the first one made in
// an app adds the one validation to the app's root. cdk8s runs it on
// `app.synth()`, `app.synthYaml()` and `Testing.synth(chart)` alike.

/**
 * The context key that turns the Pod Security check off for an app: for an
 * app that must reach the API server's own refusal (the e2e's psa-conflict
 * app), never for one that is meant to run.
 */
export const SKIP_POD_SECURITY_CHECK = 'cdk8s-stateful-web:skipPodSecurityCheck';

/** The constructs of the library, each registered by its constructor. */
const LIBRARY = new WeakSet<IConstruct>();
/**
 * The constructs of the library made in each app (by its root), in the order
 * they were made; the roots that have the validation. Every construct the tree
 * has is here; one removed from the tree since stays.
 */
const MADE = new WeakMap<IConstruct, IConstruct[]>();

/** A namespace the app makes (a PodSecurityNamespace), as the check reads it. */
export interface NamespaceLevel {
  readonly name: string;
  /** The level it enforces. */
  readonly enforce: string;
  /** Whether it admits pods of this level (false for what is not a level). */
  admits(level: string): boolean;
}
const NAMESPACES = new WeakMap<IConstruct, NamespaceLevel>();

/**
 * Registers a construct of the library: its objects are the library's, and
 * its app gets the app-wide checks (once).
 */
export function registerAppChecks(construct: IConstruct): void {
  LIBRARY.add(construct);
  const root = rootOf(construct);
  const made = MADE.get(root);
  if (made !== undefined) {
    made.push(construct);
    return;
  }
  MADE.set(root, [construct]);
  root.node.addValidation({ validate: () => [...checkUniqueObjects(root), ...checkPodSecurity(root)] });
}

/** The root of the construct tree `c` is in. */
function rootOf(c: IConstruct): IConstruct {
  let root = c;
  for (let scope = root.node.scope; scope !== undefined; scope = scope.node.scope) root = scope;
  return root;
}

/**
 * The constructs of `c`'s app that `pick` picks, in the tree's order: for a
 * check at synth that looks for another construct like `c` in the app (one
 * name twice), which in almost every app finds none. `pick` must pick
 * constructs of the library only. The ones made in the app are looked at
 * first, and when `pick` picks none of them, the tree has none either and is
 * not walked.
 */
export function libraryConstructsOfApp<T extends IConstruct>(c: IConstruct, pick: (other: IConstruct) => other is T): T[] {
  const root = rootOf(c);
  if (!(MADE.get(root) ?? []).some(pick)) return [];
  return root.node.findAll().filter(pick);
}

/** Registers a PodSecurityNamespace: the level its namespace enforces. */
export function registerNamespace(construct: IConstruct, namespace: NamespaceLevel): void {
  NAMESPACES.set(construct, namespace);
  registerAppChecks(construct);
}

/** `<Class> <path>`, as the library's errors name a construct. */
function ownerName(c: IConstruct): string {
  return `${c.constructor.name} ${c.node.path}`;
}

/**
 * Two objects of one kind, name and namespace (cluster-scoped ones: kind and
 * name) overwrite each other on `kubectl apply`: the last one wins and the
 * first construct silently loses its object. Across the charts of the app.
 */
function checkUniqueObjects(root: IConstruct): string[] {
  const seen = new Map<string, IConstruct>();
  const errors: string[] = [];
  // The tree in the order of `findAll()`, with the outermost construct of the
  // library above each construct (or the construct itself), if any.
  const visit = (c: IConstruct, above: IConstruct | undefined): void => {
    const owner = above ?? (LIBRARY.has(c) ? c : undefined);
    if (owner !== undefined && ApiObject.isApiObject(c)) checkObject(c, owner);
    for (const child of c.node.children) visit(child, owner);
  };
  const checkObject = (obj: ApiObject, owner: IConstruct): void => {
    const namespace = isClusterScoped(obj) ? undefined : obj.metadata.namespace;
    // NUL is in no API group, kind, namespace or name the API server takes.
    const key = `${obj.apiGroup}\0${obj.kind}\0${namespace === undefined ? '\0' : `=${namespace}\0`}${obj.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, owner);
      return;
    }
    const where = isClusterScoped(obj) ? 'cluster-wide' : namespace === undefined ? 'in the chart\'s namespace (none)' : `in namespace ${JSON.stringify(namespace)}`;
    errors.push(failure(ownerName(owner), 'name', obj.name,
      `a name no other ${obj.kind} of the app has ${where} (${first === owner ? 'this construct' : first.node.path} writes one)`,
      'Applied together, the last one would replace the first. Give the constructs different names, or put them in different namespaces.'));
  };
  visit(root, undefined);
  return errors;
}

/**
 * A workload that states a Pod Security level looser than what the
 * PodSecurityNamespace of its namespace enforces: the API server would refuse
 * every pod of it. A namespace the app does not make is not known here.
 */
function checkPodSecurity(root: IConstruct): string[] {
  if (isTrue(root.node.tryGetContext(SKIP_POD_SECURITY_CHECK))) return [];
  // Without a PodSecurityNamespace made in the app there is nothing to check.
  if (!(MADE.get(root) ?? []).some(c => NAMESPACES.has(c))) return [];
  const all = root.node.findAll();
  const namespaces = new Map<string, [IConstruct, NamespaceLevel]>();
  for (const c of all) {
    const ns = NAMESPACES.get(c);
    if (ns !== undefined && !namespaces.has(ns.name)) namespaces.set(ns.name, [c, ns]);
  }
  const errors: string[] = [];
  for (const c of all) {
    // What states a level: IPodSecurityRequirement (in pod-security.ts, which imports this module).
    const level = (c as { podSecurityLevel?: unknown }).podSecurityLevel;
    if (typeof level !== 'string' || !LIBRARY.has(c)) continue;
    const namespace = Chart.of(c).namespace ?? 'default';
    const found = namespaces.get(namespace);
    if (found === undefined) continue;
    const [nsConstruct, ns] = found;
    if (ns.admits(level)) continue;
    errors.push(failure(ownerName(c), 'podSecurityLevel', level,
      `a level namespace ${JSON.stringify(namespace)} admits: ${nsConstruct.node.path} enforces ${ns.enforce}`,
      `The API server would refuse every pod of ${c.node.path}. Either make it pass ${ns.enforce} (for a StatefulWeb, a server such as `
      + 'WebServer.nginxUnprivileged() or a non-root runAsUser with a port of 1024 or more), '
      + `or let the namespace admit it: enforce: PodSecurityLevel.${level.toUpperCase()} on ${nsConstruct.node.path} `
      + '(PodSecurityNamespace.levelFor() tells the level a set of constructs needs).'));
  }
  return errors;
}

/** A context value that means "on": true, or 'true' from the command line. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
