// Package consumer builds the tutorial's lab through the Go binding, construct
// id for construct id the same as examples/lab/lab.ts.
package consumer

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	sw "github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
)

// Lab holds the three constructs of the lab.
type Lab struct {
	Storage sw.NfsStorage
	Service sw.HeadlessService
	Web     sw.StatefulWeb
}

// BuildLab adds the lab to app as the chart "lab" (written to lab.k8s.yaml).
func BuildLab(app cdk8s.App) Lab {
	chart := cdk8s.NewChart(app, jsii.String("lab"), &cdk8s.ChartProps{Namespace: jsii.String("xgp-lll")})
	namespace := sw.NewPodSecurityNamespace(chart, jsii.String("Namespace"), &sw.PodSecurityNamespaceProps{
		Enforce: sw.PodSecurityLevel_BASELINE,
		Warn:    sw.PodSecurityLevel_RESTRICTED,
		Audit:   sw.PodSecurityLevel_RESTRICTED,
	}).ApiObject()
	storage := sw.NewNfsStorage(chart, jsii.String("Nfs"), &sw.NfsStorageProps{
		Server:            jsii.String("192.168.1.21"),
		Path:              jsii.String("/nfsdata"),
		ProvisionerName:   jsii.String("xgp"),
		StorageClassName:  jsii.String("stateful-nfs"),
		ReclaimPolicy:     sw.ReclaimPolicy_RETAIN,
		VolumeBindingMode: sw.VolumeBindingMode_WAIT_FOR_FIRST_CONSUMER,
	})
	service := sw.NewHeadlessService(chart, jsii.String("Service"), &sw.HeadlessServiceProps{
		Name: jsii.String("headless-svc"),
	})
	web := sw.NewStatefulWeb(chart, jsii.String("Web"), &sw.StatefulWebProps{
		Name:        jsii.String("statefulset-test"),
		Replicas:    jsii.Number(3),
		Image:       jsii.String("httpd:2.4.62"),
		Service:     service,
		Storage:     storage,
		ClaimName:   jsii.String("test"),
		StorageSize: cdk8s.Size_Mebibytes(jsii.Number(100)),
		AccessModes: &[]sw.ClaimAccessMode{sw.ClaimAccessMode_READ_WRITE_ONCE},
		MountPath:   jsii.String("/usr/local/apache2/htdocs"),
		Pages:       jsii.Strings("123", "456", "789"),
	})
	for _, c := range []constructs.IConstruct{storage, service, web} {
		c.Node().AddDependency(namespace)
	}
	return Lab{Storage: storage, Service: service, Web: web}
}
