package checks

// NFS on the wire: kubelet's NFS mounts are FUSE filesystems (e2e/nfs-fuse)
// speaking NFSv4 (NFSv3 when a volume asks nfsvers=3) to nfs-ganesha
// (e2e/ganesha.sh, in a network namespace of its own), which exports the run's
// directories; e2e/apps/nfs-wire.app.ts holds the charts.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

const (
	wireApp        = "nfs-wire"
	squashedSuffix = "-root-squash" // the root_squash export is the lab's path with this suffix
	v4OnlySuffix   = "-v4only"      // and the export that admits NFSv4 only (V4_ONLY_SUFFIX of nfs-storage.app.ts)
)

// squashedDir is the local directory of the root_squash export (e2e/nfs.sh).
func squashedDir() string { return filepath.Join(workdir, "export"+squashedSuffix) }

// v4OnlyDir is the local directory of the NFSv4-only export (e2e/nfs.sh).
func v4OnlyDir() string { return filepath.Join(workdir, "export"+v4OnlySuffix) }

func ganeshaLog() string {
	b, _ := os.ReadFile(filepath.Join(workdir, "logs", "ganesha.log"))
	return string(b)
}

// serverVersion is the NFS version ganesha's log says mount m spoke: "NFSv3" when
// it served a MOUNT (v3) call for m's path, "NFSv4" when an NFSv4 client named
// after m's directory (the client's SETCLIENTID) set itself up; else what it saw.
func serverVersion(m nfsMount) string {
	log := ganeshaLog()
	path := m.src[strings.Index(m.src, ":")+1:]
	v3 := strings.Contains(log, "Calling MNT_MNT path="+path+"\n")
	v4 := regexp.MustCompile(`SETCLIENTID Client addr=\S+ id=\(\d+:nfs-fuse\.[0-9.]+` + regexp.QuoteMeta(m.target) + `\)`).MatchString(log)
	switch {
	case v3 && !v4:
		return "NFSv3"
	case v4 && !v3:
		return "NFSv4"
	case v3:
		return "both a MOUNT call and an NFSv4 client"
	}
	return "neither a MOUNT call nor an NFSv4 client"
}

// clientSaid is the client's log line for its mount at target ("TARGET: NFSv... to ...").
func clientSaid(target string) string {
	b, _ := os.ReadFile(filepath.Join(workdir, "logs", "mount-nfs.log"))
	m := regexp.MustCompile(`(?m)` + regexp.QuoteMeta(target) + `: (NFSv.*)$`).FindStringSubmatch(string(b))
	if m == nil {
		return ""
	}
	return m[1]
}

// refusedMount waits for pod's FailedMount event with the server's refusal of
// NFSv3 (MOUNT: MNT3ERR_ACCES); what it saw, for the check's message.
func refusedMount(t *T, ns, pod string, want []string) string {
	const refusal = "MNT3ERR_ACCES"
	list := &corev1.EventList{}
	if wait.For(conditions.New(res().WithNamespace(ns)).ResourceListMatchN(list, 1,
		func(o k8s.Object) bool { return strings.Contains(o.(*corev1.Event).Message, refusal) },
		resources.WithFieldSelector("reason=FailedMount,involvedObject.name="+pod)), poll(waitLimit)...) != nil {
		events := messages(list)
		t.Errorf("provisioner %s asking %v of the NFSv4-only export: no FailedMount event with %s within %s: %q", pod, want, refusal, waitLimit, tail(events, 400))
		return ""
	}
	line := regexp.MustCompile(`mount\.nfs: [^\n]*` + refusal + `[^\n]*`).FindString(messages(list))
	return fmt.Sprintf("-o %s of the NFSv4-only export: provisioner %s not started, FailedMount %q", strings.Join(want, ","), pod, line)
}

// onWire fails the check unless the run's NFS mounts go through the NFS server.
func onWire(t *T) bool {
	if mode := os.Getenv("E2E_NFS_MODE"); mode != "wire" {
		t.Errorf("the run's NFS is %q, not the wire (e2e/nfs.sh fell back to bind mounts: no FUSE or no e2e/nfs-fuse build)", mode)
		return false
	}
	return true
}

// opsKey is the context key of ganesha's operation counts before a check.
type opsKey struct{}

// onWireCounted is the steps that require the wire (onWire) and keep
// ganesha's operation counts before the check (ganeshaOps), under opsKey.
var onWireCounted = steps{setup: func(ctx context.Context, t *T) context.Context {
	if !onWire(t) {
		return ctx
	}
	return context.WithValue(ctx, opsKey{}, ganeshaOps())
}}

