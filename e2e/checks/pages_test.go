package checks

// PagesMode: what a change of the pages does to running pods.

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
)

// pages-sync: PagesMode.SYNC rolls the pods one at a time when the pages
// change, and each serves its new page; the default (seed once) keeps serving
// the old page, even from a pod that starts again.
func checkPagesSync(ctx context.Context, t *T) string {
	v1, v2 := must(readChart("pages-sync", "v1")), must(readChart("pages-sync", "v2"))
	sync1, seed1, sync2, seed2 := v1.web("sync"), v1.web("seed"), v2.web("sync"), v2.web("seed")
	if sync1 == nil || seed1 == nil || sync2 == nil || seed2 == nil {
		t.Fatalf("the pages-sync app lacks the StatefulSets sync and seed in v1 and v2")
	}
	ns := v1.ns
	for _, w := range [][2]*webInfo{{sync1, sync2}, {seed1, seed2}} {
		if w[0].page(0) == w[1].page(0) || w[1].page(0) == "" {
			t.Fatalf("%s: v1 and v2 have the same page 0 %q", w[0].sts.Name, w[0].page(0))
		}
	}
	if _, err := applyFile(appYAML("pages-sync", "v1")); err != nil {
		t.Fatalf("%v", err)
	}
	if !allServe(t, sync1, 3*waitLimit) || !allServe(t, seed1, 3*waitLimit) {
		return ""
	}
	uids := func(sts string) map[string]string {
		m := map[string]string{}
		for i := 0; i < int(*v1.web(sts).sts.Spec.Replicas); i++ {
			name := fmt.Sprintf("%s-%d", sts, i)
			if p, err := getPod(ns, name); err == nil {
				m[name] = string(p.UID)
			}
		}
		return m
	}
	syncBefore, seedBefore := uids("sync"), uids("seed")

	if _, err := applyFile(appYAML("pages-sync", "v2")); err != nil {
		t.Fatalf("%v", err)
	}
	// sync: every pod replaced, each serving its v2 page.
	n := int(*sync2.sts.Spec.Replicas)
	// n pods of sync at once that are new (none of the v1 UIDs), Ready and not being deleted.
	v1UIDs := map[string]bool{}
	for _, uid := range syncBefore {
		v1UIDs[uid] = true
	}
	replaced := func(o k8s.Object) bool {
		p := o.(*corev1.Pod)
		return !v1UIDs[string(p.UID)] && p.DeletionTimestamp == nil && isReady(p)
	}
	if wait.For(conditions.New(res().WithNamespace(ns)).ResourceListMatchN(&corev1.PodList{}, n, replaced,
		resources.WithLabelSelector(metav1.FormatLabelSelector(sync2.sts.Spec.Selector))), poll(3*waitLimit)...) != nil {
		t.Fatalf("the sync pods were not all replaced and Ready within %s", 3*waitLimit)
	}
	if !allServe(t, sync2, waitLimit) {
		return ""
	}
	// One at a time: each new pod was created after the one before it was Ready.
	type started struct {
		name           string
		created, ready time.Time
	}
	var rolled []started
	for i := 0; i < n; i++ {
		p := must(getPod(ns, fmt.Sprintf("sync-%d", i)))
		s := started{name: p.Name, created: p.CreationTimestamp.Time}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady {
				s.ready = c.LastTransitionTime.Time
			}
		}
		rolled = append(rolled, s)
	}
	sort.Slice(rolled, func(i, j int) bool { return rolled[i].created.Before(rolled[j].created) })
	var order []string
	for i, s := range rolled {
		order = append(order, s.name)
		if i > 0 && s.created.Before(rolled[i-1].ready) {
			t.Errorf("%s was created at %s, before %s was Ready (%s): not one at a time", s.name, s.created.Format(time.TimeOnly),
				rolled[i-1].name, rolled[i-1].ready.Format(time.TimeOnly))
		}
	}
	// sync's web containers write their pages; seed's init containers (it has a seedImage).
	for i := 0; i < n; i++ {
		container, logs, _ := pagesLog(ns, fmt.Sprintf("sync-%d", i))
		if container != "web" || !strings.Contains(logs, "wrote ") {
			t.Errorf("sync-%d's %s container did not log that it wrote the page: %q", i, container, logs)
		}
	}
	// seed: the same change leaves the pods and the pages as they were.
	if now := uids("seed"); fmt.Sprint(now) != fmt.Sprint(seedBefore) {
		t.Errorf("the seed pods were replaced: %v, then %v", seedBefore, now)
	}
	if !allServe(t, seed1, waitLimit) {
		return ""
	}
	last := seed2.pod(int(*seed2.sts.Spec.Replicas) - 1)
	old := must(getPod(ns, last))
	// Not waited for by name: the StatefulSet makes the pod again under it;
	// cameBack waits for the new one, which comes once the old one is gone.
	if err := remove(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: last, Namespace: ns}}, 0); err != nil {
		t.Fatalf("%v", err)
	}
	if !cameBack(t, ns, old) {
		return ""
	}
	if !allServe(t, seed1, waitLimit) {
		return ""
	}
	container, logs, _ := pagesLog(ns, last)
	if container != "seed-pages" || !strings.Contains(logs, "left as it is") {
		t.Errorf("%s's %s container did not leave the page: %q", last, container, logs)
	}
	return fmt.Sprintf("sync: after v2 all %d pods replaced (new UIDs) one at a time, in the order %s, each created after the one before was Ready, serving %q... (pages written by their web containers); seed: pods untouched, %s deleted and back, all still serve %q... (%s: %q)",
		n, strings.Join(order, ", "), sync2.page(0), last, seed1.page(0), container, strings.TrimSpace(logs))
}
