// Wrapper: the etcd server for Kubernetes releases that need a newer etcd than
// Debian's 3.4 (built by e2e/build.sh; `go install` cannot build etcd's own main
// module because of its replace directives).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
