package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// The web tier of docs/web-tier.md (e2e/apps/web-tier.app.ts): a client
// Service, claim labels and annotations, shared files, the status page and
// its PodMonitor, an HTTPRoute. client-service, claim-metadata and metrics
// share the app's chart `site`, which the first of them applies and which is
// removed after the last (they run one after another, beside the other
// apps); httproute-accepted needs no pod and runs on its own.

const webTierApp = "web-tier"

// The path the app's route-refusal.txt shows the library refusing.
const refusedRoutePath = "/docs//old"

// The site is WebServer.httpd(): mod_status's machine-readable page.
const statusPath = "/server-status?auto"

var webTier struct {
	once  sync.Once
	chart *chartInfo
	why   string // the problems of its set-up
}

// webTierSite is the app's chart `site`, applied (with the namespaces
// `monitoring` and `elsewhere`) by the first check that needs it, every pod
// serving its page; nil, with t failed, if that did not work.
func webTierSite(t *T) *chartInfo {
	webTier.once.Do(func() {
		setup := newT(t.T)
		defer func() { webTier.why = setup.why() }()
		c, err := readChart(webTierApp, "site")
		if err != nil {
			setup.Errorf("%v", err)
			return
		}
		for _, chart := range []string{"monitoring", "elsewhere"} {
			if _, err := applyFile(appYAML(webTierApp, chart)); err != nil {
				setup.Errorf("%v", err)
				return
			}
		}
		if c.apply(setup, 0, 0) != "" {
			webTier.chart = c
		}
	})
	if webTier.chart == nil {
		t.Errorf("the web tier's site did not come up: %s", webTier.why)
	}
	return webTier.chart
}

// removeWebTier removes what webTierSite applied, after the last check that uses it.
func removeWebTier(tt *testing.T) {
	t := newT(tt)
	if webTier.chart != nil {
		webTier.chart.remove(t)
	}
	for _, chart := range []string{"monitoring", "elsewhere"} {
		if a, err := readChart(webTierApp, chart); err == nil {
			removeNamespace(t, a.ns)
		}
	}
	if t.failed() {
		fmt.Printf("FAIL [%s] web-tier: %s\n", version, t.why())
	}
}

// clientPodIn starts the client pod (e2e-client:1, e2e-get) in each namespace
// and waits until they are Ready; stop deletes them.
func clientPodIn(t *T, namespaces ...string) (stop func(), ok bool) {
	var made []string
	stop = func() {
		for _, ns := range made {
			_ = remove(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: clientPod, Namespace: ns}}, 0)
		}
	}
	for _, ns := range namespaces {
		made = append(made, ns)
		if err := startClient(ns, clientPod); err != nil {
			stop()
			t.Errorf("%v", err)
			return nil, false
		}
	}
	return stop, true
}

// fetchFrom is what the client pod of namespace ns gets from url (e2e-get): the body, or an error.
func fetchFrom(ctx context.Context, ns, url string) (string, error) {
	var out, errb bytes.Buffer
	err := res().ExecInPod(ctx, ns, clientPod, "client", []string{"e2e-get", url}, &out, &errb)
	// The body is all that follows "body: ", however many lines.
	head, body, ok := strings.Cut(out.String(), "\nbody: ")
	if err != nil || !ok {
		return "", fmt.Errorf("e2e-get %s from %s: %v %s", url, ns, err, strings.TrimSpace(errb.String()))
	}
	if !strings.Contains(head+"\n", "\nstatus: 200\n") {
		return "", fmt.Errorf("e2e-get %s from %s: not 200: %s", url, ns, strings.TrimSpace(out.String()))
	}
	return strings.TrimSpace(body), nil
}

// webTierObject is the one object of kind in chart of the app.
func webTierObject(chart, kind string) (*unstructured.Unstructured, error) {
	objects, err := readObjects(appYAML(webTierApp, chart))
	if err != nil {
		return nil, err
	}
	for _, o := range objects {
		if o.GetKind() == kind {
			return o, nil
		}
	}
	return nil, fmt.Errorf("chart %s of %s has no %s", chart, webTierApp, kind)
}

