//go:build tools

// Package tools pins the commands this module builds, so that `go mod tidy`
// keeps their requirements. It is never compiled.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
