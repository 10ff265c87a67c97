package checks

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apimachinerywait "k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

const waitLimit = 120 * time.Second

// sharedRes is the framework client's Resources. Its Resources() and
// WithNamespace set the namespace on that one value, which checks running side
// by side share: res hands each caller a copy instead.
var sharedRes = sync.OnceValue(func() *resources.Resources { return testenv.EnvConf().Client().Resources() })

// res is a Resources of the caller's own, so that its WithNamespace lists in
// that namespace whatever another check does meanwhile.
func res() *resources.Resources {
	r := *sharedRes()
	return &r
}

func getPod(ns, name string) (*corev1.Pod, error) {
	p := &corev1.Pod{}
	return p, res().Get(context.Background(), name, ns, p)
}

// pagesLog is the log of the container that wrote a pod's page, and its name:
// the pod's seed-pages or sync-pages init container if it has one, or else its
// web container, which writes the page before it runs a preset server.
func pagesLog(ns, pod string) (container, logs string, err error) {
	container = "web"
	p, err := getPod(ns, pod)
	if err != nil {
		return container, "", err
	}
	for _, c := range p.Spec.InitContainers {
		if c.Name == "seed-pages" || c.Name == "sync-pages" {
			container = c.Name
		}
	}
	logs, err = kubectl("logs", "-n", ns, pod, "-c", container)
	return container, logs, err
}

func getClaim(ns, name string) (*corev1.PersistentVolumeClaim, error) {
	c := &corev1.PersistentVolumeClaim{}
	return c, res().Get(context.Background(), name, ns, c)
}

func getPV(name string) (*corev1.PersistentVolume, error) {
	pv := &corev1.PersistentVolume{}
	return pv, res().Get(context.Background(), name, "", pv)
}

// cameBack waits for a pod the test deleted or evicted to be replaced (same
// name, new UID) and Ready; it records a failure if it was not in time.
func cameBack(t *T, ns string, old *corev1.Pod) bool {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: old.Name, Namespace: ns}}
	if wait.For(conditions.New(res()).ResourceMatch(pod, func(o k8s.Object) bool {
		p := o.(*corev1.Pod)
		return p.UID != old.UID && isReady(p)
	}), poll(waitLimit)...) == nil {
		return true
	}
	t.Errorf("%s did not come back Ready within %s", old.Name, waitLimit)
	return false
}

// podGone is the condition that pod ns/name is not there.
func podGone(ns, name string) apimachinerywait.ConditionWithContextFunc {
	return conditions.New(res()).ResourceDeleted(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}})
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func podReady(ns, name string) bool {
	p, err := getPod(ns, name)
	return err == nil && p.DeletionTimestamp == nil && isReady(p)
}

// get fetches http://IP/ from the node (the test runs on it) with a short timeout.
func get(ip string) (string, error) { return getPath(ip, "/") }

// getPath: GET http://ip/path, the body (an error unless 200).
func getPath(ip, path string) (string, error) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + ip + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return string(b), fmt.Errorf("GET http://%s%s: %s", ip, path, resp.Status)
	}
	return string(b), err
}

// getRetried is get on a pod's address, tried up to three times a second
// apart when no HTTP answer came (a connection cut, as a client would retry);
// a wrong status or page is not retried. A retry is printed as an INFO line
// with the end of the pod's web log, and a last failure carries that log too.
func getRetried(ns, pod, addr string) (string, error) {
	var first error
	for try := 0; ; try++ {
		body, err := get(addr)
		cut := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
		if !cut || try == 2 {
			if first != nil {
				logs, _ := kubectl("logs", "-n", ns, pod, "-c", "web", "--tail=5")
				logs = strings.ReplaceAll(strings.TrimSpace(logs), "\n", " | ")
				if err == nil {
					fmt.Printf("INFO [%s] retried: GET %s (%s/%s) after %v; web log: %s\n", version, addr, ns, pod, first, logs)
				} else {
					err = fmt.Errorf("%w (tried 3 times; web log: %s)", err, logs)
				}
			}
			return body, err
		}
		if first == nil {
			first = err
		}
		time.Sleep(time.Second)
	}
}

func serves(l *labInfo, i int) (string, error) { return servesPage(l.ns, l.pod(i), l.page(i)) }

// servesPage: GET on pod's IP returns page; the IP.
func servesPage(ns, pod, page string) (string, error) { return servesOn(ns, pod, 80, page) }

// servesOn: GET on pod's IP and port returns page; the IP.
func servesOn(ns, pod string, port int32, page string) (string, error) {
	p, err := getPod(ns, pod)
	if err != nil {
		return "", err
	}
	if p.Status.PodIP == "" {
		return "", fmt.Errorf("%s has no IP", p.Name)
	}
	addr := p.Status.PodIP
	if port != 80 {
		addr = fmt.Sprintf("%s:%d", addr, port)
	}
	body, err := getRetried(ns, pod, addr)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(body) != page {
		return "", fmt.Errorf("%s (%s) serves %q, not %q", p.Name, addr, body, page)
	}
	return p.Status.PodIP, nil
}

// State carried from one check to the next (the checks run in order).
var (
	watchCmd   *exec.Cmd
	watchFile  string
	provisoned struct{ pvc, pv, pvUID, dir []string }
	claimsOK   bool
)

