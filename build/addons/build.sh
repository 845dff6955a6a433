#!/usr/bin/env bash
# Builds the local cluster's add-ons from their official Go modules into OUT_DIR.
# Usage: build.sh OUT_DIR
# Prints one line "step N/M NAME" before each binary, which the CLI turns into progress.
# Add an add-on with one more entry in `steps` and one more step block below.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp="$out.partial"
rm -rf "$tmp" && mkdir -p "$tmp"

# The version of a module this wrapper requires, from go.mod (e.g. v0.8.0).
version() { awk -v m="$1" '$1 == m { print $2 } $1 == "require" && $2 == m { print $3 }' "$here/go.mod"; }

steps=(metrics-server)
n=${#steps[@]} i=0
step() { i=$((i + 1)); echo "step $i/$n $1"; }

cd "$here"

step metrics-server
# kwokctl reads `--version` to pick flags, so the release version is stamped in (as metrics-server's Makefile does).
ms=$(version sigs.k8s.io/metrics-server)
CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$ms -X k8s.io/client-go/pkg/version.buildDate=1970-01-01T00:00:00Z" \
  -o "$tmp/metrics-server" sigs.k8s.io/metrics-server/cmd/metrics-server

# Publish atomically so an interrupted build never looks complete.
rm -rf "$out" && mv "$tmp" "$out"
echo "done $out"
