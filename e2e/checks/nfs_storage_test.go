package checks

// NfsStorage's settings with the real provisioner: each check
// applies charts of e2e/apps/nfs-storage.app.ts, in namespaces of their own,
// after creating their export directories, and deletes what it made (the
// volumes that Retain leaves included).

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

const storageApp = "nfs-storage"

// onExport is a directory of the lab's export as the volume names it (SERVER:NFS_PATH/...).
func onExport(pv *corev1.PersistentVolume) string {
	return filepath.Join(exportDir(), strings.TrimPrefix(pv.Spec.NFS.Path, must(readLab()).nfsPath))
}

// nfsMount is one line of the mount.nfs stand-in's log (e2e/nfs.sh).
type nfsMount struct{ src, target, options string }

func nfsMounts() []nfsMount {
	b, _ := os.ReadFile(filepath.Join(workdir, "logs", "mount-nfs.log"))
	var ms []nfsMount
	for _, line := range strings.Split(string(b), "\n") {
		// HH:MM:SS SERVER:PATH -> TARGET options=OPTS
		f := strings.Fields(line)
		if len(f) == 5 && f[2] == "->" && strings.HasPrefix(f[4], "options=") {
			ms = append(ms, nfsMount{src: f[1], target: f[3], options: strings.TrimPrefix(f[4], "options=")})
		}
	}
	return ms
}

// mountOf is kubelet's NFS mount of volume pv for pod: its directory is
// <kubelet root>/pods/<pod UID>/volumes/kubernetes.io~nfs/<volume name>.
func mountOf(pod *corev1.Pod, pv string) (nfsMount, bool) {
	for _, m := range nfsMounts() {
		if strings.Contains(m.target, "/pods/"+string(pod.UID)+"/volumes/kubernetes.io~nfs/") && filepath.Base(m.target) == pv {
			return m, true
		}
	}
	return nfsMount{}, false
}

// mount-options: the provisioners' mounts of their exports (through the static
// volumes) and every provisioned volume's mount are made with their NfsStorage's
// mountOptions, as the mount.nfs stand-in records what kubelet passed. Over the
// wire, ganesha's log says which NFS version each mount spoke (nfsvers=3: NFSv3,
// its MOUNT call for the volume's path; nfsvers=4 and 4.1: NFSv4, its SETCLIENTID
// naming the mount's directory), the client says for each nfsvers=4.1 mount that
// it mounted NFSv4.0 instead, and the provisioner asking NFSv3 of the export
// that admits NFSv4 only has a FailedMount event with the server's refusal.
func checkMountOptions(ctx context.Context, t *T) string {
	c := chartOf(ctx, storageApp, "mount-options")
	// What the app asked; the class, the export volume and every provisioned volume must carry it.
	for _, s := range c.storages {
		if len(s.given.MountOptions) == 0 {
			t.Fatalf("%s: the app gave NfsStorage %s no mountOptions", c.path, s.class.Name)
		}
		if !slices.Equal(s.class.MountOptions, s.given.MountOptions) {
			t.Errorf("%s: the StorageClass %s has mountOptions %v, the app gave %v", c.path, s.class.Name, s.class.MountOptions, s.given.MountOptions)
		}
	}
	if c.apply(t, 0, 0) == "" {
		return ""
	}
	wire := os.Getenv("E2E_NFS_MODE") == "wire"
	var seen []string
	mounted := 0
	for _, s := range c.storages {
		want := s.given.MountOptions
		p, err := deploymentPod(c.ns, s.deploy)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if pv, err := getPV(s.exportPV); err != nil || !slices.Equal(pv.Spec.MountOptions, want) {
			t.Errorf("the export volume %s: mountOptions not %v (%v)", s.exportPV, want, err)
		}
		if s.root == v4OnlyDir() {
			if wire {
				seen = append(seen, refusedMount(t, c.ns, p.Name, want))
			}
			continue
		}
		type mount struct {
			who string
			m   nfsMount
		}
		var ms []mount
		if m, ok := mountOf(p, s.exportPV); ok {
			ms = append(ms, mount{"provisioner " + p.Name, m})
		} else {
			t.Errorf("no NFS mount of %s for the provisioner pod %s (uid %s) in the mount.nfs log", s.exportPV, p.Name, p.UID)
		}
		for _, w := range c.webs {
			if w.storage != s {
				continue
			}
			for i := range w.pages {
				_, pv := c.volume(t, w, i)
				pod, err := getPod(c.ns, w.pod(i))
				if pv == nil || err != nil {
					t.Errorf("%s: %v", w.pod(i), err)
					continue
				}
				if !slices.Equal(pv.Spec.MountOptions, want) {
					t.Errorf("%s: mountOptions %v, not %v", pv.Name, pv.Spec.MountOptions, want)
				}
				if m, ok := mountOf(pod, pv.Name); ok {
					ms = append(ms, mount{pod.Name, m})
				} else {
					t.Errorf("no NFS mount of %s for pod %s (uid %s) in the mount.nfs log", pv.Name, pod.Name, pod.UID)
				}
			}
		}
		var got []string
		for _, m := range ms {
			mounted++
			for _, o := range want {
				if !slices.Contains(strings.Split(m.m.options, ","), o) {
					t.Errorf("%s's %s mounted with options %q, without %s", m.who, m.m.src, m.m.options, o)
				}
			}
			what := m.who
			if wire {
				asked := strings.TrimPrefix(want[0], "nfsvers=")
				served := serverVersion(m.m)
				if wantServed := "NFSv" + asked[:1]; served != wantServed {
					t.Errorf("%s's %s -o %s: ganesha's log says %q, not %s", m.who, m.m.src, m.m.options, served, wantServed)
				}
				what += " " + served
				if asked == "4.1" {
					if said := clientSaid(m.m.target); !strings.Contains(said, "nfsvers=4.1 not honoured") {
						t.Errorf("%s's %s -o nfsvers=4.1: the client did not say it cannot honour it (its log: %q)", m.who, m.m.src, said)
					} else {
						what += " (client: " + said + ")"
					}
				}
			}
			got = append(got, what)
		}
		seen = append(seen, fmt.Sprintf("-o %s: %s", strings.Join(want, ","), strings.Join(got, ", ")))
	}
	msg := fmt.Sprintf("kubelet mounted %d volumes with their class's options, ganesha serving: %s", mounted, strings.Join(seen, "; "))
	if wire {
		if refusals := clientRefusals(t); refusals != "" {
			msg += "; mount.nfs itself: " + refusals
		}
	}
	// The other volumes (the lab's, the other checks'), which have no mount
	// options, were mounted without: the options in the log are kubelet's, not
	// the stand-in's.
	plain := 0
	for _, m := range nfsMounts() {
		if m.options == "" {
			plain++
		}
	}
	if plain > 0 {
		msg += fmt.Sprintf(" (%d other NFS mounts, of volumes without options, without)", plain)
	}
	return msg
}