// TestLab runs every check of the lab on the running cluster, in order.
func TestLab(t *testing.T) {
	l, err := readLab()
	if err != nil {
		fmt.Printf("FAIL [%s] setup: %v\n", version, err)
		t.Fatal(err)
	}
	// The checks beyond the lab's own apply apps of their own (e2e/apps), in
	// namespaces of their own, with provisioners and StorageClasses of their own
	// (or share web-storage.app.ts's): they share only the node and the
	// mount.nfs log (read by their own pods' UIDs) with the lab and each other,
	// so they run beside the lab's checks, and side by side: most of their time
	// is waiting for provisioners and pods.
	start := time.Now()
	web, err := readChart("web-storage", "storage")
	if err != nil {
		fmt.Printf("FAIL [%s] setup: %v\n", version, err)
		t.Fatal(err)
	}
	setup := newT(t)
	web.apply(setup, 0, 0)
	defer func() {
		web.remove(setup)
		if setup.failed() {
			fmt.Printf("FAIL [%s] web-storage: %s\n", version, setup.why())
		}
	}()
	// The lab's apply first, alone: its ready time is the one a user sees on a
	// quiet node, not the node's while twenty other checks start their pods.
	testenv.Test(t,
		check("dry-run", checkDryRun),
		check("apply", checkApply),
	)
	// The csi checks share the driver, which the first of them applies.
	defer removeCSIDriver()
	var apps sync.WaitGroup
	apps.Add(1)
	go func() {
		defer apps.Done()
		testenv.TestInParallel(t,
			check("mount-options", checkMountOptions, withChart(storageApp, "mount-options")),
			check("path-pattern", checkPathPattern, withChart(storageApp, "path-pattern")),
			check("archive-on-delete", checkArchiveOnDelete, withChart(storageApp, "archive-on-delete")),
			check("non-root-provisioner", checkNonRootProvisioner, withChartAs(storageApp, "non-root-provisioner", provisionerUser),
				removesChart(storageApp, "non-root-web")),
			check("psa-restricted", checkPSARestricted, removesNamespaceOf("psa-restricted", "nginx")),
			check("psa-conflict-refused", checkPSAConflict, removesNamespaceOf("psa-conflict", "conflict")),
			check("spread", checkSpread, withKWOK),
			check("pages-sync", checkPagesSync, removesNamespaceOf("pages-sync", "v1")),
			check("nfs-wire", checkNFSWire, onWireCounted, withChart(wireApp, "nfs-wire")),
			check("root-squash", checkRootSquash, removesChart(wireApp, "root-squash-root"), removesChart(wireApp, "root-squash-user")),
			check("csi-images", checkCSIImages, withCSI(nil)),
			check("csi-registered", checkCSIRegistered, withCSI(nil)),
			check("csi-provision", checkCSIProvision, withCSI(removeCSIProvision)),
			check("csi-on-delete", checkCSIOnDelete, withCSI(removeCSIOnDelete)),
			check("csi-snapshot-restore", checkCSISnapshotRestore, withCSI(removeCSISnapshot)),
			check("csi-move", checkCSIMove, withCSI(removeCSIMove)),
			check("csi-psa", checkCSIPSA, withCSI(removeCSIPSA)),
			check("httproute-accepted", checkHTTPRouteAccepted, withCRDs("gateway-api", beforeIPLibrary), removesNamespaceOf(webTierApp, "route")),
			check("netpol-web", checkNetpolWeb, netpolWebNamespaces),
		)
	}()
	testenv.Test(t,
		check("psa-baseline", checkPSABaseline),
		check("images", checkImages),
		check("provisioner-in-cluster", checkProvisionerInCluster),
		check("ordered-start", func(ctx context.Context, t *T) string { return orderedStart(t, true) }),
		check("claims", checkClaims),
		check("seeded", checkSeeded),
		check("secure-context", checkSecureContext),
		check("served-ip", checkServedIP),
		check("served-dns", checkServedDNS),
		check("netpol-provisioner", checkNetpolProvisioner, removesCutOff),
		check("rbac-can-i", checkRBACCanI),
		check("restart-keeps-page", checkRestartKeepsPage),
		check("pdb-drain", checkPDBDrain),
		check("graceful-stop", checkGracefulStop),
		check("scale-keeps-data", checkScaleKeepsData),
		check("sts-delete-keeps-data", checkStsDeleteKeepsData),
		check("rbac-live", checkRBACLive),
	)
	// The web tier's checks share one site: one after another, beside the rest.
	apps.Add(1)
	go func() {
		defer apps.Done()
		defer removeWebTier(t)
		testenv.Test(t,
			check("claim-metadata", checkClaimMetadata),
			check("metrics", checkMetrics, withCRDs("prometheus-operator", refuseNone)),
			check("metrics-exporter", checkMetricsExporter, withCRDs("prometheus-operator", refuseNone), removesNamespaceOf(webTierApp, "exporter")),
			check("client-service", checkClientService),
		)
	}()
	apps.Wait()
	timesInfo(time.Since(start))
	_ = l
	if watchCmd != nil && watchCmd.Process != nil {
		_ = watchCmd.Process.Kill()
		_ = watchCmd.Wait()
	}
}

// dry-run: every object passes `kubectl apply --dry-run=server --validate=strict`.
func checkDryRun(ctx context.Context, t *T) string {
	l := must(readLab())
	for _, u := range l.objects {
		if u.GetKind() == "Namespace" {
			b := must(u.MarshalJSON())
			if _, err := kubectlAs(kubeconfig, string(b), "apply", "--validate=strict", "-f", "-"); err != nil {
				t.Errorf("namespace %s: %v", u.GetName(), err)
			}
		}
	}
	for _, u := range l.objects {
		b := must(u.MarshalJSON())
		if _, err := kubectlAs(kubeconfig, string(b), "apply", "--dry-run=server", "--validate=strict", "-f", "-"); err != nil {
			t.Errorf("%s/%s: %v", u.GetKind(), u.GetName(), err)
		}
	}
	return fmt.Sprintf("all %d objects pass kubectl apply --dry-run=server --validate=strict", len(l.objects))
}