// serviceEndpoints are the pod IPs kube-proxy's iptables rules send the
// Service port `<ns>/<name>:<port>` to: the KUBE-SEP chains its KUBE-SVC
// chain jumps to, and their DNAT destinations.
func serviceEndpoints(ns, name, port string) ([]string, error) {
	out, err := exec.Command("iptables-save", "-t", "nat").Output()
	if err != nil {
		return nil, fmt.Errorf("iptables-save -t nat: %v", err)
	}
	comment := fmt.Sprintf(`"%s/%s:%s`, ns, name, port)
	dnat := map[string]string{}
	var jumps []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "-A" {
			continue
		}
		at := func(flag string) string {
			if i := slices.Index(f, flag); i >= 0 && i+1 < len(f) {
				return f[i+1]
			}
			return ""
		}
		switch {
		case strings.HasPrefix(f[1], "KUBE-SEP-") && at("--to-destination") != "":
			dnat[f[1]] = at("--to-destination")
		case strings.HasPrefix(f[1], "KUBE-SVC-") && strings.Contains(line, comment) && strings.HasPrefix(at("-j"), "KUBE-SEP-"):
			jumps = append(jumps, at("-j"))
		}
	}
	var ips []string
	for _, j := range jumps {
		if d, ok := dnat[j]; ok {
			ips = append(ips, d[:strings.LastIndex(d, ":")])
		}
	}
	sort.Strings(ips)
	return ips, nil
}

