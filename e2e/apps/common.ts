// What every e2e app is given: the lab's NFS export, as the provisioner is told
// it. The e2e's mount.nfs stand-in serves that path and the directories under it
// (e2e/nfs.sh), so an app's own NfsStorage uses a sub-directory of it.
export interface NfsExport {
  readonly server: string;
  readonly path: string;
}

// The StorageClass of web-storage.app.ts, which the apps of the psa, spread and
// pages-sync checks claim from by name (a restricted namespace refuses the
// default provisioner, which runs as root).
export const WEB_STORAGE_CLASS = 'e2e-web';

// The taint of the KWOK nodes of the `spread` check: only pods that tolerate it go there.
export const KWOK_TAINT = { key: 'kwok.x-k8s.io/node', value: 'fake' };

// The e2e's API server port (E2E_API_PORT, which e2e/run.sh sets from the API
// server it started): NetworkPolicy is enforced on the node (kube-router), so
// every NfsStorage of the apps names it in its provisioner's policy.
export function apiServerPorts(): number[] {
  const port = Number(process.env.E2E_API_PORT);
  if (!Number.isInteger(port) || port < 1) throw new Error(`E2E_API_PORT must be the API server's port, not ${JSON.stringify(process.env.E2E_API_PORT)}`);
  return [port];
}
