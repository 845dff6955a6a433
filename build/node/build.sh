#!/usr/bin/env bash
# Builds the real node's binaries from the official Go modules into OUT_DIR:
# kubelet and kube-proxy (this wrapper module), containerd, its runc shim and ctr,
# runc (cgo with seccomp: needs Debian's libseccomp-dev), crictl, CoreDNS, and the
# CNI plugins bridge, host-local, loopback and portmap in OUT_DIR/cni.
# Usage: build.sh OUT_DIR KUBE_VERSION
# Prints one line "step N/M NAME" before each binary, which the CLI turns into progress.
set -euo pipefail
out=$1 kube_version=$2
here=$(cd "$(dirname "$0")" && pwd)

# Releases of the tools built with `go install pkg@version` (their modules have no
# replace directives). This file is part of the cache key, so a change here rebuilds.
containerd_version=v2.4.2
runc_version=v1.5.3
cni_version=v1.10.0
critools_version=v1.37.0
coredns_version=v1.15.0

mkdir -p "$(dirname "$out")"
tmp="$out.partial"
rm -rf "$tmp" && mkdir -p "$tmp/cni"

minor=${kube_version#v1.}; minor=${minor%%.*}
# The same version stamp as build/kube/build.sh, so `kubelet --version` names the release.
pkg=k8s.io/component-base/version
cgv=k8s.io/client-go/pkg/version
ld="-s -w"
for p in $pkg $cgv; do
  ld+=" -X $p.gitVersion=$kube_version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ld+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

cni_plugins=(main/bridge ipam/host-local main/loopback meta/portmap)
steps=(kubelet kube-proxy containerd containerd-shim-runc-v2 ctr runc crictl coredns)
for p in "${cni_plugins[@]}"; do steps+=("cni/${p#*/}"); done
n=${#steps[@]} i=0
step() { i=$((i + 1)); echo "step $i/$n $1"; }

cd "$here"
for cmd in kubelet kube-proxy; do
  step "$cmd"
  CGO_ENABLED=0 go build -trimpath -ldflags "$ld" -o "$tmp/$cmd" "k8s.io/kubernetes/cmd/$cmd"
done

# `go install pkg@version` ignores this folder's go.mod and builds the module as released.
install() { # install BIN_DIR LDFLAGS PKG@VERSION [go flags...]
  local bin=$1 ldflags=$2 target=$3
  shift 3
  GOBIN="$bin" go install -trimpath -ldflags "-s -w $ldflags" "$@" "$target"
}

ctrd=github.com/containerd/containerd/v2
for cmd in containerd containerd-shim-runc-v2 ctr; do
  step "$cmd"
  CGO_ENABLED=0 install "$tmp" "-X $ctrd/version.Version=$containerd_version" "$ctrd/cmd/$cmd@$containerd_version"
done

# runc needs cgo (its nsenter is C) and links libseccomp for seccomp profiles.
step runc
CGO_ENABLED=1 install "$tmp" "" "github.com/opencontainers/runc@$runc_version" -tags seccomp

step crictl
CGO_ENABLED=0 install "$tmp" "-X sigs.k8s.io/cri-tools/pkg/version.Version=$critools_version" \
  "sigs.k8s.io/cri-tools/cmd/crictl@$critools_version"

step coredns
CGO_ENABLED=0 install "$tmp" "" "github.com/coredns/coredns@$coredns_version"

cniv=github.com/containernetworking/plugins
for p in "${cni_plugins[@]}"; do
  step "cni/${p#*/}"
  CGO_ENABLED=0 install "$tmp/cni" "-X $cniv/pkg/utils/buildversion.BuildVersion=$cni_version" \
    "$cniv/plugins/$p@$cni_version"
done

# Publish atomically so an interrupted build never looks complete.
rm -rf "$out" && mv "$tmp" "$out"
echo "done $out"
