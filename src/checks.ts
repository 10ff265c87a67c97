// Shared checks. Each throws at construction with the construct, the prop, the
// value received and what is allowed, so a bad prop never reaches a manifest.
//
// The one error format: a first line that states the rule, then the why and
// what to do, if anything, on the lines after it:
//
//   <construct> <path>: '<prop>' must be <rule>, got <value>
//   <detail>
//
// The rule (`must be <rule>`) is at most 200 characters: a reader sees it
// whole, and the detail can be reworded without touching it.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+$/;

/**
 * The value as the user wrote it: numbers as numbers (Infinity, NaN, 1e+21),
 * an object of a class by its class, the rest as JSON.
 */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const cls = Object.getPrototypeOf(value)?.constructor;
    if (cls !== Object && cls !== undefined) return `an object of class ${cls.name || '(anonymous)'}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cycle
  }
}

/** The largest int32: most numbers of the Kubernetes API are int32 fields. */
export const INT32_MAX = 2147483647;

/** The most characters the rule of an error (`must be <rule>`) may have. */
export const RULE_MAX = 200;

/**
 * Throws the library's one error format: `allowed` is the rule, `detail` the
 * why and what to do. The library states its rules in at most `RULE_MAX`
 * characters on one line (test/catalogue.test.ts holds every rule to it); a
 * rule made longer by what it lists (the names in use, say) is cut there,
 * with '…', and goes on at the start of the next line, so nothing is lost.
 */
export function fail(owner: string, prop: string, value: unknown, allowed: string, detail?: string): never {
  throw new Error(failure(owner, prop, value, allowed, detail));
}

/**
 * The message `fail` throws, for a check that reports its errors instead of
 * throwing them (a synth-time validation returns them). A rule over
 * `RULE_MAX` characters, or of two lines, is cut there and goes on at the
 * start of the next line.
 */
export function failure(owner: string, prop: string, value: unknown, allowed: string, detail?: string): string {
  let rule = `must be ${allowed}`;
  let more: string | undefined;
  const cut = Math.min(rule.includes('\n') ? rule.indexOf('\n') : rule.length, rule.length > RULE_MAX ? RULE_MAX - 1 : rule.length);
  if (cut < rule.length) {
    more = `…${rule.slice(cut).replace(/^\n/, '')}`;
    rule = `${rule.slice(0, cut)}…`;
  }
  const rest = [more, detail].filter(x => x !== undefined).join('\n');
  return `${owner}: '${prop}' ${rule}, got ${show(value)}${rest ? `\n${rest}` : ''}`;
}

/**
 * A value of `cls` itself. TypeScript's types stop a value of another type,
 * but not one from JavaScript or through `any`, nor an object of the same
 * class from another copy or major line of the package that defines it
 * (cdk8s-plus-34's `Probe` where cdk8s-plus-27's is expected), which renders
 * otherwise or not at all. `whatToPass` names what to give instead, such as
 * "a WebServer such as WebServer.httpd()".
 */
export function checkInstance<T>(owner: string, prop: string, value: T, cls: Function & { prototype: T }, whatToPass: string): T {
  if (!(value instanceof cls)) {
    const sameName = typeof value === 'object' && value !== null && Object.getPrototypeOf(value)?.constructor?.name === cls.name;
    fail(owner, prop, value, whatToPass, sameName
      ? `The ${cls.name} given is of another copy of the package that defines it (another version or line, such as another cdk8s-plus-<minor>): make it with the one this library depends on.`
      : undefined);
  }
  return value;
}

/** A DNS-1123 label: lower-case alphanumerics and '-', at most `max` characters. */
export function checkDnsLabel(owner: string, prop: string, value: string, max = 63): string {
  if (typeof value !== 'string' || value.length > max || !DNS1123_LABEL.test(value)) {
    fail(owner, prop, value, `a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit) of at most ${max} characters`);
  }
  return value;
}

/** A DNS-1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function checkServiceName(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS1035_LABEL.test(value)) {
    fail(owner, prop, value, "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit) of at most 63 characters");
  }
  return value;
}

/** A DNS-1123 subdomain (StorageClass, ClusterRole and most object names). */
export function checkDnsSubdomain(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    fail(owner, prop, value, "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.') of at most 253 characters");
  }
  return value;
}

/** A Kubernetes qualified name, `[prefix/]name`: what a StorageClass accepts as `provisioner`. */
export function checkQualifiedName(owner: string, prop: string, value: string): string {
  const parts = typeof value === 'string' ? value.split('/') : [];
  const name = parts[parts.length - 1];
  const prefixOk = parts.length === 1 || (parts.length === 2 && parts[0].length <= 253 && DNS1123_SUBDOMAIN.test(parts[0]));
  if (!prefixOk || !name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    fail(owner, prop, value, "a qualified name '[prefix/]name' (an optional DNS subdomain prefix, and a name of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit)");
  }
  return value;
}

/** A port name: an IANA service name of at most 15 characters with at least one letter. */
export function checkPortName(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 15 || !IANA_SVC_NAME.test(value) || value.includes('--') || !/[a-z]/.test(value)) {
    fail(owner, prop, value, "a port name of at most 15 lower-case letters, digits and '-' with at least one letter and no '--'");
  }
  return value;
}

/**
 * A whole number in [min, max]; by default what an int32 field of the
 * Kubernetes API accepts. Infinity and NaN are not whole numbers.
 */
export function checkWholeNumber(owner: string, prop: string, value: number, min: number, max = INT32_MAX): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(owner, prop, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * A value of a string enum (a closed Kubernetes choice), or undefined when the
 * prop was left out.
 */
export function checkOneOf<T extends string>(owner: string, prop: string, value: T | undefined, choices: { [key: string]: T }): T | undefined {
  const allowed = Object.values(choices);
  if (value !== undefined && !allowed.includes(value)) {
    fail(owner, prop, value, `one of ${allowed.join(', ')}`);
  }
  return value;
}

/** A container image reference: not empty, no whitespace. */
export function checkImage(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !value || /\s/.test(value)) {
    fail(owner, prop, value, 'a container image reference without spaces');
  }
  return value;
}

/** A user or group id: what a pod security context accepts. */
export function checkId(owner: string, prop: string, value: number): number {
  return checkWholeNumber(owner, prop, value, 0);
}

/** A namespace name: a DNS-1123 label. */
export function checkNamespace(owner: string, prop: string, value: string): string {
  return checkDnsLabel(owner, prop, value, 63);
}

/** One mount option (`nfsvers=4.1`): no whitespace, no comma. */
export function checkMountOption(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !/^[^\s,]+$/.test(value)) {
    fail(owner, prop, value, "one NFS mount option without spaces or commas, such as 'nfsvers=4.1'");
  }
  return value;
}

/** A non-empty list of values of a string enum. */
export function checkSomeOf<T extends string>(owner: string, prop: string, values: T[], choices: { [key: string]: T }): T[] {
  const allowed = Object.values(choices);
  if (!Array.isArray(values) || values.length === 0 || values.some(v => !allowed.includes(v))) {
    fail(owner, prop, values, `one or more of ${allowed.join(', ')}`);
  }
  return values;
}

/**
 * Where a volume may be mounted in a container: not over its root file system
 * nor over a kernel file system the runtime mounts (/proc, /sys, /dev), or
 * anything inside one.
 */
export function checkMountPath(owner: string, prop: string, value: string): string {
  checkAbsolutePath(owner, prop, value);
  if (value === '/' || ['/proc', '/sys', '/dev'].some(k => value === k || value.startsWith(`${k}/`))) {
    fail(owner, prop, value, "a path that covers neither the container's root nor a kernel file system (/, /proc, /sys, /dev)");
  }
  return value;
}

/** A TCP/UDP port number. */
export function checkPort(owner: string, prop: string, value: number): number {
  return checkWholeNumber(owner, prop, value, 1, 65535);
}

/** An absolute, normalised POSIX path: starts with '/', no '..', no '//', no trailing '/'. */
export function checkAbsolutePath(owner: string, prop: string, value: string): string {
  const ok = typeof value === 'string'
    && value.startsWith('/')
    && (value === '/' || !value.endsWith('/'))
    && !value.includes('//')
    && !/[\0\n]/.test(value)
    && !value.split('/').some(seg => seg === '..' || seg === '.');
  if (!ok) {
    fail(owner, prop, value, "an absolute path such as '/nfsdata' (starting with '/', without '.', '..', '//' or a trailing '/')");
  }
  return value;
}

/** A host an NFS client can mount from: an IPv4 or IPv6 address or a DNS name. */
export function checkHost(owner: string, prop: string, value: string): string {
  const ok = typeof value === 'string' && value.length > 0 && value.length <= 253 && (
    IPV4.test(value)
    || (value.includes(':') && IPV6.test(value))
    // A DNS name, but not something that only looks like a mistyped IPv4 address.
    || (DNS1123_SUBDOMAIN.test(value.toLowerCase()) && !/^[\d.]+$/.test(value)));
  if (!ok) {
    fail(owner, prop, value, "an NFS server host name or IP address such as '192.168.1.21' or 'nfs.example.com'");
  }
  return value;
}

/** A label or selector map: keys are qualified names, values at most 63 characters. */
export function checkLabels(owner: string, prop: string, labels: { [key: string]: string }): { [key: string]: string } {
  for (const [key, value] of Object.entries(labels)) {
    checkQualifiedName(owner, `${prop}.${key}`, key);
    checkLabelValue(owner, `${prop}.${key}`, value);
  }
  return labels;
}

/** A label value (also a toleration's or a node selector requirement's value): at most 63 characters. */
export function checkLabelValue(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
    fail(owner, prop, value, "a label value of at most 63 letters, digits, '-', '_' or '.' starting and ending with a letter or digit");
  }
  return value;
}

/** An IPv4 or IPv6 CIDR such as '10.96.0.0/12'. */
export function checkCidr(owner: string, prop: string, value: string): string {
  const [ip, bits, rest] = typeof value === 'string' ? value.split('/') : [];
  const max = IPV4.test(ip ?? '') ? 32 : (ip?.includes(':') && IPV6.test(ip)) ? 128 : -1;
  if (rest !== undefined || max < 0 || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > max) {
    fail(owner, prop, value, "a CIDR such as '10.96.0.0/12' or '::/0'");
  }
  return value;
}

/**
 * A StorageClass reference: an object with a `storageClassName`, as
 * `IStorageClass` says. A class's name as a string would leave the claims
 * without a `storageClassName`, on the cluster's default class.
 */
export function checkStorageClass<T extends { readonly storageClassName: string }>(owner: string, prop: string, value: T): T {
  const name = (value as { storageClassName?: unknown } | null | undefined)?.storageClassName;
  // A name cdk8s resolves at synth (a token) is an object.
  if (typeof value !== 'object' || value === null || !(typeof name === 'string' || (typeof name === 'object' && name !== null))) {
    const example = typeof value === 'string' ? value : 'standard';
    fail(owner, prop, value, 'an IStorageClass: an NfsStorage, an NfsCsiStorage or StorageClassRef.fromName()',
      `For a StorageClass that exists, pass StorageClassRef.fromName('${example}').`);
  }
  return value;
}
