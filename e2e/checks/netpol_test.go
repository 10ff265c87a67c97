package checks

// NetworkPolicy, enforced on the node by kube-router's firewall (e2e/node.sh):
// what the library's policies let through and what they stop, seen from pods.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// netpolConsts is e2e/apps/netpol.json: what e2e/apps/netpol.app.ts asks the library for.
type netpolConsts struct {
	Web struct {
		Namespace, Site, MonitorNamespace string
		Pages                             []string
		Port, StatusPort                  int
	}
	Open struct {
		Namespace, Site string
		Pages           []string
	}
	OtherNamespace string
	CutOff         struct {
		Namespace, Dir, StorageClass, Site, Page string
		APIServerPorts                           []int
	}
}

func readNetpol() (*netpolConsts, error) {
	b, err := os.ReadFile(filepath.Join(os.Getenv("E2E_DIR"), "apps", "netpol.json"))
	if err != nil {
		return nil, err
	}
	c := &netpolConsts{}
	return c, json.Unmarshal(b, c)
}

// execIn runs cmd in a container of a pod: its stdout and stderr together.
func execIn(ctx context.Context, ns, pod, container string, cmd ...string) (string, error) {
	var out, errb bytes.Buffer
	err := res().ExecInPod(ctx, ns, pod, container, cmd, &out, &errb)
	return out.String() + errb.String(), err
}

// startClient starts a busybox client pod (e2e-client:1) in ns and waits until it is Ready.
func startClient(ns, name string) error {
	manifest := fmt.Sprintf(`apiVersion: v1
kind: Pod
metadata: {name: %s, namespace: %s}
spec:
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: client
    image: e2e-client:1
    imagePullPolicy: Never
    command: [sleep, "3600"]
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`, name, ns)
	if _, err := kubectlAs(kubeconfig, manifest, "apply", "-f", "-"); err != nil {
		return err
	}
	if wait.For(podReadyCond(ns, name), poll(waitLimit)...) != nil {
		return fmt.Errorf("client pod %s/%s not Ready", ns, name)
	}
	return nil
}

// fetch is `e2e-get ip:port` in a client pod: the page, or why not.
// connected: an HTTP answer came (a page, or an error status).
// admitted is fetch for a connection the policy admits: up to three tries a
// second apart, as a client would retry a request cut on its way (one EOF from
// a just-started pod); a policy that refuses it fails every try.
func admitted(ctx context.Context, ns, pod, ip string, port int) (body string, connected bool, why string) {
	first := ""
	for try := 0; ; try++ {
		body, connected, why = fetch(ctx, ns, pod, ip, port)
		if why == "" || try == 2 {
			if why == "" && first != "" {
				fmt.Printf("INFO [%s] retried: %s:%d from %s/%s after: %s\n", version, ip, port, ns, pod, first)
			}
			return body, connected, why
		}
		if first == "" {
			first = why
		}
		time.Sleep(time.Second)
	}
}

func fetch(ctx context.Context, ns, pod, ip string, port int) (body string, connected bool, why string) {
	out, err := execIn(ctx, ns, pod, "client", "e2e-get", fmt.Sprintf("%s:%d", ip, port))
	status := ""
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "status: "); ok {
			status = v
		}
		if v, ok := strings.CutPrefix(line, "body: "); ok {
			body = strings.TrimSpace(v)
		}
	}
	if err == nil && status == "200" {
		return body, true, ""
	}
	return "", status != "", strings.TrimSpace(strings.ReplaceAll(out, "\n", " "))
}

// tcpFrom tries a TCP connection to ip:port with bash, run by `run` (in a web
// container, or the node's own bash in a pod's network namespace through
// nsenter): nil when it connected.
func tcpFrom(run func(cmd ...string) (string, error), ip string, port int) error {
	out, err := run("bash", "-c", fmt.Sprintf(`timeout 5 bash -c 'exec 3<>/dev/tcp/%s/%d' 2>&1; echo "exit=$?"`, ip, port))
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(out))
	}
	out = strings.TrimSpace(out)
	if strings.HasSuffix(out, "exit=0") {
		return nil
	}
	return fmt.Errorf("%s", strings.ReplaceAll(out, "\n", " "))
}

func podIP(ns, name string) (string, error) {
	p, err := getPod(ns, name)
	if err != nil {
		return "", err
	}
	if p.Status.PodIP == "" {
		return "", fmt.Errorf("%s/%s has no IP", ns, name)
	}
	return p.Status.PodIP, nil
}

