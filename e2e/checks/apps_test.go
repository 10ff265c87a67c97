package checks

// An e2e app (e2e/apps): reading one of its charts (the objects as
// synthesized, and what the app gave the library, its intent.json, joined into
// what the checks expect: names and values, not assumptions), applying it and
// removing it with what it left.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/envfuncs"
)

// chartInfo is what the checks read from one chart of the app: names, not assumptions.
type chartInfo struct {
	path      string
	objects   []*unstructured.Unstructured // every object, as synthesized
	namespace *corev1.Namespace
	ns        string // its name
	storages  []*storageInfo
	webs      []*webInfo
	applied   string // kubectl apply's output, when withChart applied it
}

// web is the chart's StatefulWeb named name, or nil.
func (c *chartInfo) web(name string) *webInfo {
	for _, w := range c.webs {
		if w.sts.Name == name {
			return w
		}
	}
	return nil
}

// storageInfo is one NfsStorage: its provisioner, class and export directory.
type storageInfo struct {
	deploy   *appsv1.Deployment
	class    *storagev1.StorageClass
	exportPV string        // the static volume the provisioner mounts the export through
	nfsPath  string        // its NFS_PATH
	given    storageIntent // what the app gave its NfsStorage
	dir      string        // NFS_PATH as a directory of the lab's export
	root     string        // the local directory of that export: exportDir(), or squashedDir()
}

// webInfo is one StatefulWeb: pod i serves pages[i] from claim i (no pages:
// the app gave none, and the pods serve the library's default page).
type webInfo struct {
	sts     *appsv1.StatefulSet
	storage *storageInfo // nil when its class is in another chart
	pages   []string
	// What the app gave for its claims' metadata and its shared content.
	claimLabels, claimAnnotations, files map[string]string
}

func (w *webInfo) pod(i int) string { return fmt.Sprintf("%s-%d", w.sts.Name, i) }

// page is what pod i is to serve: page i the app gave the StatefulWeb.
func (w *webInfo) page(i int) string {
	if i < len(w.pages) {
		return w.pages[i]
	}
	return ""
}
func (w *webInfo) claim(i int) string {
	return fmt.Sprintf("%s-%s-%d", w.sts.Spec.VolumeClaimTemplates[0].Name, w.sts.Name, i)
}

func readChart(app, chart string) (*chartInfo, error) {
	l, err := readLab()
	if err != nil {
		return nil, err
	}
	c := &chartInfo{path: appYAML(app, chart)}
	objects, err := readObjects(c.path)
	if err != nil {
		return nil, err
	}
	c.objects = objects
	as := func(u *unstructured.Unstructured, into any) {
		if err == nil {
			err = runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, into)
		}
	}
	var classes []*storagev1.StorageClass
	var pvs []*corev1.PersistentVolume
	for _, u := range objects {
		switch u.GetKind() {
		case "Namespace":
			c.namespace = &corev1.Namespace{}
			as(u, c.namespace)
			c.ns = u.GetName()
		case "PersistentVolume":
			pv := &corev1.PersistentVolume{}
			as(u, pv)
			pvs = append(pvs, pv)
		case "StorageClass":
			sc := &storagev1.StorageClass{}
			as(u, sc)
			classes = append(classes, sc)
		case "Deployment":
			s := &storageInfo{deploy: &appsv1.Deployment{}}
			as(u, s.deploy)
			c.storages = append(c.storages, s)
		case "StatefulSet":
			w := &webInfo{sts: &appsv1.StatefulSet{}}
			as(u, w.sts)
			c.webs = append(c.webs, w)
		}
	}
	if err != nil {
		return nil, err
	}
	in, err := readIntent(app)
	if err != nil {
		return nil, err
	}
	for _, s := range c.storages {
		spec := s.deploy.Spec.Template.Spec
		env := map[string]string{}
		for _, e := range spec.Containers[0].Env {
			env[e.Name] = e.Value
		}
		for _, sc := range classes {
			if sc.Provisioner == env["PROVISIONER_NAME"] {
				s.class = sc
			}
		}
		if s.class == nil {
			return nil, fmt.Errorf("%s: no StorageClass of provisioner %q", c.path, env["PROVISIONER_NAME"])
		}
		// The export is the one the app gave; the provisioner must have been told it.
		given, ok := in.Storages[chart][s.class.Name]
		if !ok {
			return nil, fmt.Errorf("%s: the app recorded no NfsStorage of class %s", c.path, s.class.Name)
		}
		if env["NFS_SERVER"] != given.Server || env["NFS_PATH"] != given.Path {
			return nil, fmt.Errorf("%s: Deployment %s is told the export %s:%s, the app gave %s:%s",
				c.path, s.deploy.Name, env["NFS_SERVER"], env["NFS_PATH"], given.Server, given.Path)
		}
		s.nfsPath, s.given = given.Path, given
		rel, ok := strings.CutPrefix(s.nfsPath, l.nfsPath+"/")
		s.root = exportDir()
		if !ok {
			rel, ok = strings.CutPrefix(s.nfsPath, l.nfsPath+squashedSuffix+"/")
			s.root = squashedDir()
		}
		if !ok {
			rel, ok = strings.CutPrefix(s.nfsPath, l.nfsPath+v4OnlySuffix+"/")
			s.root = v4OnlyDir()
		}
		if !ok {
			return nil, fmt.Errorf("%s: Deployment %s's NFS_PATH %s is not under the lab's export %s", c.path, s.deploy.Name, s.nfsPath, l.nfsPath)
		}
		s.dir = rel
		for _, v := range spec.Volumes {
			for _, pv := range pvs {
				if v.PersistentVolumeClaim != nil && pv.Spec.ClaimRef != nil && pv.Spec.ClaimRef.Name == v.PersistentVolumeClaim.ClaimName {
					s.exportPV = pv.Name
				}
			}
		}
		if s.exportPV == "" {
			return nil, fmt.Errorf("%s: no export volume of Deployment %s", c.path, s.deploy.Name)
		}
	}
	for _, w := range c.webs {
		class := w.sts.Spec.VolumeClaimTemplates[0].Spec.StorageClassName
		for _, s := range c.storages {
			if class != nil && *class == s.class.Name {
				w.storage = s
			}
		}
		w.pages = in.Pages[chart][w.sts.Name]
		w.claimLabels = in.Claims[chart][w.sts.Name].Labels
		w.claimAnnotations = in.Claims[chart][w.sts.Name].Annotations
		w.files = in.Files[chart][w.sts.Name]
	}
	// A chart may put its objects in a Namespace another chart makes.
	for _, u := range objects {
		if c.ns == "" {
			c.ns = u.GetNamespace()
		}
	}
	if c.ns == "" {
		return nil, fmt.Errorf("%s has no Namespace and no namespaced object", c.path)
	}
	return c, nil
}

