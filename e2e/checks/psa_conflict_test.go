package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The first line of the library's synth-time refusal: the namespace, the level
// its PodSecurityNamespace enforces and the level the workload needs.
var psaRefusal = regexp.MustCompile(`'podSecurityLevel' must be a level namespace "([^"]+)" admits: \S+ enforces (\w+), got "(\w+)"`)

// psa-conflict-refused: the library refuses at synth a StatefulWeb whose Pod
// Security level is looser than what the PodSecurityNamespace of its namespace
// enforces (e2e/apps/psa-conflict.app.ts keeps that error). The same app, with
// the check off, meets the API server's own refusal at the level the error
// named, and its pods pass the level the error said they need: the synth-time
// rule and admission agree.
func checkPSAConflict(ctx context.Context, r *result) string {
	predicted, err := os.ReadFile(filepath.Join(appsDir, "psa-conflict", "synth-error.txt"))
	if err != nil {
		r.fail("the synth-time error of the psa-conflict app: %v", err)
		return ""
	}
	m := psaRefusal.FindStringSubmatch(string(predicted))
	if m == nil {
		r.fail("the psa-conflict app's synth did not fail with the Pod Security refusal: %s", predicted)
		return ""
	}
	ns, enforced, needed := m[1], m[2], m[3]
	a := must(readChart("psa-conflict", "conflict"))
	web := a.web("httpd")
	if web == nil || a.namespace == nil || a.ns != ns || a.namespace.Labels["pod-security.kubernetes.io/enforce"] != enforced {
		r.fail("the psa-conflict app lacks the Namespace %s enforcing %s or the StatefulSet httpd", ns, enforced)
		return ""
	}
	defer removeNamespace(r, ns)
	sts := web.sts

	out, err := applyFile(appYAML("psa-conflict", "conflict"))
	if err != nil {
		r.fail("%v", err)
		return ""
	}
	violates := fmt.Sprintf(`violates PodSecurity "%s:latest"`, enforced)
	if !strings.Contains(out, fmt.Sprintf(`would violate PodSecurity "%s:latest"`, enforced)) {
		r.fail("no %s warning for the StatefulSet in kubectl apply's output: %s", enforced, out)
	}

	// A pod of the template, as the StatefulSet controller makes it (a volume
	// per claim template, on the claim of ordinal 0), refused by the API server
	// itself (a server-side dry run: nothing is created).
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "httpd-0", Namespace: ns, Labels: sts.Spec.Template.Labels},
		Spec:       *sts.Spec.Template.Spec.DeepCopy(),
	}
	for _, t := range sts.Spec.VolumeClaimTemplates {
		pod.Spec.Volumes = append(pod.Spec.Volumes, corev1.Volume{Name: t.Name, VolumeSource: corev1.VolumeSource{
			PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: t.Name + "-httpd-0"},
		}})
	}
	manifest := string(must(json.Marshal(pod)))
	_, err = kubectlAs(kubeconfig, manifest, "create", "--dry-run=server", "-f", "-")
	if err == nil || !strings.Contains(err.Error(), violates) {
		r.fail("the API server did not refuse a pod of httpd with %q: %v", violates, err)
		return ""
	}
	refused := err.Error()[strings.Index(err.Error(), violates):]

	// The controller meets the same refusal, and no pod is made.
	var event string
	waitFor(wait, func() bool {
		msgs, err := kubectl("get", "events", "-n", ns, "--field-selector", "reason=FailedCreate,involvedObject.name=httpd",
			"-o", `jsonpath={range .items[*]}{.message}{"\n"}{end}`)
		for _, line := range strings.Split(msgs, "\n") {
			if err == nil && strings.Contains(line, violates) {
				event = line
				return true
			}
		}
		return false
	})
	if event == "" {
		r.fail("no FailedCreate event for StatefulSet httpd saying it %s", violates)
	}
	if p, err := getPod(ns, "httpd-0"); err == nil {
		r.fail("pod httpd-0 exists (%s)", p.Status.Phase)
	}

	// At the level the library said the site needs, the API server admits the
	// same pod: the StatefulSet goes first, so that nothing starts.
	if _, err := kubectl("delete", "statefulset", "httpd", "-n", ns, "--wait=true", "--timeout=60s"); err != nil {
		r.fail("%v", err)
		return ""
	}
	if _, err := kubectl("label", "namespace", ns, "--overwrite", "pod-security.kubernetes.io/enforce="+needed); err != nil {
		r.fail("%v", err)
		return ""
	}
	if _, err := kubectlAs(kubeconfig, manifest, "create", "--dry-run=server", "-f", "-"); err != nil {
		r.fail("namespace %s enforcing %s (the level the synth-time error named) refused the pod: %v", ns, needed, err)
	}
	return fmt.Sprintf("synth refused: %q; the API server, at %s: %q; at %s: admitted (dry run)",
		m[0], enforced, strings.TrimSpace(refused), needed)
}
