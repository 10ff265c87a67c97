package checks

// csi-driver-nfs on the real node: the driver of e2e/apps/csi.app.ts (chart
// csi-driver), applied once for every csi check and removed after them, and the
// checks' own charts, each in a namespace of its own. Expected values come from
// e2e/apps/csi.json, which the app passes to the library.

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// csiYAML is the manifest of a chart of e2e/apps/csi.app.ts: cdk8s numbers the
// files of charts that depend on one another (NNNN-<chart>.k8s.yaml).
func csiYAML(chart string) string {
	if m, _ := filepath.Glob(filepath.Join(appsDir, "csi", "[0-9][0-9][0-9][0-9]-"+chart+".k8s.yaml")); len(m) == 1 {
		return m[0]
	}
	return appYAML("csi", chart)
}

// csiSite is one StatefulWeb of csi.json: pod i serves pages[i] from claim `<claim>-<site>-i`.
type csiSite struct {
	Namespace string   `json:"namespace"`
	Level     string   `json:"level"`
	Share     string   `json:"share"`
	SubDir    string   `json:"subDir"`
	Site      string   `json:"site"`
	Service   string   `json:"service"`
	Claim     string   `json:"claim"`
	Pages     []string `json:"pages"`
}

func (s csiSite) pod(i int) string   { return fmt.Sprintf("%s-%d", s.Site, i) }
func (s csiSite) claim(i int) string { return fmt.Sprintf("%s-%s-%d", s.Claim, s.Site, i) }

// csiConsts is e2e/apps/csi.json.
type csiConsts struct {
	Driver struct {
		Name      string            `json:"name"`
		Namespace string            `json:"namespace"`
		Level     string            `json:"level"`
		Images    map[string]string `json:"images"` // program -> image
	} `json:"driver"`
	Provision csiSite `json:"provision"`
	OnDelete  struct {
		Namespace string `json:"namespace"`
		SubDir    string `json:"subDir"`
		Site      string `json:"site"`
		Claim     string `json:"claim"`
		Classes   map[string]struct {
			Share string `json:"share"`
			Page  string `json:"page"`
		} `json:"classes"`
	} `json:"onDelete"`
	Snapshot struct {
		csiSite
		MountPath     string   `json:"mountPath"`
		Restored      string   `json:"restored"`
		RestoredPages []string `json:"restoredPages"`
		Written       []string `json:"written"`
		Changed       []string `json:"changed"`
	} `json:"snapshot"`
	Move struct {
		csiSite
		MountPath string   `json:"mountPath"`
		NfsDir    string   `json:"nfsDir"`
		Written   []string `json:"written"`
	} `json:"move"`
	RootSquash struct {
		Namespace string `json:"namespace"`
		Claim     string `json:"claim"`
		AsRoot    struct {
			Share string `json:"share"`
			Site  string `json:"site"`
			Page  string `json:"page"`
		} `json:"asRoot"`
		Open struct {
			Share            string `json:"share"`
			Site             string `json:"site"`
			Page             string `json:"page"`
			MountPermissions string `json:"mountPermissions"`
		} `json:"open"`
	} `json:"rootSquash"`
	PSA struct {
		Share      string  `json:"share"`
		Claim      string  `json:"claim"`
		Baseline   csiSite `json:"baseline"`
		Restricted csiSite `json:"restricted"`
	} `json:"psa"`
}

var (
	csiOnce   sync.Once
	csiC      *csiConsts
	csiErr    error
	csiApply  string // kubectl apply's output for the driver
	csiUpOnce sync.Once
	csiUpErr  error
	csiUp     bool
)

// readCSI reads e2e/apps/csi.json (E2E_DIR is the e2e folder).
func readCSI() (*csiConsts, error) {
	csiOnce.Do(func() {
		var b []byte
		if b, csiErr = os.ReadFile(filepath.Join(os.Getenv("E2E_DIR"), "apps", "csi.json")); csiErr == nil {
			csiC = &csiConsts{}
			csiErr = json.Unmarshal(b, csiC)
		}
	})
	return csiC, csiErr
}

// subDirOf is the driver's expansion of a subDir template for one claim.
func subDirOf(template, ns, claim, pv string) string {
	return strings.NewReplacer("${pvc.metadata.namespace}", ns, "${pvc.metadata.name}", claim, "${pv.metadata.name}", pv).Replace(template)
}

// nodeName is the real node's name (the one at E2E_NODE_IP; the KWOK nodes have others).
func nodeName(ctx context.Context) (string, error) {
	nodes := &corev1.NodeList{}
	if err := res().List(ctx, nodes); err != nil {
		return "", err
	}
	for _, n := range nodes.Items {
		for _, a := range n.Status.Addresses {
			if a.Type == corev1.NodeInternalIP && a.Address == os.Getenv("E2E_NODE_IP") {
				return n.Name, nil
			}
		}
	}
	return "", fmt.Errorf("no node with address %s", os.Getenv("E2E_NODE_IP"))
}

// csiDriverUp applies the driver (once, for every csi check) and waits until
// its controller and node pods are Ready and the node's CSINode lists it.
func csiDriverUp(ctx context.Context) error {
	csiUpOnce.Do(func() {
		c, err := readCSI()
		if err != nil {
			csiUpErr = err
			return
		}
		csiUp = true
		// One file holds the snapshot CRDs and a VolumeSnapshotClass: kubectl
		// maps every object before it creates the CRDs, so the class is refused
		// until they are established, and a second apply (as a user runs it) takes it.
		if csiApply, err = applyFile(csiYAML("csi-driver")); err != nil {
			if !strings.Contains(err.Error(), "ensure CRDs are installed first") {
				csiUpErr = err
				return
			}
			crds := &apiextensionsv1.CustomResourceDefinitionList{}
			if err = res().List(ctx, crds, resources.WithLabelSelector("app.kubernetes.io/component=crd")); err == nil && len(crds.Items) == 0 {
				err = fmt.Errorf("no CRD labelled app.kubernetes.io/component=crd after applying %s", filepath.Base(csiYAML("csi-driver")))
			}
			if err == nil {
				err = crdsEstablished(crds, 60*time.Second)
			}
			if err != nil {
				csiUpErr = err
				return
			}
			again, err := applyFile(csiYAML("csi-driver"))
			if err != nil {
				csiUpErr = err
				return
			}
			csiApply += again
		}
		node, err := nodeName(ctx)
		if err != nil {
			csiUpErr = err
			return
		}
		csiNode := &storagev1.CSINode{ObjectMeta: metav1.ObjectMeta{Name: node}}
		err = wait.For(conditions.New(res()).ResourceMatch(csiNode, func(o k8s.Object) bool {
			return slices.ContainsFunc(o.(*storagev1.CSINode).Spec.Drivers, func(d storagev1.CSINodeDriver) bool { return d.Name == c.Driver.Name })
		}), wait.WithTimeout(3*waitLimit), wait.WithInterval(time.Second))
		if err != nil {
			pods, _ := kubectl("get", "pods", "-n", c.Driver.Namespace, "-o", "wide")
			csiUpErr = fmt.Errorf("CSINode %s does not list %s after %s (%v); %s", node, c.Driver.Name, 3*waitLimit, err, strings.ReplaceAll(pods, "\n", " | "))
			return
		}
		csiUpErr = allPodsReady(ctx, c.Driver.Namespace, 3*waitLimit)
	})
	return csiUpErr
}

