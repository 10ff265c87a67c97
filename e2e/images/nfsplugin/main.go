// The e2e's own entry point for csi-driver-nfs's plugin: the copy of the
// driver's source in ../shared/upstream has its packages but no
// cmd/nfsplugin/main.go, so e2e/build.sh puts this file there and builds the
// plugin from the tag's pkg/nfs with it. It accepts the flags that the
// library's controller Deployment and node DaemonSet pass, with the driver's
// own defaults, and hands them to nfs.NewDriver as the driver's options.
package main

import (
	"flag"

	"github.com/kubernetes-csi/csi-driver-nfs/pkg/nfs"
	"k8s.io/klog/v2"
)

func main() {
	o := nfs.DriverOptions{}
	flag.StringVar(&o.Endpoint, "endpoint", "unix://tmp/csi.sock", "the CSI socket")
	flag.StringVar(&o.NodeID, "nodeid", "", "this node's name")
	flag.StringVar(&o.DriverName, "drivername", nfs.DefaultDriverName, "the CSI driver name")
	flag.Uint64Var(&o.MountPermissions, "mount-permissions", 0, "permissions of a mounted volume's directory")
	flag.StringVar(&o.WorkingMountDir, "working-mount-dir", "/tmp", "where the controller mounts a share to make and remove directories")
	flag.StringVar(&o.DefaultOnDeletePolicy, "default-ondelete-policy", "", "onDelete of a class that names none")
	flag.IntVar(&o.VolStatsCacheExpireInMinutes, "vol-stats-cache-expire-in-minutes", 10, "how long volume stats are cached")
	flag.BoolVar(&o.RemoveArchivedVolumePath, "remove-archived-volume-path", false, "remove an archived directory on delete")
	flag.BoolVar(&o.UseTarCommandInSnapshot, "use-tar-command-in-snapshot", false, "snapshots with the tar program")
	flag.BoolVar(&o.EnableSnapshotCompression, "enable-snapshot-compression", true, "gzip snapshots")
	klog.InitFlags(nil)
	_ = flag.Set("logtostderr", "true")
	flag.Parse()
	if o.NodeID == "" {
		klog.Warning("no --nodeid given")
	}
	nfs.NewDriver(&o).Run(false)
}
