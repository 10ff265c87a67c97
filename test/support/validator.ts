import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { SNAPSHOT_CRDS, SNAPSHOT_GROUP, SnapshotCrd } from '../../src/snapshot-crds';

/*
 * An independent check of manifests against Kubernetes 1.27 and 1.37: the
 * oldest version the library targets and the newest the e2e test runs.
 *
 * The schemas are each API server's own OpenAPI definitions (see
 * regenerate-schema.js and k8s-<version>/regenerate.js), not this library's
 * types nor cdk8s-plus's. They are
 * made strict when loaded: a field the schema does not define is an error
 * (the API server drops or refuses it; either way it is a mistake here), so is
 * a value of the wrong type, an int32 out of range, a malformed quantity, a
 * missing required field and a value outside the closed sets listed in ENUMS.
 *
 * On top of the schema come the checks the API server makes in code, for the
 * fields this library writes: name and namespace formats per kind, no
 * namespace on cluster-scoped kinds, label and annotation formats, a workload
 * selector that matches its pod template, and volume mounts that name a
 * volume. `validateManifests` adds that no two objects share a kind, namespace
 * and name.
 */

interface SchemaData {
  readonly source: string;
  readonly storedKinds: string[];
  readonly kinds: { [gvk: string]: { definition: string; namespaced: boolean } };
  /** What the version's descriptions call deprecated: definitions, `<definition>.<property>`, `resource:<group>/<resource>`. */
  readonly deprecated: { [what: string]: string };
  readonly definitions: { [name: string]: Schema };
}
type Schema = { [key: string]: any };

/**
 * Closed sets that the 1.27 OpenAPI document does not spell out (it has no
 * `enum`s; 1.37's has some) but that the API server enforces in its validation code
 * (k8s.io/kubernetes pkg/apis/{core,apps,storage,rbac}/validation).
 * Only fields that the library writes.
 */
const ENUMS: Array<[definition: string, property: string, values: string[]]> = [
  ['io.k8s.api.core.v1.ContainerPort', 'protocol', ['SCTP', 'TCP', 'UDP']],
  ['io.k8s.api.core.v1.ServicePort', 'protocol', ['SCTP', 'TCP', 'UDP']],
  ['io.k8s.api.core.v1.Container', 'imagePullPolicy', ['Always', 'IfNotPresent', 'Never']],
  ['io.k8s.api.core.v1.PersistentVolumeClaimSpec', 'accessModes', ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']],
  ['io.k8s.api.core.v1.ServiceSpec', 'type', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']],
  ['io.k8s.api.core.v1.ServiceSpec', 'sessionAffinity', ['ClientIP', 'None']],
  ['io.k8s.api.core.v1.SeccompProfile', 'type', ['Localhost', 'RuntimeDefault', 'Unconfined']],
  ['io.k8s.api.apps.v1.StatefulSetSpec', 'podManagementPolicy', ['OrderedReady', 'Parallel']],
  ['io.k8s.api.apps.v1.StatefulSetUpdateStrategy', 'type', ['OnDelete', 'RollingUpdate']],
  ['io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy', 'whenDeleted', ['Delete', 'Retain']],
  ['io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy', 'whenScaled', ['Delete', 'Retain']],
  ['io.k8s.api.apps.v1.DeploymentStrategy', 'type', ['Recreate', 'RollingUpdate']],
  ['io.k8s.api.storage.v1.StorageClass', 'reclaimPolicy', ['Delete', 'Retain']],
  ['io.k8s.api.storage.v1.StorageClass', 'volumeBindingMode', ['Immediate', 'WaitForFirstConsumer']],
  ['io.k8s.api.rbac.v1.Subject', 'kind', ['Group', 'ServiceAccount', 'User']],
];

/** The Kubernetes quantity grammar (k8s.io/apimachinery/pkg/api/resource). */
export const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;
const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT32 = { type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };

/** Turns one OpenAPI definition into a strict JSON schema. */
function strict(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') {
    return { anyOf: [INT32, { type: 'string' }] };
  }
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)]));
    } else if (k === 'format' && v === 'int32') {
      Object.assign(out, { minimum: INT32.minimum, maximum: INT32.maximum });
    } else if (k === 'format' && v === 'int64') {
      Object.assign(out, { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER });
    } else if (k === 'format' && v === 'double') {
      // any JSON number
    } else {
      out[k] = typeof v === 'object' ? strict(v) : v;
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

function buildDefinitions(DATA: SchemaData): { [name: string]: Schema } {
  const defs = Object.fromEntries(Object.entries(DATA.definitions).map(([name, s]) => [name, strict(s)]));
  // A quantity is a string of the quantity grammar; the API server also takes a JSON number.
  defs[QUANTITY_DEF] = { anyOf: [{ type: 'string', pattern: QUANTITY.source }, { type: 'number' }] };
  for (const [def, prop, values] of ENUMS) {
    const p = defs[def]?.properties?.[prop];
    if (!p) throw new Error(`ENUMS: ${def} has no property ${prop} in ${DATA.source}`);
    if (p.type === 'array') p.items = { ...p.items, enum: values };
    else p.enum = values;
  }
  return defs;
}

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  formats: {
    'byte': /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
    'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i,
  },
});

