// Command pod-security runs the upstream Pod Security Standards checks
// (k8s.io/pod-security-admission, the code the API server's admission plugin
// runs) on pod templates, for the tests of this repository.
//
// Input on stdin: a JSON array of {"name": "...", "template": <PodTemplateSpec>}.
// Output on stdout: a JSON array, one entry per input, in order:
//
//	{"name": "...", "version": "v1.27", "level": "baseline",
//	 "violations": {"restricted": ["allowPrivilegeEscalation != false: container ..."], "baseline": []}}
//
// `version` is the policy version the module evaluates as `latest`, that is
// what an API server of that minor version enforces on a namespace labelled
// `pod-security.kubernetes.io/enforce: <level>` without a version label.
// `level` is the most restrictive level the template passes. Each violation
// is one check's reason and detail, as the API server writes them in its
// refusal ("violates PodSecurity ...: <reason> (<detail>), ...").
//
// One source, two builds: go.mod pins the newest module, go127.mod the 1.27
// one (build with -modfile=go127.mod -tags psa127; see build.sh).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
)

type input struct {
	Name     string                 `json:"name"`
	Template corev1.PodTemplateSpec `json:"template"`
}

type output struct {
	Name       string              `json:"name"`
	Version    string              `json:"version"`
	Level      api.Level           `json:"level"`
	Violations map[string][]string `json:"violations"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pod-security:", err)
		os.Exit(1)
	}
}

func run() error {
	var inputs []input
	dec := json.NewDecoder(os.Stdin)
	// A field the checks do not know would be silently ignored: refuse it, so
	// that a typo in a template cannot pass for a secure setting.
	dec.DisallowUnknownFields()
	if err := dec.Decode(&inputs); err != nil {
		return fmt.Errorf("reading the templates from stdin: %w", err)
	}
	evaluator, err := newEvaluator()
	if err != nil {
		return err
	}
	version, err := policyVersion()
	if err != nil {
		return err
	}
	latest := api.LatestVersion()
	outputs := make([]output, 0, len(inputs))
	for _, in := range inputs {
		out := output{
			Name:       in.Name,
			Version:    version,
			Level:      api.LevelPrivileged,
			Violations: map[string][]string{},
		}
		passes := map[api.Level]bool{}
		for _, level := range []api.Level{api.LevelBaseline, api.LevelRestricted} {
			// The restricted checks include the baseline ones.
			results := evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: latest}, &in.Template.ObjectMeta, &in.Template.Spec)
			violations := []string{}
			for _, r := range results {
				if !r.Allowed {
					violations = append(violations, fmt.Sprintf("%s (%s)", r.ForbiddenReason, r.ForbiddenDetail))
				}
			}
			out.Violations[string(level)] = violations
			passes[level] = len(violations) == 0
		}
		if passes[api.LevelBaseline] {
			out.Level = api.LevelBaseline
		}
		if passes[api.LevelRestricted] {
			out.Level = api.LevelRestricted
		}
		outputs = append(outputs, out)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(outputs)
}

// policyVersion is the Kubernetes minor version whose policy `latest` means in
// this build: k8s.io/pod-security-admission v0.N.x is Kubernetes v1.N.
func policyVersion() (string, error) {
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, dep := range info.Deps {
			if dep.Path == "k8s.io/pod-security-admission" {
				if m := regexp.MustCompile(`^v0\.(\d+)\.`).FindStringSubmatch(dep.Version); m != nil {
					return "v1." + m[1], nil
				}
			}
		}
	}
	return "", fmt.Errorf("cannot tell the version of k8s.io/pod-security-admission in this build")
}