// client-service: from a client pod, the client Service's cluster IP
// (kube-proxy) answers with the pages of all three pods over repeated
// requests; a deleted pod drops out of the answers while kube-proxy's rules
// leave it out, and comes back. Every replica serves the shared files.
func checkClientService(ctx context.Context, t *T) string {
	c := webTierSite(t)
	if c == nil {
		return ""
	}
	w := c.webs[0]
	objects, err := readObjects(c.path)
	var svcName string
	for _, o := range objects {
		if ip, _, _ := unstructured.NestedString(o.Object, "spec", "clusterIP"); o.GetKind() == "Service" && ip != "None" {
			svcName = o.GetName()
		}
	}
	if err != nil || svcName == "" {
		t.Fatalf("the site has no client Service (%v)", err)
	}
	svc := &corev1.Service{}
	if err := res().Get(ctx, svcName, c.ns, svc); err != nil || svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == "None" || len(svc.Spec.Ports) != 1 {
		t.Fatalf("Service %s: no cluster IP and one port (%v)", svcName, err)
	}
	port := svc.Spec.Ports[0]
	url := fmt.Sprintf("http://%s:%d/", svc.Spec.ClusterIP, port.Port)
	stop, ok := clientPodIn(t, c.ns)
	if !ok {
		return ""
	}
	defer stop()
	pageOf := map[string]string{}
	for i, p := range w.pages {
		pageOf[p] = w.pod(i)
	}
	// Repeated requests: each a new connection, which kube-proxy sends to one
	// ready pod at random.
	seen := map[string]int{}
	ask := func(n int, until func() bool) {
		for i := 0; i < n && !until(); i++ {
			body, err := fetchFrom(ctx, c.ns, url)
			if err != nil {
				t.Errorf("%v", err)
				return
			}
			if pageOf[body] == "" {
				t.Errorf("%s returned %q, none of the pages", url, body)
				return
			}
			seen[pageOf[body]]++
		}
	}
	ask(60, func() bool { return len(seen) == len(w.pages) && sumOf(seen) >= 12 })
	if len(seen) != len(w.pages) {
		t.Fatalf("%d requests to %s reached only %v", sumOf(seen), url, seen)
	}
	spread := fmt.Sprint(seen)

	// The shared files: every replica serves them, and so does the Service.
	files := w.files
	if len(files) == 0 {
		t.Errorf("the app gave the site no shared files")
	}
	httpPort := w.sts.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort
	for i := range w.pages {
		p := must(getPod(c.ns, w.pod(i)))
		for name, want := range files {
			if got, err := getPath(fmt.Sprintf("%s:%d", p.Status.PodIP, httpPort), "/"+name); err != nil || got != want {
				t.Errorf("%s serves /%s as %q (%v), not %q", w.pod(i), name, got, err, want)
			}
		}
	}
	for name, want := range files {
		if got, err := fetchFrom(ctx, c.ns, url+name); err != nil || got != strings.TrimSpace(want) {
			t.Errorf("%s%s returned %q (%v), not %q", url, name, got, err, want)
		}
	}

	// One pod deleted: while kube-proxy's rules leave it out (before and after
	// a request), no request reaches it; once it is back, they do again.
	victim := w.pod(1)
	old := must(getPod(c.ns, victim))
	eps, err := serviceEndpoints(c.ns, svcName, port.Name)
	if err != nil || !slices.Contains(eps, old.Status.PodIP) {
		t.Fatalf("kube-proxy's rules for %s/%s:%s send to %v (%v), not to %s's IP %s", c.ns, svcName, port.Name, eps, err, victim, old.Status.PodIP)
	}
	if err := remove(old, 0); err != nil {
		t.Fatalf("%v", err)
	}
	out := func() bool {
		ips, err := serviceEndpoints(c.ns, svcName, port.Name)
		if err != nil {
			return false
		}
		if p, err := getPod(c.ns, victim); err == nil && p.Status.PodIP != "" && slices.Contains(ips, p.Status.PodIP) {
			return false
		}
		return !slices.Contains(ips, old.Status.PodIP) && len(ips) == len(w.pages)-1
	}
	during := map[string]int{}
	// A request may be cut while the pod stops: sent to it before kube-proxy's
	// rules left it out, or after, on a TCP conntrack entry that still leads to
	// it (kube-proxy clears those for UDP only). Cut requests are counted and
	// named; the Service fails if they outnumber the ones served while it is out.
	cut := 0
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		if p, err := getPod(c.ns, victim); err == nil && p.UID != old.UID && isReady(p) && !out() {
			break
		}
		before := out()
		body, err := fetchFrom(ctx, c.ns, url)
		left := before && out()
		switch {
		case err != nil:
			cut++
		case left:
			during[pageOf[body]]++
		}
	}
	if !cameBack(t, c.ns, old) {
		return ""
	}
	if during[victim] > 0 {
		t.Errorf("%d of %d requests reached %s while kube-proxy's rules left it out", during[victim], sumOf(during), victim)
	}
	if cut > sumOf(during) {
		t.Errorf("%d requests cut while %s stopped, more than the %d served while kube-proxy's rules left it out", cut, victim, sumOf(during))
	}
	if sumOf(during) < 3 {
		t.Errorf("only %d requests while kube-proxy's rules left %s out: too few to tell", sumOf(during), victim)
	}
	after := map[string]int{}
	for i := 0; i < 60 && after[victim] == 0; i++ {
		body, err := fetchFrom(ctx, c.ns, url)
		if err != nil {
			t.Fatalf("after %s came back: %v", victim, err)
		}
		after[pageOf[body]]++
	}
	if after[victim] == 0 {
		t.Errorf("%d requests after %s came back never reached it: %v", sumOf(after), victim, after)
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return fmt.Sprintf("from pod %s, %s (Service %s) answered %d requests from all %d pods %s; /%s served by every pod and the Service; %s deleted: %d requests while kube-proxy's rules left it out reached %v only (%d cut while it stopped); back Ready, reached again after %d requests",
		clientPod, url, svcName, sumOf(seen), len(w.pages), spread, strings.Join(names, ", /"), victim, sumOf(during), during, cut, sumOf(after))
}