// chartKey is the context key of a chart a check's Setup applied.
type chartKey struct{ app, chart string }

// withChart is the steps that apply an e2e app's chart before a check, every
// StatefulSet serving its pages, and remove it after; the check finds it with
// chartOf.
func withChart(app, chart string) steps { return withChartAs(app, chart, nil) }

// withChartAs is withChart with the export directories of the chart's
// provisioners owned by owner's uid and gid (root without owner).
func withChartAs(app, chart string, owner func(c *chartInfo) (uid, gid int, err error)) steps {
	key := chartKey{app, chart}
	return steps{
		setup: func(ctx context.Context, t *T) context.Context {
			c, err := readChart(app, chart)
			if err != nil {
				t.Errorf("%v", err)
				return ctx
			}
			uid, gid := 0, 0
			if owner != nil {
				if uid, gid, err = owner(c); err != nil {
					t.Errorf("%v", err)
					return ctx
				}
			}
			ctx = context.WithValue(ctx, key, c)
			c.applied = c.apply(t, uid, gid)
			return ctx
		},
		teardown: func(ctx context.Context, t *T) {
			if c, ok := ctx.Value(key).(*chartInfo); ok {
				c.remove(t)
			}
		},
	}
}

// afterChart is the Teardown step that reads an e2e app's chart and undoes
// with it what a check that applies the chart itself made, on success and failure.
func afterChart(app, chart string, undo func(t *T, c *chartInfo)) steps {
	return steps{teardown: func(ctx context.Context, t *T) {
		c, err := readChart(app, chart)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		undo(t, c)
	}}
}

// removesChart removes the chart afterwards (chartInfo.remove).
func removesChart(app, chart string) steps {
	return afterChart(app, chart, func(t *T, c *chartInfo) { c.remove(t) })
}

// removesNamespaceOf removes the chart's namespace afterwards, and the
// volumes its claims left (removeNamespace).
func removesNamespaceOf(app, chart string) steps {
	return afterChart(app, chart, func(t *T, c *chartInfo) { removeNamespace(t, c.ns) })
}

// chartOf is the chart withChart(app, chart) or withChartAs applied.
func chartOf(ctx context.Context, app, chart string) *chartInfo {
	return ctx.Value(chartKey{app, chart}).(*chartInfo)
}