// apply: the lab applied as a user would; all pods Ready and serving their pages.
// Prints the ready time (apply to the last page served) as an INFO line.
func checkApply(ctx context.Context, t *T) string {
	l := must(readLab())
	watchFile = filepath.Join(workdir, "pod-watch.json")
	out := must(os.Create(watchFile))
	watchCmd = exec.Command(kubectlBin, "--kubeconfig", kubeconfig, "get", "pods", "-n", l.ns, "--watch", "--output-watch-events", "-o", "json")
	watchCmd.Stdout = out
	if err := watchCmd.Start(); err != nil {
		t.Errorf("pod watch: %v", err)
	}
	time.Sleep(time.Second)
	start := time.Now()
	apply := exec.Command(kubectlBin, "--kubeconfig", kubeconfig, "apply", "--validate=strict", "-f", labYAML)
	var applyOut bytes.Buffer
	apply.Stdout, apply.Stderr = &applyOut, &applyOut
	err := apply.Run()
	applyOutput = applyOut.String() // psa-baseline reads the admission's warnings
	if err != nil {
		t.Fatalf("kubectl apply: %v: %s", err, applyOutput)
	}
	if l.replicas() != len(l.pages) {
		t.Errorf("the StatefulSet has %d replicas, the tutorial %d pages %v", l.replicas(), len(l.pages), l.pages)
	}
	allServe := func() bool {
		for i := 0; i < l.replicas(); i++ {
			if _, err := serves(l, i); err != nil {
				return false
			}
		}
		return true
	}
	if !waitFor(3*waitLimit, allServe) {
		pods, _ := kubectl("get", "pods", "-n", l.ns, "-o", "wide")
		t.Fatalf("not all %d pods serve their pages after %s: %s", l.replicas(), 3*waitLimit, strings.ReplaceAll(pods, "\n", " | "))
	}
	info("ready-time: %.1f", time.Since(start).Seconds())
	info("ready-timeline: %s", readyTimeline(l, start))
	return fmt.Sprintf("kubectl apply of %s accepted; %d pods serve their pages after %.1f s", filepath.Base(labYAML), l.replicas(), time.Since(start).Seconds())
}

// readyTimeline is where the ready time went, pod by pod: seconds after the
// apply at which each pod was created, its claim's volume provisioned, the pod
// scheduled, its seed init container run if it has one, its server
// started and the pod Ready, from the API server's own times (whole seconds).
func readyTimeline(l *labInfo, start time.Time) string {
	at := func(t metav1.Time) string { return fmt.Sprintf("%.0f", t.Sub(start.Truncate(time.Second)).Seconds()) }
	var parts []string
	// The provisioner, which makes every claim's volume: its start, restarts and first lines.
	if p, err := deploymentPod(l.ns, l.deploy); err == nil {
		steps := []string{"created " + at(p.CreationTimestamp)}
		for _, c := range p.Status.ContainerStatuses {
			if s := c.State.Running; s != nil {
				steps = append(steps, fmt.Sprintf("started %s, %d restarts", at(s.StartedAt), c.RestartCount))
			}
			if t := c.LastTerminationState.Terminated; t != nil {
				steps = append(steps, fmt.Sprintf("before: exit %d %s..%s %q", t.ExitCode, at(t.StartedAt), at(t.FinishedAt), strings.TrimSpace(t.Message)))
			}
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodScheduled {
				steps = append(steps, "scheduled "+at(c.LastTransitionTime))
			}
		}
		// What held it back: the events of its pod that are not routine.
		events := &corev1.EventList{}
		if err := res().WithNamespace(l.ns).List(context.Background(), events); err == nil {
			for _, e := range events.Items {
				if e.InvolvedObject.Name == p.Name && e.Type == corev1.EventTypeWarning {
					steps = append(steps, fmt.Sprintf("%s %q", e.Reason, e.Message))
				}
			}
		}
		parts = append(parts, "provisioner "+strings.Join(steps, ", "))
	}
	for i := 0; i < l.replicas(); i++ {
		p, err := getPod(l.ns, l.pod(i))
		if err != nil {
			parts = append(parts, fmt.Sprintf("%s: %v", l.pod(i), err))
			continue
		}
		steps := []string{"created " + at(p.CreationTimestamp)}
		// Its claim's volume made by the provisioner.
		if c, err := getClaim(l.ns, l.claim(i)); err == nil && c.Spec.VolumeName != "" {
			if pv, err := getPV(c.Spec.VolumeName); err == nil {
				steps = append(steps, "volume "+at(pv.CreationTimestamp))
			}
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodScheduled {
				steps = append(steps, "scheduled "+at(c.LastTransitionTime))
			}
		}
		// The seed container's run (after the claim was mounted), the server's start, Ready.
		for _, c := range p.Status.InitContainerStatuses {
			if t := c.State.Terminated; t != nil {
				steps = append(steps, fmt.Sprintf("%s %s..%s", c.Name, at(t.StartedAt), at(t.FinishedAt)))
			}
		}
		for _, c := range p.Status.ContainerStatuses {
			if s := c.State.Running; s != nil && c.Name == "web" {
				steps = append(steps, "web started "+at(s.StartedAt))
			}
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady {
				steps = append(steps, "ready "+at(c.LastTransitionTime))
			}
		}
		parts = append(parts, p.Name+" "+strings.Join(steps, ", "))
	}
	return strings.Join(parts, "; ")
}