// firewalled: kube-router wrote a firewall chain for the pod (its rules' comments name it).
func firewalled(ns, pod string) bool {
	out, err := exec.Command("iptables-save", "-t", "filter").Output()
	return err == nil && strings.Contains(string(out), fmt.Sprintf("name:%s namespace: %s ", pod, ns))
}

// netpolWebNamespaces is netpol-web's steps: the namespaces of its two
// clients (netpol.json's monitoring and other namespaces) created before it;
// after it, on success and failure, those and the namespaces of its two sites
// removed.
var netpolWebNamespaces = steps{
	setup: func(ctx context.Context, t *T) context.Context {
		c, err := readNetpol()
		if err != nil {
			t.Errorf("%v", err)
			return ctx
		}
		for _, ns := range []string{c.Web.MonitorNamespace, c.OtherNamespace} {
			if ctx, err = createNamespace(ctx, ns); err != nil {
				t.Errorf("%v", err)
				return ctx
			}
		}
		return ctx
	},
	teardown: func(ctx context.Context, t *T) {
		c, err := readNetpol()
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		for _, ns := range []string{c.OtherNamespace, c.Web.MonitorNamespace, c.Open.Namespace, c.Web.Namespace} {
			removeNamespace(t, ns)
		}
	},
}

// netpol-web: the web NetworkPolicy admits the http port from anywhere and the
// status port from the monitoring namespace alone, and lets the pods open no
// connection; the same site without it (`networkPolicy: false`) is reached on
// both ports from anywhere and reaches out.
func checkNetpolWeb(ctx context.Context, t *T) string {
	c, err := readNetpol()
	if err != nil {
		t.Fatalf("%v", err)
	}
	web, open := must(readChart("netpol", "web")).web(c.Web.Site), must(readChart("netpol", "open")).web(c.Open.Site)
	if web == nil || open == nil {
		t.Fatalf("the netpol app lacks the StatefulSets %s and %s", c.Web.Site, c.Open.Site)
	}
	for _, a := range []string{"web", "open"} {
		if _, err := applyFile(appYAML("netpol", a)); err != nil {
			t.Fatalf("%v", err)
		}
	}
	// The monitoring client and the other one start while the sites come up.
	clients := make(chan error, 2)
	go func() { clients <- startClient(c.Web.MonitorNamespace, "monitor") }()
	go func() { clients <- startClient(c.OtherNamespace, "other") }()
	// From the node, which every policy admits (kube-router lets the node's own
	// addresses in): each pod is up and serves its page.
	up := allServe(t, web, 3*waitLimit)
	up = allServe(t, open, 3*waitLimit) && up
	for i := 0; i < 2; i++ {
		if err := <-clients; err != nil {
			t.Errorf("%v", err)
			up = false
		}
	}
	if !up {
		return ""
	}
	if !waitFor(waitLimit, func() bool { return firewalled(c.Web.Namespace, c.Web.Site+"-0") }) {
		t.Errorf("kube-router wrote no firewall chain for %s/%s-0", c.Web.Namespace, c.Web.Site)
	}
	var seen []string
	for i, page := range c.Web.Pages {
		pod := fmt.Sprintf("%s-%d", c.Web.Site, i)
		ip := must(podIP(c.Web.Namespace, pod))
		// Admitted: the http port from both clients, the status port from the monitoring namespace.
		for _, from := range []struct{ ns, pod string }{{c.Web.MonitorNamespace, "monitor"}, {c.OtherNamespace, "other"}} {
			if body, _, why := admitted(ctx, from.ns, from.pod, ip, c.Web.Port); body != page {
				t.Errorf("from %s/%s, %s (%s:%d) served %q, not %q: %s", from.ns, from.pod, pod, ip, c.Web.Port, body, page, why)
			}
		}
		if _, connected, why := admitted(ctx, c.Web.MonitorNamespace, "monitor", ip, c.Web.StatusPort); !connected {
			t.Errorf("from %s/monitor, %s's status port %d refused a connection the policy admits: %s", c.Web.MonitorNamespace, pod, c.Web.StatusPort, why)
		}
		// Not admitted: the status port from another namespace.
		_, connected, why := fetch(ctx, c.OtherNamespace, "other", ip, c.Web.StatusPort)
		if connected {
			t.Errorf("from %s/other, %s's status port %d answered: the policy admits only %s there", c.OtherNamespace, pod, c.Web.StatusPort, c.Web.MonitorNamespace)
		} else {
			seen = append(seen, fmt.Sprintf("%s serves %q on :%d to both clients, :%d to %s only (other: %s)", pod, page, c.Web.Port, c.Web.StatusPort, c.Web.MonitorNamespace, why))
		}
	}
	// Without the policy, the client it refused gets through.
	openPod := c.Open.Site + "-0"
	openIP := must(podIP(c.Open.Namespace, openPod))
	if _, connected, why := admitted(ctx, c.OtherNamespace, "other", openIP, c.Web.StatusPort); !connected {
		t.Errorf("from %s/other, %s/%s (networkPolicy: false) refused its status port %d: %s", c.OtherNamespace, c.Open.Namespace, openPod, c.Web.StatusPort, why)
	} else {
		seen = append(seen, fmt.Sprintf("with networkPolicy: false, other reaches %s's status port", openPod))
	}
	// Egress: a web pod reaches nothing: not the http port of the site without
	// the policy, which admits anyone (the other client fetches its page).
	// (A pod selected by the same policy would be no test: kube-router checks a
	// packet against the policies of the pod that sends it, and this policy's
	// ingress rule admits port 80 of the pods it selects.)
	if body, _, why := admitted(ctx, c.OtherNamespace, "other", openIP, c.Web.Port); body != c.Open.Pages[0] {
		t.Errorf("from %s/other, %s (%s:%d) served %q, not %q: %s", c.OtherNamespace, openPod, openIP, c.Web.Port, body, c.Open.Pages[0], why)
	}
	for i := range c.Web.Pages {
		pod := fmt.Sprintf("%s-%d", c.Web.Site, i)
		run := func(cmd ...string) (string, error) { return execIn(ctx, c.Web.Namespace, pod, "web", cmd...) }
		if err := tcpFrom(run, openIP, c.Web.Port); err == nil {
			t.Errorf("%s connected to %s (%s:%d): its policy allows no egress", pod, openPod, openIP, c.Web.Port)
		} else {
			seen = append(seen, fmt.Sprintf("%s cannot connect to %s (%s:%d), which serves other: %v", pod, openPod, openIP, c.Web.Port, err))
		}
	}
	return strings.Join(seen, "; ")
}

