package checks

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apimachinerywait "k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// KWOK (sigs.k8s.io/kwok, built by e2e/build.sh) keeps fake nodes Ready and
// makes the pods bound to them Running and Ready without running anything. It
// manages only the nodes with this annotation; the real node is not one of them.
const (
	kwokAnnotation = "kwok.x-k8s.io/node"
	kwokValue      = "fake"
)

// kwokNodes are fake nodes and the KWOK process that runs them.
type kwokNodes struct {
	names []string
	cmd   *exec.Cmd
}

// nodeSize is a fake node's allocatable CPU and memory.
type nodeSize struct{ cpu, memory string }

// The spread check's fake nodes: one much larger than the real node and the
// other, so that the scheduler's resource scoring (least allocated first)
// alone puts every pod on it.
var (
	bigNode   = nodeSize{"1000", "4Ti"}
	smallNode = nodeSize{"1", "2Gi"}
)

// startKWOK starts KWOK (recorded in the run's pids, so that teardown.sh stops
// it whatever happens) and creates a node of each size for it, tainted with the
// annotation's key and value so that only pods that tolerate them go there.
func startKWOK(sizes ...nodeSize) (*kwokNodes, error) {
	bin := os.Getenv("E2E_KWOK")
	if bin == "" {
		return nil, fmt.Errorf("E2E_KWOK is not set (e2e/build.sh builds KWOK)")
	}
	k := &kwokNodes{}
	log, err := os.Create(filepath.Join(workdir, "logs", "kwok.log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	k.cmd = exec.Command(bin, "--kubeconfig", kubeconfig, "--config", filepath.Join(filepath.Dir(bin), "stages.yaml"),
		"--manage-all-nodes=false", "--manage-nodes-with-annotation-selector="+kwokAnnotation+"="+kwokValue)
	k.cmd.Stdout, k.cmd.Stderr = log, log
	// Its own process group (teardown.sh stops groups); killed if the checks die.
	k.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := k.cmd.Start(); err != nil {
		return nil, err
	}
	v, _ := exec.Command(bin, "--version").Output()
	info("spread: %s manages only the nodes annotated %s=%s; the pods bound to them are Running and Ready without running (their IPs are status only: nothing connects to them)",
		strings.TrimSpace(string(v)), kwokAnnotation, kwokValue)
	pids, err := os.OpenFile(filepath.Join(workdir, "pids"), os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = fmt.Fprintf(pids, "%d kwok\n", k.cmd.Process.Pid)
		pids.Close()
	}
	if err != nil {
		k.stop()
		return nil, fmt.Errorf("recording KWOK's pid: %v", err)
	}
	for i, size := range sizes {
		name := fmt.Sprintf("kwok-node-%d", i)
		node := fmt.Sprintf(`{"apiVersion":"v1","kind":"Node","metadata":{"name":%q,"annotations":{%q:%q},
			"labels":{"kubernetes.io/hostname":%q,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","type":"kwok"}},
			"spec":{"taints":[{"key":%q,"value":%q,"effect":"NoSchedule"}]},
			"status":{"allocatable":{"cpu":%q,"memory":%q,"pods":"110"},"capacity":{"cpu":%q,"memory":%q,"pods":"110"}}}`,
			name, kwokAnnotation, kwokValue, name, kwokAnnotation, kwokValue, size.cpu, size.memory, size.cpu, size.memory)
		if _, err := kubectlAs(kubeconfig, node, "create", "-f", "-"); err != nil {
			return k, err
		}
		k.names = append(k.names, name)
	}
	for _, name := range k.names {
		ready := conditions.New(res()).ResourceMatch(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, func(o k8s.Object) bool {
			for _, c := range o.(*corev1.Node).Status.Conditions {
				if c.Type == corev1.NodeReady {
					return c.Status == corev1.ConditionTrue
				}
			}
			return false
		})
		if wait.For(ready, poll(waitLimit)...) != nil {
			return k, fmt.Errorf("KWOK node %s is not Ready after %s", name, waitLimit)
		}
	}
	return k, nil
}

// kwokKey is the context key of the KWOK nodes withKWOK started.
type kwokKey struct{}

// withKWOK is spread's steps: KWOK and its nodes (startKWOK) before it; after
// it, in this order on success and failure, the spread app's namespace (its
// pods: KWOK finishes deleting the fake ones), the nodes, KWOK.
var withKWOK = steps{
	setup: func(ctx context.Context, t *T) context.Context {
		k, err := startKWOK(bigNode, smallNode)
		if k != nil {
			ctx = context.WithValue(ctx, kwokKey{}, k)
		}
		if err != nil {
			t.Errorf("KWOK: %v", err)
		}
		return ctx
	},
	teardown: func(ctx context.Context, t *T) {
		if a, err := readChart("spread", "spread"); err == nil {
			removeNamespace(t, a.ns)
		}
		if k, ok := ctx.Value(kwokKey{}).(*kwokNodes); ok {
			k.remove(t)
		}
	},
}

// remove deletes the nodes, then stops KWOK. Pods bound to the nodes must be gone first
// (deleted while KWOK runs, which finishes their deletion).
func (k *kwokNodes) remove(t *T) {
	for _, name := range k.names {
		if err := remove(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, 60*time.Second); err != nil {
			t.Errorf("%v", err)
		}
	}
	k.stop()
}

func (k *kwokNodes) stop() {
	if k.cmd == nil || k.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-k.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = k.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
	k.cmd = nil
}

// spread: with the real node and two KWOK nodes, one of them much larger
// than the others, Spreading.NONE puts three replicas on the large one (the
// scheduler's resource scoring alone; its default spreading is off in the
// e2e, control-plane.sh), the default spreading (Spreading.PREFERRED: a soft
// anti-affinity on the host name) puts three replicas on three nodes, and
// Spreading.REQUIRED puts three of four replicas on three nodes and leaves the
// fourth Pending.
func checkSpread(ctx context.Context, t *T) string {
	a := must(readChart("spread", "spread"))
	if a.web("preferred") == nil || a.web("required") == nil || a.web("none") == nil {
		t.Fatalf("the spread app lacks the StatefulSets preferred, required and none")
	}
	ns := a.ns
	k := ctx.Value(kwokKey{}).(*kwokNodes)
	nodes := &corev1.NodeList{}
	if err := res().List(ctx, nodes); err != nil || len(nodes.Items) != 3 {
		t.Fatalf("expected 3 nodes (the real one and 2 KWOK nodes): %d, %v", len(nodes.Items), err)
	}
	if _, err := applyFile(appYAML("spread", "spread")); err != nil {
		t.Fatalf("%v", err)
	}
	podsOf := func(sts string) []corev1.Pod {
		pods := &corev1.PodList{}
		_ = res().WithNamespace(ns).List(ctx, pods, resources.WithLabelSelector("app.kubernetes.io/instance="+sts))
		return pods.Items
	}
	placement := func(pods []corev1.Pod) string {
		var s []string
		for _, p := range pods {
			s = append(s, p.Name+"@"+p.Spec.NodeName)
		}
		sort.Strings(s)
		return strings.Join(s, " ")
	}
	// readyPods is the condition that n pods of StatefulSet sts are Ready.
	readyPods := func(sts string, n int) apimachinerywait.ConditionWithContextFunc {
		return conditions.New(res().WithNamespace(ns)).ResourceListMatchN(&corev1.PodList{}, n,
			func(o k8s.Object) bool { return isReady(o.(*corev1.Pod)) },
			resources.WithLabelSelector("app.kubernetes.io/instance="+sts))
	}
	// none: three Ready pods, all on the large node: what resource scoring does
	// without the library's anti-affinity.
	if wait.For(readyPods("none", 3), poll(3*waitLimit)...) != nil {
		t.Fatalf("none: not 3 pods Ready within %s: %s", 3*waitLimit, placement(podsOf("none")))
	}
	none := podsOf("none")
	for _, p := range none {
		if p.Spec.NodeName != k.names[0] {
			t.Errorf("none: %s on %s, not on the large node %s: resource scoring alone does not stack the pods, so PREFERRED's spreading proves nothing: %s",
				p.Name, p.Spec.NodeName, k.names[0], placement(none))
			break
		}
	}
	// preferred: three Ready pods on three nodes, one of them the real node.
	if wait.For(readyPods("preferred", 3), poll(3*waitLimit)...) != nil {
		t.Fatalf("preferred: not 3 pods Ready within %s: %s", 3*waitLimit, placement(podsOf("preferred")))
	}
	preferred := podsOf("preferred")
	onNodes := map[string]bool{}
	for _, p := range preferred {
		onNodes[p.Spec.NodeName] = true
	}
	if len(onNodes) != 3 {
		t.Errorf("preferred: 3 replicas on %d nodes: %s", len(onNodes), placement(preferred))
	}
	onReal := ""
	for _, p := range preferred {
		if !strings.HasPrefix(p.Spec.NodeName, "kwok-") {
			var i int
			fmt.Sscanf(strings.TrimPrefix(p.Name, "preferred-"), "%d", &i)
			onReal = fmt.Sprintf("%s serving %q", p.Name, a.web("preferred").page(i))
			if _, err := servesPage(ns, p.Name, a.web("preferred").page(i)); err != nil {
				t.Errorf("%s on the real node does not serve its page: %v", p.Name, err)
			}
		}
	}
	if onReal == "" {
		t.Errorf("no replica on the real node: %s", placement(preferred))
	}
	// required: three pods Ready on three nodes, the fourth Pending for the anti-affinity.
	if wait.For(readyPods("required", 3), poll(3*waitLimit)...) != nil {
		t.Fatalf("required: not 3 pods Ready within %s: %s", 3*waitLimit, placement(podsOf("required")))
	}
	// The scheduler's reason, on the pod (1.37's scheduler records it in
	// events.k8s.io events that `kubectl get events` does not always show).
	pending := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "required-3", Namespace: ns}}
	var why string
	if wait.For(conditions.New(res()).ResourceMatch(&pending, func(o k8s.Object) bool {
		for _, c := range o.(*corev1.Pod).Status.Conditions {
			if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable &&
				strings.Contains(c.Message, "anti-affinity") {
				why = c.Message
				return true
			}
		}
		return false
	}), poll(waitLimit)...) != nil {
		t.Fatalf("required: required-3 not Pending for the anti-affinity within %s: %s", waitLimit, placement(podsOf("required")))
	}
	required := podsOf("required")
	onNodes = map[string]bool{}
	for _, p := range required {
		if p.Name != "required-3" {
			onNodes[p.Spec.NodeName] = true
		}
	}
	if len(onNodes) != 3 {
		t.Errorf("required: 3 replicas on %d nodes: %s", len(onNodes), placement(required))
	}
	if pending.Status.Phase != corev1.PodPending || pending.Spec.NodeName != "" {
		t.Errorf("required-3 is %s on %q, not Pending unscheduled", pending.Status.Phase, pending.Spec.NodeName)
	}
	return fmt.Sprintf("3 nodes (the real one, KWOK's %s with %s CPU and %s memory, %s with %s and %s); Spreading.NONE: %s (stacked on the large node); Spreading.PREFERRED (the default): %s (%s on the real node); Spreading.REQUIRED: %s, required-3 Pending, PodScheduled False: %q; then the namespace, its PVs, the KWOK nodes and KWOK removed",
		k.names[0], bigNode.cpu, bigNode.memory, k.names[1], smallNode.cpu, smallNode.memory, placement(none), placement(preferred), onReal, placement(required), why)
}