// images: every image the lab names is on the node, imported before the run; none was pulled.
func checkImages(ctx context.Context, t *T) string {
	l := must(readLab())
	imported := strings.Fields(string(must(os.ReadFile(filepath.Join(workdir, "images.imported")))))
	now, err := exec.Command("ctr", "--address", os.Getenv("E2E_CONTAINERD_SOCK"), "-n", "k8s.io", "images", "ls", "-q").Output()
	if err != nil {
		t.Errorf("ctr images ls: %v", err)
	}
	var named []string
	for _, n := range strings.Fields(string(now)) {
		if !strings.HasPrefix(n, "sha256:") {
			named = append(named, n)
		}
	}
	sort.Strings(named)
	if strings.Join(named, " ") != strings.Join(imported, " ") {
		t.Errorf("the node's images changed during the run: imported %v, now %v", imported, named)
	}
	for _, img := range l.images {
		full := img // the reference as containerd names it
		if first, _, found := strings.Cut(img, "/"); !found {
			full = "docker.io/library/" + img
		} else if !strings.ContainsAny(first, ".:") && first != "localhost" {
			full = "docker.io/" + img
		}
		found := false
		for _, n := range imported {
			found = found || n == full
		}
		if !found {
			t.Errorf("%s (%s) is not on the node", img, full)
		}
	}
	events := &corev1.EventList{}
	if err := res().List(ctx, events); err != nil {
		t.Errorf("events: %v", err)
	}
	present := 0
	for _, ev := range events.Items {
		e := ev.Reason + " " + ev.Message
		if strings.HasPrefix(e, "Pulling ") || strings.HasPrefix(e, "Pulled ") && !strings.Contains(e, "already present") {
			t.Errorf("event: %s", e)
		}
		if strings.Contains(e, "already present on machine") {
			present++
		}
	}
	if present == 0 {
		t.Errorf("no 'already present on machine' event")
	}
	return fmt.Sprintf("the lab's images %v are on the node (imported: %v); %d 'already present on machine' events, no Pulling", l.images, imported, present)
}

func provisionerPod(l *labInfo) (*corev1.Pod, error) { return deploymentPod(l.ns, l.deploy) }

// deploymentPod is a pod of Deployment d in ns that is not being deleted.
func deploymentPod(ns string, d *appsv1.Deployment) (*corev1.Pod, error) {
	pods := &corev1.PodList{}
	sel := metav1.FormatLabelSelector(d.Spec.Selector)
	if err := res().WithNamespace(ns).List(context.Background(), pods, resources.WithLabelSelector(sel)); err != nil {
		return nil, err
	}
	for i := range pods.Items {
		if pods.Items[i].DeletionTimestamp == nil {
			return &pods.Items[i], nil
		}
	}
	return nil, fmt.Errorf("no pod of Deployment %s", d.Name)
}

type auditEvent struct {
	User      struct{ Username string } `json:"user"`
	SourceIPs []string                  `json:"sourceIPs"`
	Verb      string                    `json:"verb"`
	ObjectRef *struct {
		Resource, Subresource, APIGroup, Namespace, Name string
	} `json:"objectRef"`
	ResponseStatus struct{ Code int } `json:"responseStatus"`
}

// auditOf returns the API requests the provisioner's ServiceAccount made (audit log).
func auditOf(l *labInfo) []auditEvent {
	f, err := os.Open(filepath.Join(workdir, "audit.json"))
	if err != nil {
		return nil
	}
	defer f.Close()
	user := fmt.Sprintf("system:serviceaccount:%s:%s", l.ns, l.sa)
	var evs []auditEvent
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e auditEvent
		if json.Unmarshal(sc.Bytes(), &e) == nil && e.User.Username == user && e.ObjectRef != nil &&
			e.ObjectRef.Resource != "selfsubjectaccessreviews" {
			evs = append(evs, e)
		}
	}
	return evs
}

func (e auditEvent) what() string {
	s := e.Verb + " " + e.ObjectRef.Resource
	if e.ObjectRef.Subresource != "" {
		s += "/" + e.ObjectRef.Subresource
	}
	if e.ObjectRef.APIGroup != "" {
		s += "." + e.ObjectRef.APIGroup
	}
	return s
}

// provisioner-in-cluster: the lab's Deployment runs the provisioner as its
// ServiceAccount, it holds the leader lock, and none of its requests was refused.
func checkProvisionerInCluster(ctx context.Context, t *T) string {
	l := must(readLab())
	p, err := provisionerPod(l)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if p.Status.Phase != corev1.PodRunning || p.Spec.ServiceAccountName != l.sa {
		t.Errorf("pod %s is %s as ServiceAccount %q (want Running as %q)", p.Name, p.Status.Phase, p.Spec.ServiceAccountName, l.sa)
	}
	if p.Spec.NodeName == "" {
		t.Errorf("pod %s is not on a node", p.Name)
	}
	holder := ""
	eps := &corev1.EndpointsList{}
	_ = res().WithNamespace(l.ns).List(ctx, eps)
	for _, ep := range eps.Items {
		if a := ep.Annotations["control-plane.alpha.kubernetes.io/leader"]; a != "" {
			var rec struct{ HolderIdentity string }
			_ = json.Unmarshal([]byte(a), &rec)
			holder = fmt.Sprintf("endpoints/%s held by %s", ep.Name, rec.HolderIdentity)
			if !strings.HasPrefix(rec.HolderIdentity, p.Name+"_") {
				t.Errorf("leader lock endpoints/%s is held by %q, not pod %s", ep.Name, rec.HolderIdentity, p.Name)
			}
		}
	}
	if holder == "" {
		t.Errorf("no leader-election lock (Endpoints) in %s", l.ns)
	}
	evs := auditOf(l)
	fromPod := 0
	var refused []string
	for _, e := range evs {
		for _, ip := range e.SourceIPs {
			if ip == p.Status.PodIP {
				fromPod++
			}
		}
		if e.ResponseStatus.Code == 403 {
			refused = append(refused, e.what())
		}
	}
	if len(refused) > 0 {
		t.Errorf("refused (403): %s", strings.Join(refused, ", "))
	}
	if fromPod == 0 {
		t.Errorf("no request of %s came from the pod's IP %s (%d requests in the audit log)", l.sa, p.Status.PodIP, len(evs))
	}
	logs, _ := kubectl("logs", "-n", l.ns, p.Name)
	if strings.Contains(strings.ToLower(logs), "forbidden") {
		t.Errorf("'forbidden' in its log")
	}
	return fmt.Sprintf("pod %s Running on %s as %s (image %s); %s; %d requests from %s in the audit log, none refused",
		p.Name, p.Spec.NodeName, l.sa, p.Spec.Containers[0].Image, holder, fromPod, p.Status.PodIP)
}

type watchEvent struct {
	Type   string
	Object corev1.Pod
}

