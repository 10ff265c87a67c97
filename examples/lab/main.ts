// `cdk8s synth` runs this file (see cdk8s.yaml) and writes dist/lab.k8s.yaml.
// LAB_NFS_SERVER, LAB_NFS_PATH and LAB_NAMESPACE override the tutorial's values.
import { App } from 'cdk8s';
import { buildLab, labOptionsFrom } from './lab';

const app = new App();
buildLab(app, labOptionsFrom(app));
app.synth();
