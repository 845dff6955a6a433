//go:build tools

// Package tools pins the etcdctl and etcdutl commands built by ../build.sh, so `go mod tidy`
// keeps their modules.
package tools

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/etcdutl/v3"
)