// containerPID is the host PID of a pod's container (its first), from containerd.
func containerPID(p *corev1.Pod) (string, error) {
	if len(p.Status.ContainerStatuses) == 0 {
		return "", fmt.Errorf("%s has no container status", p.Name)
	}
	id := strings.TrimPrefix(p.Status.ContainerStatuses[0].ContainerID, "containerd://")
	out, err := ctrOut("task", "ls")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == id {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("no containerd task %s for %s", id, p.Name)
}

// netpol-provisioner: the lab's provisioner, its policy enforced, reaches the API
// server and provisioned the lab's claims; from its network namespace (nsenter
// from the node: the image has no shell) a pod's port 80 and a node port other
// than the API server's stay shut. An NfsStorage whose policy opens only the
// Service's port (443), not the API server's own, provisions nothing.
func checkNetpolProvisioner(ctx context.Context, t *T) string {
	l := must(readLab())
	c, err := readNetpol()
	if err != nil {
		t.Fatalf("%v", err)
	}
	p, err := provisionerPod(l)
	if err != nil {
		t.Fatalf("%v", err)
	}
	// The API server's own address and port, as the policy sees them after the Service's DNAT.
	ep := &corev1.Endpoints{}
	if err := res().Get(ctx, "kubernetes", "default", ep); err != nil || len(ep.Subsets) == 0 || len(ep.Subsets[0].Addresses) == 0 || len(ep.Subsets[0].Ports) == 0 {
		t.Fatalf("endpoints default/kubernetes: %v", err)
	}
	apiIP, apiPort := ep.Subsets[0].Addresses[0].IP, int(ep.Subsets[0].Ports[0].Port)
	svc := &corev1.Service{}
	if err := res().Get(ctx, "kubernetes", "default", svc); err != nil {
		t.Fatalf("%v", err)
	}
	// The lab's policy selects the pod, and kube-router enforces it there.
	pols := &networkingv1.NetworkPolicyList{}
	if err := res().WithNamespace(l.ns).List(ctx, pols); err != nil {
		t.Fatalf("%v", err)
	}
	var ports []int
	for _, np := range pols.Items {
		sel, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
		if err != nil || !sel.Matches(labels.Set(p.Labels)) {
			continue
		}
		for _, e := range np.Spec.Egress {
			for _, pp := range e.Ports {
				ports = append(ports, pp.Port.IntValue())
			}
		}
	}
	if len(ports) == 0 || !slices.Contains(ports, apiPort) {
		t.Errorf("no NetworkPolicy of %s opens the API server's port %d to %s (egress ports %v)", l.ns, apiPort, p.Name, ports)
	}
	if !firewalled(l.ns, p.Name) {
		t.Errorf("kube-router wrote no firewall chain for %s/%s", l.ns, p.Name)
	}
	pid, err := containerPID(p)
	if err != nil {
		t.Fatalf("%v", err)
	}
	inPod := func(cmd ...string) (string, error) {
		out, err := exec.CommandContext(ctx, "nsenter", append([]string{"-t", pid, "-n", "--"}, cmd...)...).CombinedOutput()
		return string(out), err
	}
	onNode := func(cmd ...string) (string, error) {
		out, err := exec.CommandContext(ctx, cmd[0], cmd[1:]...).CombinedOutput()
		return string(out), err
	}
	var seen []string
	// Allowed: the API server, through its Service, as the provisioner calls it.
	if err := tcpFrom(inPod, svc.Spec.ClusterIP, 443); err != nil {
		t.Errorf("from %s's network namespace, the API server (%s:443 -> %s:%d) is out of reach: %v", p.Name, svc.Spec.ClusterIP, apiIP, apiPort, err)
	} else {
		seen = append(seen, fmt.Sprintf("%s reaches the API server (%s:443 -> %s:%d)", p.Name, svc.Spec.ClusterIP, apiIP, apiPort))
	}
	// Refused: a web pod's port 80 (which serves the node), and a port of the
	// API server's address that is not the API server's (CoreDNS, TCP 53).
	webIP, err := serves(l, 0)
	if err != nil {
		t.Errorf("%v", err)
	} else if err := tcpFrom(inPod, webIP, 80); err == nil {
		t.Errorf("%s connected to %s (%s:80): its policy allows the API server alone", p.Name, l.pod(0), webIP)
	} else {
		seen = append(seen, fmt.Sprintf("not %s (%s:80, which serves its page to the node): %v", l.pod(0), webIP, err))
	}
	if err := tcpFrom(onNode, apiIP, 53); err != nil {
		t.Errorf("the node cannot connect to CoreDNS on %s:53/tcp: %v", apiIP, err)
	} else if err := tcpFrom(inPod, apiIP, 53); err == nil {
		t.Errorf("%s connected to %s:53: its policy opens only the API server's ports", p.Name, apiIP)
	} else {
		seen = append(seen, fmt.Sprintf("nor %s:53/tcp (CoreDNS, which the node reaches)", apiIP))
	}
	// It provisioned the lab's claims (Bound to volumes it made).
	var bound []string
	for i := 0; i < l.replicas(); i++ {
		claim, err := getClaim(l.ns, l.claim(i))
		if err != nil || claim.Status.Phase != corev1.ClaimBound {
			t.Errorf("claim %s not Bound: %v", l.claim(i), err)
			continue
		}
		pv, err := getPV(claim.Spec.VolumeName)
		if err != nil || pv.Annotations["pv.kubernetes.io/provisioned-by"] != l.class.Provisioner {
			t.Errorf("claim %s's volume was not provisioned by %s: %v", l.claim(i), l.class.Provisioner, err)
			continue
		}
		bound = append(bound, claim.Name)
	}
	seen = append(seen, fmt.Sprintf("claims %s Bound to its volumes", strings.Join(bound, ", ")))
	if msg := cutOff(ctx, t, c, apiPort); msg != "" {
		seen = append(seen, msg)
	}
	return strings.Join(seen, "; ")
}

// removesCutOff is netpol-provisioner's step that removes what cutOff makes,
// on success and failure: the cut-off app's namespace, then its directory of
// the export (none when netpol.json names none: that would be the export).
var removesCutOff = steps{teardown: func(ctx context.Context, t *T) {
	c, err := readNetpol()
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	removeNamespace(t, c.CutOff.Namespace)
	if c.CutOff.Dir != "" {
		_ = os.RemoveAll(filepath.Join(exportDir(), c.CutOff.Dir))
	}
}}

// cutOff: an NfsStorage whose policy opens only the ports of netpol.json's
// cutOff (443, the Service's port) provisions nothing: its claim stays Pending.
func cutOff(ctx context.Context, t *T, c *netpolConsts, apiPort int) string {
	if slices.Contains(c.CutOff.APIServerPorts, apiPort) {
		t.Errorf("netpol.json's cutOff ports %v include the API server's port %d", c.CutOff.APIServerPorts, apiPort)
		return ""
	}
	dir := filepath.Join(exportDir(), c.CutOff.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	if _, err := applyFile(appYAML("netpol", "cut-off")); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	claimName := ""
	var prov *corev1.Pod
	provs := &corev1.PodList{}
	ready := func(o k8s.Object) bool { return isReady(o.(*corev1.Pod)) }
	if wait.For(conditions.New(res().WithNamespace(c.CutOff.Namespace)).ResourceListMatchN(provs, 1, ready,
		resources.WithLabelSelector("app.kubernetes.io/name=nfs-subdir-external-provisioner")), poll(3*waitLimit)...) != nil {
		t.Errorf("the cut-off provisioner is not Ready")
		return ""
	}
	for i := range provs.Items {
		if ready(&provs.Items[i]) {
			prov = &provs.Items[i]
			break
		}
	}
	// A connection opened before kube-router wrote the pod's chain stays open
	// (its policy accepts established connections): once the chain is there, the
	// container is restarted (same pod, same address), so that every connection
	// it makes meets the policy; only then does the site claim from its class.
	if !waitFor(waitLimit, func() bool { return firewalled(c.CutOff.Namespace, prov.Name) }) {
		t.Errorf("kube-router wrote no firewall chain for %s/%s", c.CutOff.Namespace, prov.Name)
		return ""
	}
	pid, err := containerPID(prov)
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	if n, err := strconv.Atoi(pid); err != nil || syscall.Kill(n, syscall.SIGKILL) != nil {
		t.Errorf("cannot stop the cut-off provisioner's container (pid %s): %v", pid, err)
		return ""
	}
	// Restarted is enough: a provisioner that cannot reach the API server exits
	// at start (it asks the server's version first), so it may never be Ready again.
	restarted := conditions.New(res()).ResourceMatch(prov.DeepCopy(), func(o k8s.Object) bool {
		p := o.(*corev1.Pod)
		return len(p.Status.ContainerStatuses) > 0 && p.Status.ContainerStatuses[0].RestartCount > 0
	})
	if wait.For(restarted, poll(3*waitLimit)...) != nil {
		t.Errorf("the cut-off provisioner did not come back after its container was stopped")
		return ""
	}
	if _, err := applyFile(appYAML("netpol", "cut-off-site")); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	// Long enough for a provisioner that reaches the API server: the lab's
	// provisions a claim within seconds.
	time.Sleep(30 * time.Second)
	claims := &corev1.PersistentVolumeClaimList{}
	if err := res().WithNamespace(c.CutOff.Namespace).List(ctx, claims); err != nil || len(claims.Items) == 0 {
		t.Errorf("the cut-off app's claim: %v (%d claims)", err, len(claims.Items))
		return ""
	}
	for _, cl := range claims.Items {
		// The export's own claim is bound statically; the site's claims come from the class.
		if cl.Spec.StorageClassName == nil || *cl.Spec.StorageClassName != c.CutOff.StorageClass {
			continue
		}
		if cl.Status.Phase != corev1.ClaimPending || cl.Spec.VolumeName != "" {
			t.Errorf("claim %s/%s is %s (volume %q) although its provisioner's policy opens only ports %v, not the API server's %d",
				c.CutOff.Namespace, cl.Name, cl.Status.Phase, cl.Spec.VolumeName, c.CutOff.APIServerPorts, apiPort)
			return ""
		}
		claimName = cl.Name
	}
	if claimName == "" {
		t.Errorf("no claim of class %s in %s", c.CutOff.StorageClass, c.CutOff.Namespace)
		return ""
	}
	logs, _ := kubectl("logs", "-n", c.CutOff.Namespace, prov.Name, "--tail=1")
	restarts := int32(0)
	if p, err := getPod(c.CutOff.Namespace, prov.Name); err == nil && len(p.Status.ContainerStatuses) > 0 {
		restarts = p.Status.ContainerStatuses[0].RestartCount
	}
	return fmt.Sprintf("with apiServerPorts %v (the Service's port, not the API server's %s), claim %s stays Pending 30 s (its provisioner restarted once its chain was written, %d restarts since; its log: %q)",
		c.CutOff.APIServerPorts, strconv.Itoa(apiPort), claimName, restarts, strings.TrimSpace(logs))
}