func sumOf(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// claim-metadata: the bound claims carry the claim template's labels and
// annotations, and the provisioner's pathPattern, with a claim label in it,
// made the directory it names on the NFS export, with the pod's page and the
// shared files in it.
func checkClaimMetadata(ctx context.Context, t *T) string {
	c := webTierSite(t)
	if c == nil {
		return ""
	}
	// What the app gave: the claims' labels and annotations, the pattern, the shared files.
	s, w := c.storages[0], c.webs[0]
	pattern := s.given.PathPattern
	if w.claimLabels["tier"] == "" || len(w.claimAnnotations) == 0 || !strings.Contains(pattern, "${.PVC.labels.tier}") || len(w.files) == 0 {
		t.Fatalf("the app gave the site no tier label, no claim annotation (%v, %v) or no shared files (%d), or its NfsStorage a pathPattern %q without ${.PVC.labels.tier}",
			w.claimLabels, w.claimAnnotations, len(w.files), pattern)
	}
	files := w.files
	var seen []string
	for i, page := range w.pages {
		claim, pv := c.volume(t, w, i)
		if claim == nil {
			continue
		}
		for k, v := range w.claimLabels {
			if claim.Labels[k] != v {
				t.Errorf("claim %s: label %s is %q, not %q", claim.Name, k, claim.Labels[k], v)
			}
		}
		for k, v := range w.claimAnnotations {
			if claim.Annotations[k] != v {
				t.Errorf("claim %s: annotation %s is %q, not %q", claim.Name, k, claim.Annotations[k], v)
			}
		}
		// What the provisioner makes of the pattern for this claim.
		dir := strings.NewReplacer("${.PVC.labels.tier}", claim.Labels["tier"], "${.PVC.namespace}", c.ns, "${.PVC.name}", claim.Name).Replace(pattern)
		if want := s.nfsPath + "/" + dir; pv.Spec.NFS.Path != want {
			t.Errorf("%s is NFS path %s, not %s", pv.Name, pv.Spec.NFS.Path, want)
		}
		onDisk := filepath.Join(s.root, s.dir, dir)
		if b, err := os.ReadFile(filepath.Join(onDisk, "index.html")); err != nil || string(b) != page {
			t.Errorf("%s/index.html on the export holds %q (%v), not %q", dir, b, err, page)
		}
		for name, want := range files {
			if b, err := os.ReadFile(filepath.Join(onDisk, name)); err != nil || string(b) != want {
				t.Errorf("%s/%s on the export holds %q (%v), not %q", dir, name, b, err, want)
			}
		}
		seen = append(seen, fmt.Sprintf("%s -> %s", claim.Name, dir))
	}
	return fmt.Sprintf("every claim Bound with the labels %v and annotations %v; pathPattern %q made %s, each holding its page and the %d shared files",
		w.claimLabels, w.claimAnnotations, pattern, strings.Join(seen, ", "), len(files))
}

// crdsFrom applies the CustomResourceDefinitions of the YAML files (other
// kinds are skipped) with server-side apply, and waits until they are
// Established; their names, for removeCRDs. A CRD the API server refuses
// fails t unless tolerate says why it may be (and the reason is kept).
func crdsFrom(t *T, files []string, tolerate func(crd string, err error) string) (names, tolerated []string) {
	for _, f := range files {
		objects, err := readObjects(f)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			return names, tolerated
		}
		for _, o := range objects {
			if o.GetKind() != "CustomResourceDefinition" {
				continue
			}
			if _, err := kubectlAs(kubeconfig, string(must(o.MarshalJSON())), "apply", "--server-side", "--field-manager=e2e", "-f", "-"); err != nil {
				if why := tolerate(o.GetName(), err); why != "" {
					tolerated = append(tolerated, why)
				} else {
					t.Errorf("CRD %s from %s: %v", o.GetName(), filepath.Base(f), err)
				}
				continue
			}
			names = append(names, "crd/"+o.GetName())
		}
	}
	if len(names) > 0 {
		list := &apiextensionsv1.CustomResourceDefinitionList{}
		for _, name := range names {
			list.Items = append(list.Items, apiextensionsv1.CustomResourceDefinition{ObjectMeta: metav1.ObjectMeta{Name: strings.TrimPrefix(name, "crd/")}})
		}
		if err := crdsEstablished(list, 60*time.Second); err != nil {
			t.Errorf("%v", err)
		}
	}
	return names, tolerated
}

