//go:build tools

// Package tools pins the add-on commands built by build.sh, so `go mod tidy` keeps their modules.
package tools

import _ "sigs.k8s.io/metrics-server/cmd/metrics-server"