// orderedStart replays the pod watch: no pod N is created before pod N-1 is Ready.
func orderedStart(t *T, verbose bool) string {
	l := must(readLab())
	b, err := os.ReadFile(watchFile)
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	ready := map[int]bool{}
	added := map[int]int{}
	adds := 0
	var detail []string
	for {
		var e watchEvent
		if err := dec.Decode(&e); err != nil {
			break
		}
		name := e.Object.Name
		if !strings.HasPrefix(name, l.sts.Name+"-") {
			continue
		}
		var idx int
		fmt.Sscanf(strings.TrimPrefix(name, l.sts.Name+"-"), "%d", &idx)
		if e.Type == "ADDED" {
			added[idx]++
			adds++
			if idx > 0 && !ready[idx-1] {
				t.Errorf("%s ADDED (rv %s) while %s was not Ready", name, e.Object.ResourceVersion, l.pod(idx-1))
			} else if idx > 0 && added[idx] == 1 {
				detail = append(detail, fmt.Sprintf("%s created at rv %s after %s Ready", name, e.Object.ResourceVersion, l.pod(idx-1)))
			}
		}
		ready[idx] = e.Type != "DELETED" && e.Object.DeletionTimestamp == nil && isReady(&e.Object)
	}
	for i := 0; i < l.replicas(); i++ {
		if added[i] == 0 {
			t.Errorf("%s never appeared in the watch", l.pod(i))
		}
	}
	msg := fmt.Sprintf("%d pod creations in the watch, each after its predecessor was Ready", adds)
	if verbose {
		msg = strings.Join(detail, "; ") + "; " + msg
	}
	return msg
}

// claims: each claim uses the lab's class and is Bound to a Retain PV that the
// provisioner made, with a directory of its own on the export.
func checkClaims(ctx context.Context, t *T) string {
	l := must(readLab())
	claimsOK = true
	provisoned.pvc, provisoned.pv, provisoned.pvUID, provisoned.dir = nil, nil, nil, nil
	for i := 0; i < l.replicas(); i++ {
		c, err := getClaim(l.ns, l.claim(i))
		if err != nil || c.Status.Phase != corev1.ClaimBound {
			t.Errorf("claim %s not Bound (%v)", l.claim(i), err)
			claimsOK = false
			continue
		}
		pv, err := getPV(c.Spec.VolumeName)
		if err != nil {
			t.Errorf("%v", err)
			claimsOK = false
			continue
		}
		dir := fmt.Sprintf("%s-%s-%s", l.ns, c.Name, pv.Name)
		provisoned.pvc = append(provisoned.pvc, string(c.UID))
		provisoned.pv = append(provisoned.pv, pv.Name)
		provisoned.pvUID = append(provisoned.pvUID, string(pv.UID))
		provisoned.dir = append(provisoned.dir, dir)
		if c.Spec.StorageClassName == nil || *c.Spec.StorageClassName != l.class.Name {
			t.Errorf("%s has another class", c.Name)
		}
		if by := pv.Annotations["pv.kubernetes.io/provisioned-by"]; by != l.class.Provisioner {
			t.Errorf("%s provisioned-by %q", pv.Name, by)
		}
		if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
			t.Errorf("%s reclaim policy %s", pv.Name, pv.Spec.PersistentVolumeReclaimPolicy)
		}
		if pv.Spec.ClaimRef == nil || pv.Spec.ClaimRef.UID != c.UID {
			t.Errorf("%s claimRef is not %s", pv.Name, c.Name)
		}
		if pv.Spec.NFS == nil || pv.Spec.NFS.Server != l.nfsServer || pv.Spec.NFS.Path != l.nfsPath+"/"+dir {
			t.Errorf("%s is not NFS %s:%s/%s", pv.Name, l.nfsServer, l.nfsPath, dir)
		}
		if st, err := os.Stat(filepath.Join(exportDir(), dir)); err != nil || !st.IsDir() {
			t.Errorf("no directory %s on the export", dir)
		}
	}
	if t.failed() {
		claimsOK = false
	}
	return fmt.Sprintf("claims %s..%d use %s, Bound to Retain NFS PVs provisioned by %s, directories %s",
		l.claim(0), l.replicas()-1, l.class.Name, l.class.Provisioner, strings.Join(provisoned.dir, " "))
}

func pageOnExport(i int) string {
	if i >= len(provisoned.dir) {
		return ""
	}
	b, _ := os.ReadFile(filepath.Join(exportDir(), provisoned.dir[i], "index.html"))
	return string(b)
}

// seeded: each web container wrote index.html before it started httpd (the
// lab's pods have no init container); the claim directories hold the pages.
func checkSeeded(ctx context.Context, t *T) string {
	l := must(readLab())
	var seen []string
	for i := 0; i < l.replicas(); i++ {
		container, logs, err := pagesLog(l.ns, l.pod(i))
		if err != nil {
			t.Errorf("%v", err)
		}
		if container != "web" {
			t.Errorf("%s's page was written by %s, not by its web container", l.pod(i), container)
		}
		// The script's line comes first: httpd only starts after it.
		want := fmt.Sprintf("wrote /usr/local/apache2/htdocs/index.html for ordinal %d", i)
		if first, _, _ := strings.Cut(logs, "\n"); first != want {
			t.Errorf("%s's %s log starts with %q, not %q", l.pod(i), container, first, want)
		}
		if got := pageOnExport(i); got != l.page(i) {
			// The directories are what `claims` found; a run without it names none.
			dir := fmt.Sprintf("claim %s's directory", l.claim(i))
			if i < len(provisoned.dir) {
				dir = provisoned.dir[i]
			}
			t.Errorf("%s/index.html on the export holds %q, not %q", dir, got, l.page(i))
		}
		seen = append(seen, pageOnExport(i))
	}
	return fmt.Sprintf("each web container's log starts with 'wrote .../index.html for ordinal N', before httpd's; the claim directories hold %v", seen)
}