// crdsKey is the context key of the CRDs withCRDs applied from a folder.
type crdsKey string

// appliedCRDs are the CRDs withCRDs applied (their names, crd/NAME) and why
// the API server may refuse the others.
type appliedCRDs struct{ names, tolerated []string }

// withCRDs is the steps that apply the CRDs of a folder of the run's CRDs
// (crdFiles, crdsFrom with tolerate) before a check, and remove them after it
// (removeCRDs); the check finds them with crdsOf.
func withCRDs(folder string, tolerate func(crd string, err error) string) steps {
	return steps{
		setup: func(ctx context.Context, t *T) context.Context {
			a := &appliedCRDs{}
			a.names, a.tolerated = crdsFrom(t, crdFiles(t, folder), tolerate)
			if len(a.names) == 0 {
				// The checks that use them stop early without CRDs: this fails them.
				t.Errorf("no CRD of %s was applied", folder)
			}
			return context.WithValue(ctx, crdsKey(folder), a)
		},
		teardown: func(ctx context.Context, t *T) {
			if a, ok := ctx.Value(crdsKey(folder)).(*appliedCRDs); ok {
				removeCRDs(t, a.names)
			}
		},
	}
}

// crdsOf is what withCRDs(folder, ...) applied.
func crdsOf(ctx context.Context, folder string) *appliedCRDs {
	return ctx.Value(crdsKey(folder)).(*appliedCRDs)
}

// refuseNone tolerates no refused CRD.
func refuseNone(string, error) string { return "" }

// beforeIPLibrary: the API server is older than 1.31, whose CEL has no isIP()
// (Kubernetes' IP library came in 1.31), and refused a CRD whose rules call it.
func beforeIPLibrary(crd string, err error) string {
	var minor int
	if _, e := fmt.Sscanf(version, "v1.%d.", &minor); e != nil || minor >= 31 || !strings.Contains(err.Error(), "isIP") {
		return ""
	}
	return fmt.Sprintf("%s refused by %s: its CEL rules call isIP(), which Kubernetes' CEL has from 1.31", crd, version)
}

// removeCRDs deletes the CRDs crdsFrom applied, and waits until they are gone.
func removeCRDs(t *T, names []string) {
	if len(names) == 0 {
		return
	}
	list := &unstructured.UnstructuredList{}
	for _, name := range names {
		crd := unstructured.Unstructured{}
		crd.SetGroupVersionKind(schema.GroupVersionKind{Group: "apiextensions.k8s.io", Version: "v1", Kind: "CustomResourceDefinition"})
		crd.SetName(strings.TrimPrefix(name, "crd/"))
		if err := remove(&crd, 0); err != nil {
			t.Errorf("cleanup: %v", err)
		}
		list.Items = append(list.Items, crd)
	}
	if err := wait.For(conditions.New(res()).ResourcesDeleted(list), poll(120*time.Second)...); err != nil {
		t.Errorf("cleanup: CRDs %v not gone within %s: %v", names, 120*time.Second, err)
	}
}

// crdFiles are the YAML files of one folder of the run's CRDs (e2e/build.sh).
func crdFiles(t *T, folder string) []string {
	files, _ := filepath.Glob(filepath.Join(os.Getenv("E2E_CRDS"), folder, "*.yaml"))
	if len(files) == 0 {
		t.Errorf("no CRDs in %s (E2E_CRDS)", filepath.Join(os.Getenv("E2E_CRDS"), folder))
	}
	return files
}

// applyObject is `kubectl apply --validate=strict` of one object; kubectl's output.
func applyObject(o *unstructured.Unstructured) (string, error) {
	return kubectlAs(kubeconfig, string(must(o.MarshalJSON())), "apply", "--validate=strict", "-f", "-")
}