/**
 * The custom resources the library writes, by `<group>/<version>/<kind>`:
 * validated against the CRD schemas the library itself installs
 * (`SnapshotController`), which test/volume-snapshots.test.ts holds to upstream's.
 */
const CUSTOM_RESOURCES: { [gvk: string]: SnapshotCrd } = Object.fromEntries(
  SNAPSHOT_CRDS.map(crd => [`${SNAPSHOT_GROUP}/v1/${crd.kind}`, crd]));
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The identity of a kind: `v1/Service`, `apps/v1/StatefulSet`. */
function gvkKey(apiVersion: unknown, kind: unknown): string {
  return `${apiVersion}/${kind}`;
}


// Name formats the API server enforces per kind (ValidateXName in pkg/apis/*/validation).
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

type NameRule = { what: string; ok: (name: string) => boolean };
const SUBDOMAIN: NameRule = { what: 'a DNS-1123 subdomain of at most 253 characters', ok: n => n.length <= 253 && DNS1123_SUBDOMAIN.test(n) };
const LABEL: NameRule = { what: 'a DNS-1123 label of at most 63 characters', ok: n => n.length <= 63 && DNS1123_LABEL.test(n) };
const DNS1035: NameRule = { what: 'a DNS-1035 label of at most 63 characters', ok: n => n.length <= 63 && DNS1035_LABEL.test(n) };
const PATH_SEGMENT: NameRule = { what: "a path segment (not '.' or '..', no '/' or '%')", ok: n => n !== '.' && n !== '..' && !/[/%]/.test(n) };
const NAME_RULES: { [gvk: string]: NameRule } = {
  'v1/Namespace': LABEL,
  'v1/Service': DNS1035,
  'apps/v1/StatefulSet': LABEL,
  'rbac.authorization.k8s.io/v1/Role': PATH_SEGMENT,
  'rbac.authorization.k8s.io/v1/ClusterRole': PATH_SEGMENT,
  'rbac.authorization.k8s.io/v1/RoleBinding': PATH_SEGMENT,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': PATH_SEGMENT,
};

function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || (parts.length === 2 && parts[0].length <= 253 && DNS1123_SUBDOMAIN.test(parts[0]));
  return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
}

function checkMeta(meta: any, at: string, errors: string[]): void {
  if (!meta || typeof meta !== 'object') return;
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    if (!isQualifiedName(key)) errors.push(`${at}/labels: key ${JSON.stringify(key)} is not a qualified name`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push(`${at}/labels/${key}: ${JSON.stringify(value)} is not a label value (at most 63 letters, digits, '-', '_', '.')`);
    }
  }
  let size = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    if (!isQualifiedName(key)) errors.push(`${at}/annotations: key ${JSON.stringify(key)} is not a qualified name`);
    size += key.length + String(value).length;
  }
  if (size > 256 * 1024) errors.push(`${at}/annotations: ${size} bytes, more than 256 KiB`);
}