// path-pattern: with the pattern ${.PVC.namespace}/${.PVC.name}, each claim's
// directory is <namespace>/<claim>; the pods serve their pages from there;
// deleted pods come back to them, and so do claims created again after their
// StatefulSet and claims were deleted (Retain): new volumes, the same directories.
func checkPathPattern(ctx context.Context, t *T) string {
	c := chartOf(ctx, storageApp, "path-pattern")
	s, w := c.storages[0], c.webs[0]
	// The directories expected are those of the pattern the app gave, whatever the class says.
	pattern := s.given.PathPattern
	if pattern == "" || s.given.ReclaimPolicy != string(corev1.PersistentVolumeReclaimRetain) {
		t.Fatalf("%s: the app gave its NfsStorage no pathPattern, or not Retain", c.path)
	}
	if c.apply(t, 0, 0) == "" {
		return ""
	}
	// What v4.0.2 makes of the pattern for claim i.
	dirOf := func(i int) string {
		return strings.NewReplacer("${.PVC.namespace}", c.ns, "${.PVC.name}", w.claim(i)).Replace(pattern)
	}
	volumes := func(when string) []string {
		var names []string
		for i, page := range w.pages {
			_, pv := c.volume(t, w, i)
			if pv == nil {
				continue
			}
			names = append(names, pv.Name)
			if want := s.nfsPath + "/" + dirOf(i); pv.Spec.NFS.Path != want {
				t.Errorf("%s: %s is NFS path %s, not %s", when, pv.Name, pv.Spec.NFS.Path, want)
			}
			if b, err := os.ReadFile(filepath.Join(exportDir(), s.dir, dirOf(i), "index.html")); err != nil || string(b) != page {
				t.Errorf("%s: %s/index.html on the export holds %q (%v), not %q", when, dirOf(i), b, err, page)
			}
			if _, err := servesPage(c.ns, w.pod(i), page); err != nil {
				t.Errorf("%s: %v", when, err)
			}
		}
		return names
	}
	first := volumes("after apply")
	var dirs []string
	for i := range w.pages {
		dirs = append(dirs, dirOf(i))
	}
	// Every pod deleted at once: they come back to the same claims and directories.
	var old []*corev1.Pod
	for i := range w.pages {
		old = append(old, must(getPod(c.ns, w.pod(i))))
	}
	for _, p := range old {
		must(0, remove(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: p.Name, Namespace: c.ns}}, 0))
	}
	for _, p := range old {
		if !cameBack(t, c.ns, p) {
			return ""
		}
	}
	if again := volumes("after the pods' deletion"); !slices.Equal(again, first) {
		t.Errorf("the claims' volumes changed from %v to %v", first, again)
	}
	// The StatefulSet and its claims deleted, then applied again: the new
	// claims get new volumes on the same directories, and find their pages.
	must(0, remove(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: w.sts.Name, Namespace: c.ns}}, 120*time.Second))
	for i := range w.pages {
		must(0, remove(&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: w.claim(i), Namespace: c.ns}}, 120*time.Second))
	}
	if c.apply(t, 0, 0) == "" {
		return ""
	}
	second := volumes("after the claims were created again")
	for _, pv := range second {
		if slices.Contains(first, pv) {
			t.Errorf("volume %s was bound again instead of a new one", pv)
		}
	}
	for i := range w.pages {
		container, logs, _ := pagesLog(c.ns, w.pod(i))
		if !strings.Contains(logs, "index.html exists: left as it is") {
			t.Errorf("%s's %s logged %q, not that it found the page", w.pod(i), container, strings.TrimSpace(logs))
		}
	}
	return fmt.Sprintf("pattern %s: directories %s on the export (under %s), volumes %v; pods deleted: back on the same claims, serving %v; claims deleted and created again: new volumes %v on the same directories, the seed script found the pages",
		pattern, strings.Join(dirs, " "), s.dir, first, w.pages, second)
}