// secure-context: inside a running web container: capabilities, read-only root,
// seccomp, and httpd's workers as www-data.
func checkSecureContext(ctx context.Context, t *T) string {
	l := must(readLab())
	script := `for p in /proc/[0-9]*; do
  [ "$(cat $p/comm 2>/dev/null)" = httpd ] || continue
  echo "$(basename $p) $(awk '/^Uid:/{u=$2} /^CapEff:/{c=$2} /^Seccomp:/{s=$2} /^PPid:/{pp=$2} END{print pp, u, c, s}' $p/status)"
done
awk '$2 == "/" {print "root", $4}' /proc/mounts
touch /probe 2>/dev/null && echo "root writable" || echo "root not writable"`
	var buf, errb bytes.Buffer
	if err := res().ExecInPod(ctx, l.ns, l.pod(0), "web", []string{"sh", "-c", script}, &buf, &errb); err != nil {
		t.Fatalf("exec in %s: %v %s", l.pod(0), err, errb.String())
	}
	// NET_BIND_SERVICE (10), SETUID (7), SETGID (6), KILL (5)
	const wantCaps = uint64(1<<10 | 1<<7 | 1<<6 | 1<<5)
	var master, workers int
	var workerUIDs []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 5:
			var caps uint64
			fmt.Sscanf(f[3], "%x", &caps)
			if f[4] != "2" {
				t.Errorf("httpd pid %s: Seccomp %s (want 2, filter)", f[0], f[4])
			}
			if f[1] == "0" || f[2] == "0" { // the parent, as root
				master++
				if caps != wantCaps {
					t.Errorf("httpd parent pid %s CapEff %016x, want %016x (NET_BIND_SERVICE SETUID SETGID KILL)", f[0], caps, wantCaps)
				}
			} else {
				workers++
				workerUIDs = append(workerUIDs, f[2])
				if f[2] != "33" {
					t.Errorf("httpd worker pid %s runs as uid %s, not www-data (33)", f[0], f[2])
				}
				if caps != 0 {
					t.Errorf("httpd worker pid %s CapEff %016x, want none", f[0], caps)
				}
			}
		case len(f) == 2 && f[0] == "root":
			if !strings.HasPrefix(f[1], "ro") && !strings.Contains(","+f[1]+",", ",ro,") {
				t.Errorf("/ mounted %s", f[1])
			}
		case line == "root writable":
			t.Errorf("/ is writable")
		}
	}
	if master != 1 || workers == 0 {
		t.Errorf("found %d httpd parent(s) and %d workers: %q", master, workers, buf.String())
	}
	return fmt.Sprintf("in %s/web: httpd parent CapEff %016x = NET_BIND_SERVICE,SETUID,SETGID,KILL; / read-only; Seccomp 2 (filter); %d workers as uid %v (www-data)",
		l.pod(0), wantCaps, workers, workerUIDs)
}

// served-ip: GET on each pod's IP returns its page.
func checkServedIP(ctx context.Context, t *T) string {
	l := must(readLab())
	var seen []string
	for i := 0; i < l.replicas(); i++ {
		ip, err := serves(l, i)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		seen = append(seen, fmt.Sprintf("%s=%s", ip, l.page(i)))
	}
	return "GET http://<pod IP>/: " + strings.Join(seen, " ")
}

const clientPod = "e2e-client"

// served-dns: from a client pod in the namespace, statefulset-test-N.headless-svc
// resolves to pod N's IP and returns its page.
func checkServedDNS(ctx context.Context, t *T) string {
	l := must(readLab())
	var pods, pages []string
	for i := 0; i < l.replicas(); i++ {
		pods = append(pods, l.pod(i))
		pages = append(pages, l.page(i))
	}
	return servedByDNS(ctx, t, l.ns, l.sts.Spec.ServiceName, pods, pages)
}

// servedByDNS: from a client pod in namespace ns, `<pod>.<service>` resolves to
// pod i's IP and returns pages[i], for each of pods; what was seen.
func servedByDNS(ctx context.Context, t *T, ns, service string, pods, pages []string) string {
	defer remove(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: clientPod, Namespace: ns}}, 0)
	if err := startClient(ns, clientPod); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	var seen []string
	for i, pod := range pods {
		p, err := getPod(ns, pod)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		name := fmt.Sprintf("%s.%s", pod, service)
		// A Ready pod's DNS record appears once its EndpointSlice has reached
		// CoreDNS, a moment later: ask again until the wait runs out.
		var out, errb bytes.Buffer
		waitFor(waitLimit, func() bool {
			out.Reset()
			errb.Reset()
			err = res().ExecInPod(ctx, ns, clientPod, "client", []string{"e2e-get", name}, &out, &errb)
			return err == nil
		})
		if err != nil {
			t.Errorf("e2e-get %s in %s: %v %s %s", name, clientPod, err, out.String(), errb.String())
			continue
		}
		var resolved []string
		body := ""
		for _, line := range strings.Split(out.String(), "\n") {
			if a, ok := strings.CutPrefix(line, "address: "); ok {
				resolved = append(resolved, a)
			}
			if b, ok := strings.CutPrefix(line, "body: "); ok {
				body = strings.TrimSpace(b)
			}
		}
		if len(resolved) != 1 || resolved[0] != p.Status.PodIP {
			t.Errorf("%s resolves to %v, not %s (the pod's IP)", name, resolved, p.Status.PodIP)
		}
		if body != pages[i] {
			t.Errorf("http://%s/ returned %q, not %q", name, body, pages[i])
		}
		seen = append(seen, fmt.Sprintf("%s -> %s serves %s", name, p.Status.PodIP, body))
	}
	return "from pod " + clientPod + ": " + strings.Join(seen, "; ")
}