function matchesSelector(selector: any, labels: { [k: string]: string } = {}): boolean {
  const ml: { [k: string]: string } = selector?.matchLabels ?? {};
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = (e.values ?? []).includes(labels[e.key]);
    const ok = e.operator === 'In' ? has && inValues
      : e.operator === 'NotIn' ? !has || !inValues
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

/** The checks of a pod spec the API server makes when it creates the pods. */
function checkPodSpec(spec: any, claimNames: string[], at: string, errors: string[]): void {
  if (!spec || typeof spec !== 'object') return;
  const volumes = new Set<string>(claimNames);
  for (const [i, v] of (spec.volumes ?? []).entries()) {
    if (typeof v?.name !== 'string' || !LABEL.ok(v.name)) errors.push(`${at}/volumes/${i}/name: ${JSON.stringify(v?.name)} is not ${LABEL.what}`);
    if (claimNames.includes(v?.name)) {
      errors.push(`${at}/volumes/${i}/name: ${JSON.stringify(v.name)} is also a claim template: the StatefulSet controller replaces the volume with the claim`);
    } else if (volumes.has(v?.name)) {
      errors.push(`${at}/volumes/${i}/name: ${JSON.stringify(v.name)} is used twice`);
    }
    volumes.add(v?.name);
  }
  const containers: Array<[string, any]> = [
    ...(spec.initContainers ?? []).map((c: any, i: number) => [`initContainers/${i}`, c] as [string, any]),
    ...(spec.containers ?? []).map((c: any, i: number) => [`containers/${i}`, c] as [string, any]),
  ];
  const names = new Set<string>();
  for (const [where, c] of containers) {
    if (typeof c?.name !== 'string' || !LABEL.ok(c.name)) errors.push(`${at}/${where}/name: ${JSON.stringify(c?.name)} is not ${LABEL.what}`);
    if (names.has(c?.name)) errors.push(`${at}/${where}/name: ${JSON.stringify(c.name)} is used twice`);
    names.add(c?.name);
    const paths = new Set<string>();
    for (const [j, m] of (c?.volumeMounts ?? []).entries()) {
      if (!volumes.has(m?.name)) errors.push(`${at}/${where}/volumeMounts/${j}/name: ${JSON.stringify(m?.name)} names no volume${claimNames.length ? ' or claim template' : ''}`);
      if (paths.has(m?.mountPath)) errors.push(`${at}/${where}/volumeMounts/${j}/mountPath: ${JSON.stringify(m.mountPath)} is mounted twice`);
      paths.add(m?.mountPath);
    }
    const portNames = new Set<string>();
    for (const [j, p] of (c?.ports ?? []).entries()) {
      if (p?.name !== undefined && portNames.has(p.name)) errors.push(`${at}/${where}/ports/${j}/name: ${JSON.stringify(p.name)} is used twice`);
      portNames.add(p?.name);
    }
  }
}

function formatSchemaError(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field ${JSON.stringify(e.params.additionalProperty)}`;
  if (e.keyword === 'required') return `${where}: missing required field ${JSON.stringify(e.params.missingProperty)}`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params.allowedValues as string[]).join(', ')}`;
  if (e.keyword === 'pattern' && e.schemaPath.includes('Quantity')) return `${where}: must be a Kubernetes quantity such as '100Mi' or '250m'`;
  return `${where}: ${e.message}`;
}

/** A short name for an object in messages: `StatefulSet web/site`. */
export function describe(obj: any): string {
  const ns = obj?.metadata?.namespace;
  return `${obj?.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${obj?.metadata?.name ?? '(no name)'}`;
}

/** One Kubernetes version's schemas (k8s-<version>/schema.json) and the checks against them. */
export class KubernetesVersion {
  /** Where the schemas come from, for messages and the docs. */
  public readonly source: string;
  private readonly data: SchemaData;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(public readonly version: string) {
    this.data = JSON.parse(fs.readFileSync(path.join(__dirname, `k8s-${version}`, 'schema.json'), 'utf8'));
    this.source = this.data.source;
    ajv.addSchema({ $id: `k8s-${version}`, definitions: buildDefinitions(this.data) });
  }

  /** Whether this version serves this kind cluster-scoped; undefined when it does not serve it. */
  public isClusterScoped(apiVersion: string, kind: string): boolean | undefined {
    const k = this.data.kinds[gvkKey(apiVersion, kind)];
    const custom = CUSTOM_RESOURCES[gvkKey(apiVersion, kind)];
    return k ? !k.namespaced : custom ? custom.scope === 'Cluster' : undefined;
  }

  /**
   * Validates one manifest against this version. Returns the problems as
   * `<JSON path>: <what is wrong>`; an empty list when the API server would accept it.
   */
  public validateObject(obj: any): string[] {
    const data = this.data;
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['/: a manifest must be an object'];
    const gvk = gvkKey(obj.apiVersion, obj.kind);
    const custom = CUSTOM_RESOURCES[gvk];
    const known = data.kinds[gvk] ?? (custom && { definition: gvk, namespaced: custom.scope === 'Namespaced' });
    if (!known) return [`/: Kubernetes ${this.version} serves no kind ${obj.kind} in apiVersion ${obj.apiVersion}`];
    if (!custom && !data.storedKinds.includes(gvk)) {
      return [`/: the schema of ${gvk} is not stored; add it to STORED_KINDS in regenerate-schema.js and run k8s-${this.version}/regenerate.js`];
    }
    let validate = this.compiled.get(gvk);
    if (!validate) {
      validate = ajv.compile(custom
        // A custom resource: the library's own CRD schema, made strict, with
        // this version's ObjectMeta (its CEL rules are not evaluated here).
        ? { ...strict(custom.schema), properties: { ...strict(custom.schema).properties, metadata: { $ref: `k8s-${this.version}#/definitions/${OBJECT_META}` } } }
        : { $ref: `k8s-${this.version}#/definitions/${known.definition}` });
      this.compiled.set(gvk, validate);
    }
    const errors: string[] = [];
    if (!validate(obj)) errors.push(...(validate.errors ?? []).map(formatSchemaError));

    const meta = obj.metadata ?? {};
    const rule = NAME_RULES[gvk] ?? SUBDOMAIN;
    if (typeof meta.name !== 'string' || meta.name === '') errors.push('/metadata/name: missing');
    else if (!rule.ok(meta.name)) errors.push(`/metadata/name: ${JSON.stringify(meta.name)} is not ${rule.what}`);
    if (!known.namespaced && meta.namespace !== undefined) {
      errors.push(`/metadata/namespace: ${obj.kind} is cluster-scoped and must not have a namespace, got ${JSON.stringify(meta.namespace)}`);
    }
    if (known.namespaced && meta.namespace !== undefined && (typeof meta.namespace !== 'string' || !LABEL.ok(meta.namespace))) {
      errors.push(`/metadata/namespace: ${JSON.stringify(meta.namespace)} is not ${LABEL.what}`);
    }
    checkMeta(meta, '/metadata', errors);

    const spec = obj.spec ?? {};
    if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet') {
      const sel = spec.selector ?? {};
      if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
        errors.push(`/spec/selector: empty selector is invalid for ${obj.kind.toLowerCase()}`);
      } else if (!matchesSelector(sel, spec.template?.metadata?.labels)) {
        errors.push('/spec/template/metadata/labels: `selector` does not match template `labels`');
      }
      checkMeta(sel.matchLabels ? { labels: sel.matchLabels } : {}, '/spec/selector/matchLabels', errors);
      checkMeta(spec.template?.metadata, '/spec/template/metadata', errors);
      const claims = (spec.volumeClaimTemplates ?? []).map((c: any) => c?.metadata?.name);
      (spec.volumeClaimTemplates ?? []).forEach((c: any, i: number) => checkMeta(c?.metadata, `/spec/volumeClaimTemplates/${i}/metadata`, errors));
      checkPodSpec(spec.template?.spec, claims, '/spec/template/spec', errors);
    }
    if (obj.kind === 'Pod') checkPodSpec(spec, [], '/spec', errors);
    if (obj.kind === 'Service' && spec.selector) checkMeta({ labels: spec.selector }, '/spec/selector', errors);
    return errors;
  }

  /**
   * What a manifest uses that this version's API documentation calls
   * deprecated: its kind, a field (at any depth, following the schema), or an
   * API resource that an RBAC rule names. Each as `<JSON path>: <the sentence
   * that says so>`, with `key` the entry of schema.json's `deprecated`.
   */
  public deprecations(obj: any): Array<{ at: string; key: string; message: string }> {
    const deprecated = this.data.deprecated;
    const found: Array<{ at: string; key: string; message: string }> = [];
    const note = (at: string, key: string) => found.push({ at: at || '/', key, message: deprecated[key] });
    const walk = (value: any, schema: Schema | undefined, at: string): void => {
      if (value === null || value === undefined || !schema) return;
      const ref: string | undefined = schema.$ref ?? schema.allOf?.find((s: Schema) => s.$ref)?.$ref;
      if (ref) {
        const name = ref.replace('#/definitions/', '');
        if (deprecated[name]) note(at, name);
        const def = this.data.definitions[name];
        if (def?.properties && typeof value === 'object' && !Array.isArray(value)) {
          for (const [p, v] of Object.entries(value)) {
            if (deprecated[`${name}.${p}`]) note(`${at}/${p}`, `${name}.${p}`);
            walk(v, def.properties[p], `${at}/${p}`);
          }
        }
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, schema.items, `${at}/${i}`));
      } else if (typeof value === 'object' && typeof schema.additionalProperties === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, schema.additionalProperties, `${at}/${k}`);
      }
    };
    const known = obj && this.data.kinds[gvkKey(obj.apiVersion, obj.kind)];
    if (!known) return found;
    walk(obj, { $ref: `#/definitions/${known.definition}` }, '');
    if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
      (obj.rules ?? []).forEach((rule: any, i: number) => {
        for (const group of rule?.apiGroups ?? []) {
          (rule?.resources ?? []).forEach((resource: string, j: number) => {
            const key = `resource:${group}/${String(resource).split('/')[0]}`;
            if (deprecated[key]) note(`/rules/${i}/resources/${j}`, key);
          });
        }
      });
    }
    return found;
  }
}