// archive-on-delete: with ReclaimPolicy Delete, a deleted claim's directory is
// renamed to archived-<directory> with its page (archiveOnDelete, the default),
// removed (onDelete: delete) or left (onDelete: retain), and its volume deleted.
func checkArchiveOnDelete(ctx context.Context, t *T) string {
	c := chartOf(ctx, storageApp, "archive-on-delete")
	// What the app asked for (nfs-storage.json), not what its classes say:
	// site web-<how> serves page, and its directory is archived (the
	// library's default), removed or left.
	var intent struct{ ArchiveOnDelete map[string]string }
	if err := json.Unmarshal(must(os.ReadFile(filepath.Join(os.Getenv("E2E_DIR"), "apps", "nfs-storage.json"))), &intent); err != nil {
		t.Fatalf("nfs-storage.json: %v", err)
	}
	hows := slices.Sorted(maps.Keys(intent.ArchiveOnDelete))
	if !slices.Equal(hows, []string{"archive", "delete", "retain"}) {
		t.Fatalf("nfs-storage.json's archiveOnDelete is %v, not one each of archive, delete, retain", hows)
	}
	type claimDir struct {
		w        *webInfo
		pv, dir  string // the volume and its directory on the export
		onDelete string // what the app asked for
		page     string
	}
	var claims []claimDir
	for _, how := range hows {
		page := intent.ArchiveOnDelete[how]
		i := slices.IndexFunc(c.webs, func(w *webInfo) bool { return w.sts.Name == "web-"+how })
		if i < 0 {
			t.Fatalf("%s has no StatefulSet web-%s", c.path, how)
		}
		w := c.webs[i]
		if w.storage == nil || w.storage.given.ReclaimPolicy != string(corev1.PersistentVolumeReclaimDelete) {
			t.Fatalf("%s: the app did not give StatefulSet %s's NfsStorage ReclaimPolicy.DELETE", c.path, w.sts.Name)
		}
		_, pv := c.volume(t, w, 0)
		if pv == nil {
			return ""
		}
		dir := onExport(pv)
		if b, err := os.ReadFile(filepath.Join(dir, "index.html")); err != nil || string(b) != page {
			t.Errorf("%s/index.html holds %q (%v), not %q", dir, b, err, page)
		}
		claims = append(claims, claimDir{w: w, pv: pv.Name, dir: dir, onDelete: how, page: page})
	}
	// The claims deleted, after their pods: the provisioner acts and deletes the volume.
	for _, cd := range claims {
		must(0, remove(&appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: cd.w.sts.Name, Namespace: c.ns}}, 120*time.Second))
		must(0, remove(&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: cd.w.claim(0), Namespace: c.ns}}, 120*time.Second))
	}
	var seen []string
	for _, cd := range claims {
		pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: cd.pv}}
		if wait.For(conditions.New(res()).ResourceDeleted(pv), poll(waitLimit)...) != nil {
			t.Errorf("volume %s (onDelete %s) still there %s after its claim was deleted", cd.pv, cd.onDelete, waitLimit)
			continue
		}
		archived := filepath.Join(filepath.Dir(cd.dir), "archived-"+filepath.Base(cd.dir))
		page := func(dir string) string { b, _ := os.ReadFile(filepath.Join(dir, "index.html")); return string(b) }
		exists := func(dir string) bool { _, err := os.Stat(dir); return err == nil }
		rel := func(dir string) string { return strings.TrimPrefix(dir, exportDir()+"/") }
		switch cd.onDelete {
		case "archive":
			if exists(cd.dir) || page(archived) != cd.page {
				t.Errorf("archive: %s exists %v, %s holds %q (want gone, and %q)", rel(cd.dir), exists(cd.dir), rel(archived), page(archived), cd.page)
			}
			seen = append(seen, fmt.Sprintf("archiveOnDelete: %s renamed to %s, holding %q", rel(cd.dir), filepath.Base(archived), page(archived)))
		case "delete":
			if exists(cd.dir) || exists(archived) {
				t.Errorf("onDelete delete: %s exists %v, %s exists %v (want neither)", rel(cd.dir), exists(cd.dir), rel(archived), exists(archived))
			}
			seen = append(seen, fmt.Sprintf("onDelete delete: %s removed, nothing archived", rel(cd.dir)))
		case "retain":
			if page(cd.dir) != cd.page || exists(archived) {
				t.Errorf("onDelete retain: %s holds %q, %s exists %v (want %q, and no archive)", rel(cd.dir), page(cd.dir), rel(archived), exists(archived), cd.page)
			}
			seen = append(seen, fmt.Sprintf("onDelete retain: %s left, holding %q", rel(cd.dir), page(cd.dir)))
		default:
			t.Errorf("%s: a class with onDelete %q", c.path, cd.onDelete)
		}
	}
	return "claims deleted, their volumes deleted by the provisioner; " + strings.Join(seen, "; ")
}

