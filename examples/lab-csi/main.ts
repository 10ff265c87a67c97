// `cdk8s synth` runs this file (see cdk8s.yaml) and writes dist/: the driver's
// chart and the lab's. LAB_NFS_SERVER, LAB_NFS_PATH and LAB_NAMESPACE work as
// for examples/lab; LAB_KUBELET_DIR sets the kubelet's directory. With
// LAB_MOVE_VOLUMES (the old volume names, comma-separated, in ordinal order)
// it writes the lab moved from NfsStorage instead (docs/move-to-nfs-csi.md).
import { App } from 'cdk8s';
import { buildCsiLab } from './lab-csi';
import { buildMovedLab } from './move';
import { labOptionsFrom } from '../lab/lab';

const app = new App();
const options = { ...labOptionsFrom(app), kubeletDir: process.env.LAB_KUBELET_DIR || undefined };
const volumes = process.env.LAB_MOVE_VOLUMES;
if (volumes) buildMovedLab(app, volumes.split(','), options);
else buildCsiLab(app, options);
app.synth();
