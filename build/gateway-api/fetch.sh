#!/usr/bin/env bash
# Copies the Gateway API standard-channel CRDs (GatewayClass, Gateway, HTTPRoute, GRPCRoute,
# ReferenceGrant, BackendTLSPolicy, ListenerSet...) from the sigs.k8s.io/gateway-api module that go.mod
# pins into OUT_DIR, one YAML file per CRD. The module comes from the Go module proxy and is checked
# against go.sum, so nothing is taken from the internet unverified and nothing is committed by hand.
# Usage: fetch.sh OUT_DIR
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp="$out.partial"
rm -rf "$tmp" && mkdir -p "$tmp"

echo "step 1/1 gateway-api"
dir=$(cd "$here" && GOFLAGS=-mod=readonly go mod download -json sigs.k8s.io/gateway-api |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dir/config/crd/standard" ] || { echo "no config/crd/standard in $dir" >&2; exit 1; }
cp "$dir"/config/crd/standard/*.yaml "$tmp/"
chmod 644 "$tmp"/*.yaml

# Publish atomically so an interrupted copy never looks complete.
rm -rf "$out" && mv "$tmp" "$out"
echo "done $out"
