//go:build psa127

package main

import "k8s.io/pod-security-admission/policy"

// The 1.27 module: NewEvaluator takes the checks only.
func newEvaluator() (policy.Evaluator, error) {
	return policy.NewEvaluator(policy.DefaultChecks())
}
