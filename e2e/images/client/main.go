// e2e-get NAME[:PORT] or e2e-get URL: what a client pod sees of NAME, for the
// served-dns, netpol-web, client Service and status page checks. Prints one
// "address: IP" line per address NAME (or the URL's host) resolves to (Go's own
// resolver: the pod's /etc/resolv.conf, its search domains and ndots), then
// "status: " and the HTTP status code and "body: " and what http://NAME[:PORT]/
// (or the URL, http://HOST[:PORT]/PATH) returns; exits 1 when it cannot
// connect. Static, so it runs in the busybox client image (whose own wget and
// nslookup crash here).
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
		fmt.Fprintln(os.Stderr, "usage: e2e-get NAME[:PORT] | URL")
		os.Exit(2)
	}
	target, host := "http://"+os.Args[1]+"/", os.Args[1]
	if u, err := url.Parse(os.Args[1]); err == nil && u.Scheme == "http" {
		target, host = os.Args[1], u.Hostname()
	} else if h, _, err := net.SplitHostPort(os.Args[1]); err == nil {
		host = h
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, host)
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
	fmt.Printf("status: %d\n", resp.StatusCode)
	fmt.Printf("body: %s\n", b)
}
