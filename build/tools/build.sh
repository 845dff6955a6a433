#!/usr/bin/env bash
# Builds the command-line tools learners use in some labs (helm; etcdctl and etcdutl for etcd
# backups) from their official Go modules into OUT_DIR. Two wrapper modules keep each tool's own
# dependency versions: helm/ (helm.sh/helm/v4) and etcd/ (etcd's release of the local cluster).
# Usage: build.sh OUT_DIR
# Prints one line "step N/M NAME" before each binary, which the CLI turns into progress.
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp="$out.partial"
rm -rf "$tmp" && mkdir -p "$tmp"

# The version of a module a wrapper requires, from its go.mod (e.g. v4.3.1).
version() { awk -v m="$2" '$1 == m { print $2 } $1 == "require" && $2 == m { print $3 }' "$here/$1/go.mod"; }

steps=(helm etcdctl etcdutl)
n=${#steps[@]} i=0
step() { i=$((i + 1)); echo "step $i/$n $1"; }

step helm
# helm prints the version stamped in (as helm's Makefile does for a release tag); without it, "v4.3".
hv=$(version helm helm.sh/helm/v4)
(cd "$here/helm" && CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$hv -X helm.sh/helm/v4/internal/version.gitTreeState=clean" \
  -o "$tmp/helm" helm.sh/helm/v4/cmd/helm)

# etcdctl and etcdutl print their release from go.etcd.io/etcd/api/v3/version, nothing to stamp.
for cmd in etcdctl etcdutl; do
  step "$cmd"
  (cd "$here/etcd" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/$cmd" "go.etcd.io/etcd/$cmd/v3")
done

# Publish atomically so an interrupted build never looks complete.
rm -rf "$out" && mv "$tmp" "$out"
echo "done $out"
