#!/usr/bin/env bash
# Builds cka-lab-agent (main.go, client-go) into OUT_DIR/cka-lab-agent.
# Usage: build.sh OUT_DIR
# Prints "step 1/1 cka-lab-agent", which the CLI turns into progress.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
echo "step 1/1 cka-lab-agent"
cd "$here"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/cka-lab-agent.partial" .
# Publish atomically so an interrupted build never looks complete.
mv "$out/cka-lab-agent.partial" "$out/cka-lab-agent"
echo "done $out"