// sameStorage: claim i, its PV and the directory's page are unchanged.
func sameStorage(l *labInfo, i int) error {
	c, err := getClaim(l.ns, l.claim(i))
	if err != nil {
		return err
	}
	if string(c.UID) != provisoned.pvc[i] || c.Status.Phase != corev1.ClaimBound || c.Spec.VolumeName != provisoned.pv[i] {
		return fmt.Errorf("claim %s changed: uid %s phase %s volume %s", c.Name, c.UID, c.Status.Phase, c.Spec.VolumeName)
	}
	pv, err := getPV(provisoned.pv[i])
	if err != nil || string(pv.UID) != provisoned.pvUID[i] {
		return fmt.Errorf("PV %s changed or gone (%v)", provisoned.pv[i], err)
	}
	if got := pageOnExport(i); got != l.page(i) {
		return fmt.Errorf("directory %s holds %q", provisoned.dir[i], got)
	}
	return nil
}

func podClaim(p *corev1.Pod, vct string) string {
	for _, v := range p.Spec.Volumes {
		if v.Name == vct && v.PersistentVolumeClaim != nil {
			return v.PersistentVolumeClaim.ClaimName
		}
	}
	return ""
}

// restart-keeps-page: a deleted pod comes back with the same name, claim and page,
// and its web container logs that the page was left as it was.
func checkRestartKeepsPage(ctx context.Context, t *T) string {
	l := must(readLab())
	if !claimsOK || l.replicas() < 2 {
		t.Fatalf("needs 2 replicas with Bound claims")
	}
	old := must(getPod(l.ns, l.pod(1)))
	must(0, remove(old, 0))
	if !cameBack(t, l.ns, old) {
		return ""
	}
	p := must(getPod(l.ns, l.pod(1)))
	if c := podClaim(p, l.claimTmpl); c != l.claim(1) {
		t.Errorf("the new %s mounts %q", p.Name, c)
	}
	if err := sameStorage(l, 1); err != nil {
		t.Errorf("%v", err)
	}
	ip, err := serves(l, 1)
	if err != nil {
		t.Errorf("%v", err)
	}
	container, logs, _ := pagesLog(l.ns, l.pod(1))
	logs, _, _ = strings.Cut(logs, "\n")
	if !strings.HasSuffix(logs, "index.html exists: left as it is") {
		t.Errorf("%s logged %q first, not that the page was left as it was", container, logs)
	}
	return fmt.Sprintf("%s recreated (uid %s -> %s) on %s, PV %s unchanged, serves %q at %s; %s: %q",
		p.Name, old.UID, p.UID, l.claim(1), provisoned.pv[1], l.page(1), ip, container, logs)
}