// allPodsReady waits until namespace ns has pods and every one is Ready.
func allPodsReady(ctx context.Context, ns string, limit time.Duration) error {
	pods := &corev1.PodList{}
	err := wait.For(func(ctx context.Context) (bool, error) {
		if err := res().WithNamespace(ns).List(ctx, pods); err != nil {
			return false, nil
		}
		for i := range pods.Items {
			if !isReady(&pods.Items[i]) {
				return false, nil
			}
		}
		return len(pods.Items) > 0, nil
	}, wait.WithTimeout(limit), wait.WithInterval(time.Second))
	if err != nil {
		out, _ := kubectl("get", "pods", "-n", ns, "-o", "wide")
		return fmt.Errorf("pods of %s not all Ready within %s (%v): %s", ns, limit, err, strings.ReplaceAll(out, "\n", " | "))
	}
	return nil
}

// removeCSIDriver deletes the driver after every csi check has removed its
// claims and volumes, if a check applied it.
func removeCSIDriver() {
	if !csiUp {
		return
	}
	if err := removeFile(csiYAML("csi-driver"), 120*time.Second); err != nil {
		fmt.Printf("FAIL [%s] csi-driver: removing it: %v\n", version, err)
	}
}

// removeCharts deletes the objects of the charts (their cluster-wide
// StorageClasses included), the namespace ns and the volumes its claims left.
func removeCharts(t *T, ns string, charts ...string) {
	for i := len(charts) - 1; i >= 0; i-- {
		if err := removeFile(charts[i], 120*time.Second); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
	removeNamespace(t, ns)
}

// csiStart is the start of every csi check (withCSI, and root-squash's csi
// part): the constants and the driver up; nil, with t failed, if not.
func csiStart(ctx context.Context, t *T) *csiConsts {
	c, err := readCSI()
	if err == nil {
		err = csiDriverUp(ctx)
	}
	if err != nil {
		t.Errorf("the csi driver: %v", err)
		return nil
	}
	return c
}

// makeShares creates the shares' directories on the export.
func makeShares(t *T, shares ...string) bool {
	for _, s := range shares {
		if err := os.MkdirAll(filepath.Join(exportDir(), s), 0o755); err != nil {
			t.Errorf("%v", err)
			return false
		}
	}
	return true
}

// csiKey is the context key of csi.json, in a check whose driver is up.
type csiKey struct{}

// withCSI is the steps of a csi check: the driver up (csiStart) before it,
// and csi.json in the context (csiOf); after it, on success and failure,
// removeMade (if any) removes what the check made, if the driver came up
// (else the check did not run).
func withCSI(removeMade func(t *T, c *csiConsts)) steps {
	return steps{
		setup: func(ctx context.Context, t *T) context.Context {
			if c := csiStart(ctx, t); c != nil {
				return context.WithValue(ctx, csiKey{}, c)
			}
			return ctx
		},
		teardown: func(ctx context.Context, t *T) {
			if c, ok := ctx.Value(csiKey{}).(*csiConsts); ok && removeMade != nil {
				removeMade(t, c)
			}
		},
	}
}

// csiOf is csi.json, in a check whose withCSI set the driver up.
func csiOf(ctx context.Context) *csiConsts { return ctx.Value(csiKey{}).(*csiConsts) }

// applyShares creates the shares' directories on the export, then applies chart.
func applyShares(t *T, chart string, shares ...string) string {
	if !makeShares(t, shares...) {
		return ""
	}
	out, err := applyFile(csiYAML(chart))
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	return out
}

// sitesServe waits until each pod of s serves its page (on port), and is Ready.
func sitesServe(t *T, s csiSite, port int32) bool {
	for i, page := range s.Pages {
		var err error
		if !waitFor(3*waitLimit, func() bool {
			if _, err = servesOn(s.Namespace, s.pod(i), port, page); err != nil {
				return false
			}
			return podReady(s.Namespace, s.pod(i))
		}) {
			out, _ := kubectl("get", "pods,pvc", "-n", s.Namespace, "-o", "wide")
			t.Errorf("%s does not serve %q after %s: %v; %s", s.pod(i), page, 3*waitLimit, err, strings.ReplaceAll(out, "\n", " | "))
			return false
		}
	}
	return true
}

// csiVolume is claim name in ns, Bound by the driver, and its volume.
func csiVolume(t *T, c *csiConsts, ns, claim string) *corev1.PersistentVolume {
	pvc, err := getClaim(ns, claim)
	if err != nil || pvc.Status.Phase != corev1.ClaimBound {
		t.Errorf("claim %s/%s not Bound (%v)", ns, claim, err)
		return nil
	}
	pv, err := getPV(pvc.Spec.VolumeName)
	if err != nil {
		t.Errorf("%v", err)
		return nil
	}
	if pv.Spec.CSI == nil || pv.Spec.CSI.Driver != c.Driver.Name {
		t.Errorf("%s (claim %s) is not a volume of %s: %+v", pv.Name, claim, c.Driver.Name, pv.Spec.PersistentVolumeSource)
		return nil
	}
	return pv
}

// attribute is a csi volume attribute; the driver reads their keys in any case
// (it writes a class's `subDir` back expanded, under that key).
func attribute(pv *corev1.PersistentVolume, key string) string {
	for k, v := range pv.Spec.CSI.VolumeAttributes {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// fileOf is a file of the export, "" if missing.
func fileOf(parts ...string) string {
	b, err := os.ReadFile(filepath.Join(append([]string{exportDir()}, parts...)...))
	if err != nil {
		return ""
	}
	return string(b)
}

func exists(parts ...string) bool {
	_, err := os.Stat(filepath.Join(append([]string{exportDir()}, parts...)...))
	return err == nil
}

// csi-images: every container of the driver runs the image its manifest names,
// present on the node (nothing pulled), holding the very program built from
// its tag, which logs that tag.
func checkCSIImages(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	// The images the pods on the real node run, by container (the node
	// plugin tolerates every taint: the spread check's KWOK nodes get pods
	// that run nothing).
	node, err := nodeName(ctx)
	if err != nil {
		t.Fatalf("%v", err)
	}
	pods := &corev1.PodList{}
	if err := res().WithNamespace(c.Driver.Namespace).List(ctx, pods, resources.WithFieldSelector("spec.nodeName="+node)); err != nil {
		t.Fatalf("%v", err)
	}
	used := map[string][]string{} // image -> pod/container
	for _, p := range pods.Items {
		for _, ct := range p.Spec.Containers {
			used[ct.Image] = append(used[ct.Image], p.Name+"/"+ct.Name)
		}
	}
	want := map[string]string{} // image -> program
	for program, image := range c.Driver.Images {
		want[image] = program
	}
	for image, where := range used {
		if want[image] == "" {
			t.Errorf("%v run %s, which csi.json does not name", where, image)
		}
	}
	// The programs built from ../shared/upstream (build.sh), by name.
	built := map[string]string{}
	for _, d := range strings.Fields(os.Getenv("E2E_CSI_BINS")) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			built[e.Name()] = filepath.Join(d, e.Name())
		}
	}
	imported := strings.Fields(string(must(os.ReadFile(filepath.Join(workdir, "images.imported")))))
	var seen []string
	var programs []string
	for program := range c.Driver.Images {
		programs = append(programs, program)
	}
	sort.Strings(programs)
	for _, program := range programs {
		image := c.Driver.Images[program]
		if len(used[image]) == 0 {
			t.Errorf("no container runs %s", image)
		}
		if !slices.Contains(imported, image) {
			t.Errorf("%s is not among the images imported on the node", image)
			continue
		}
		bin := built[program]
		if bin == "" {
			t.Errorf("no %s among the programs built (E2E_CSI_BINS)", program)
			continue
		}
		want, err := sha256File(bin)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		got, err := imageFileSHA(image, program)
		if err != nil {
			t.Errorf("%s: %v", image, err)
			continue
		}
		if got != want {
			t.Errorf("%s's /%s is %s, not the program built from its tag (%s)", image, program, got[:12], want[:12])
		}
		seen = append(seen, fmt.Sprintf("%s (/%s %s)", image, program, got[:12]))
	}
	// Each running program logs the tag it was built from.
	tags := 0
	cs, err := kubernetes.NewForConfig(testenv.EnvConf().Client().RESTConfig())
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, p := range pods.Items {
		for _, ct := range p.Spec.Containers {
			program := want[ct.Image]
			tag := ct.Image[strings.LastIndex(ct.Image, ":")+1:]
			if program == "livenessprobe" { // it logs no version
				continue
			}
			raw, err := cs.CoreV1().Pods(p.Namespace).GetLogs(p.Name, &corev1.PodLogOptions{Container: ct.Name}).DoRaw(ctx)
			if err != nil {
				t.Errorf("logs of %s/%s: %v", p.Name, ct.Name, err)
				continue
			}
			logs := string(raw)
			ok := strings.Contains(logs, `"Version" version="`+tag+`"`)
			if program == "nfsplugin" {
				ok = strings.Contains(logs, "Driver Version: "+tag)
			}
			if !ok {
				t.Errorf("%s/%s (%s) does not log version %s: %s", p.Name, ct.Name, program, tag, tail(logs, 3))
				continue
			}
			tags++
		}
	}
	// Nothing pulled for them.
	events := &corev1.EventList{}
	if err := res().WithNamespace(c.Driver.Namespace).List(ctx, events); err != nil {
		t.Errorf("%v", err)
	}
	present := 0
	for _, e := range events.Items {
		if e.Reason == "Pulling" || e.Reason == "Pulled" && !strings.Contains(e.Message, "already present") {
			t.Errorf("event %s: %s", e.Reason, e.Message)
		}
		if strings.Contains(e.Message, "already present on machine") {
			present++
		}
	}
	if present == 0 {
		t.Errorf("no 'already present on machine' event in %s", c.Driver.Namespace)
	}
	return fmt.Sprintf("on the node, each holding the program built from its tag: %s; %d containers log their tag; %d 'already present on machine' events, none Pulling",
		strings.Join(seen, ", "), tags, present)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctrOut runs ctr against the node's containerd (namespace k8s.io).
func ctrOut(args ...string) ([]byte, error) {
	cmd := exec.Command("ctr", append([]string{"--address", os.Getenv("E2E_CONTAINERD_SOCK"), "-n", "k8s.io"}, args...)...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("ctr %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out, nil
}

// imageFileSHA is the sha256 of file /name in the image's layers, as the node's
// containerd stores them (the last layer that holds it).
func imageFileSHA(image, name string) (string, error) {
	list, err := ctrOut("images", "ls")
	if err != nil {
		return "", err
	}
	digest := ""
	for _, line := range strings.Split(string(list), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == image {
			digest = f[2]
		}
	}
	if digest == "" {
		return "", fmt.Errorf("not in containerd's image list")
	}
	var m struct {
		Manifests []struct{ Digest string } `json:"manifests"`
		Layers    []struct{ Digest string } `json:"layers"`
	}
	for {
		raw, err := ctrOut("content", "get", digest)
		if err != nil {
			return "", err
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return "", err
		}
		if len(m.Manifests) == 0 {
			break
		}
		digest = m.Manifests[0].Digest // an index: its (only) manifest
	}
	found := ""
	for _, l := range m.Layers {
		raw, err := ctrOut("content", "get", l.Digest)
		if err != nil {
			return "", err
		}
		var rd io.Reader = bytes.NewReader(raw)
		if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
			if rd, err = gzip.NewReader(rd); err != nil {
				return "", err
			}
		}
		tr := tar.NewReader(bufio.NewReader(rd))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return "", err
			}
			if strings.TrimPrefix(filepath.Clean("/"+h.Name), "/") == name && h.Typeflag == tar.TypeReg {
				s := sha256.New()
				if _, err := io.Copy(s, tr); err != nil {
					return "", err
				}
				found = hex.EncodeToString(s.Sum(nil))
			}
		}
	}
	if found == "" {
		return "", fmt.Errorf("no /%s in its layers", name)
	}
	return found, nil
}

// csi-registered: the node plugin registered through the kubelet's plugin
// registry (its socket there, the CSINode lists the driver with the node's
// id), the CSIDriver is as the library writes it, and the controller's sidecars
// each hold a Lease, no Endpoints lock.
func checkCSIRegistered(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	node := must(nodeName(ctx))
	csiNode := &storagev1.CSINode{}
	if err := res().Get(ctx, node, "", csiNode); err != nil {
		t.Fatalf("%v", err)
	}
	var listed []string
	for _, d := range csiNode.Spec.Drivers {
		listed = append(listed, d.Name+" (node id "+d.NodeID+")")
		if d.Name == c.Driver.Name && d.NodeID != node {
			t.Errorf("CSINode %s lists %s with node id %q, not %q", node, d.Name, d.NodeID, node)
		}
	}
	if !slices.ContainsFunc(csiNode.Spec.Drivers, func(d storagev1.CSINodeDriver) bool { return d.Name == c.Driver.Name }) {
		t.Errorf("CSINode %s lists %v, not %s", node, listed, c.Driver.Name)
	}
	// The registrar's socket in the kubelet's plugin registry (the run's kubelet root).
	regs, _ := filepath.Glob(filepath.Join(workdir, "kubelet", "plugins_registry", "*"))
	var sockets []string
	for _, s := range regs {
		if st, err := os.Stat(s); err == nil && st.Mode()&os.ModeSocket != 0 {
			sockets = append(sockets, filepath.Base(s))
		}
	}
	if !slices.ContainsFunc(sockets, func(s string) bool { return strings.HasPrefix(s, c.Driver.Name) }) {
		t.Errorf("no registration socket of %s in the kubelet's plugins_registry: %v", c.Driver.Name, sockets)
	}
	driver := &storagev1.CSIDriver{}
	if err := res().Get(ctx, c.Driver.Name, "", driver); err != nil {
		t.Errorf("CSIDriver %s: %v", c.Driver.Name, err)
	} else if driver.Spec.AttachRequired == nil || *driver.Spec.AttachRequired {
		t.Errorf("CSIDriver %s: attachRequired is not false", c.Driver.Name)
	}
	// Leader election: each leader-electing container's Lease held by its pod; no Endpoints lock.
	pods := &corev1.PodList{}
	must(0, res().WithNamespace(c.Driver.Namespace).List(ctx, pods))
	electing := map[string]int{} // pod -> containers that run with --leader-election
	for _, p := range pods.Items {
		for _, ct := range p.Spec.Containers {
			if slices.ContainsFunc(ct.Args, func(a string) bool { return a == "--leader-election" || a == "--leader-election=true" }) {
				electing[p.Name]++
			}
		}
	}
	if len(electing) == 0 {
		t.Fatalf("no container in %s runs with --leader-election", c.Driver.Namespace)
	}
	heldBy := func(pod string) func(k8s.Object) bool {
		return func(o k8s.Object) bool {
			h := o.(*coordinationv1.Lease).Spec.HolderIdentity
			return h != nil && strings.Contains(*h, pod)
		}
	}
	// Each pod's Leases waited for in turn, all within waitLimit.
	deadline := time.Now().Add(waitLimit)
	waited := true
	for pod, n := range electing {
		cond := conditions.New(res().WithNamespace(c.Driver.Namespace)).ResourceListMatchN(&coordinationv1.LeaseList{}, n, heldBy(pod))
		if wait.For(cond, poll(max(time.Until(deadline), time.Second))...) != nil {
			waited = false
			break
		}
	}
	held := map[string][]string{} // pod -> Leases it holds
	leaseList := &coordinationv1.LeaseList{}
	must(0, res().WithNamespace(c.Driver.Namespace).List(ctx, leaseList))
	for _, l := range leaseList.Items {
		for pod := range electing {
			if heldBy(pod)(&l) {
				held[pod] = append(held[pod], l.Name)
			}
		}
	}
	if !waited {
		t.Errorf("Leases held %v, not one for each leader-electing container %v", held, electing)
	}
	var leases []string
	for pod, names := range held {
		sort.Strings(names)
		leases = append(leases, fmt.Sprintf("%s holds %v", pod, names))
	}
	sort.Strings(leases)
	endpoints := &corev1.EndpointsList{}
	must(0, res().WithNamespace(c.Driver.Namespace).List(ctx, endpoints))
	for _, e := range endpoints.Items {
		if _, lock := e.Annotations["control-plane.alpha.kubernetes.io/leader"]; lock {
			t.Errorf("Endpoints %s is a leader lock", e.Name)
		}
	}
	return fmt.Sprintf("CSINode %s lists %s; registration socket %v in the kubelet's plugins_registry; CSIDriver attachRequired false; %s; %d Endpoints, none a leader lock",
		node, strings.Join(listed, ", "), sockets, strings.Join(leases, ", "), len(endpoints.Items))
}

// removeCSIProvision removes what csi-provision applied: its chart and namespace.
func removeCSIProvision(t *T, c *csiConsts) {
	removeCharts(t, c.Provision.Namespace, csiYAML("csi-provision"))
}

// csi-provision: the lab's StatefulWeb on an NfsCsiStorage with a subDir
// pattern: claims bound by the driver, directories named as the pattern says
// with the pages in them, pages served by each pod by IP and DNS name.
func checkCSIProvision(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	s := c.Provision
	out := applyShares(t, "csi-provision", s.Share)
	if out == "" || !sitesServe(t, s, 80) {
		return ""
	}
	noPodSecurityWarning(t, "csi-provision", out)
	var dirs []string
	for i, page := range s.Pages {
		pv := csiVolume(t, c, s.Namespace, s.claim(i))
		if pv == nil {
			continue
		}
		if by := pv.Annotations["pv.kubernetes.io/provisioned-by"]; by != c.Driver.Name {
			t.Errorf("%s provisioned by %q, not %s", pv.Name, by, c.Driver.Name)
		}
		dir := subDirOf(s.SubDir, s.Namespace, s.claim(i), pv.Name)
		if got := attribute(pv, "subdir"); got != dir {
			t.Errorf("%s: subdir %q, not %q", pv.Name, got, dir)
		}
		if got := fileOf(s.Share, dir, "index.html"); got != page {
			t.Errorf("%s/%s/index.html on the export holds %q, not %q", s.Share, dir, got, page)
		}
		dirs = append(dirs, s.Share+"/"+dir)
	}
	var pods []string
	for i := range s.Pages {
		pods = append(pods, s.pod(i))
	}
	dns := servedByDNS(ctx, t, s.Namespace, s.Service, pods, s.Pages)
	return fmt.Sprintf("subDir %s: claims Bound to volumes of %s, directories %s on the export holding %v; served by IP; %s",
		s.SubDir, c.Driver.Name, strings.Join(dirs, " "), s.Pages, dns)
}

// removeCSIOnDelete removes what csi-on-delete applied: its chart and namespace.
func removeCSIOnDelete(t *T, c *csiConsts) {
	removeCharts(t, c.OnDelete.Namespace, csiYAML("csi-on-delete"))
}

// csi-on-delete: three classes with ReclaimPolicy Delete and onDelete delete,
// retain and archive: each claim deleted, the driver deletes its volume and
// removes, leaves or archives its directory; fails if any two outcomes agree.
func checkCSIOnDelete(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	d := c.OnDelete
	var shares, hows []string
	for how, cl := range d.Classes {
		shares = append(shares, cl.Share)
		hows = append(hows, how)
	}
	sort.Strings(hows)
	if !slices.Equal(hows, []string{"archive", "delete", "retain"}) {
		t.Fatalf("csi.json's onDelete classes are %v, not archive, delete, retain", hows)
	}
	if applyShares(t, "csi-on-delete", shares...) == "" {
		return ""
	}
	type claimDir struct{ how, site, claim, pv, dir, share, page string }
	var claims []claimDir
	for _, how := range hows {
		cl := d.Classes[how]
		s := csiSite{Namespace: d.Namespace, Site: d.Site + "-" + how, Claim: d.Claim, Pages: []string{cl.Page}}
		if !sitesServe(t, s, 80) {
			return ""
		}
		pv := csiVolume(t, c, d.Namespace, s.claim(0))
		if pv == nil {
			return ""
		}
		dir := subDirOf(d.SubDir, d.Namespace, s.claim(0), pv.Name)
		if got := fileOf(cl.Share, dir, "index.html"); got != cl.Page {
			t.Errorf("%s/%s/index.html holds %q, not %q", cl.Share, dir, got, cl.Page)
		}
		claims = append(claims, claimDir{how: how, site: s.Site, claim: s.claim(0), pv: pv.Name, dir: dir, share: cl.Share, page: cl.Page})
	}
	for _, cd := range claims {
		must(0, remove(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: cd.site, Namespace: d.Namespace}}, 120*time.Second))
		must(0, remove(&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: cd.claim, Namespace: d.Namespace}}, 120*time.Second))
	}
	outcome := map[string]string{}
	var seen []string
	for _, cd := range claims {
		pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: cd.pv}}
		if err := wait.For(conditions.New(res()).ResourceDeleted(pv), wait.WithTimeout(waitLimit), wait.WithInterval(time.Second)); err != nil {
			t.Errorf("volume %s (onDelete %s) still there %s after its claim was deleted: %v", cd.pv, cd.how, waitLimit, err)
			continue
		}
		archived := "archived-" + cd.dir
		left, page, archive := exists(cd.share, cd.dir), fileOf(cd.share, cd.dir, "index.html"), fileOf(cd.share, archived, "index.html")
		outcome[cd.how] = fmt.Sprintf("directory left %v, archive %v", left, archive != "")
		switch cd.how {
		case "delete":
			if left || exists(cd.share, archived) {
				t.Errorf("onDelete delete: %s left %v, %s exists %v (want neither)", cd.dir, left, archived, exists(cd.share, archived))
			}
			seen = append(seen, fmt.Sprintf("delete: %s/%s removed, nothing archived", cd.share, cd.dir))
		case "retain":
			if page != cd.page || exists(cd.share, archived) {
				t.Errorf("onDelete retain: %s holds %q, %s exists %v (want %q, and no archive)", cd.dir, page, archived, exists(cd.share, archived), cd.page)
			}
			seen = append(seen, fmt.Sprintf("retain: %s/%s left, holding %q", cd.share, cd.dir, page))
		case "archive":
			if left || archive != cd.page {
				t.Errorf("onDelete archive: %s left %v, %s holds %q (want gone, and %q)", cd.dir, left, archived, archive, cd.page)
			}
			seen = append(seen, fmt.Sprintf("archive: %s/%s renamed to %s, holding %q", cd.share, cd.dir, archived, archive))
		}
	}
	for _, a := range hows {
		for _, b := range hows {
			if a < b && outcome[a] != "" && outcome[a] == outcome[b] {
				t.Errorf("onDelete %s and %s left the same: %s", a, b, outcome[a])
			}
		}
	}
	return "claims deleted, their volumes deleted by the driver; " + strings.Join(seen, "; ")
}

