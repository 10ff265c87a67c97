package checks

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	storagev1 "k8s.io/api/storage/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	apimachinerywait "k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/e2e-framework/klient/decoder"
	"sigs.k8s.io/e2e-framework/klient/k8s"
	"sigs.k8s.io/e2e-framework/klient/k8s/resources"
	"sigs.k8s.io/e2e-framework/klient/wait"
	"sigs.k8s.io/e2e-framework/klient/wait/conditions"
	"sigs.k8s.io/e2e-framework/pkg/env"
	"sigs.k8s.io/e2e-framework/pkg/envconf"
	"sigs.k8s.io/e2e-framework/pkg/features"
)

// What e2e/run.sh hands over, as environment variables.
var (
	version    = os.Getenv("E2E_K8S_VERSION") // v1.27.16 ...
	workdir    = os.Getenv("E2E_WORKDIR")     // the run's directory: export, logs, audit log
	kubectlBin = os.Getenv("E2E_KUBECTL")
	kubeconfig = os.Getenv("E2E_KUBECONFIG")
	labYAML    = os.Getenv("E2E_LAB_YAML")
	appsDir    = os.Getenv("E2E_APPS") // e2e/apps/synth.js's output: APP/CHART.k8s.yaml
	testenv    env.Environment
)

func TestMain(m *testing.M) {
	// The framework's client decodes with client-go's scheme: CRDs are read typed.
	must(0, apiextensionsv1.AddToScheme(scheme.Scheme))
	if kubeconfig != "" {
		testenv = env.NewWithConfig(envconf.NewWithKubeConfig(kubeconfig).WithParallelTestEnabled())
	} else {
		testenv = env.New()
	}
	os.Exit(testenv.Run(m))
}

// only (E2E_ONLY, a regular expression of check ids) runs only the checks it
// matches, and teardown, while iterating on some; by default every check runs.
var only = regexp.MustCompile(os.Getenv("E2E_ONLY"))

// check is one named check: its id is the feature's name, and it prints one
// `PASS [version] id: what was seen` or `FAIL [version] id: why` line.
// The function returns what it saw; every problem goes through t.Errorf or
// t.Fatalf. Steps around it, if any, are the feature's Setup (in their order)
// and Teardown (in the reverse order): a problem in a setup skips fn, the
// teardowns run in any case, and the line, printed after them, has the
// problems of every step.
func check(id string, fn func(ctx context.Context, t *T) string, around ...steps) features.Feature {
	run := id == "teardown" || only.MatchString(id)
	var (
		log   = &problems{}
		start time.Time
		setUp = len(around) == 0
		ended bool
		seen  string
		made  context.Context // what the setups made, for the teardowns after a t.Fatalf
	)
	// end runs the teardowns, then prints the check's line (deferred, so that
	// it is printed after a panic or t.Fatalf too).
	end := func(ctx context.Context, tt *testing.T) {
		ended = true
		t := &T{T: tt, log: log}
		defer took(id, start)
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("panic: %v", p)
			}
			t.report(id, seen)
		}()
		for i := len(around) - 1; i >= 0; i-- {
			if around[i].teardown != nil {
				around[i].teardown(ctx, t)
			}
		}
	}
	f := features.New(id)
	if len(around) > 0 {
		f = f.Setup(func(ctx context.Context, tt *testing.T, _ *envconf.Config) (out context.Context) {
			if !run {
				return ctx
			}
			start, made = time.Now(), ctx
			t := &T{T: tt, log: log}
			returned := false
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("panic: %v", p)
					out = made
				} else if !returned {
					// t.Fatalf ends the feature here, before its Assess and Teardown.
					end(made, tt)
				}
			}()
			for _, s := range around {
				if s.setup != nil && !t.failed() {
					made = s.setup(made, t)
				}
			}
			returned = true
			setUp = !t.failed()
			return made
		})
	}
	// A named result: after a recovered panic the step still hands ctx on.
	f = f.Assess(id, func(ctx context.Context, tt *testing.T, _ *envconf.Config) (out context.Context) {
		out = ctx
		if !run || !setUp {
			return ctx
		}
		if start.IsZero() {
			start = time.Now()
		}
		t := &T{T: tt, log: log}
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("panic: %v", p)
			}
		}()
		seen = fn(ctx, t)
		return ctx
	})
	return f.Teardown(func(ctx context.Context, tt *testing.T, _ *envconf.Config) context.Context {
		if run && !ended {
			end(ctx, tt)
		}
		return ctx
	}).Feature()
}