// ganeshaOps counts ganesha's NFSv4 operations by name in its log (NFS_V4 at DEBUG).
func ganeshaOps() map[string]int {
	b, _ := os.ReadFile(filepath.Join(workdir, "logs", "ganesha.log"))
	ops := map[string]int{}
	for _, m := range regexp.MustCompile(`opcode \d+ is (OP_[A-Z_]+)`).FindAllStringSubmatch(string(b), -1) {
		ops[m[1]]++
	}
	return ops
}

// fuseMountOf is the line of /proc/mounts for target: its source and type.
func fuseMountOf(target string) (string, bool) {
	b, _ := os.ReadFile("/proc/mounts")
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) > 2 && f[1] == target {
			return f[0] + " " + f[2], f[2] == "fuse.nfs"
		}
	}
	return "", false
}

// nfs-wire: the page the pod wrote through its NFS mount is on
// the server's export directory; a file written there is served by the pod;
// ganesha's log counts the operations; the mount is a FUSE filesystem from the
// lab's server name, and the client's log names the local server it spoke to.
func checkNFSWire(ctx context.Context, t *T) string {
	c := chartOf(ctx, wireApp, "nfs-wire")
	before := ctx.Value(opsKey{}).(map[string]int)
	w := c.webs[0]
	_, pv := c.volume(t, w, 0)
	pod, err := getPod(c.ns, w.pod(0))
	if pv == nil || err != nil {
		t.Fatalf("%s: %v", w.pod(0), err)
	}
	dir := onExport(pv)
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil || strings.TrimSpace(string(b)) != w.pages[0] {
		t.Errorf("the server's %s/index.html holds %q (%v), not the page %q the pod wrote", dir, b, err, w.pages[0])
	}
	fromServer := fmt.Sprintf("written on the server at %s", time.Now().UTC().Format(time.RFC3339Nano))
	if err := os.WriteFile(filepath.Join(dir, "from-server.html"), []byte(fromServer+"\n"), 0o644); err != nil {
		t.Fatalf("%v", err)
	}
	var got string
	if !waitFor(30*time.Second, func() bool {
		got, err = getPath(pod.Status.PodIP, "/from-server.html")
		return err == nil && strings.TrimSpace(got) == fromServer
	}) {
		t.Errorf("%s does not serve the file written on the server: %q (%v)", pod.Name, got, err)
	}
	m, ok := mountOf(pod, pv.Name)
	if !ok {
		t.Fatalf("no NFS mount of %s for %s in the mount.nfs log", pv.Name, pod.Name)
	}
	how, fuse := fuseMountOf(m.target)
	if !fuse {
		t.Errorf("%s is mounted as %q, not a FUSE filesystem of type fuse.nfs", m.target, how)
	}
	logb, _ := os.ReadFile(filepath.Join(workdir, "logs", "mount-nfs.log"))
	spoke := regexp.MustCompile(regexp.QuoteMeta(m.target) + `: (NFSv[0-9.]+ to [0-9.:]+)`).FindStringSubmatch(string(logb))
	if spoke == nil {
		t.Fatalf("the client's log does not say which server it spoke to for %s", m.target)
	}
	after := ganeshaOps()
	var counts []string
	for _, op := range []string{"OP_OPEN", "OP_READ", "OP_WRITE", "OP_CREATE", "OP_LOOKUP"} {
		if after[op] <= before[op] {
			t.Errorf("ganesha's log shows no new %s (%d before, %d after)", op, before[op], after[op])
		}
		counts = append(counts, fmt.Sprintf("%s +%d", op, after[op]-before[op]))
	}
	return fmt.Sprintf("%s's page %q is in the server's %s; the file written there is served by the pod; %s mounted as %s, %s; ganesha: %s",
		pod.Name, w.pages[0], strings.TrimPrefix(dir, workdir+"/"), m.src, how, spoke[1], strings.Join(counts, ", "))
}

