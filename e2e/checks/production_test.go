package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
)

// psa-baseline: the lab's namespace enforces baseline (and warns and audits at
// restricted), the API server enforces it, and every pod of the lab was admitted.
func checkPSABaseline(ctx context.Context, r *result) string {
	l := must(readLab())
	var ns corev1.Namespace
	if err := json.Unmarshal([]byte(must(kubectl("get", "namespace", l.ns, "-o", "json"))), &ns); err != nil {
		r.fail("namespace %s: %v", l.ns, err)
		return ""
	}
	want := map[string]string{"enforce": "baseline", "warn": "restricted", "audit": "restricted"}
	for mode, level := range want {
		if got := ns.Labels["pod-security.kubernetes.io/"+mode]; got != level {
			r.fail("namespace %s: pod-security.kubernetes.io/%s is %q, not %q", l.ns, mode, got, level)
		}
	}
	// The lab's apply: the admission warned that its pods (httpd as root, the
	// provisioner as root) would not pass restricted, and admitted them.
	warnings := 0
	for _, line := range strings.Split(applyOutput, "\n") {
		if strings.Contains(line, `would violate PodSecurity "restricted:latest"`) {
			warnings++
		}
	}
	if warnings < 2 {
		r.fail("expected the restricted warning for the StatefulSet and the Deployment in kubectl apply's output, got %d in: %s", warnings, applyOutput)
	}
	// Enforcement is on: a pod on the host's network is refused with the API server's message.
	refused, err := kubectl("run", "psa-probe", "-n", l.ns, "--image=e2e-client:1", "--restart=Never", "--dry-run=server",
		`--overrides={"spec":{"hostNetwork":true}}`)
	if err == nil || !strings.Contains(err.Error(), `violates PodSecurity "baseline:latest": host namespaces`) {
		r.fail("a hostNetwork pod in %s was not refused by baseline: %v %s", l.ns, err, refused)
	}
	events := must(kubectl("get", "events", "-n", l.ns, "--field-selector", "reason=FailedCreate", "-o", "name"))
	if strings.TrimSpace(events) != "" {
		r.fail("FailedCreate events in %s: %s", l.ns, strings.ReplaceAll(strings.TrimSpace(events), "\n", " "))
	}
	return fmt.Sprintf("namespace %s enforces baseline, warns and audits restricted; %d restricted warnings on the lab; a hostNetwork pod is refused; no FailedCreate", l.ns, warnings)
}

// applyOutput is what kubectl printed when the lab was applied (check apply).
var applyOutput string