// steps are a check's Setup and Teardown: setup makes what the check needs
// and hands it on in the context; teardown removes it, whether setup ended
// well or not (a setup that did not run left nothing in the context).
type steps struct {
	setup    func(ctx context.Context, t *T) context.Context
	teardown func(ctx context.Context, t *T)
}

// times are how long each check took, in the order they ended; printed by
// timesInfo for the e2e's time budget (e2e/README.md, Time).
var (
	timesMu sync.Mutex
	times   []string
)

func took(id string, start time.Time) {
	timesMu.Lock()
	defer timesMu.Unlock()
	times = append(times, fmt.Sprintf("%s %.0fs", id, time.Since(start).Seconds()))
}

func timesInfo(total time.Duration) {
	timesMu.Lock()
	defer timesMu.Unlock()
	info("check-times: %.0fs in all, side by side where they overlap: %s", total.Seconds(), strings.Join(times, ", "))
}

// T is a check's testing.T whose Errorf and Fatalf also keep the message for
// the check's FAIL line; the steps of one check share what is kept.
type T struct {
	*testing.T
	log *problems
}

type problems struct {
	mu   sync.Mutex
	list []string
}

func newT(t *testing.T) *T { return &T{T: t, log: &problems{}} }

func (t *T) keep(format string, args ...any) {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	t.log.list = append(t.log.list, fmt.Sprintf(format, args...))
}

// Errorf records a problem and marks the test failed.
func (t *T) Errorf(format string, args ...any) {
	t.Helper()
	t.keep(format, args...)
	t.T.Errorf(format, args...)
}

// Fatalf records a problem and stops the check (t.FailNow).
func (t *T) Fatalf(format string, args ...any) {
	t.Helper()
	t.keep(format, args...)
	t.T.Fatalf(format, args...)
}

// failed says whether a problem was recorded through t.
func (t *T) failed() bool {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	return len(t.log.list) > 0
}

// why is the recorded problems, joined by "; ".
func (t *T) why() string {
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	return strings.Join(t.log.list, "; ")
}

// report prints the check's line: FAIL with the problems, or PASS with what was seen.
func (t *T) report(id, seen string) {
	if t.failed() {
		fmt.Printf("FAIL [%s] %s: %s\n", version, id, t.why())
	} else {
		fmt.Printf("PASS [%s] %s: %s\n", version, id, seen)
	}
}

func info(format string, args ...any) {
	fmt.Printf("INFO [%s] %s\n", version, fmt.Sprintf(format, args...))
}

// kubectl runs the version's own kubectl as the admin; stdout, or an error with stderr.
func kubectl(args ...string) (string, error) {
	return kubectlAs(kubeconfig, "", args...)
}

func kubectlAs(kc, stdin string, args ...string) (string, error) {
	// Longer than any --timeout a check passes kubectl (at most 180s).
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, kubectlBin, append([]string{"--kubeconfig", kc}, args...)...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("kubectl %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// poll is how the checks wait: the condition tried at once, then every
// 500 ms, for at most limit.
func poll(limit time.Duration) []wait.Option {
	return []wait.Option{wait.WithTimeout(limit), wait.WithInterval(500 * time.Millisecond), wait.WithImmediate()}
}

// waitFor polls cond (what is not one object's state: a page served, a log
// line, a file) until it is true or the time is up.
func waitFor(limit time.Duration, cond func() bool) bool {
	return wait.For(func(context.Context) (bool, error) { return cond(), nil }, poll(limit)...) == nil
}

// podReadyCond is the condition that pod ns/name is Ready and not being deleted;
// a pod not there yet (being made again) is waited for, not an error.
func podReadyCond(ns, name string) apimachinerywait.ConditionWithContextFunc {
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}}
	return conditions.New(res()).ResourceMatch(pod, func(o k8s.Object) bool {
		p := o.(*corev1.Pod)
		return p.DeletionTimestamp == nil && isReady(p)
	})
}

// crdsEstablished waits up to limit until every CRD of list (named) has the
// condition Established True (kubectl wait --for=condition=Established).
func crdsEstablished(list *apiextensionsv1.CustomResourceDefinitionList, limit time.Duration) error {
	var names []string
	for _, crd := range list.Items {
		names = append(names, crd.Name)
	}
	err := wait.For(conditions.New(res()).ResourcesMatch(list, func(o k8s.Object) bool {
		for _, c := range o.(*apiextensionsv1.CustomResourceDefinition).Status.Conditions {
			if c.Type == apiextensionsv1.Established {
				return c.Status == apiextensionsv1.ConditionTrue
			}
		}
		return false
	}), poll(limit)...)
	if err != nil {
		return fmt.Errorf("CRDs %s not Established within %s: %v", strings.Join(names, ", "), limit, err)
	}
	return nil
}