// removeCSIPSA removes what csi-psa made: the restricted site's chart and
// namespace (which it makes first), then the baseline site's.
func removeCSIPSA(t *T, c *csiConsts) {
	removeCharts(t, c.PSA.Restricted.Namespace, csiYAML("csi-restricted"))
	removeCharts(t, c.PSA.Baseline.Namespace, csiYAML("csi-baseline"))
}

// csi-psa: the driver's namespace enforces privileged and admits its
// privileged plugins, which a restricted namespace refuses; httpd and
// nginx-unprivileged on the driver's class keep their namespaces' own levels
// (baseline, restricted), admitted without a warning.
func checkCSIPSA(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	levelOf := func(ns string) string {
		n := &corev1.Namespace{}
		if err := res().Get(ctx, ns, "", n); err != nil {
			t.Errorf("%v", err)
		}
		return n.Labels["pod-security.kubernetes.io/enforce"]
	}
	if got := levelOf(c.Driver.Namespace); got != c.Driver.Level {
		t.Errorf("namespace %s enforces %q, not %q", c.Driver.Namespace, got, c.Driver.Level)
	}
	noPodSecurityWarning(t, "the driver", csiApply)
	failed := &corev1.EventList{}
	must(0, res().WithNamespace(c.Driver.Namespace).List(ctx, failed, resources.WithFieldSelector("reason=FailedCreate")))
	for _, e := range failed.Items {
		t.Errorf("FailedCreate in %s: %s", c.Driver.Namespace, e.Message)
	}
	// Its node plugin's pod, as admitted there, is refused where restricted is enforced.
	var ds appsv1.DaemonSetList
	must(0, res().WithNamespace(c.Driver.Namespace).List(ctx, &ds))
	var admitted []string
	refused := ""
	for _, d := range ds.Items {
		admitted = append(admitted, "DaemonSet "+d.Name)
		pod := corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
			ObjectMeta: metav1.ObjectMeta{Name: "psa-probe", Namespace: c.PSA.Restricted.Namespace}, Spec: d.Spec.Template.Spec}
		// The driver's ServiceAccount is not in that namespace: its default one.
		pod.Spec.ServiceAccountName, pod.Spec.DeprecatedServiceAccount = "", ""
		b := must(json.Marshal(pod))
		// The namespace first (its chart, below, applies it again).
		_, _ = kubectlAs(kubeconfig, fmt.Sprintf(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":%q,"labels":{"pod-security.kubernetes.io/enforce":%q}}}`,
			c.PSA.Restricted.Namespace, c.PSA.Restricted.Level), "apply", "-f", "-")
		_, err := kubectlAs(kubeconfig, string(b), "create", "--dry-run=server", "-f", "-")
		if err == nil || !strings.Contains(err.Error(), `violates PodSecurity "restricted:latest"`) {
			t.Errorf("the node plugin's pod was not refused in %s: %v", c.PSA.Restricted.Namespace, err)
		} else {
			refused = err.Error()[strings.Index(err.Error(), "violates PodSecurity"):]
			if len(refused) > 160 {
				refused = refused[:160] + "..."
			}
		}
	}
	var seen []string
	for _, a := range []struct {
		chart string
		s     csiSite
		port  int32
	}{{"csi-baseline", c.PSA.Baseline, 80}, {"csi-restricted", c.PSA.Restricted, 8080}} {
		s := a.s
		s.Claim = c.PSA.Claim
		if !makeShares(t, c.PSA.Share+"-"+a.chart) || !applyWithoutWarning(t, csiYAML(a.chart), a.chart) {
			return ""
		}
		if got := levelOf(s.Namespace); got != s.Level {
			t.Errorf("namespace %s enforces %q, not %q", s.Namespace, got, s.Level)
		}
		if !sitesServe(t, s, a.port) {
			return ""
		}
		for i := range s.Pages {
			if csiVolume(t, c, s.Namespace, s.claim(i)) == nil {
				return ""
			}
		}
		seen = append(seen, fmt.Sprintf("%s (%s) in %s (enforce %s), no warning, serving from the driver's volumes", s.Site, a.chart, s.Namespace, s.Level))
	}
	return fmt.Sprintf("%s enforces %s and admitted %v and the controller, no warning, no FailedCreate; the node plugin's pod in %s: %s; %s",
		c.Driver.Namespace, c.Driver.Level, admitted, c.PSA.Restricted.Namespace, refused, strings.Join(seen, "; "))
}

