#!/usr/bin/env node
// Regenerates schema.json, the Kubernetes 1.36 API schemas the test suite
// validates every synthesized manifest against (see ../regenerate-schema.js).
//
// Usage: node test/support/k8s-1.36/regenerate.js   (needs `go` on the PATH)
'use strict';
require('../regenerate-schema')('k8s.io/kubernetes@v1.36.3', __dirname);