// httproute-accepted: the Gateway API's standard CRDs (v1.7.0, from its Go
// module) installed; a Gateway and the site's HTTPRoute applied and kept as
// written; a route with a path the library refuses is refused by the API
// server's CEL rules too. The CRDs are removed after.
func checkHTTPRouteAccepted(ctx context.Context, t *T) string {
	nsObj, err1 := webTierObject("route", "Namespace")
	route, err2 := webTierObject("route", "HTTPRoute")
	refusal, err3 := os.ReadFile(filepath.Join(appsDir, webTierApp, "route-refusal.txt"))
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("the web-tier app's route chart or refusal: %v %v %v", err1, err2, err3)
	}
	if !strings.Contains(string(refusal), fmt.Sprintf("got %q", refusedRoutePath)) {
		t.Errorf("route-refusal.txt does not refuse %s: %s", refusedRoutePath, refusal)
	}
	if t.failed() {
		return ""
	}
	applied := crdsOf(ctx, "gateway-api")
	crds, tolerated := applied.names, applied.tolerated
	gatewayCRD := slices.Contains(crds, "crd/gateways.gateway.networking.k8s.io")
	ns := nsObj.GetName()
	if _, err := applyObject(nsObj); err != nil {
		t.Fatalf("%v", err)
	}
	parents, _, _ := unstructured.NestedSlice(route.Object, "spec", "parentRefs")
	if len(parents) != 1 {
		t.Fatalf("the route has %d parents, not 1", len(parents))
	}
	parent := parents[0].(map[string]any)
	gateway := fmt.Sprintf(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: %v, namespace: %s}
spec:
  gatewayClassName: e2e
  listeners:
  - {name: %v, protocol: HTTP, port: 80, hostname: "*.example.com", allowedRoutes: {namespaces: {from: Same}}}
