// The seed tutorial's lab as a cdk8s chart, written the way a user's app would
// use the library. `main.ts` synthesizes it; the tests and the benchmark build
// it with `buildLab()`.
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
// In an app of your own: `from 'cdk8s-stateful-web'`. The lab imports the
// sources of this repo so that it always runs the code the package ships.
import {
  ClaimAccessMode, HeadlessService, NfsStorage, PodSecurityLevel, PodSecurityNamespace, ReclaimPolicy, StatefulWeb, VolumeBindingMode, WebServer,
} from '../../src';

/**
 * What can be changed in the lab without editing code.
 */
export interface LabOptions {
  /**
   * The NFS server: host name or IP address.
   *
   * @default '192.168.1.21' (the tutorial's)
   */
  readonly nfsServer?: string;

  /**
   * The directory the NFS server exports.
   *
   * @default '/nfsdata' (the tutorial's)
   */
  readonly nfsPath?: string;

  /**
   * The namespace the lab creates and runs in.
   *
   * @default 'xgp-lll' (the tutorial's)
   */
  readonly namespace?: string;
}

/** The tutorial's values. */
export const LAB_DEFAULTS: Required<LabOptions> = {
  nfsServer: '192.168.1.21',
  nfsPath: '/nfsdata',
  namespace: 'xgp-lll',
};

/**
 * Where each option can be set from outside: an environment variable, and a
 * construct context key (`app.node.setContext(key, value)` before `buildLab`).
 * The environment wins over the context; an empty variable counts as unset.
 */
export const LAB_SETTINGS: { [K in keyof LabOptions]-?: { env: string; context: string } } = {
  nfsServer: { env: 'LAB_NFS_SERVER', context: 'lab:nfsServer' },
  nfsPath: { env: 'LAB_NFS_PATH', context: 'lab:nfsPath' },
  namespace: { env: 'LAB_NAMESPACE', context: 'lab:namespace' },
};

/** The output file, relative to the app's output directory: `<chart id>.k8s.yaml`. */
export const LAB_CHART_ID = 'lab';

/**
 * The lab's options from the environment and the construct context of `scope`.
 * Options not set there are left out, so `buildLab` uses the tutorial's.
 */
export function labOptionsFrom(scope: Construct, env: { [name: string]: string | undefined } = process.env): LabOptions {
  const options: { [key: string]: string } = {};
  for (const [key, where] of Object.entries(LAB_SETTINGS)) {
    const fromEnv = env[where.env];
    const fromContext = scope.node.tryGetContext(where.context);
    const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : fromContext;
    if (value !== undefined) options[key] = value;
  }
  return options as LabOptions;
}

/**
 * The lab: in a namespace of its own, an NFS-backed StorageClass, a headless
 * Service and a StatefulSet of 3 httpd pods, each serving its own page from
 * its own claim.
 */
export class Lab extends Chart {
  /** The options in effect, defaults filled in. */
  public readonly options: Required<LabOptions>;
  /**
   * The Namespace, with Pod Security labels: it enforces `baseline` (what
   * httpd and the NFS provisioner need) and warns and audits at `restricted`.
   */
  public readonly podSecurityNamespace: PodSecurityNamespace;
  /** The Namespace object (emitted first, without a namespace of its own). */
  public readonly namespaceObject: ApiObject;
  /** The NFS provisioner and the StorageClass `stateful-nfs`. */
  public readonly storage: NfsStorage;
  /** The Service `headless-svc`. */
  public readonly service: HeadlessService;
  /** The StatefulSet `statefulset-test`. */
  public readonly web: StatefulWeb;

  constructor(scope: Construct, id: string, options: LabOptions = {}) {
    const resolved: Required<LabOptions> = {
      nfsServer: options.nfsServer ?? LAB_DEFAULTS.nfsServer,
      nfsPath: options.nfsPath ?? LAB_DEFAULTS.nfsPath,
      namespace: options.namespace ?? LAB_DEFAULTS.namespace,
    };
    super(scope, id, { namespace: resolved.namespace });
    this.options = resolved;

    // The Namespace, made first, also checks the namespace name.
    // httpd starts as root with a few capabilities, and the provisioner runs
    // as root (it mounts the export through a claim, which every level
    // admits): both need `baseline`
    // (`PodSecurityNamespace.levelFor([this])` says so; the tests check it).
    // Warnings and audit entries at `restricted` show what a stricter
    // namespace would refuse.
    this.podSecurityNamespace = new PodSecurityNamespace(this, 'Namespace', {
      enforce: PodSecurityLevel.BASELINE,
      warn: PodSecurityLevel.RESTRICTED,
      audit: PodSecurityLevel.RESTRICTED,
    });
    this.namespaceObject = this.podSecurityNamespace.apiObject;

    // The tutorial's provisioner name and class; its reclaim policy, Retain,
    // is also the library's default. Its claims bind when their pod is
    // scheduled (the tutorial's class binds them at once): a scheduler up to
    // 1.35 holds a pod whose claim is not bound yet back for a second or two,
    // once per ordered pod; the claims of a StatefulSet always have a pod.
    this.storage = new NfsStorage(this, 'Nfs', {
      server: resolved.nfsServer,
      path: resolved.nfsPath,
      provisionerName: 'xgp',
      storageClassName: 'stateful-nfs',
      reclaimPolicy: ReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
    });

    this.service = new HeadlessService(this, 'Service', { name: 'headless-svc' });

    // What the tutorial wrote into each pod by hand with `kubectl exec`.
    this.web = new StatefulWeb(this, 'Web', {
      name: 'statefulset-test',
      replicas: 3,
      // The tutorial's httpd:2.4.62.
      server: WebServer.httpd(),
      service: this.service,
      storage: this.storage,
      claimName: 'test',
      storageSize: Size.mebibytes(100),
      accessModes: [ClaimAccessMode.READ_WRITE_ONCE],
      mountPath: '/usr/local/apache2/htdocs',
      pages: ['123', '456', '789'],
    });

    // Everything lives in the namespace, so the Namespace goes first.
    for (const c of [this.storage, this.service, this.web]) c.node.addDependency(this.namespaceObject);
  }
}

/**
 * Adds the lab to `app` as the chart `lab` (written to `lab.k8s.yaml`).
 */
export function buildLab(app: App, options: LabOptions = {}): Lab {
  return new Lab(app, LAB_CHART_ID, options);
}