// writePage writes page as index.html in dir inside the running container web
// of pod. An I/O error, which comes from the e2e's FUSE NFS client rather than
// from anything the library wrote, is tried once more two seconds later, and
// printed as an INFO line with what the client logged about the pod's mounts.
func writePage(ctx context.Context, ns, pod, dir, page string) error {
	cmd := []string{"sh", "-c", `printf '%s' "$1" > "$2/index.html"`, "sh", page, dir}
	var first string
	for try := 0; ; try++ {
		var out, errb bytes.Buffer
		err := res().ExecInPod(ctx, ns, pod, "web", cmd, &out, &errb)
		if err == nil && first != "" {
			info("retried: writing index.html in %s/%s after: %s; NFS client log: %s", ns, pod, first, clientLogOf(ns, pod))
		}
		if err == nil {
			return nil
		}
		why := strings.TrimSpace(fmt.Sprintf("%v %s", err, errb.String()))
		if try == 1 || !strings.Contains(why, "I/O error") {
			return fmt.Errorf("writing index.html in %s: %s; NFS client log: %s", pod, why, clientLogOf(ns, pod))
		}
		first = why
		time.Sleep(2 * time.Second)
	}
}

// clientLogOf is what the FUSE NFS client logged about the mounts of a pod
// (their paths hold its UID), but the lines of each mount and unmount.
func clientLogOf(ns, pod string) string {
	p, err := getPod(ns, pod)
	if err != nil {
		return err.Error()
	}
	b, _ := os.ReadFile(filepath.Join(workdir, "logs", "mount-nfs.log"))
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, string(p.UID)) && !strings.Contains(l, "options=") && !strings.Contains(l, ": NFSv") && !strings.Contains(l, ": unmounted") {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "nothing"
	}
	return strings.Join(lines, " | ")
}