// remove deletes obj (name, and namespace if it has one, set; a CRD's object
// unstructured, with its kind) in the background, as kubectl delete does; an
// object already gone is no error. With limit > 0 it then waits up to limit
// until obj is gone (kubectl delete --wait=true).
func remove(obj k8s.Object, limit time.Duration) error {
	what := kindOf(obj) + " " + obj.GetName()
	if ns := obj.GetNamespace(); ns != "" {
		what = kindOf(obj) + " " + ns + "/" + obj.GetName()
	}
	err := res().Delete(context.Background(), obj, resources.WithDeletePropagation(string(metav1.DeletePropagationBackground)))
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting %s: %v", what, err)
	}
	if limit > 0 && err == nil {
		if err := wait.For(conditions.New(res()).ResourceDeleted(obj), poll(limit)...); err != nil {
			return fmt.Errorf("%s not gone within %s: %v", what, limit, err)
		}
	}
	return nil
}

// removeFile deletes the objects of a manifest, in its order, and waits up to
// limit until they are all gone (kubectl delete -f path --ignore-not-found
// --wait=true). An object of a namespaced kind without a namespace is in
// "default", as kubectl has it.
func removeFile(path string, limit time.Duration) error {
	objects, err := readObjects(path)
	if err != nil {
		return err
	}
	list := &unstructured.UnstructuredList{}
	for _, o := range objects {
		if o.GetNamespace() == "" {
			if namespaced, err := res().GetControllerRuntimeClient().IsObjectNamespaced(o); err == nil && namespaced {
				o.SetNamespace("default")
			}
		}
		if err := remove(o, 0); err != nil {
			return fmt.Errorf("%s: %v", filepath.Base(path), err)
		}
		list.Items = append(list.Items, *o)
	}
	if err := wait.For(conditions.New(res()).ResourcesDeleted(list), poll(limit)...); err != nil {
		return fmt.Errorf("%s: its objects not gone within %s: %v", filepath.Base(path), limit, err)
	}
	return nil
}

