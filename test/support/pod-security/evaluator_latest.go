//go:build !psa127

package main

import "k8s.io/pod-security-admission/policy"

// The newest module: NewEvaluator takes an emulation version (nil: its own).
func newEvaluator() (policy.Evaluator, error) {
	return policy.NewEvaluator(policy.DefaultChecks(), nil)
}