/** The versions every synthesized manifest is checked against (test/support/setup.ts). */
export const K8S_1_27 = new KubernetesVersion('1.27');
export const K8S_1_37 = new KubernetesVersion('1.37');
export const KUBERNETES_VERSIONS = [K8S_1_27, K8S_1_37];

/** The Kubernetes minors the library's output is checked at in test/k8s-versions.test.ts: 1.27 to 1.37. */
export const EVERY_MINOR = Array.from({ length: 11 }, (_, i) => `1.${27 + i}`);

let everyMinor: KubernetesVersion[] | undefined;

/**
 * Every minor of EVERY_MINOR, loaded on first use (each manifest a test
 * synthesizes is checked at 1.27 and 1.37 only; loading and compiling nine
 * more schemas in every test file would cost more than the checks).
 */
export function everyKubernetesMinor(): KubernetesVersion[] {
  everyMinor ??= EVERY_MINOR.map(v => KUBERNETES_VERSIONS.find(k => k.version === v) ?? new KubernetesVersion(v));
  return everyMinor;
}

/** Where the 1.27 schemas come from. */
export const SCHEMA_SOURCE = K8S_1_27.source;

/** Whether Kubernetes 1.27 serves this kind cluster-scoped; undefined when it does not serve it. */
export function isClusterScoped(apiVersion: string, kind: string): boolean | undefined {
  return K8S_1_27.isClusterScoped(apiVersion, kind);
}

