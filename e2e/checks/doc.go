// Package checks holds the e2e checks of the lab on a real node, one named test
// per check id (grep for `check("<id>"` to find one). e2e/run.sh brings the cluster
// up, runs the compiled test binary against it, tears the cluster down, and runs
// TestTeardown last. See e2e/README.md.
package checks
