#!/usr/bin/env bash
# Builds the local cluster's binaries from the official Go modules into OUT_DIR.
# Usage: build.sh OUT_DIR KUBE_VERSION KWOK_VERSION
# Prints one line "step N/M NAME" before each binary, which the CLI turns into progress.
set -euo pipefail
out=$1 kube_version=$2 kwok_version=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
tmp="$out.partial"
rm -rf "$tmp" && mkdir -p "$tmp"

minor=${kube_version#v1.}; minor=${minor%%.*}
# kwokctl reads `--version` to pick flags, so the real release version is stamped in.
pkg=k8s.io/component-base/version
cgv=k8s.io/client-go/pkg/version
ld="-s -w"
for p in $pkg $cgv; do
  ld+=" -X $p.gitVersion=$kube_version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

steps=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)
n=${#steps[@]} i=0
step() { i=$((i + 1)); echo "step $i/$n $1"; }

cd "$here"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  step "$cmd"
  CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done
step etcd
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
for cmd in kwok kwokctl; do
  step "$cmd"
  CGO_ENABLED=0 GOBIN="$tmp" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/$cmd@$kwok_version"
done
# Publish atomically so an interrupted build never looks complete.
rm -rf "$out" && mv "$tmp" "$out"
echo "done $out"
