// e2e-get NAME: what a client pod sees of NAME, for the served-dns check. Prints one
// "address: IP" line per address NAME resolves to (Go's own resolver: the pod's
// /etc/resolv.conf, its search domains and ndots), then "body: " and the page that
// http://NAME/ returns. NAME may also be a URL, http://HOST[:PORT]/PATH, whose
// HOST is resolved and which is fetched as it is; a status other than 200 is an
// error. Static, so it runs in the busybox client image.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: e2e-get NAME|URL")
		os.Exit(2)
	}
	name, target := os.Args[1], "http://"+os.Args[1]+"/"
	if u, err := url.Parse(name); err == nil && u.Scheme == "http" {
		name, target = u.Hostname(), name
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, a := range addrs {
		fmt.Println("address:", a)
	}
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(target)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	fmt.Printf("body: %s\n", b)
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, target+":", resp.Status)
		os.Exit(1)
	}
}