`, parent["name"], ns, parent["sectionName"])
	gatewaySeen := "not applied: no Gateway CRD"
	if gatewayCRD {
		if _, err := kubectlAs(kubeconfig, gateway, "apply", "--validate=strict", "-f", "-"); err != nil {
			t.Fatalf("Gateway: %v", err)
		}
		gatewaySeen = "accepted"
	}
	if _, err := applyObject(route); err != nil {
		t.Fatalf("HTTPRoute: %v", err)
	}
	stored := &unstructured.Unstructured{}
	stored.SetGroupVersionKind(route.GroupVersionKind())
	if err := res().Get(ctx, route.GetName(), ns, stored); err != nil {
		t.Fatalf("HTTPRoute %s/%s: %v", ns, route.GetName(), err)
	}
	// As written: every field the library wrote is stored with its value (the
	// API server adds its defaults, such as a parent's group and kind).
	if !writtenIn(route.Object["spec"], stored.Object["spec"]) {
		t.Errorf("the stored route's spec %v is not the one written, %v", stored.Object["spec"], route.Object["spec"])
	}
	rules, _, _ := unstructured.NestedSlice(stored.Object, "spec", "rules")
	hostnames, _, _ := unstructured.NestedStringSlice(stored.Object, "spec", "hostnames")
	// The route with a path the library refuses.
	bad := route.DeepCopy()
	bad.SetName("refused")
	badRules, _, _ := unstructured.NestedSlice(bad.Object, "spec", "rules")
	matches := badRules[0].(map[string]any)["matches"].([]any)
	matches[0].(map[string]any)["path"].(map[string]any)["value"] = refusedRoutePath
	_ = unstructured.SetNestedSlice(bad.Object, badRules, "spec", "rules")
	_, err := applyObject(bad)
	const rule = "must not contain '//'"
	if err == nil || !strings.Contains(err.Error(), rule) {
		t.Errorf("a route with the path %s was not refused with %q: %v", refusedRoutePath, rule, err)
	}
	apiMsg := ""
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			if strings.Contains(line, rule) {
				apiMsg = strings.TrimSpace(line)
			}
		}
	}
	refusedCRDs := ""
	if len(tolerated) > 0 {
		refusedCRDs = " (" + strings.Join(tolerated, "; ") + ")"
	}
	return fmt.Sprintf("%d Gateway API v1.7.0 CRDs installed%s; Gateway %s/%v %s; HTTPRoute %s (%d rule(s), hostnames %v) accepted as written; path %s: the library: %q; the API server: %q; CRDs removed",
		len(crds), refusedCRDs, ns, parent["name"], gatewaySeen, route.GetName(), len(rules), hostnames,
		refusedRoutePath, strings.TrimSpace(strings.SplitN(string(refusal), "\n", 2)[0]), apiMsg)
}

// writtenIn: every field of want is in got with the same value; got may have more.
func writtenIn(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !writtenIn(v, g[k]) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !writtenIn(w[i], g[i]) {
				return false
			}
		}
		return true
	default:
		return fmt.Sprint(want) == fmt.Sprint(got)
	}
}

// metrics: the status port answers from the monitoring namespace, and not
// from another one whose requests reach the web port (the web
// NetworkPolicy, enforced by kube-router's firewall); the PodMonitor
// is accepted by prometheus-operator's CRD (v0.85.0, from its Go module),
// applied alone: the exporter's image is not on the node.
func checkMetrics(ctx context.Context, t *T) string {
	c := webTierSite(t)
	if c == nil {
		return ""
	}
	w := c.webs[0]
	monitoring, err1 := readChart(webTierApp, "monitoring")
	elsewhere, err2 := readChart(webTierApp, "elsewhere")
	podMonitor, err3 := webTierObject("monitor", "PodMonitor")
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("the web-tier app's monitoring, elsewhere or monitor chart: %v %v %v", err1, err2, err3)
	}
	var httpPort, statusPort int32
	for _, p := range w.sts.Spec.Template.Spec.Containers[0].Ports {
		switch p.Name {
		case "http":
			httpPort = p.ContainerPort
		case "status":
			statusPort = p.ContainerPort
		}
	}
	if statusPort == 0 {
		t.Fatalf("StatefulSet %s has no container port status", w.sts.Name)
	}
	stop, ok := clientPodIn(t, monitoring.ns, elsewhere.ns)
	if !ok {
		return ""
	}
	defer stop()
	var seen []string
	for i := range w.pages {
		p := must(getPod(c.ns, w.pod(i)))
		status := fmt.Sprintf("http://%s:%d%s", p.Status.PodIP, statusPort, statusPath)
		body, err := fetchFrom(ctx, monitoring.ns, status)
		if err != nil || !strings.Contains(body, "Scoreboard:") {
			t.Errorf("from %s, %s returned %q (%v), not mod_status's page", monitoring.ns, status, body, err)
		}
		// From elsewhere: the web port answers, so the pod is reachable; the status port must not.
		if page, err := fetchFrom(ctx, elsewhere.ns, fmt.Sprintf("http://%s:%d/", p.Status.PodIP, httpPort)); err != nil || page != w.pages[i] {
			t.Errorf("from %s, %s's web port returned %q (%v), not its page", elsewhere.ns, w.pod(i), page, err)
		}
		if body, err := fetchFrom(ctx, elsewhere.ns, status); err == nil {
			t.Errorf("from %s, %s answered (%d bytes): the web NetworkPolicy was not enforced", elsewhere.ns, status, len(body))
		} else {
			seen = append(seen, fmt.Sprintf("%s:%d", w.pod(i), statusPort))
		}
	}
	if len(crdsOf(ctx, "prometheus-operator").names) == 0 {
		return ""
	}
	if _, err := applyObject(podMonitor); err != nil {
		t.Fatalf("PodMonitor: %v", err)
	}
	defer func() {
		monitor := &unstructured.Unstructured{}
		monitor.SetGroupVersionKind(podMonitor.GroupVersionKind())
		monitor.SetName(podMonitor.GetName())
		monitor.SetNamespace(c.ns)
		_ = remove(monitor, waitLimit)
	}()
	stored := &unstructured.Unstructured{}
	stored.SetGroupVersionKind(podMonitor.GroupVersionKind())
	if err := res().Get(ctx, podMonitor.GetName(), c.ns, stored); err != nil {
		t.Fatalf("PodMonitor %s/%s: %v", c.ns, podMonitor.GetName(), err)
	}
	endpoints := string(must(json.Marshal(stored.Object["spec"].(map[string]any)["podMetricsEndpoints"])))
	return fmt.Sprintf("the status page (%s) answers from %s and not from %s (which reaches the web port) on %s; PodMonitor %s/%s accepted by prometheus-operator v0.85.0's CRD (%s), applied alone",
		statusPath, monitoring.ns, elsewhere.ns, strings.Join(seen, ", "), c.ns, podMonitor.GetName(), endpoints)
}

// metrics-exporter: the nginx-unprivileged site of chart `exporter`, with
// `podMonitor`, in a namespace that enforces `restricted`, applied whole (its
// PodMonitor too) once prometheus-operator's CRDs are in: every pod is Ready
// with its exporter beside it; from the monitoring namespace each exporter's
// /metrics reports nginx up and the connections stub_status counted, which it
// read over the pod's loopback (the web NetworkPolicy denies the pod all
// egress); from elsewhere the exporter's port does not answer.
func checkMetricsExporter(ctx context.Context, t *T) string {
	if webTierSite(t) == nil { // its monitoring and elsewhere namespaces
		return ""
	}
	c, err := readChart(webTierApp, "exporter")
	monitoring, err1 := readChart(webTierApp, "monitoring")
	elsewhere, err2 := readChart(webTierApp, "elsewhere")
	if err != nil || err1 != nil || err2 != nil || len(c.webs) != 1 {
		t.Fatalf("the web-tier app's exporter, monitoring or elsewhere chart: %v %v %v", err, err1, err2)
	}
	w := c.webs[0]
	var exporter *corev1.Container
	for i, ct := range w.sts.Spec.Template.Spec.Containers {
		if ct.Name == "exporter" {
			exporter = &w.sts.Spec.Template.Spec.Containers[i]
		}
	}
	if exporter == nil || len(exporter.Ports) != 1 {
		t.Fatalf("StatefulSet %s has no exporter container with one port", w.sts.Name)
	}
	port := exporter.Ports[0].ContainerPort
	if len(crdsOf(ctx, "prometheus-operator").names) == 0 {
		return ""
	}
	if !applyWithoutWarning(t, c.path, "the exporter's site") || !allServe(t, w, 3*waitLimit) {
		return ""
	}
	stop, ok := clientPodIn(t, monitoring.ns, elsewhere.ns)
	if !ok {
		return ""
	}
	defer stop()
	var seen []string
	for i := range w.pages {
		p := must(getPod(c.ns, w.pod(i)))
		url := fmt.Sprintf("http://%s:%d/metrics", p.Status.PodIP, port)
		var body string
		// The exporter has no probe: its pod is Ready once it has started, maybe before it listens.
		waitFor(waitLimit, func() bool { body, err = fetchFrom(ctx, monitoring.ns, url); return err == nil })
		up, accepted := sample(body, "nginx_up"), sample(body, "nginx_connections_accepted")
		if err != nil || up != "1" || accepted == "" || accepted == "0" {
			t.Errorf("from %s, %s: nginx_up %q, nginx_connections_accepted %q (%v), not nginx up with connections counted", monitoring.ns, url, up, accepted, err)
		}
		if body, err := fetchFrom(ctx, elsewhere.ns, url); err == nil {
			t.Errorf("from %s, %s answered (%d bytes): the web NetworkPolicy was not enforced", elsewhere.ns, url, len(body))
		}
		seen = append(seen, fmt.Sprintf("%s nginx_up %s, nginx_connections_accepted %s", w.pod(i), up, accepted))
	}
	return fmt.Sprintf("%s (restricted; %s) applied with its PodMonitor; each exporter's :%d/metrics from %s, and not from %s: %s",
		w.sts.Name, exporter.Image, port, monitoring.ns, elsewhere.ns, strings.Join(seen, "; "))
}

// sample is the value of the unlabelled sample name in a Prometheus text
// exposition, or "".
func sample(body, name string) string {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
