import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerNamespace } from './app-checks';
import { checkLabels, checkNamespace, checkOneOf, fail } from './checks';
import { clusterScoped } from './cluster-scoped';
import * as k8s from './imports/k8s';
import { recommendedLabels } from './labels';
import { makeObject } from './objects';

/**
 * A level of the Pod Security Standards, which the API server's PodSecurity
 * admission enforces per namespace.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** No restriction. */
  PRIVILEGED = 'privileged',
  /**
   * Prevents the known privilege escalations: no host namespaces or paths, no
   * privileged container, no capability beyond the runtime's defaults.
   */
  BASELINE = 'baseline',
  /**
   * Hardened: non-root, every capability dropped (but NET_BIND_SERVICE), no
   * privilege escalation, the runtime's seccomp profile, and only volumes such
   * as claims, emptyDir, ConfigMaps and Secrets (no `nfs`, no `hostPath`).
   */
  RESTRICTED = 'restricted',
}

/** Loosest first. */
const LEVELS = [PodSecurityLevel.PRIVILEGED, PodSecurityLevel.BASELINE, PodSecurityLevel.RESTRICTED];

/** The capabilities the `baseline` level allows a container to add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/**
 * The level of a pod whose containers run as root or not, add these
 * capabilities after dropping all, allow no privilege escalation, use the
 * runtime's seccomp profile and mount only claims, emptyDirs and ConfigMaps:
 * what StatefulWeb and NfsStorage make. (test/support/setup.ts checks it against the
 * upstream checks on every template the tests synthesize.)
 *
 * @internal
 */
export function _podSecurityLevelOf(nonRoot: boolean, capabilities: string[]): PodSecurityLevel {
  if (nonRoot && capabilities.every(c => c === 'NET_BIND_SERVICE')) return PodSecurityLevel.RESTRICTED;
  if (capabilities.every(c => BASELINE_CAPABILITIES.includes(c))) return PodSecurityLevel.BASELINE;
  return PodSecurityLevel.PRIVILEGED;
}

/**
 * A construct whose pods need a Pod Security level: the namespace they run
 * in must not enforce a stricter one. `StatefulWeb` and `NfsStorage` are.
 */
export interface IPodSecurityRequirement {
  /** The most restrictive level the construct's pods pass. */
  readonly podSecurityLevel: PodSecurityLevel;
}

/**
 * Props for `PodSecurityNamespace`.
 */
export interface PodSecurityNamespaceProps {
  /**
   * Name of the Namespace, a DNS-1123 label.
   *
   * @default - the chart's namespace
   */
  readonly name?: string;

  /**
   * The level the API server enforces: a pod that does not pass it is refused.
   * `PodSecurityNamespace.levelFor()` tells the level a set of constructs needs.
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly enforce?: PodSecurityLevel;

  /**
   * The level at which a workload or pod that does not pass it gets a warning
   * back (from `kubectl apply`, for example), and is still admitted if it
   * passes `enforce`. Set it stricter than `enforce` to see what a tighter
   * namespace would refuse.
   *
   * @default - the `enforce` level
   */
  readonly warn?: PodSecurityLevel;

  /**
   * The level at which a pod that does not pass it is recorded in the API
   * server's audit log, and still admitted if it passes `enforce`.
   *
   * @default - the `warn` level
   */
  readonly audit?: PodSecurityLevel;

  /**
   * The version of the standards to apply, `latest` or `v1.<minor>` such as
   * `v1.27`, to all three modes. Pinning it keeps a cluster upgrade from
   * tightening the checks under running workloads.
   *
   * @default 'latest' (no version label; what the API server does without one)
   */
  readonly version?: string;

  /**
   * Other labels of the Namespace.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

const LABEL_PREFIX = 'pod-security.kubernetes.io';

/**
 * A Namespace with Pod Security admission labels.
 *
 * Emits the Namespace (cluster-scoped, so without a namespace of its own
 * even in a chart that has one) labelled `pod-security.kubernetes.io/enforce`,
 * `warn` and `audit`. Create it first in its chart, so that it is applied
 * before the objects it holds.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class PodSecurityNamespace extends Construct {
  /**
   * The level a namespace needs to admit the pods of these constructs and of
   * every construct under them that states one (`IPodSecurityRequirement`):
   * the loosest of their levels; `RESTRICTED` when none states one.
   * Objects made without this library (a plain `k8s.KubeDeployment`) state
   * none: check those yourself.
   */
  public static levelFor(constructs: IConstruct[]): PodSecurityLevel {
    let loosest = LEVELS.length - 1;
    for (const root of constructs) {
      for (const c of root.node.findAll()) {
        const level = (c as Partial<IPodSecurityRequirement>).podSecurityLevel;
        if (level !== undefined && LEVELS.includes(level)) loosest = Math.min(loosest, LEVELS.indexOf(level));
      }
    }
    return LEVELS[loosest];
  }

  /** Name of the Namespace. */
  public readonly name: string;
  /** The enforced level. */
  public readonly enforce: PodSecurityLevel;
  /** The level that warns. */
  public readonly warn: PodSecurityLevel;
  /** The level that is audited. */
  public readonly audit: PodSecurityLevel;
  /** The Namespace object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps = {}) {
    super(scope, id);
    const owner = `PodSecurityNamespace ${this.node.path}`;
    const name = props.name ?? Chart.of(this).namespace;
    if (name === undefined) fail(owner, 'name', name, "a namespace name, as the chart has no 'namespace' to take it from");
    this.name = checkNamespace(owner, 'name', name);
    this.enforce = checkOneOf(owner, 'enforce', props.enforce, PodSecurityLevel) ?? PodSecurityLevel.RESTRICTED;
    this.warn = checkOneOf(owner, 'warn', props.warn, PodSecurityLevel) ?? this.enforce;
    this.audit = checkOneOf(owner, 'audit', props.audit, PodSecurityLevel) ?? this.warn;
    const version = props.version;
    if (version !== undefined && !/^(latest|v1\.(0|[1-9]\d*))$/.test(version)) {
      fail(owner, 'version', version, "'latest' or a Kubernetes minor version such as 'v1.27'");
    }
    // The recommended labels, which `labels` may override (a `part-of` of the app's own, say).
    const labels = {
      ...recommendedLabels('pod-security-namespace', this.name, 'namespace', 'cdk8s-stateful-web'),
      ...props.labels && checkLabels(owner, 'labels', props.labels),
    };
    const own = Object.keys(labels).filter(k => k.startsWith(`${LABEL_PREFIX}/`));
    if (own.length) fail(owner, `labels.${own[0]}`, labels[own[0]], "not set: the Pod Security labels come from 'enforce', 'warn', 'audit' and 'version'");

    const modes: Array<[string, PodSecurityLevel]> = [['enforce', this.enforce], ['audit', this.audit], ['warn', this.warn]];
    for (const [mode, level] of modes) {
      labels[`${LABEL_PREFIX}/${mode}`] = level;
      if (version !== undefined) labels[`${LABEL_PREFIX}/${mode}-version`] = version;
    }
    const enforced = LEVELS.indexOf(this.enforce);
    registerNamespace(this, { name: this.name, enforce: this.enforce, admits: level => LEVELS.indexOf(level as PodSecurityLevel) >= enforced });
    // cdk8s-plus's Namespace would carry the chart's namespace and an empty spec.
    this.apiObject = clusterScoped(makeObject(k8s.KubeNamespace, this, 'Resource', { metadata: { name: this.name, labels } }));
  }
}
