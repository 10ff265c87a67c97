package consumer

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	sw "github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"gopkg.in/yaml.v3"
)

// LAB_YAML names the TypeScript lab's output; the lab synthesized here must
// equal it object for object.
func TestLabEqualsTheTypeScriptLab(t *testing.T) {
	expected, err := os.ReadFile(os.Getenv("LAB_YAML"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(out)})
	BuildLab(app)
	app.Synth()
	actual, err := os.ReadFile(filepath.Join(out, "lab.k8s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	e, eKeys := byKey(t, expected, "TypeScript")
	a, aKeys := byKey(t, actual, "Go")
	var problems []string
	for _, k := range eKeys {
		if _, ok := a[k]; !ok {
			problems = append(problems, k+": missing from the Go output")
		}
	}
	for _, k := range aKeys {
		if _, ok := e[k]; !ok {
			problems = append(problems, k+": not in the TypeScript output")
		}
	}
	for _, k := range eKeys {
		if got, ok := a[k]; ok {
			problems = append(problems, diff(e[k], got, k+" ")...)
		}
	}
	if len(problems) == 0 && !reflect.DeepEqual(eKeys, aKeys) {
		problems = append(problems, fmt.Sprintf("same objects, other order: TypeScript %v, Go %v", eKeys, aKeys))
	}
	if len(eKeys) == 0 {
		t.Fatal("the TypeScript lab has no objects")
	}
	if len(problems) > 0 {
		t.Fatalf("the Go lab differs from the TypeScript lab:\n%s", strings.Join(problems, "\n"))
	}
	t.Logf("go: %d objects equal to the TypeScript lab's", len(eKeys))
}

func TestResolvedValuesCrossTheBinding(t *testing.T) {
	lab := BuildLab(cdk8s.NewApp(nil))
	check := func(what string, got, want interface{}) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	check("storageClassName", *lab.Storage.StorageClassName(), "stateful-nfs")
	check("provisionerName", *lab.Storage.ProvisionerName(), "xgp")
	check("reclaimPolicy", lab.Storage.ReclaimPolicy(), sw.ReclaimPolicy_RETAIN)
	check("namespace", *lab.Storage.Namespace(), "xgp-lll")
	check("replicas", *lab.Web.Replicas(), float64(3))
	var claims []string
	for _, c := range *lab.Web.ClaimNames() {
		claims = append(claims, *c)
	}
	check("claimNames", claims, []string{"test-statefulset-test-0", "test-statefulset-test-1", "test-statefulset-test-2"})
	check("web.service.name", *lab.Web.Service().Name(), "headless-svc")
	check("podDnsName", *lab.Service.PodDnsName(jsii.String("statefulset-test-0")),
		"statefulset-test-0.headless-svc.xgp-lll.svc.cluster.local")
	var ports []string
	for _, p := range *lab.Service.Ports() {
		ports = append(ports, *p.Name)
	}
	check("ports", ports, []string{"http"})
}

func TestBadInputFailsWithTheLibraryMessage(t *testing.T) {
	chart := cdk8s.NewChart(cdk8s.NewApp(nil), jsii.String("bad"), &cdk8s.ChartProps{Namespace: jsii.String("bad")})
	storage := sw.NewNfsStorage(chart, jsii.String("Nfs"), &sw.NfsStorageProps{
		Server: jsii.String("192.168.1.21"), Path: jsii.String("/nfsdata"),
	})
	expectPanic(t, `(?s)'replicas' must be .*-1`, func() {
		sw.NewStatefulWeb(chart, jsii.String("Web"), &sw.StatefulWebProps{Replicas: jsii.Number(-1), Storage: storage})
	})
	expectPanic(t, `'path' must be`, func() {
		sw.NewNfsStorage(chart, jsii.String("Nfs2"), &sw.NfsStorageProps{
			Server: jsii.String("192.168.1.21"), Path: jsii.String("nfsdata"),
		})
	})
}

// expectPanic runs f, which must panic with a message matching pattern: the
// jsii runtime turns a JavaScript error into a panic.
func expectPanic(t *testing.T, pattern string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one matching %q", pattern)
			return
		}
		msg := fmt.Sprint(r)
		if !regexp.MustCompile(pattern).MatchString(msg) {
			t.Errorf("panic %q does not match %q", msg, pattern)
		}
	}()
	f()
}

func byKey(t *testing.T, text []byte, side string) (map[string]interface{}, []string) {
	t.Helper()
	objects := map[string]interface{}{}
	var keys []string
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var doc map[string]interface{}
		err := dec.Decode(&doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s output: %v", side, err)
		}
		if doc == nil {
			continue
		}
		meta, _ := doc["metadata"].(map[string]interface{})
		ns, _ := meta["namespace"].(string)
		key := fmt.Sprintf("%v/%v/%s/%v", doc["apiVersion"], doc["kind"], ns, meta["name"])
		if _, dup := objects[key]; dup {
			t.Fatalf("%s: twice in the %s output", key, side)
		}
		objects[key] = doc
		keys = append(keys, key)
	}
	return objects, keys
}

func diff(expected, actual interface{}, path string) []string {
	em, eok := expected.(map[string]interface{})
	am, aok := actual.(map[string]interface{})
	if eok && aok {
		seen := map[string]bool{}
		for k := range em {
			seen[k] = true
		}
		for k := range am {
			seen[k] = true
		}
		var ks []string
		for k := range seen {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		var out []string
		for _, k := range ks {
			ev, ein := em[k]
			av, ain := am[k]
			switch {
			case !ain:
				out = append(out, fmt.Sprintf("%s/%s: missing here (TypeScript: %v)", path, k, ev))
			case !ein:
				out = append(out, fmt.Sprintf("%s/%s: extra here (%v)", path, k, av))
			default:
				out = append(out, diff(ev, av, path+"/"+k)...)
			}
		}
		return out
	}
	el, eok := expected.([]interface{})
	al, aok := actual.([]interface{})
	if eok && aok && len(el) == len(al) {
		var out []string
		for i := range el {
			out = append(out, diff(el[i], al[i], fmt.Sprintf("%s/%d", path, i))...)
		}
		return out
	}
	if !reflect.DeepEqual(expected, actual) {
		return []string{fmt.Sprintf("%s: TypeScript %v, here %v", path, expected, actual)}
	}
	return nil
}
