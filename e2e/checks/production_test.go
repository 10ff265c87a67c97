package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

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