// root-squash: on a root_squash export whose directory belongs to NON_ROOT_ID,
// the provisioner running as root cannot provision (mkdir: permission denied,
// the claim stays Pending), while NfsStorage with runAsUser NON_ROOT_ID provisions
// and its directories belong to that user on the server.
func checkRootSquash(ctx context.Context, t *T) string {
	if !onWire(t) {
		return ""
	}
	root := must(readChart(wireApp, "root-squash-root"))
	user := must(readChart(wireApp, "root-squash-user"))
	const id = 1000 // NON_ROOT_ID of e2e/apps/nfs-storage.app.ts
	// The root provisioner's directory, as the user's: created and owned by the user.
	dir := root.storages[0].makeDir(t, id, id)
	if dir == "" {
		return ""
	}
	if _, err := kubectl("apply", "--validate=strict", "-f", root.path); err != nil {
		t.Fatalf("%v", err)
	}
	refused := regexp.MustCompile(`(?i)mkdir [^ ]+: permission denied`)
	var logs, refusal string
	if !waitFor(2*waitLimit, func() bool {
		p, err := deploymentPod(root.ns, root.storages[0].deploy)
		if err != nil {
			return false
		}
		logs, _ = kubectl("logs", "-n", root.ns, p.Name)
		refusal = refused.FindString(logs)
		return refusal != ""
	}) {
		t.Fatalf("the root provisioner did not log %q within %s: %s", refused, 2*waitLimit, tail(logs, 400))
	}
	w := root.webs[0]
	if pvc, err := getClaim(root.ns, w.claim(0)); err != nil || pvc.Spec.VolumeName != "" {
		t.Errorf("claim %s of the root provisioner: %v, bound to %q (want Pending)", w.claim(0), err, pvc.Spec.VolumeName)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("the root provisioner left %d entries in %s", len(entries), dir)
	}
	if user.apply(t, id, id) == "" {
		return ""
	}
	var seen []string
	for _, w := range user.webs {
		for i := range w.pages {
			_, pv := user.volume(t, w, i)
			if pv == nil {
				continue
			}
			d := filepath.Join(squashedDir(), strings.TrimPrefix(pv.Spec.NFS.Path, must(readLab()).nfsPath+squashedSuffix))
			st, err := os.Stat(d)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			o := st.Sys().(*syscall.Stat_t)
			if int(o.Uid) != id || int(o.Gid) != id {
				t.Errorf("%s belongs to %d:%d, not %d:%d", d, o.Uid, o.Gid, id, id)
			}
			seen = append(seen, fmt.Sprintf("%s %d:%d", filepath.Base(d), o.Uid, o.Gid))
		}
	}
	msg := fmt.Sprintf("as root the provisioner logs %q and %s stays Pending; as %d it provisions, pages served, directories %s",
		refusal, w.claim(0), id, strings.Join(seen, ", "))
	if csi := csiRootSquash(ctx, t); csi != "" {
		msg += "; " + csi
	}
	return msg
}