// graceful-stop: deleting a pod stops httpd cleanly within its grace period (no SIGKILL).
func checkGracefulStop(ctx context.Context, t *T) string {
	l := must(readLab())
	i := l.replicas() - 1
	old, err := getPod(l.ns, l.pod(i))
	if err != nil {
		t.Fatalf("%v", err)
	}
	grace := int64(30)
	if old.Spec.TerminationGracePeriodSeconds != nil {
		grace = *old.Spec.TerminationGracePeriodSeconds
	}
	// Follow the web container's log and the pod's status until it is gone.
	logf := filepath.Join(workdir, "graceful-stop.log")
	lf := must(os.Create(logf))
	follow := exec.Command(kubectlBin, "--kubeconfig", kubeconfig, "logs", "-f", "-n", l.ns, old.Name, "-c", "web")
	follow.Stdout, follow.Stderr = lf, lf
	_ = follow.Start()
	time.Sleep(time.Second)
	wf := filepath.Join(workdir, "graceful-watch.json")
	wfile := must(os.Create(wf))
	watch := exec.Command(kubectlBin, "--kubeconfig", kubeconfig, "get", "pod", "-n", l.ns, old.Name, "--watch", "-o", "json")
	watch.Stdout = wfile
	_ = watch.Start()
	start := time.Now()
	must(0, remove(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: old.Name, Namespace: l.ns}}, 0))
	// No request dropped: the pod goes on serving its page until well after
	// the Service's endpoints no longer name it ready, with spare seconds for
	// the proxies and DNS caches of other nodes that read them (spare). kubelet
	// alone takes 1-2 s to signal a deleted pod's container, and a server that
	// stops on the signal at once (no preStop pause) stops within them.
	page, ip := l.page(i), old.Status.PodIP
	quick := http.Client{Timeout: time.Second}
	servesNow := func() bool {
		resp, err := quick.Get("http://" + ip + "/")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode == 200 && strings.TrimSpace(string(b)) == page
	}
	const spare = 3 * time.Second
	var leftEndpoints, stoppedServing time.Duration = -1, -1
	for time.Since(start) < time.Duration(grace+30)*time.Second && (leftEndpoints < 0 || stoppedServing < 0) {
		if leftEndpoints < 0 && !readyEndpoint(l.ns, l.sts.Spec.ServiceName, ip) {
			leftEndpoints = time.Since(start)
		}
		if stoppedServing < 0 && !servesNow() {
			stoppedServing = time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	switch {
	case leftEndpoints < 0:
		t.Errorf("the endpoints of %s still name %s (%s) ready %s after its deletion", l.sts.Spec.ServiceName, old.Name, ip, time.Since(start).Round(time.Second))
	case stoppedServing < 0:
		t.Errorf("%s still serves %s after its deletion", old.Name, time.Since(start).Round(time.Second))
	case stoppedServing < leftEndpoints+spare:
		t.Errorf("%s stopped serving %.1f s after its deletion, %.1f s after the endpoints of %s stopped naming it ready: less than %s to spare for the proxies of other nodes (no preStop pause?)",
			old.Name, stoppedServing.Seconds(), (stoppedServing - leftEndpoints).Seconds(), l.sts.Spec.ServiceName, spare)
	}
	gone := waitFor(time.Duration(grace+30)*time.Second, func() bool {
		p, err := getPod(l.ns, old.Name)
		return err != nil || p.UID != old.UID
	})
	took := time.Since(start)
	_ = watch.Process.Kill()
	_ = watch.Wait()
	_ = follow.Wait()
	if !gone {
		t.Errorf("%s still there after %s", old.Name, took)
	}
	var exit *corev1.ContainerStateTerminated
	dec := json.NewDecoder(bytes.NewReader(must(os.ReadFile(wf))))
	for {
		var p corev1.Pod
		if dec.Decode(&p) != nil {
			break
		}
		for _, cs := range p.Status.ContainerStatuses {
			if cs.Name == "web" && cs.State.Terminated != nil {
				exit = cs.State.Terminated
			}
		}
	}
	logs := string(must(os.ReadFile(logf)))
	if !strings.Contains(logs, "caught SIGWINCH, shutting down gracefully") {
		t.Errorf("httpd did not log a graceful stop (SIGWINCH); log tail: %q", tail(logs, 300))
	}
	if exit == nil {
		t.Errorf("no terminated state of web seen")
	} else if exit.ExitCode != 0 || exit.Signal != 0 {
		t.Errorf("web ended with exit code %d, signal %d, reason %s", exit.ExitCode, exit.Signal, exit.Reason)
	}
	if took > time.Duration(grace)*time.Second {
		t.Errorf("took %s, longer than the grace period of %ds", took.Round(time.Second), grace)
	}
	if wait.For(podReadyCond(l.ns, l.pod(i)), poll(waitLimit)...) != nil {
		t.Errorf("%s did not come back", l.pod(i))
	}
	code := "?"
	if exit != nil {
		code = fmt.Sprintf("%d (%s)", exit.ExitCode, exit.Reason)
	}
	return fmt.Sprintf("%s deleted: out of %s's ready endpoints after %.1f s, served its page until %.1f s, then httpd logged 'caught SIGWINCH, shutting down gracefully', web exited %s, pod gone after %.1f s (grace %d s)",
		old.Name, l.sts.Spec.ServiceName, leftEndpoints.Seconds(), stoppedServing.Seconds(), code, took.Seconds(), grace)
}

// readyEndpoint: an EndpointSlice of the Service names ip as a ready endpoint.
func readyEndpoint(ns, service, ip string) bool {
	slices := &discoveryv1.EndpointSliceList{}
	if err := res().WithNamespace(ns).List(context.Background(), slices, resources.WithLabelSelector(discoveryv1.LabelServiceName+"="+service)); err != nil {
		return true // not known yet: asked again
	}
	for _, s := range slices.Items {
		for _, e := range s.Endpoints {
			ready := e.Conditions.Ready == nil || *e.Conditions.Ready
			for _, a := range e.Addresses {
				if a == ip && ready {
					return true
				}
			}
		}
	}
	return false
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func provisionedPVs(l *labInfo) int {
	pvs := &corev1.PersistentVolumeList{}
	_ = res().List(context.Background(), pvs)
	n := 0
	for _, pv := range pvs.Items {
		if pv.Annotations["pv.kubernetes.io/provisioned-by"] == l.class.Provisioner {
			n++
		}
	}
	return n
}

// scale-keeps-data: scale to 1 and back: pods 1.. serve their pages again from the
// same claims and PVs, and the pods start in order again.
func checkScaleKeepsData(ctx context.Context, t *T) string {
	l := must(readLab())
	if !claimsOK || l.replicas() < 2 {
		t.Fatalf("needs 2 replicas with Bound claims")
	}
	before := provisionedPVs(l)
	must(kubectl("scale", "sts", "-n", l.ns, l.sts.Name, "--replicas", "1"))
	for i := 1; i < l.replicas(); i++ {
		if wait.For(podGone(l.ns, l.pod(i)), poll(waitLimit)...) != nil {
			t.Errorf("%s still there at 1 replica", l.pod(i))
		}
		if err := sameStorage(l, i); err != nil {
			t.Errorf("at 1 replica: %v", err)
		}
	}
	must(kubectl("scale", "sts", "-n", l.ns, l.sts.Name, "--replicas", fmt.Sprint(l.replicas())))
	var seen []string
	for i := 0; i < l.replicas(); i++ {
		var ip string
		var err error
		if !waitFor(2*waitLimit, func() bool { ip, err = serves(l, i); return err == nil }) {
			t.Errorf("after scaling up: %v", err)
			continue
		}
		p := must(getPod(l.ns, l.pod(i)))
		if c := podClaim(p, l.claimTmpl); c != l.claim(i) {
			t.Errorf("%s mounts %q", p.Name, c)
		}
		if err := sameStorage(l, i); err != nil {
			t.Errorf("%v", err)
		}
		seen = append(seen, fmt.Sprintf("%s=%s", l.pod(i), l.page(i)))
		_ = ip
	}
	if after := provisionedPVs(l); after != before {
		t.Errorf("PVs by %s went from %d to %d", l.class.Provisioner, before, after)
	}
	order := orderedStart(t, false)
	return fmt.Sprintf("at 1 replica claims 1..%d stayed Bound; back at %d: %s from the same claims and PVs (%d PVs, none new); %s",
		l.replicas()-1, l.replicas(), strings.Join(seen, " "), before, order)
}

// sts-delete-keeps-data: deleting the StatefulSet leaves claims, PVs and directories.
func checkStsDeleteKeepsData(ctx context.Context, t *T) string {
	l := must(readLab())
	if !claimsOK {
		t.Fatalf("claims were not provisioned")
	}
	must(0, remove(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: l.sts.Name, Namespace: l.ns}}, 120*time.Second))
	for i := 0; i < l.replicas(); i++ {
		if wait.For(podGone(l.ns, l.pod(i)), poll(waitLimit)...) != nil {
			t.Errorf("%s still there", l.pod(i))
		}
		if err := sameStorage(l, i); err != nil {
			t.Errorf("%v", err)
		}
	}
	return fmt.Sprintf("StatefulSet deleted, pods gone; claims Bound with the same uids, PVs %v and their pages still there", provisoned.pv)
}
