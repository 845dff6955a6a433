//go:build tools

// Package tools pins the helm command built by ../build.sh, so `go mod tidy` keeps its module.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
