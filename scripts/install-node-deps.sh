#!/usr/bin/env bash
# Installs the Debian packages the real node needs (src/cluster/realnode/binaries.ts, NODE_PACKAGES):
# gcc, libc6-dev, pkg-config and libseccomp-dev to build runc (cgo with seccomp), busybox-static for
# the images the project writes, iptables for kube-proxy and the node's traffic rules, nftables (nft) to
# drop the nf_tables tables the node created when it stops (iptables has no command for that).
# Idempotent and quiet: prints nothing and changes nothing when all are installed.
# Usage: bash scripts/install-node-deps.sh   (as root, or with sudo available)
set -euo pipefail
packages=(gcc libc6-dev pkg-config libseccomp-dev busybox-static iptables nftables)

command -v dpkg-query >/dev/null || {
  echo "The real node needs Debian packages, but dpkg-query was not found; use a Debian or Ubuntu machine." >&2
  exit 1
}
missing=()
for p in "${packages[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Run as root: apt-get install -y ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "Installing ${missing[*]} with apt-get..."
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
# A fresh machine may have no package lists yet; refresh them only when the install cannot find a package.
if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  "${sudo[@]}" apt-get update -qq >>"$log" 2>&1
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1 || {
    tail -n 20 "$log" >&2
    echo "apt-get could not install ${missing[*]}; see the lines above." >&2
    exit 1
  }
fi
rm -f "$log"