// provisionerUser is the runAsUser and runAsGroup of the chart's first provisioner.
func provisionerUser(c *chartInfo) (uid, gid int, err error) {
	sc := c.storages[0].deploy.Spec.Template.Spec.SecurityContext
	if sc == nil || sc.RunAsUser == nil || *sc.RunAsUser == 0 || sc.RunAsGroup == nil {
		return 0, 0, fmt.Errorf("%s: the provisioner has no runAsUser and runAsGroup", c.path)
	}
	return int(*sc.RunAsUser), int(*sc.RunAsGroup), nil
}

// non-root-provisioner: the provisioner as a user (runAsUser, runAsGroup) in a
// namespace that enforces restricted, on an export directory owned by that
// user: admitted, it provisions the claims of pods in another namespace, and
// the directories it makes belong to the user.
func checkNonRootProvisioner(ctx context.Context, t *T) string {
	c := chartOf(ctx, storageApp, "non-root-provisioner")
	webs := must(readChart(storageApp, "non-root-web"))
	s := c.storages[0]
	uid, gid, _ := provisionerUser(c) // the Setup applied it as them
	out := c.applied
	var ns corev1.Namespace
	if err := res().Get(ctx, c.ns, "", &ns); err != nil || ns.Labels["pod-security.kubernetes.io/enforce"] != "restricted" {
		t.Errorf("namespace %s does not enforce restricted (%v, labels %v)", c.ns, err, ns.Labels)
	}
	noPodSecurityWarning(t, "the provisioner's chart", out)
	var p *corev1.Pod
	pods := &corev1.PodList{}
	ready := func(o k8s.Object) bool { return o.GetDeletionTimestamp() == nil && isReady(o.(*corev1.Pod)) }
	if wait.For(conditions.New(res().WithNamespace(c.ns)).ResourceListMatchN(pods, 1, ready,
		resources.WithLabelSelector(metav1.FormatLabelSelector(s.deploy.Spec.Selector))), poll(waitLimit)...) != nil {
		events, _ := kubectl("get", "events", "-n", c.ns, "-o", "jsonpath={range .items[*]}{.reason}: {.message}{\"\\n\"}{end}")
		t.Fatalf("no Ready provisioner pod in %s within %s; events: %s", c.ns, waitLimit, strings.ReplaceAll(events, "\n", " | "))
	}
	for i := range pods.Items {
		if ready(&pods.Items[i]) {
			p = &pods.Items[i]
			break
		}
	}
	if out := webs.apply(t, 0, 0); out == "" {
		return ""
	}
	var seen []string
	for _, w := range webs.webs {
		for i := range w.pages {
			_, pv := webs.volume(t, w, i)
			if pv == nil {
				continue
			}
			dir := onExport(pv)
			st, err := os.Stat(dir)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			owner := st.Sys().(*syscall.Stat_t)
			if int(owner.Uid) != uid || int(owner.Gid) != gid {
				t.Errorf("%s belongs to %d:%d, not %d:%d", dir, owner.Uid, owner.Gid, uid, gid)
			}
			seen = append(seen, fmt.Sprintf("%s %d:%d %o", strings.TrimPrefix(dir, exportDir()+"/"), owner.Uid, owner.Gid, st.Mode().Perm()))
		}
	}
	return fmt.Sprintf("provisioner pod %s admitted in %s (enforce restricted) as %d:%d, no warning; claims of %s Bound, pages served; directories %s",
		p.Name, c.ns, uid, gid, webs.ns, strings.Join(seen, ", "))
}
