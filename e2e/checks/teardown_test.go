package checks

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestTeardown runs after e2e/teardown.sh: the machine is as it was before the run.
func TestTeardown(t *testing.T) {
	before, facts := os.Getenv("E2E_BEFORE"), os.Getenv("E2E_FACTS")
	f := check("teardown", func(_ context.Context, t *T) string { return teardown(t, before, facts) })
	testenv.Test(t, f)
}

func teardown(t *T, before, facts string) string {
	after := filepath.Join(facts, "after")
	if out, err := exec.Command("bash", filepath.Join(os.Getenv("E2E_DIR"), "teardown.sh"), "snapshot", after).CombinedOutput(); err != nil {
		t.Errorf("snapshot: %v %s", err, out)
		return ""
	}
	kinds := []string{"mounts", "interfaces", "addresses", "routes", "iptables", "ip6tables", "nft", "ipsets", "kube-router", "cgroups", "sysctls", "netns", "paths"}
	for _, k := range kinds {
		b, _ := os.ReadFile(filepath.Join(before, k))
		a, _ := os.ReadFile(filepath.Join(after, k))
		if added, removed := diff(string(b), string(a)); len(added)+len(removed) > 0 {
			t.Errorf("%s differ: left %q, gone %q", k, added, removed)
		}
	}
	// What kube-router had made when the teardown began (teardown.sh counted it).
	kubeRouterChains, kubeRouterSets := 0, 0
	if b, err := os.ReadFile(filepath.Join(facts, "kube-router-chains")); err == nil {
		kubeRouterChains = len(strings.Fields(string(b)))
	}
	if b, err := os.ReadFile(filepath.Join(facts, "kube-router-ipsets")); err == nil {
		kubeRouterSets = len(strings.Fields(string(b)))
	}
	pids, _ := os.ReadFile(filepath.Join(facts, "pids"))
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(pids)), "\n") {
		var pid int
		var name string
		if _, err := fmt.Sscanf(line, "%d %s", &pid, &name); err != nil {
			continue
		}
		n++
		if syscall.Kill(pid, 0) == nil {
			if comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil {
				t.Errorf("process %d (%s, now %s) still running", pid, name, strings.TrimSpace(string(comm)))
			}
		}
	}
	if n == 0 {
		t.Errorf("no PIDs recorded")
	}
	guard := strings.TrimSpace(string(must(os.ReadFile(filepath.Join(facts, "guard-count")))))
	if guard != "0" {
		t.Errorf("the DROP rule for the lab's NFS address counted %s packets", guard)
	}
	return fmt.Sprintf("all %d processes the run started are gone; mounts, interfaces, addresses, routes, iptables/ip6tables rules, the nft ruleset, ipsets, kube-router's chains and ipsets (%d and %d at the teardown, none after), cgroups, netns, /run/containerd, /persistentvolumes and sysctls (ip_forward ...) match the start of the run; 0 packets to the NFS address", n, kubeRouterChains, kubeRouterSets)
}

func diff(before, after string) (added, removed []string) {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			if l != "" {
				m[l] = true
			}
		}
		return m
	}
	b, a := set(before), set(after)
	for l := range a {
		if !b[l] {
			added = append(added, l)
		}
	}
	for l := range b {
		if !a[l] {
			removed = append(removed, l)
		}
	}
	return
}
