#!/usr/bin/env bash
# Time from the README's first command to the first lab on a machine whose control plane is cached,
# per path: "go" (Go on PATH, metrics-server and the agent cached: the cluster as today) and "no-go"
# (Go hidden from PATH, no release site reachable, only the control plane cached: the cluster starts
# without metrics-server and cka-lab-agent). Each round: a fresh state folder, `lab start replicaset`
# (which creates the cluster), then `lab cluster down`. `npm install` and the global install are
# timed once (they do not depend on the path). Usage: bash bench/no-go-start.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
work=$(mktemp -d /tmp/cka-lab-bench-no-go-XXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
t0=$(now); npm install --no-audit --no-fund >/dev/null 2>&1; t1=$(now)
npm install -g --ignore-scripts --prefix "$work/prefix" . >/dev/null 2>&1; t2=$(now)
printf 'npm install: %.1f s; npm install -g: %.1f s\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
lab="$work/prefix/bin/lab"
# The control plane's cache folder: the folder of kubectl that `lab env` puts first on PATH.
bindir=$("$lab" env --no-cd | sed -n "s/^export PATH='\([^']*\)'.*/\1/p")
nogo_path=$(echo "$PATH" | tr ':' '\n' | while read -r d; do [ -n "$d" ] && [ ! -x "$d/go" ] && echo "$d"; done | paste -sd:)
for path in go no-go; do
  for i in $(seq 1 "$rounds"); do
    state="$work/state-$path-$i"
    if [ "$path" = go ]; then
      envs=(XDG_STATE_HOME="$state" PATH="$work/prefix/bin:$PATH")
    else
      cache="$work/cache-$i"; mkdir -p "$cache/cka-lab/bin"; ln -s "$bindir" "$cache/cka-lab/bin/"
      envs=(XDG_STATE_HOME="$state" XDG_CACHE_HOME="$cache" CKA_LAB_DOWNLOAD_MIRROR=http://127.0.0.1:9
        PATH="$work/prefix/bin:$nogo_path")
    fi
    s=$(now); env "${envs[@]}" "$lab" start replicaset >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }; e=$(now)
    env "${envs[@]}" "$lab" cluster down >/dev/null 2>&1
    printf '%s round %d: lab start replicaset from no cluster: %.1f s\n' "$path" "$i" "$(echo "$e - $s" | bc)"
  done
done