/** Validates one manifest against Kubernetes 1.27 (`K8S_1_37.validateObject` for 1.37). */
export function validateObject(obj: any): string[] {
  return K8S_1_27.validateObject(obj);
}

/**
 * Objects that share a kind and a name in one namespace (cluster-wide for
 * cluster-scoped kinds), where the later one would overwrite the earlier.
 * Objects without a namespace are in `defaultNamespace`.
 */
export function findDuplicates(objs: any[], defaultNamespace = 'default'): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  objs.forEach((obj, i) => {
    const cluster = isClusterScoped(obj?.apiVersion, obj?.kind);
    const group = String(obj?.apiVersion).includes('/') ? String(obj.apiVersion).split('/')[0] : '';
    const id = `${obj?.kind}${group ? `.${group}` : ''} ${cluster ? '' : `${obj?.metadata?.namespace ?? defaultNamespace}/`}${obj?.metadata?.name}`;
    if (seen.has(id)) errors.push(`${describe(obj)} (document ${i}): the same kind and name as document ${seen.get(id)} (${id})`);
    else seen.set(id, i);
  });
  return errors;
}

/**
 * Validates manifests that are applied together: each one (`validateObject`)
 * and `findDuplicates`.
 */
export function validateManifests(objs: any[], defaultNamespace = 'default'): string[] {
  const errors: string[] = [];
  objs.forEach((obj, i) => {
    for (const e of validateObject(obj)) errors.push(`${describe(obj)} (document ${i}): ${e}`);
  });
  return [...errors, ...findDuplicates(objs, defaultNamespace)];
}

/** Throws when a manifest is not valid Kubernetes 1.27. */
export function assertValidObject(obj: any, origin?: string): void {
  const errors = validateObject(obj);
  if (errors.length) {
    throw new Error(`Kubernetes 1.27 would reject ${describe(obj)}${origin ? ` (${origin})` : ''}:\n  ${errors.join('\n  ')}`);
  }
}