// writeAndServe writes pages[i] inside pod i of s and waits until it serves it.
func writeAndServe(ctx context.Context, t *T, s csiSite, dir string, pages []string) bool {
	for i, page := range pages {
		if err := writePage(ctx, s.Namespace, s.pod(i), dir, page); err != nil {
			t.Errorf("%v", err)
			return false
		}
	}
	w := s
	w.Pages = pages
	return sitesServe(t, w, 80)
}

var snapshotGVK = metav1.GroupVersionKind{Group: "snapshot.storage.k8s.io", Version: "v1", Kind: "VolumeSnapshot"}

// removeCSISnapshot removes what csi-snapshot-restore applied: its charts and
// namespace, then the VolumeSnapshotContents its snapshots left.
func removeCSISnapshot(t *T, c *csiConsts) {
	n := c.Snapshot
	removeCharts(t, n.Namespace, csiYAML("csi-snapshot-web"), csiYAML("csi-snapshot-take"), csiYAML("csi-snapshot-restore"))
	removeSnapshotContents(t, n.Namespace)
}

// csi-snapshot-restore: pages written inside the running pods, a snapshot of
// each claim, the pages changed; a site restored from the snapshots serves the
// written page, per ordinal (not its seed, not the change).
func checkCSISnapshotRestore(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	n := c.Snapshot
	if applyShares(t, "csi-snapshot-web", n.Share) == "" || !sitesServe(t, n.csiSite, 80) {
		return ""
	}
	if !writeAndServe(ctx, t, n.csiSite, n.MountPath, n.Written) {
		return ""
	}
	if _, err := applyFile(csiYAML("csi-snapshot-take")); err != nil {
		t.Fatalf("%v", err)
	}
	// Every VolumeSnapshot of the namespace ready to use, one per claim.
	var snaps []string
	err := wait.For(func(ctx context.Context) (bool, error) {
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(schema.GroupVersionKind{Group: snapshotGVK.Group, Version: snapshotGVK.Version, Kind: snapshotGVK.Kind + "List"})
		if err := res().WithNamespace(n.Namespace).List(ctx, list); err != nil {
			return false, nil
		}
		snaps = nil
		for _, u := range list.Items {
			ready, _, _ := unstructured.NestedBool(u.Object, "status", "readyToUse")
			source, _, _ := unstructured.NestedString(u.Object, "spec", "source", "persistentVolumeClaimName")
			if !ready {
				return false, nil
			}
			snaps = append(snaps, u.GetName()+" of "+source)
		}
		return len(snaps) == len(n.Pages), nil
	}, wait.WithTimeout(3*waitLimit), wait.WithInterval(time.Second))
	if err != nil {
		out, _ := kubectl("get", "volumesnapshot,volumesnapshotcontent", "-A", "-o", "wide")
		t.Fatalf("not %d VolumeSnapshots ready to use within %s (%v): %s", len(n.Pages), 3*waitLimit, err, strings.ReplaceAll(out, "\n", " | "))
	}
	sort.Strings(snaps)
	archives, _ := filepath.Glob(filepath.Join(exportDir(), n.Share, "*", "*.tar.gz"))
	if len(archives) < len(n.Pages) {
		more, _ := filepath.Glob(filepath.Join(exportDir(), n.Share, "*.tar.gz"))
		archives = append(archives, more...)
	}
	for i := range archives {
		archives[i] = strings.TrimPrefix(archives[i], exportDir()+"/")
	}
	if len(archives) < len(n.Pages) {
		t.Errorf("%d snapshot archives on the share %s: %v", len(archives), n.Share, archives)
	}
	if !writeAndServe(ctx, t, n.csiSite, n.MountPath, n.Changed) {
		return ""
	}
	if _, err := applyFile(csiYAML("csi-snapshot-restore")); err != nil {
		t.Fatalf("%v", err)
	}
	restored := n.csiSite
	restored.Site = n.Restored
	restored.Pages = n.Written // the snapshots' pages, not the restored site's own seeds
	if !sitesServe(t, restored, 80) {
		return ""
	}
	var claims []string
	for i := range n.Pages {
		pvc, err := getClaim(n.Namespace, restored.claim(i))
		if err != nil || pvc.Spec.DataSource == nil || pvc.Spec.DataSource.Kind != "VolumeSnapshot" {
			t.Errorf("claim %s does not start from a VolumeSnapshot (%v)", restored.claim(i), err)
			continue
		}
		claims = append(claims, pvc.Name+" from "+pvc.Spec.DataSource.Name)
		if csiVolume(t, c, n.Namespace, restored.claim(i)) == nil {
			continue
		}
		container, logs, _ := pagesLog(n.Namespace, restored.pod(i))
		if !strings.Contains(logs, "exists: left as it is") {
			t.Errorf("%s's %s logged %q, not that it found the restored page", restored.pod(i), container, strings.TrimSpace(logs))
		}
	}
	// The snapshotted site still serves the change.
	changed := n.csiSite
	changed.Pages = n.Changed
	sitesServe(t, changed, 80)
	return fmt.Sprintf("written inside %s-N: %q; snapshots %v ready (archives %v); pages changed to %q; restored site %s: claims %v, serving %q",
		n.Site, n.Written, snaps, archives, n.Changed, n.Restored, claims, n.Written)
}

