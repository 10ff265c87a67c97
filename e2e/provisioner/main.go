// Command nfs-standin is the e2e test bed's stand-in for nfs-subdir-external-provisioner.
//
// The upstream module is not served by the Go module proxy this project can reach, so
// this small program reproduces its documented contract on top of the same controller
// library major version that upstream's provisioner imports
// (sig-storage-lib-external-provisioner/v6, with client-go 0.19: leader election on an
// Endpoints lock), which is what makes every API call that the provisioner's RBAC has
// to allow:
//
//   - env PROVISIONER_NAME, NFS_SERVER, NFS_PATH (required), ENABLE_LEADER_ELECTION
//     (default true), KUBECONFIG (out of cluster) and POD_NAMESPACE (leader-election
//     namespace, read by the library);
//   - for each claim of its class it creates the directory
//     <namespace>-<claim>-<pv name> with mode 0777 under /persistentvolumes and returns
//     an NFS PersistentVolume pointing at NFS_SERVER:NFS_PATH/<that name>, with the
//     class's reclaim policy and mount options;
//   - on Delete it looks up the class: onDelete=delete removes the directory,
//     onDelete=retain keeps it, otherwise it is renamed to archived-<name> unless
//     archiveOnDelete=false (then removed). pathPattern is not implemented.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"sigs.k8s.io/sig-storage-lib-external-provisioner/v6/controller"
)

// mountPath is where the NFS export is mounted; fixed, as in the upstream image.
const mountPath = "/persistentvolumes"

type nfsStandin struct {
	client kubernetes.Interface
	server string
	path   string
}

var _ controller.Provisioner = &nfsStandin{}

func (p *nfsStandin) Provision(ctx context.Context, o controller.ProvisionOptions) (*v1.PersistentVolume, controller.ProvisioningState, error) {
	if o.PVC.Spec.Selector != nil {
		return nil, controller.ProvisioningFinished, errors.New("claim selector is not supported")
	}
	name := strings.Join([]string{o.PVC.Namespace, o.PVC.Name, o.PVName}, "-")
	local := filepath.Join(mountPath, name)
	if err := os.MkdirAll(local, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("creating %s: %w", local, err)
	}
	if err := os.Chmod(local, 0o777); err != nil {
		return nil, controller.ProvisioningFinished, fmt.Errorf("chmod %s: %w", local, err)
	}
	reclaim := v1.PersistentVolumeReclaimDelete
	if o.StorageClass.ReclaimPolicy != nil {
		reclaim = *o.StorageClass.ReclaimPolicy
	}
	pv := &v1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: o.PVName},
		Spec: v1.PersistentVolumeSpec{
			PersistentVolumeReclaimPolicy: reclaim,
			AccessModes:                   o.PVC.Spec.AccessModes,
			MountOptions:                  o.StorageClass.MountOptions,
			Capacity: v1.ResourceList{
				v1.ResourceStorage: o.PVC.Spec.Resources.Requests[v1.ResourceStorage],
			},
			PersistentVolumeSource: v1.PersistentVolumeSource{
				NFS: &v1.NFSVolumeSource{Server: p.server, Path: filepath.Join(p.path, name)},
			},
		},
	}
	klog.InfoS("provisioned", "claim", o.PVC.Namespace+"/"+o.PVC.Name, "pv", o.PVName, "dir", local)
	return pv, controller.ProvisioningFinished, nil
}

func (p *nfsStandin) Delete(ctx context.Context, pv *v1.PersistentVolume) error {
	if pv.Spec.NFS == nil {
		return errors.New("not an NFS volume")
	}
	base := filepath.Base(pv.Spec.NFS.Path)
	local := filepath.Join(mountPath, base)
	if _, err := os.Stat(local); os.IsNotExist(err) {
		return nil
	}
	class, err := p.client.StorageV1().StorageClasses().Get(ctx, pv.Spec.StorageClassName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	switch class.Parameters["onDelete"] {
	case "delete":
		return os.RemoveAll(local)
	case "retain":
		return nil
	}
	if v, ok := class.Parameters["archiveOnDelete"]; ok {
		if keep, err := strconv.ParseBool(v); err == nil && !keep {
			return os.RemoveAll(local)
		}
	}
	return os.Rename(local, filepath.Join(mountPath, "archived-"+base))
}

func mustEnv(key string) string {
	v := os.Getenv(key)
	if v == "" {
		klog.ErrorS(nil, "required environment variable not set", "name", key)
		os.Exit(2)
	}
	return v
}

func main() {
	klog.InitFlags(nil)
	flag.Parse()
	server, path, name := mustEnv("NFS_SERVER"), mustEnv("NFS_PATH"), mustEnv("PROVISIONER_NAME")

	var cfg *rest.Config
	var err error
	if kc := os.Getenv("KUBECONFIG"); kc != "" {
		cfg, err = clientcmd.BuildConfigFromFlags("", kc)
	} else {
		cfg, err = rest.InClusterConfig()
	}
	if err != nil {
		klog.ErrorS(err, "loading client config")
		os.Exit(1)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		klog.ErrorS(err, "creating client")
		os.Exit(1)
	}
	version, err := client.Discovery().ServerVersion()
	if err != nil {
		klog.ErrorS(err, "reading server version")
		os.Exit(1)
	}
	leader := true
	if v := os.Getenv("ENABLE_LEADER_ELECTION"); v != "" {
		if leader, err = strconv.ParseBool(v); err != nil {
			klog.ErrorS(err, "parsing ENABLE_LEADER_ELECTION")
			os.Exit(2)
		}
	}
	ctx := context.Background()
	pc := controller.NewProvisionController(client, name, &nfsStandin{client: client, server: server, path: path}, version.GitVersion,
		controller.LeaderElection(leader))
	pc.Run(ctx)
}