// makeDir creates the storage's directory of its export, owned by uid:gid: its
// path, or "" after a failure.
func (s *storageInfo) makeDir(t *T, uid, gid int) string {
	dir := filepath.Join(s.root, s.dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	return dir
}

// apply creates the export directories of the chart's provisioners (owned by
// uid:gid), applies the chart and waits until each StatefulSet serves its pages.
// kubectl apply's output, or "" after a failure.
func (c *chartInfo) apply(t *T, uid, gid int) string {
	for _, s := range c.storages {
		if s.makeDir(t, uid, gid) == "" {
			return ""
		}
	}
	out, err := kubectl("apply", "--validate=strict", "-f", c.path)
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	for _, w := range c.webs {
		if len(w.pages) == 0 {
			t.Errorf("%s: the app gave StatefulSet %s no pages to check", c.path, w.sts.Name)
			return ""
		}
		for i := range w.pages {
			var err error
			if !waitFor(3*waitLimit, func() bool { _, err = servesPage(c.ns, w.pod(i), w.pages[i]); return err == nil }) {
				pods, _ := kubectl("get", "pods,pvc", "-n", c.ns, "-o", "wide")
				t.Errorf("%s does not serve %q after %s: %v; %s", w.pod(i), w.pages[i], 3*waitLimit, err, strings.ReplaceAll(pods, "\n", " | "))
				return ""
			}
		}
	}
	return out
}

// remove deletes the chart's objects, its namespace and the volumes of its
// claims that outlive them (Retain), and waits until they are gone.
func (c *chartInfo) remove(t *T) {
	if err := removeFile(c.path, 180*time.Second); err != nil {
		t.Errorf("cleanup: %v", err)
	}
	removeVolumesOf(t, c.ns)
}

// volume is claim i of w, Bound, and its PersistentVolume.
func (c *chartInfo) volume(t *T, w *webInfo, i int) (*corev1.PersistentVolumeClaim, *corev1.PersistentVolume) {
	pvc, err := getClaim(c.ns, w.claim(i))
	if err != nil || pvc.Status.Phase != corev1.ClaimBound {
		t.Errorf("claim %s not Bound (%v)", w.claim(i), err)
		return nil, nil
	}
	pv, err := getPV(pvc.Spec.VolumeName)
	if err != nil {
		t.Errorf("%v", err)
		return nil, nil
	}
	if pv.Spec.NFS == nil {
		t.Errorf("%s is not an NFS volume", pv.Name)
		return nil, nil
	}
	return pvc, pv
}

// applyFile is `kubectl apply -f path` as a user runs it: stdout and stderr
// together, so that the admission's warnings are in it.
func applyFile(path string) (string, error) {
	cmd := exec.Command(kubectlBin, "--kubeconfig", kubeconfig, "apply", "--validate=strict", "-f", path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("kubectl apply -f %s: %v: %s", filepath.Base(path), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// applyWithoutWarning applies path as a user does (applyFile) and fails t if
// that fails or if the Pod Security admission warned about what it applied
// (what names it in the message); whether it was applied.
func applyWithoutWarning(t *T, path, what string) bool {
	out, err := applyFile(path)
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	noPodSecurityWarning(t, what, out)
	return true
}

// noPodSecurityWarning fails t if out, kubectl apply's output for what, has a
// Pod Security warning.
func noPodSecurityWarning(t *T, what, out string) {
	if strings.Contains(out, "would violate PodSecurity") {
		t.Errorf("%s drew a Pod Security warning: %s", what, out)
	}
}

// createNamespace creates namespace name, as kubectl create namespace does,
// with the framework's envfuncs.CreateNamespace. That function makes the
// namespace its configuration's default, so it is given a configuration of
// its own, not the environment's, which the checks running side by side share.
func createNamespace(ctx context.Context, name string) (context.Context, error) {
	return envfuncs.CreateNamespace(name)(ctx, envconf.NewWithKubeConfig(kubeconfig))
}

// removeNamespace deletes a check's namespace and waits for it to go, then the
// PersistentVolumes its claims left (their class retains them).
func removeNamespace(t *T, ns string) {
	if err := remove(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, 100*time.Second); err != nil {
		t.Errorf("deleting namespace %s: %v", ns, err)
	}
	removeVolumesOf(t, ns)
}

// removeVolumesOf deletes the PersistentVolumes bound to claims of namespace ns
// that outlive them (Retain), and waits until they are gone.
func removeVolumesOf(t *T, ns string) {
	pvs := &corev1.PersistentVolumeList{}
	if err := res().List(context.Background(), pvs); err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	for _, pv := range pvs.Items {
		if pv.Spec.ClaimRef != nil && pv.Spec.ClaimRef.Namespace == ns {
			if err := remove(&pv, 60*time.Second); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
	}
}

// allServe waits until every pod of a StatefulWeb serves its page.
func allServe(t *T, w *webInfo, limit time.Duration) bool {
	s := w.sts
	port := s.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort
	var last error
	if waitFor(limit, func() bool {
		for i := 0; i < int(*s.Spec.Replicas); i++ {
			pod := w.pod(i)
			if _, last = servesOn(s.Namespace, pod, port, w.page(i)); last != nil {
				return false
			}
			if !podReady(s.Namespace, pod) {
				last = fmt.Errorf("%s serves its page but is not Ready", pod)
				return false
			}
		}
		return true
	}) {
		return true
	}
	t.Errorf("StatefulSet %s: not every pod serves its page within %s: %v", s.Name, limit, last)
	return false
}