// removeSnapshotContents deletes the VolumeSnapshotContents of namespace ns's
// snapshots that outlive them (the class retains them), with their archives.
func removeSnapshotContents(t *T, ns string) {
	contents := &unstructured.UnstructuredList{}
	contents.SetGroupVersionKind(schema.GroupVersionKind{Group: snapshotGVK.Group, Version: snapshotGVK.Version, Kind: "VolumeSnapshotContentList"})
	if err := res().List(context.Background(), contents); err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	for _, u := range contents.Items {
		if of, _, _ := unstructured.NestedString(u.Object, "spec", "volumeSnapshotRef", "namespace"); of != ns {
			continue
		}
		if err := remove(&u, 60*time.Second); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}
}

// inode is a path's inode number, 0 if missing.
func inode(path string) uint64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Sys().(*syscall.Stat_t).Ino
}

// synthMove synthesizes e2e/apps again with the old claims' volume names
// (E2E_MOVE_VOLUMES), as a user writes them into the app before the move;
// the path of the csi-move-after chart.
func synthMove(volumes []string) (string, error) {
	l, err := readLab()
	if err != nil {
		return "", err
	}
	out := filepath.Join(workdir, "apps-move")
	cmd := exec.Command("node", filepath.Join(os.Getenv("E2E_DIR"), "apps", "synth.js"), out)
	cmd.Env = append(os.Environ(), "LAB_NFS_SERVER="+l.nfsServer, "LAB_NFS_PATH="+l.nfsPath,
		"E2E_KUBELET_DIR="+filepath.Join(workdir, "kubelet"), "E2E_EXPORT_DIR="+exportDir(),
		"E2E_MOUNT_NFS="+filepath.Join(workdir, "nfs-bin", "mount.nfs"), "E2E_MOUNT_LOG="+filepath.Join(workdir, "logs", "mount-nfs.log"),
		"E2E_MOVE_VOLUMES="+strings.Join(volumes, ","))
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("synth.js with E2E_MOVE_VOLUMES: %v: %s", err, tail(string(b), 5))
	}
	m, _ := filepath.Glob(filepath.Join(out, "csi", "*csi-move-after.k8s.yaml"))
	if len(m) != 1 {
		return "", fmt.Errorf("no csi-move-after chart in %s", out)
	}
	return m[0], nil
}

