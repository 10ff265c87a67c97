package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// saKubeconfig writes a kubeconfig holding a fresh token of the provisioner's ServiceAccount.
func saKubeconfig(l *labInfo) (string, error) {
	token, err := kubectl("create", "token", l.sa, "-n", l.ns, "--duration", "1h")
	if err != nil {
		return "", err
	}
	kc := filepath.Join(workdir, "provisioner-sa.kubeconfig")
	admin, err := os.ReadFile(kubeconfig)
	if err != nil {
		return "", err
	}
	lines := strings.Split(string(admin), "\n")
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "token:") {
			lines[i] = "    token: " + strings.TrimSpace(token)
		}
	}
	return kc, os.WriteFile(kc, []byte(strings.Join(lines, "\n")), 0o600)
}

// rbac-can-i: `kubectl auth can-i` with the ServiceAccount's token allows what the
// provisioner needs and denies the rest.
func checkRBACCanI(ctx context.Context, t *T) string {
	l := must(readLab())
	kc, err := saKubeconfig(l)
	if err != nil {
		t.Fatalf("%v", err)
	}
	can := func(q string) string {
		out, _ := kubectlAs(kc, "", append([]string{"auth", "can-i"}, strings.Fields(q)...)...)
		return strings.TrimSpace(out)
	}
	ns := l.ns
	allowed := []string{
		"list persistentvolumeclaims -A", "watch persistentvolumeclaims -A", "update persistentvolumeclaims -n " + ns,
		"get persistentvolumes", "list persistentvolumes", "watch persistentvolumes", "create persistentvolumes", "delete persistentvolumes",
		"get storageclasses.storage.k8s.io", "list storageclasses.storage.k8s.io", "watch storageclasses.storage.k8s.io",
		"create events -n " + ns, "patch events -n " + ns,
		"get endpoints -n " + ns, "create endpoints -n " + ns, "update endpoints -n " + ns,
	}
	denied := []string{
		"get secrets -n " + ns, "list secrets -A", "get secrets -n kube-system",
		"delete pods -n " + ns, "create pods -n " + ns, "create pods/exec -n " + ns,
		"create services -n " + ns, "update services -n " + ns, "patch services -n " + ns, "delete services -n " + ns,
		"update persistentvolumes", "patch persistentvolumes", "delete persistentvolumeclaims -n " + ns,
		"create leases.coordination.k8s.io -n kube-system", "update endpoints -n kube-system",
		"create clusterroles.rbac.authorization.k8s.io", "create clusterrolebindings.rbac.authorization.k8s.io",
		"delete nodes", "create storageclasses.storage.k8s.io", "impersonate serviceaccounts -A", "* *",
	}
	for _, q := range allowed {
		if a := can(q); a != "yes" {
			t.Errorf("denied: %s (%s)", q, a)
		}
	}
	for _, q := range denied {
		if a := can(q); a != "no" {
			t.Errorf("allowed: %s (%s)", q, a)
		}
	}
	return fmt.Sprintf("with the token of %s/%s: %d needed permissions allowed, %d others (secrets, pod and service writes, PV updates, other namespaces, RBAC writes, * *) denied",
		ns, l.sa, len(allowed), len(denied))
}

// rbacInfo prints what the provisioner used, per the audit log, and what it was granted but did not use.
func rbacInfo(l *labInfo) {
	used := map[string]bool{}
	for _, e := range auditOf(l) {
		if e.ResponseStatus.Code < 400 {
			used[e.what()] = true
		}
	}
	var u, unused []string
	for k := range used {
		u = append(u, k)
	}
	for _, rule := range l.clusterRole.Rules {
		for _, g := range rule.APIGroups {
			for _, res := range rule.Resources {
				for _, v := range rule.Verbs {
					k := v + " " + res
					if g != "" {
						k += "." + g
					}
					if !used[k] {
						unused = append(unused, k)
					}
				}
			}
		}
	}
	sort.Strings(u)
	sort.Strings(unused)
	info("rbac: used by the provisioner: %s", strings.Join(u, ","))
	info("rbac: granted by the ClusterRole but not used in this run: %s", strings.Join(unused, ","))
}