// csiRootSquash: csi-driver-nfs's controller on the root_squash export. It runs
// as root (it mounts the share to create each volume's directory, and mounting
// needs root) and the driver has no setting for the user it creates directories
// as (mountPermissions is a chmod after the mkdir), so on a share of NON_ROOT_ID
// with mode 0755 its mkdir is squashed and refused: the claim's ProvisioningFailed
// event carries the error users report, and the claim stays Pending. On a share
// the squashed user may write into (0777, set on the server) it provisions: the
// directory belongs to the anonymous user with the class's mountPermissions, and
// the pod serves its page from it. What it saw, for the root-squash message.
func csiRootSquash(ctx context.Context, t *T) string {
	c := csiStart(ctx, t)
	if c == nil {
		return ""
	}
	q := c.RootSquash
	chart := csiYAML("csi-root-squash")
	defer removeCharts(t, q.Namespace, chart)
	const id, anon = 1000, 65534 // NON_ROOT_ID, and ganesha's anonymous uid and gid (e2e/ganesha.sh)
	for share, mode := range map[string]os.FileMode{q.AsRoot.Share: 0o755, q.Open.Share: 0o777} {
		d := filepath.Join(squashedDir(), share)
		err := os.MkdirAll(d, mode)
		if err == nil {
			err = os.Chown(d, id, id)
		}
		if err == nil {
			err = os.Chmod(d, mode)
		}
		if err != nil {
			t.Errorf("%v", err)
			return ""
		}
	}
	if _, err := applyFile(chart); err != nil {
		t.Errorf("%v", err)
		return ""
	}
	claim := q.Claim + "-" + q.AsRoot.Site + "-0"
	refused := regexp.MustCompile(`failed to make subdirectory: mkdir [^ ]+: permission denied`)
	var refusal string
	list := &corev1.EventList{}
	if wait.For(conditions.New(res().WithNamespace(q.Namespace)).ResourceListMatchN(list, 1,
		func(o k8s.Object) bool {
			if m := refused.FindString(o.(*corev1.Event).Message); m != "" {
				refusal = m
				return true
			}
			return false
		},
		resources.WithFieldSelector("reason=ProvisioningFailed,involvedObject.name="+claim)), poll(2*waitLimit)...) != nil {
		events := messages(list)
		t.Errorf("csi: claim %s on the 0755 share has no ProvisioningFailed event %q within %s: %q", claim, refused, 2*waitLimit, tail(events, 400))
		return ""
	}
	if pvc, err := getClaim(q.Namespace, claim); err != nil || pvc.Spec.VolumeName != "" {
		t.Errorf("csi: claim %s on the 0755 share: %v, bound to %q (want Pending)", claim, err, pvc.Spec.VolumeName)
	}
	if entries, _ := os.ReadDir(filepath.Join(squashedDir(), q.AsRoot.Share)); len(entries) != 0 {
		t.Errorf("csi: the controller left %d entries in the 0755 share %s", len(entries), q.AsRoot.Share)
	}
	open := csiSite{Namespace: q.Namespace, Site: q.Open.Site, Claim: q.Claim, Pages: []string{q.Open.Page}}
	if !sitesServe(t, open, 80) {
		return ""
	}
	pv := csiVolume(t, c, q.Namespace, open.claim(0))
	if pv == nil {
		return ""
	}
	dir := filepath.Join(q.Open.Share, attribute(pv, "subdir"))
	st, err := os.Stat(filepath.Join(squashedDir(), dir))
	if err != nil {
		t.Errorf("csi: %v", err)
		return ""
	}
	o := st.Sys().(*syscall.Stat_t)
	perm, _ := strconv.ParseUint(q.Open.MountPermissions, 8, 32)
	if int(o.Uid) != anon || int(o.Gid) != anon || uint64(st.Mode().Perm()) != perm {
		t.Errorf("csi: %s belongs to %d:%d with mode %o, not %d:%d with mode %o (mountPermissions)", dir, o.Uid, o.Gid, st.Mode().Perm(), anon, anon, perm)
	}
	if b, err := os.ReadFile(filepath.Join(squashedDir(), dir, "index.html")); err != nil || string(b) != q.Open.Page {
		t.Errorf("csi: %s/index.html on the server holds %q (%v), not %q", dir, b, err, q.Open.Page)
	}
	return fmt.Sprintf("csi: the controller (root, squashed) on a 0755 share of %d: %q, %s Pending; on a 0777 share it provisions %s, %d:%d mode %o (mountPermissions %s), its page served",
		id, refusal, claim, dir, o.Uid, o.Gid, st.Mode().Perm(), q.Open.MountPermissions)
}

// clientRefusals mounts paths the server does not export with the run's mount.nfs
// itself (as kubelet would) under the run's directory: over NFSv4 and NFSv3, the
// mount fails with the server's answer. What it saw, for the mount-options
// check's message.
func clientRefusals(t *T) string {
	l := must(readLab())
	bin := filepath.Join(workdir, "nfs-bin", "mount.nfs")
	dir, err := os.MkdirTemp(workdir, "mount-options-")
	if err != nil {
		t.Errorf("%v", err)
		return ""
	}
	defer os.Remove(dir)
	var seen []string
	for _, c := range []struct{ opts, want string }{{"nfsvers=4", "NFS4ERR_NOENT"}, {"nfsvers=3", "MNT3ERR_ACCES"}} {
		src := l.nfsServer + ":" + l.nfsPath + "-not-exported"
		b, err := exec.Command(bin, src, dir, "-o", c.opts).CombinedOutput()
		out := strings.TrimSpace(string(b))
		if err == nil {
			_ = exec.Command("umount", dir).Run()
			t.Errorf("mount.nfs -o %s of %s succeeded; want it refused (%s)", c.opts, src, c.want)
			continue
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("mount.nfs -o %s of %s failed without %q: %s", c.opts, src, c.want, out)
			continue
		}
		seen = append(seen, fmt.Sprintf("-o %s of %s refused: %q", c.opts, src, c.want))
	}
	return strings.Join(seen, "; ")
}

// messages is the messages of a list of events, one a line.
func messages(list *corev1.EventList) string {
	var b strings.Builder
	for _, e := range list.Items {
		b.WriteString(e.Message + "\n")
	}
	return b.String()
}