// removeCSIMove removes what csi-move applied first: the site on NfsStorage
// (its chart) and the namespace; the chart it moves to, synthesized in the
// check, is removed there.
func removeCSIMove(t *T, c *csiConsts) {
	removeCharts(t, c.Move.Namespace, csiYAML("csi-move-before"))
}

// csi-move: pages written inside the running pods of a site on NfsStorage;
// the site moved to an NfsCsiStorage as docs/move-to-nfs-csi.md says; the
// same pod names serve the same pages from the same directories (the same
// inodes), and no copy of a page exists anywhere on the export.
func checkCSIMove(ctx context.Context, t *T) string {
	c := csiOf(ctx)
	m := c.Move
	if applyShares(t, "csi-move-before", m.NfsDir, m.Share) == "" || !sitesServe(t, m.csiSite, 80) {
		return ""
	}
	if !writeAndServe(ctx, t, m.csiSite, m.MountPath, m.Written) {
		return ""
	}
	type moved struct {
		volume, dir     string
		dirIno, pageIno uint64
	}
	var old []moved
	for i := range m.Pages {
		pvc, err := getClaim(m.Namespace, m.claim(i))
		if err != nil || pvc.Status.Phase != corev1.ClaimBound {
			t.Fatalf("claim %s not Bound (%v)", m.claim(i), err)
		}
		pv, err := getPV(pvc.Spec.VolumeName)
		if err != nil || pv.Spec.NFS == nil {
			t.Fatalf("%s: not an NFS volume of the subdir provisioner (%v)", pvc.Spec.VolumeName, err)
		}
		// Step 1: nothing deletes the directory.
		if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
			t.Fatalf("%s: reclaim policy %s, not Retain", pv.Name, pv.Spec.PersistentVolumeReclaimPolicy)
		}
		dir := onExport(pv)
		if got := fileOf(strings.TrimPrefix(dir, exportDir()+"/"), "index.html"); got != m.Written[i] {
			t.Errorf("%s/index.html holds %q, not the page written in %s, %q", dir, got, m.pod(i), m.Written[i])
		}
		old = append(old, moved{volume: pv.Name, dir: dir, dirIno: inode(dir), pageIno: inode(filepath.Join(dir, "index.html"))})
	}
	// The move, by hand as docs/move-to-nfs-csi.md says: the old StatefulSet
	// deleted and its pods gone, the old claims and volumes deleted (Retain
	// keeps the directories), the app synthesized with the old volume names
	// and applied (the driver is up already).
	must(kubectl("delete", "sts", "-n", m.Namespace, m.Site, "--wait=true", "--timeout=120s"))
	for i := range m.Pages {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: m.pod(i), Namespace: m.Namespace}}
		if err := wait.For(conditions.New(res()).ResourceDeleted(pod), wait.WithTimeout(3*waitLimit)); err != nil {
			t.Fatalf("%s still there %s after its StatefulSet was deleted: %v", m.pod(i), 3*waitLimit, err)
		}
	}
	var volumes []string
	for i, o := range old {
		must(kubectl("delete", "pvc", "-n", m.Namespace, m.claim(i), "--wait=true", "--timeout=120s"))
		must(kubectl("delete", "pv", o.volume, "--wait=true", "--timeout=60s"))
		volumes = append(volumes, o.volume)
	}
	after, err := synthMove(volumes)
	if err != nil {
		t.Fatalf("%v", err)
	}
	// Synthesized here: removed when the check ends, before what removeCSIMove removes.
	defer func() {
		if err := removeFile(after, 120*time.Second); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	}()
	if _, err := applyFile(after); err != nil {
		t.Fatalf("%v", err)
	}
	now := m.csiSite
	now.Pages = m.Written
	if !sitesServe(t, now, 80) {
		return ""
	}
	var seen []string
	for i, o := range old {
		pv := csiVolume(t, c, m.Namespace, m.claim(i))
		if pv == nil {
			continue
		}
		rel := strings.TrimPrefix(o.dir, filepath.Join(exportDir(), m.NfsDir)+"/")
		if got := attribute(pv, "subdir"); got != rel {
			t.Errorf("%s: subdir %q, not the old directory %q", pv.Name, got, rel)
		}
		if inode(o.dir) != o.dirIno || inode(filepath.Join(o.dir, "index.html")) != o.pageIno {
			t.Errorf("%s or its index.html is not the same file it was on NfsStorage (inodes %d/%d, were %d/%d)",
				o.dir, inode(o.dir), inode(filepath.Join(o.dir, "index.html")), o.dirIno, o.pageIno)
		}
		seen = append(seen, fmt.Sprintf("%s: %s -> %s, directory %s (inode %d) serving %q", m.pod(i), o.volume, pv.Name, rel, o.dirIno, m.Written[i]))
	}
	// No copy: each written page is in one file on the whole export.
	copies := map[string][]string{}
	_ = filepath.WalkDir(exportDir(), func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() == "index.html" {
			if b, err := os.ReadFile(path); err == nil && slices.Contains(m.Written, string(b)) {
				copies[string(b)] = append(copies[string(b)], strings.TrimPrefix(path, exportDir()+"/"))
			}
		}
		return nil
	})
	for _, page := range m.Written {
		if len(copies[page]) != 1 {
			t.Errorf("page %q is in %d files on the export: %v", page, len(copies[page]), copies[page])
		}
	}
	return fmt.Sprintf("the same pods, moved from NfsStorage to %s without a copy: %s", c.Driver.Name, strings.Join(seen, "; "))
}
