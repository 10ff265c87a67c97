package checks

// The lab's PodDisruptionBudget under evictions.

import (
	"context"
	"fmt"
	"strings"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// pdb-drain: with one pod evicted, evicting a second is refused by the lab's
// PodDisruptionBudget; the evicted pod comes back with its page.
func checkPDBDrain(ctx context.Context, t *T) string {
	l := must(readLab())
	if l.replicas() < 3 {
		t.Fatalf("needs 3 replicas")
	}
	name := l.sts.Name // the PDB is named after the StatefulSet
	pdb := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: l.ns}}
	ready := conditions.New(res()).ResourceMatch(pdb, func(o k8s.Object) bool {
		s := o.(*policyv1.PodDisruptionBudget).Status
		return s.ExpectedPods == 3 && s.DisruptionsAllowed == 1
	})
	if wait.For(ready, poll(waitLimit)...) != nil {
		t.Fatalf("PodDisruptionBudget %s: expected 3 pods and 1 disruption allowed, status %+v", name, pdb.Status)
	}
	evict := func(pod string) error {
		body := fmt.Sprintf(`{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":%q,"namespace":%q}}`, pod, l.ns)
		_, err := kubectlAs(kubeconfig, body, "create", "--raw", fmt.Sprintf("/api/v1/namespaces/%s/pods/%s/eviction", l.ns, pod), "-f", "-")
		return err
	}
	old := must(getPod(l.ns, l.pod(2)))
	if err := evict(l.pod(2)); err != nil {
		t.Fatalf("evicting %s with one disruption allowed: %v", l.pod(2), err)
	}
	err := evict(l.pod(1))
	if err == nil || !strings.Contains(err.Error(), "Cannot evict pod as it would violate the pod's disruption budget") {
		t.Errorf("evicting %s while %s is down was not refused by the budget: %v", l.pod(1), l.pod(2), err)
	}
	if !cameBack(t, l.ns, old) {
		return ""
	}
	if _, err := serves(l, 2); err != nil {
		t.Errorf("%v", err)
	}
	return fmt.Sprintf("%s evicted; evicting %s then refused (\"would violate the pod's disruption budget\"); %s back Ready serving %s",
		l.pod(2), l.pod(1), l.pod(2), l.page(2))
}
