// A Go user of the library: the module that `npx projen package:go` writes to
// dist/go/cdk8sstatefulweb (a replace, until it is published), and cdk8s,
// and constructs at the npm versions this repo installs.
// consumers/run.sh runs it in a copy outside the repo, with go mod tidy.
module github.com/cdk8s-stateful-web/consumers/go

go 1.25

require (
	github.com/aws/constructs-go/constructs/v10 v10.3.0
	github.com/aws/jsii-runtime-go v1.140.0
	github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb v0.0.0
	github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2 v2.68.12
	gopkg.in/yaml.v3 v3.0.1
)

replace github.com/cdk8s-stateful-web/cdk8s-stateful-web-go/cdk8sstatefulweb => ../../dist/go/cdk8sstatefulweb