// rbac-live: without `create persistentvolumes` a fresh claim stays Pending and the
// provisioner is refused; with the rule restored it binds. Runs last (it edits RBAC).
func checkRBACLive(ctx context.Context, t *T) string {
	l := must(readLab())
	rbacInfo(l)
	p, err := provisionerPod(l)
	if err != nil {
		t.Fatalf("%v", err)
	}
	stored := &unstructured.Unstructured{}
	stored.SetGroupVersionKind(rbacv1.SchemeGroupVersion.WithKind("ClusterRole"))
	if err := res().Get(ctx, l.clusterRole.Name, "", stored); err != nil {
		t.Fatalf("ClusterRole %s: %v", l.clusterRole.Name, err)
	}
	role := stored.Object
	meta := role["metadata"].(map[string]any)
	for _, k := range []string{"resourceVersion", "uid", "creationTimestamp", "managedFields"} {
		delete(meta, k)
	}
	good := string(must(json.Marshal(role)))
	for _, rule := range role["rules"].([]any) {
		rm := rule.(map[string]any)
		for _, res := range rm["resources"].([]any) {
			if res == "persistentvolumes" {
				var verbs []any
				for _, v := range rm["verbs"].([]any) {
					if v != "create" {
						verbs = append(verbs, v)
					}
				}
				rm["verbs"] = verbs
			}
		}
	}
	broken := string(must(json.Marshal(role)))
	restore := func() {
		if _, err := kubectlAs(kubeconfig, good, "replace", "-f", "-"); err != nil {
			t.Errorf("restoring the ClusterRole: %v", err)
		}
	}
	if _, err := kubectlAs(kubeconfig, broken, "replace", "-f", "-"); err != nil {
		t.Fatalf("%v", err)
	}
	kc, _ := saKubeconfig(l)
	if !waitFor(30*time.Second, func() bool {
		out, _ := kubectlAs(kc, "", "auth", "can-i", "create", "persistentvolumes")
		return strings.TrimSpace(out) == "no"
	}) {
		restore()
		t.Fatalf("removing 'create persistentvolumes' did not take effect")
	}
	probe := "e2e-rbac-probe"
	// A class that binds when a pod is scheduled provisions a claim once the
	// scheduler has named its node: the probe claim names the node itself.
	annotations := map[string]string{}
	if m := l.class.VolumeBindingMode; m != nil && *m == storagev1.VolumeBindingWaitForFirstConsumer {
		node, err := nodeName(ctx)
		if err != nil {
			restore()
			t.Fatalf("%v", err)
		}
		annotations["volume.kubernetes.io/selected-node"] = node
	}
	claim := fmt.Sprintf(`{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":%q,"namespace":%q,"annotations":%s},
"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":%q,"resources":{"requests":{"storage":"1Mi"}}}}`,
		probe, l.ns, must(json.Marshal(annotations)), l.class.Name)
	if _, err := kubectlAs(kubeconfig, claim, "apply", "-f", "-"); err != nil {
		restore()
		t.Fatalf("%v", err)
	}
	refused := waitFor(waitLimit, func() bool {
		logs, _ := kubectl("logs", "-n", l.ns, p.Name)
		return strings.Contains(logs, "persistentvolumes is forbidden")
	})
	c, _ := getClaim(l.ns, probe)
	phase := string(c.Status.Phase)
	restore()
	if !refused {
		t.Fatalf("without 'create persistentvolumes' the provisioner logged no 'persistentvolumes is forbidden' (probe claim %s)", phase)
	}
	if phase == "Bound" {
		t.Errorf("the probe claim was Bound without the rule")
	}
	pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: probe, Namespace: l.ns}}
	bound := conditions.New(res()).ResourceMatch(pvc, func(o k8s.Object) bool {
		return o.(*corev1.PersistentVolumeClaim).Status.Phase == corev1.ClaimBound
	})
	if wait.For(bound, poll(2*waitLimit)...) != nil {
		t.Errorf("the probe claim is not Bound after restoring the rule")
	}
	return fmt.Sprintf("without 'create persistentvolumes' a fresh claim stays %s and the provisioner in pod %s logs 'persistentvolumes is forbidden'; with the rule restored it is Bound", phase, p.Name)
}