// pdb-drain: with one pod evicted, evicting a second is refused by the lab's
// PodDisruptionBudget; the evicted pod comes back with its page.
func checkPDBDrain(ctx context.Context, r *result) string {
	l := must(readLab())
	if l.replicas() < 3 {
		r.fail("needs 3 replicas")
		return ""
	}
	name := l.sts.Name // the PDB is named after the StatefulSet
	var pdb policyv1.PodDisruptionBudget
	ready := waitFor(wait, func() bool {
		raw, err := kubectl("get", "pdb", "-n", l.ns, name, "-o", "json")
		return err == nil && json.Unmarshal([]byte(raw), &pdb) == nil &&
			pdb.Status.ExpectedPods == 3 && pdb.Status.DisruptionsAllowed == 1
	})
	if !ready {
		r.fail("PodDisruptionBudget %s: expected 3 pods and 1 disruption allowed, status %+v", name, pdb.Status)
		return ""
	}
	evict := func(pod string) error {
		body := fmt.Sprintf(`{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":%q,"namespace":%q}}`, pod, l.ns)
		_, err := kubectlAs(kubeconfig, body, "create", "--raw", fmt.Sprintf("/api/v1/namespaces/%s/pods/%s/eviction", l.ns, pod), "-f", "-")
		return err
	}
	old := must(getPod(l.ns, l.pod(2)))
	if err := evict(l.pod(2)); err != nil {
		r.fail("evicting %s with one disruption allowed: %v", l.pod(2), err)
		return ""
	}
	err := evict(l.pod(1))
	if err == nil || !strings.Contains(err.Error(), "Cannot evict pod as it would violate the pod's disruption budget") {
		r.fail("evicting %s while %s is down was not refused by the budget: %v", l.pod(1), l.pod(2), err)
	}
	if !cameBack(r, l.ns, old) {
		return ""
	}
	if _, err := serves(l, 2); err != nil {
		r.fail("%v", err)
	}
	return fmt.Sprintf("%s evicted; evicting %s then refused (\"would violate the pod's disruption budget\"); %s back Ready serving %s",
		l.pod(2), l.pod(1), l.pod(2), l.page(2))
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

// removeNamespace deletes a check's namespace and waits for it to go, then the
// PersistentVolumes its claims left (their class retains them).
func removeNamespace(r *result, ns string) {
	if _, err := kubectl("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=100s"); err != nil {
		r.fail("deleting namespace %s: %v", ns, err)
	}
	removeVolumesOf(r, ns)
}

// removeVolumesOf deletes the PersistentVolumes bound to claims of namespace ns
// that outlive them (Retain), and waits until they are gone.
func removeVolumesOf(r *result, ns string) {
	pvs := &corev1.PersistentVolumeList{}
	if err := res().List(context.Background(), pvs); err != nil {
		r.fail("cleanup: %v", err)
		return
	}
	for _, pv := range pvs.Items {
		if pv.Spec.ClaimRef != nil && pv.Spec.ClaimRef.Namespace == ns {
			if _, err := kubectl("delete", "pv", pv.Name, "--wait=true", "--timeout=60s"); err != nil {
				r.fail("cleanup: %v", err)
			}
		}
	}
}

// allServe waits until every pod of a StatefulWeb serves its page.
func allServe(r *result, w *webInfo, limit time.Duration) bool {
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
	r.fail("StatefulSet %s: not every pod serves its page within %s: %v", s.Name, limit, last)
	return false
}

// psa-restricted: a namespace that enforces restricted admits the
// nginx-unprivileged site (Ready, serving on 8080 as user 101) and refuses the
// httpd pods with the API server's own message.
func checkPSARestricted(ctx context.Context, r *result) string {
	nginxChart := must(readChart("psa-restricted", "nginx"))
	nginx := nginxChart.web("nginx")
	if nginx == nil || nginxChart.namespace == nil || must(readChart("psa-restricted", "httpd")).web("httpd") == nil {
		r.fail("the psa-restricted app lacks its Namespace or the StatefulSets nginx and httpd")
		return ""
	}
	ns := nginxChart.ns
	defer removeNamespace(r, ns)
	if got := nginxChart.namespace.Labels["pod-security.kubernetes.io/enforce"]; got != "restricted" {
		r.fail("namespace %s enforces %q, not restricted", ns, got)
	}
	out, err := applyFile(appYAML("psa-restricted", "nginx"))
	if err != nil {
		r.fail("%v", err)
		return ""
	}
	if strings.Contains(out, "would violate PodSecurity") {
		r.fail("the nginx site drew a Pod Security warning: %s", out)
	}
	if !allServe(r, nginx, 3*wait) {
		return ""
	}
	s := nginx.sts
	port := s.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort
	var ips []string
	for i := 0; i < int(*s.Spec.Replicas); i++ {
		pod := fmt.Sprintf("nginx-%d", i)
		ip := must(servesOn(ns, pod, port, nginx.page(i)))
		ips = append(ips, fmt.Sprintf("%s %s:%d %q", pod, ip, port, nginx.page(i)))
		// The server's processes run as the image's user, not root.
		if uid, err := kubectl("exec", "-n", ns, pod, "-c", "web", "--", "id", "-u"); err != nil || strings.TrimSpace(uid) != "101" {
			r.fail("%s: web runs as uid %q (%v), not 101", pod, strings.TrimSpace(uid), err)
		}
	}
	// The httpd site in the same namespace: its StatefulSet is admitted (with the
	// admission's warning), its pods are refused.
	out, err = applyFile(appYAML("psa-restricted", "httpd"))
	if err != nil {
		r.fail("%v", err)
		return ""
	}
	if !strings.Contains(out, `would violate PodSecurity "restricted:latest"`) {
		r.fail("no restricted warning for the httpd StatefulSet in kubectl apply's output: %s", out)
	}
	var refused string
	waitFor(wait, func() bool {
		msgs, err := kubectl("get", "events", "-n", ns, "--field-selector", "reason=FailedCreate,involvedObject.name=httpd",
			"-o", `jsonpath={range .items[*]}{.message}{"\n"}{end}`)
		for _, m := range strings.Split(msgs, "\n") {
			if err == nil && strings.Contains(m, `violates PodSecurity "restricted:latest"`) {
				refused = m
				return true
			}
		}
		return false
	})
	if refused == "" {
		r.fail("no FailedCreate event for StatefulSet httpd saying it violates restricted")
	}
	if p, err := getPod(ns, "httpd-0"); err == nil {
		r.fail("pod httpd-0 exists (%s)", p.Status.Phase)
	}
	return fmt.Sprintf("namespace %s enforces restricted; nginx-unprivileged admitted without warning, Ready as uid 101, serving: %s; httpd refused: %s",
		ns, strings.Join(ips, ", "), refused)
}

// pages-sync: PagesMode.SYNC rolls the pods one at a time when the pages
// change, and each serves its new page; the default (seed once) keeps serving
// the old page, even from a pod that starts again.
func checkPagesSync(ctx context.Context, r *result) string {
	v1, v2 := must(readChart("pages-sync", "v1")), must(readChart("pages-sync", "v2"))
	sync1, seed1, sync2, seed2 := v1.web("sync"), v1.web("seed"), v2.web("sync"), v2.web("seed")
	if sync1 == nil || seed1 == nil || sync2 == nil || seed2 == nil {
		r.fail("the pages-sync app lacks the StatefulSets sync and seed in v1 and v2")
		return ""
	}
	ns := v1.ns
	defer removeNamespace(r, ns)
	for _, w := range [][2]*webInfo{{sync1, sync2}, {seed1, seed2}} {
		if w[0].page(0) == w[1].page(0) || w[1].page(0) == "" {
			r.fail("%s: v1 and v2 have the same page 0 %q", w[0].sts.Name, w[0].page(0))
			return ""
		}
	}
	if _, err := applyFile(appYAML("pages-sync", "v1")); err != nil {
		r.fail("%v", err)
		return ""
	}
	if !allServe(r, sync1, 3*wait) || !allServe(r, seed1, 3*wait) {
		return ""
	}
	uids := func(sts string) map[string]string {
		m := map[string]string{}
		for i := 0; i < int(*v1.web(sts).sts.Spec.Replicas); i++ {
			name := fmt.Sprintf("%s-%d", sts, i)
			if p, err := getPod(ns, name); err == nil {
				m[name] = string(p.UID)
			}
		}
		return m
	}
	syncBefore, seedBefore := uids("sync"), uids("seed")

	if _, err := applyFile(appYAML("pages-sync", "v2")); err != nil {
		r.fail("%v", err)
		return ""
	}
	// sync: every pod replaced, each serving its v2 page.
	n := int(*sync2.sts.Spec.Replicas)
	if !waitFor(3*wait, func() bool {
		now := uids("sync")
		for name, uid := range syncBefore {
			if now[name] == uid || now[name] == "" || !podReady(ns, name) {
				return false
			}
		}
		return true
	}) {
		r.fail("the sync pods were not all replaced and Ready within %s", 3*wait)
		return ""
	}
	if !allServe(r, sync2, wait) {
		return ""
	}
	// One at a time: each new pod was created after the one before it was Ready.
	type started struct {
		name           string
		created, ready time.Time
	}
	var rolled []started
	for i := 0; i < n; i++ {
		p := must(getPod(ns, fmt.Sprintf("sync-%d", i)))
		s := started{name: p.Name, created: p.CreationTimestamp.Time}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady {
				s.ready = c.LastTransitionTime.Time
			}
		}
		rolled = append(rolled, s)
	}
	sort.Slice(rolled, func(i, j int) bool { return rolled[i].created.Before(rolled[j].created) })
	var order []string
	for i, s := range rolled {
		order = append(order, s.name)
		if i > 0 && s.created.Before(rolled[i-1].ready) {
			r.fail("%s was created at %s, before %s was Ready (%s): not one at a time", s.name, s.created.Format(time.TimeOnly),
				rolled[i-1].name, rolled[i-1].ready.Format(time.TimeOnly))
		}
	}
	for i := 0; i < n; i++ {
		logs, _ := kubectl("logs", "-n", ns, fmt.Sprintf("sync-%d", i), "-c", "sync-pages")
		if !strings.Contains(logs, "wrote ") {
			r.fail("sync-%d's sync-pages init container did not log that it wrote the page: %q", i, logs)
		}
	}
	// seed: the same change leaves the pods and the pages as they were.
	if now := uids("seed"); fmt.Sprint(now) != fmt.Sprint(seedBefore) {
		r.fail("the seed pods were replaced: %v, then %v", seedBefore, now)
	}
	if !allServe(r, seed1, wait) {
		return ""
	}
	last := seed2.pod(int(*seed2.sts.Spec.Replicas) - 1)
	old := must(getPod(ns, last))
	if _, err := kubectl("delete", "pod", "-n", ns, last, "--wait=true"); err != nil {
		r.fail("%v", err)
		return ""
	}
	if !cameBack(r, ns, old) {
		return ""
	}
	if !allServe(r, seed1, wait) {
		return ""
	}
	logs, _ := kubectl("logs", "-n", ns, last, "-c", "seed-pages")
	if !strings.Contains(logs, "left as it is") {
		r.fail("%s's seed-pages init container did not leave the page: %q", last, logs)
	}
	return fmt.Sprintf("sync: after v2 all %d pods replaced (new UIDs) one at a time, in the order %s, each created after the one before was Ready, serving %q...; seed: pods untouched, %s deleted and back, all still serve %q... (%q)",
		n, strings.Join(order, ", "), sync2.page(0), last, seed1.page(0), strings.TrimSpace(logs))
}
