// Back up the csi lab's claims and bring them back in a second site: one
// chart takes the snapshots, the other (applied once they are ready) starts a
// site whose claims are made from them.
import { Chart } from 'cdk8s';
// In an app of your own: `from 'cdk8s-stateful-web'`.
import { CsiLab } from './lab-csi';
import { ClaimsFromSnapshots, HeadlessService, NfsCsiSnapshotClass, StatefulWeb, StatefulWebSnapshots, WebServer } from '../../src';

/** A VolumeSnapshot of each of the lab's claims. */
export function addBackup(lab: CsiLab, snapshotClass: NfsCsiSnapshotClass): StatefulWebSnapshots {
  const backup = new Chart(lab.node.scope!, 'lab-csi-backup', { namespace: lab.namespace });
  return new StatefulWebSnapshots(backup, 'Backup', { site: lab.web, snapshotClass, namePrefix: 'lab-backup' });
}

/** A second site, `statefulset-restored`, whose claims start from the snapshots. */
export function addRestore(lab: CsiLab, snapshots: StatefulWebSnapshots): StatefulWeb {
  const restore = new Chart(lab.node.scope!, 'lab-csi-restore', { namespace: lab.namespace });
  const restored = new StatefulWeb(restore, 'Restored', {
    name: 'statefulset-restored',
    replicas: lab.web.replicas,
    server: WebServer.httpd(),
    service: new HeadlessService(restore, 'Service', { name: 'restored-svc' }),
    storage: lab.storage,
    claimName: 'test',
    storageSize: lab.web.volumeClaimTemplates[0].size,
    mountPath: '/usr/local/apache2/htdocs',
  });
  new ClaimsFromSnapshots(restore, 'FromBackup', { site: restored, snapshots });
  return restored;
}
