package checks

// Pod Security: the lab's baseline namespace, a restricted one, and the
// library's synth-time refusal agreeing with the API server's admission.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apimachinerywait "k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// applyOutput is what kubectl printed when the lab was applied (check apply).
var applyOutput string

// psa-baseline: the lab's namespace enforces baseline (and warns and audits at
// restricted), the API server enforces it, and every pod of the lab was admitted.
func checkPSABaseline(ctx context.Context, t *T) string {
	l := must(readLab())
	var ns corev1.Namespace
	if err := res().Get(ctx, l.ns, "", &ns); err != nil {
		t.Fatalf("namespace %s: %v", l.ns, err)
	}
	want := map[string]string{"enforce": "baseline", "warn": "restricted", "audit": "restricted"}
	for mode, level := range want {
		if got := ns.Labels["pod-security.kubernetes.io/"+mode]; got != level {
			t.Errorf("namespace %s: pod-security.kubernetes.io/%s is %q, not %q", l.ns, mode, got, level)
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
		t.Errorf("expected the restricted warning for the StatefulSet and the Deployment in kubectl apply's output, got %d in: %s", warnings, applyOutput)
	}
	// Enforcement is on: a pod on the host's network is refused with the API server's message.
	refused, err := kubectl("run", "psa-probe", "-n", l.ns, "--image=e2e-client:1", "--restart=Never", "--dry-run=server",
		`--overrides={"spec":{"hostNetwork":true}}`)
	if err == nil || !strings.Contains(err.Error(), `violates PodSecurity "baseline:latest": host namespaces`) {
		t.Errorf("a hostNetwork pod in %s was not refused by baseline: %v %s", l.ns, err, refused)
	}
	events := &corev1.EventList{}
	must(0, res().WithNamespace(l.ns).List(ctx, events, resources.WithFieldSelector("reason=FailedCreate")))
	if len(events.Items) > 0 {
		var names []string
		for _, e := range events.Items {
			names = append(names, "event/"+e.Name)
		}
		t.Errorf("FailedCreate events in %s: %s", l.ns, strings.Join(names, " "))
	}
	return fmt.Sprintf("namespace %s enforces baseline, warns and audits restricted; %d restricted warnings on the lab; a hostNetwork pod is refused; no FailedCreate", l.ns, warnings)
}

// psa-restricted: a namespace that enforces restricted admits the
// nginx-unprivileged site (Ready, serving on 8080 as user 101) and refuses the
// httpd pods with the API server's own message.
func checkPSARestricted(ctx context.Context, t *T) string {
	nginxChart := must(readChart("psa-restricted", "nginx"))
	nginx := nginxChart.web("nginx")
	if nginx == nil || nginxChart.namespace == nil || must(readChart("psa-restricted", "httpd")).web("httpd") == nil {
		t.Fatalf("the psa-restricted app lacks its Namespace or the StatefulSets nginx and httpd")
	}
	ns := nginxChart.ns
	if got := nginxChart.namespace.Labels["pod-security.kubernetes.io/enforce"]; got != "restricted" {
		t.Errorf("namespace %s enforces %q, not restricted", ns, got)
	}
	if !applyWithoutWarning(t, appYAML("psa-restricted", "nginx"), "the nginx site") || !allServe(t, nginx, 3*waitLimit) {
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
			t.Errorf("%s: web runs as uid %q (%v), not 101", pod, strings.TrimSpace(uid), err)
		}
	}
	// The httpd site in the same namespace: its StatefulSet is admitted (with the
	// admission's warning), its pods are refused.
	out, err := applyFile(appYAML("psa-restricted", "httpd"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	if !strings.Contains(out, `would violate PodSecurity "restricted:latest"`) {
		t.Errorf("no restricted warning for the httpd StatefulSet in kubectl apply's output: %s", out)
	}
	var refused string
	_ = wait.For(failedCreate(ns, func(m string) bool {
		if strings.Contains(m, `violates PodSecurity "restricted:latest"`) {
			refused = m
			return true
		}
		return false
	}), poll(waitLimit)...)
	if refused == "" {
		t.Errorf("no FailedCreate event for StatefulSet httpd saying it violates restricted")
	}
	if p, err := getPod(ns, "httpd-0"); err == nil {
		t.Errorf("pod httpd-0 exists (%s)", p.Status.Phase)
	}
	return fmt.Sprintf("namespace %s enforces restricted; nginx-unprivileged admitted without warning, Ready as uid 101, serving: %s; httpd refused: %s",
		ns, strings.Join(ips, ", "), refused)
}

// The first line of the library's synth-time refusal: the namespace, the level
// its PodSecurityNamespace enforces and the level the workload needs.
var psaRefusal = regexp.MustCompile(`'podSecurityLevel' must be a level namespace "([^"]+)" admits: \S+ enforces (\w+), got "(\w+)"`)

// psa-conflict-refused: the library refuses at synth a StatefulWeb whose Pod
// Security level is looser than what the PodSecurityNamespace of its namespace
// enforces (e2e/apps/psa-conflict.app.ts keeps that error). The same app, with
// the check off, meets the API server's own refusal at the level the error
// named, and its pods pass the level the error said they need: the synth-time
// rule and admission agree.
func checkPSAConflict(ctx context.Context, t *T) string {
	predicted, err := os.ReadFile(filepath.Join(appsDir, "psa-conflict", "synth-error.txt"))
	if err != nil {
		t.Fatalf("the synth-time error of the psa-conflict app: %v", err)
	}
	m := psaRefusal.FindStringSubmatch(string(predicted))
	if m == nil {
		t.Fatalf("the psa-conflict app's synth did not fail with the Pod Security refusal: %s", predicted)
	}
	ns, enforced, needed := m[1], m[2], m[3]
	a := must(readChart("psa-conflict", "conflict"))
	web := a.web("httpd")
	if web == nil || a.namespace == nil || a.ns != ns || a.namespace.Labels["pod-security.kubernetes.io/enforce"] != enforced {
		t.Fatalf("the psa-conflict app lacks the Namespace %s enforcing %s or the StatefulSet httpd", ns, enforced)
	}
	sts := web.sts

	out, err := applyFile(appYAML("psa-conflict", "conflict"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	violates := fmt.Sprintf(`violates PodSecurity "%s:latest"`, enforced)
	if !strings.Contains(out, fmt.Sprintf(`would violate PodSecurity "%s:latest"`, enforced)) {
		t.Errorf("no %s warning for the StatefulSet in kubectl apply's output: %s", enforced, out)
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
		t.Fatalf("the API server did not refuse a pod of httpd with %q: %v", violates, err)
	}
	refused := err.Error()[strings.Index(err.Error(), violates):]

	// The controller meets the same refusal, and no pod is made.
	var event string
	_ = wait.For(failedCreate(ns, func(m string) bool {
		if strings.Contains(m, violates) {
			event = m
			return true
		}
		return false
	}), poll(waitLimit)...)
	if event == "" {
		t.Errorf("no FailedCreate event for StatefulSet httpd saying it %s", violates)
	}
	if p, err := getPod(ns, "httpd-0"); err == nil {
		t.Errorf("pod httpd-0 exists (%s)", p.Status.Phase)
	}

	// At the level the library said the site needs, the API server admits the
	// same pod: the StatefulSet goes first, so that nothing starts.
	if err := remove(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "httpd", Namespace: ns}}, 60*time.Second); err != nil {
		t.Fatalf("%v", err)
	}
	if _, err := kubectl("label", "namespace", ns, "--overwrite", "pod-security.kubernetes.io/enforce="+needed); err != nil {
		t.Fatalf("%v", err)
	}
	if _, err := kubectlAs(kubeconfig, manifest, "create", "--dry-run=server", "-f", "-"); err != nil {
		t.Errorf("namespace %s enforcing %s (the level the synth-time error named) refused the pod: %v", ns, needed, err)
	}
	return fmt.Sprintf("synth refused: %q; the API server, at %s: %q; at %s: admitted (dry run)",
		m[0], enforced, strings.TrimSpace(refused), needed)
}

// failedCreate is the condition that a FailedCreate event of StatefulSet httpd
// in ns has a message that match accepts.
func failedCreate(ns string, match func(message string) bool) apimachinerywait.ConditionWithContextFunc {
	return conditions.New(res().WithNamespace(ns)).ResourceListMatchN(&corev1.EventList{}, 1,
		func(o k8s.Object) bool { return match(o.(*corev1.Event).Message) },
		resources.WithFieldSelector("reason=FailedCreate,involvedObject.name=httpd"))
}
