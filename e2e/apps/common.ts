// What every e2e app is given: the lab's NFS export, as the provisioner is told
// it. The e2e's mount.nfs stand-in serves that path and the directories under it
// (e2e/nfs.sh), so an app's own NfsStorage uses a sub-directory of it.
export interface NfsExport {
  readonly server: string;
  readonly path: string;
}