// kindOf is the kind of a typed or unstructured object, for messages.
func kindOf(obj k8s.Object) string {
	if kind := obj.GetObjectKind().GroupVersionKind().Kind; kind != "" {
		return kind
	}
	return reflect.TypeOf(obj).Elem().Name()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// readObjects decodes every object of a manifest file.
func readObjects(path string) ([]*unstructured.Unstructured, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var objects []*unstructured.Unstructured
	err = decoder.DecodeEach(context.Background(), f, func(ctx context.Context, obj k8s.Object) error {
		u := &unstructured.Unstructured{}
		u.Object = must(runtime.DefaultUnstructuredConverter.ToUnstructured(obj))
		u.SetGroupVersionKind(obj.GetObjectKind().GroupVersionKind())
		objects = append(objects, u)
		return nil
	})
	return objects, err
}

// appYAML is the manifest of one chart of an e2e app (e2e/apps/APP.app.ts).
func appYAML(app, chart string) string {
	return filepath.Join(appsDir, app, chart+".k8s.yaml")
}

// appIntent is what an e2e app asked of the library: intent.json beside its
// charts, recorded as the app called the library (e2e/apps/common.ts), so
// that a check expects what was asked, not what the library wrote.
type appIntent struct {
	// Chart id, then StatefulWeb name: the pages it was given.
	Pages map[string]map[string][]string `json:"pages"`
	// Chart id, then StatefulWeb name: the labels and annotations given for its claims.
	Claims map[string]map[string]struct{ Labels, Annotations map[string]string } `json:"claims"`
	// Chart id, then StatefulWeb name: the files of its shared content.
	Files map[string]map[string]map[string]string `json:"files"`
	// Chart id, then StorageClass name: what its NfsStorage was given.
	Storages map[string]map[string]storageIntent `json:"storages"`
}

// storageIntent is an NfsStorage's export and the class settings it was given.
type storageIntent struct {
	Server, Path  string
	MountOptions  []string `json:"mountOptions"`
	PathPattern   string   `json:"pathPattern"`
	ReclaimPolicy string   `json:"reclaimPolicy"`
}

func readIntent(app string) (*appIntent, error) {
	b, err := os.ReadFile(filepath.Join(appsDir, app, "intent.json"))
	if err != nil {
		return nil, err
	}
	in := &appIntent{}
	if err := json.Unmarshal(b, in); err != nil {
		return nil, fmt.Errorf("%s/intent.json: %v", app, err)
	}
	return in, nil
}

// tutorial is what the lab asks of the library (e2e/checks/tutorial.json):
// the export and the pages the checks expect, whatever the manifest says.
type tutorial struct {
	NFSServer string   `json:"nfsServer"`
	NFSPath   string   `json:"nfsPath"`
	Pages     []string `json:"pages"`
}

func readTutorial() (*tutorial, error) {
	b, err := os.ReadFile(filepath.Join(os.Getenv("E2E_DIR"), "checks", "tutorial.json"))
	if err != nil {
		return nil, err
	}
	t := &tutorial{}
	if err := json.Unmarshal(b, t); err != nil {
		return nil, fmt.Errorf("tutorial.json: %v", err)
	}
	// The lab's own knobs (examples/lab): a lab synthesized for another export.
	if v := os.Getenv("LAB_NFS_SERVER"); v != "" {
		t.NFSServer = v
	}
	if v := os.Getenv("LAB_NFS_PATH"); v != "" {
		t.NFSPath = v
	}
	if t.NFSServer == "" || t.NFSPath == "" || len(t.Pages) == 0 {
		return nil, fmt.Errorf("tutorial.json lacks nfsServer, nfsPath or pages")
	}
	return t, nil
}

// lab is what the checks read from the lab's manifest (names) and from the
// tutorial (the export and the pages: what the lab asked for).
type labInfo struct {
	objects     []*unstructured.Unstructured
	ns          string
	sts         *appsv1.StatefulSet
	claimTmpl   string
	class       *storagev1.StorageClass
	deploy      *appsv1.Deployment // the provisioner
	sa          string
	clusterRole *rbacv1.ClusterRole
	nfsServer   string // the tutorial's
	nfsPath     string // the tutorial's
	pages       []string
	images      []string
}

var lab *labInfo

func readLab() (*labInfo, error) {
	if lab != nil {
		return lab, nil
	}
	objects, err := readObjects(labYAML)
	if err != nil {
		return nil, err
	}
	want, err := readTutorial()
	if err != nil {
		return nil, err
	}
	l := &labInfo{objects: objects, nfsServer: want.NFSServer, nfsPath: want.NFSPath, pages: want.Pages}
	as := func(u *unstructured.Unstructured, into any) {
		if err == nil {
			err = runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, into)
		}
	}
	for _, u := range l.objects {
		switch u.GetKind() {
		case "Namespace":
			l.ns = u.GetName()
		case "StatefulSet":
			l.sts = &appsv1.StatefulSet{}
			as(u, l.sts)
		case "StorageClass":
			l.class = &storagev1.StorageClass{}
			as(u, l.class)
		case "Deployment":
			l.deploy = &appsv1.Deployment{}
			as(u, l.deploy)
		case "ClusterRole":
			l.clusterRole = &rbacv1.ClusterRole{}
			as(u, l.clusterRole)
		}
	}
	if err != nil {
		return nil, err
	}
	if l.sts == nil || l.class == nil || l.deploy == nil || l.clusterRole == nil || len(l.sts.Spec.VolumeClaimTemplates) == 0 {
		return nil, fmt.Errorf("%s lacks a StatefulSet with a claim template, a StorageClass, a Deployment or a ClusterRole", labYAML)
	}
	if l.ns == "" {
		l.ns = l.sts.Namespace
	}
	l.claimTmpl = l.sts.Spec.VolumeClaimTemplates[0].Name
	l.sa = l.deploy.Spec.Template.Spec.ServiceAccountName
	seen := map[string]bool{}
	for _, spec := range []corev1.PodSpec{l.sts.Spec.Template.Spec, l.deploy.Spec.Template.Spec} {
		for _, c := range append(spec.InitContainers, spec.Containers...) {
			if !seen[c.Image] {
				seen[c.Image] = true
				l.images = append(l.images, c.Image)
			}
		}
	}
	lab = l
	return l, nil
}

func (l *labInfo) replicas() int { return int(*l.sts.Spec.Replicas) }
func (l *labInfo) pod(i int) string {
	return fmt.Sprintf("%s-%d", l.sts.Name, i)
}
func (l *labInfo) claim(i int) string {
	return fmt.Sprintf("%s-%s-%d", l.claimTmpl, l.sts.Name, i)
}

// page is what the tutorial expects pod i to serve.
func (l *labInfo) page(i int) string {
	if i < len(l.pages) {
		return l.pages[i]
	}
	return ""
}

func exportDir() string { return filepath.Join(workdir, "export") }
