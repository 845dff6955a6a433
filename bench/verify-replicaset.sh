#!/usr/bin/env bash
# A Killercoda-style verify script for the replicaset lab, for comparison with `lab check`:
# one kubectl process per fact the lab checks, stopping at the first failure.
# usage: KUBECTL=/path/to/kubectl KUBECONFIG=/path/to/kubeconfig verify-replicaset.sh <namespace>
set -euo pipefail
NS=${1:?usage: verify-replicaset.sh <namespace>}
KUBECTL=${KUBECTL:-kubectl}
k() { "$KUBECTL" -n "$NS" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# rs-exists: ReplicaSet myapp-replicaset exists, as apps/v1
[ "$(k get rs myapp-replicaset -o jsonpath='{.apiVersion}')" = "apps/v1" ] || fail "ReplicaSet myapp-replicaset (apps/v1) not found"
# rs-selects-myapp: its selector selects app=myapp
[ "$(k get rs myapp-replicaset -o jsonpath='{.spec.selector.matchLabels.app}')" = "myapp" ] || fail "selector does not select app=myapp"
# rs-selector-matches-template: the template carries the selected label
[ "$(k get rs myapp-replicaset -o jsonpath='{.spec.template.metadata.labels.app}')" = "myapp" ] || fail "template labels do not match the selector"
# rs-adopted-pods: the two setup Pods have the ReplicaSet (same uid) as controller
UID_RS=$(k get rs myapp-replicaset -o jsonpath='{.metadata.uid}')
for pod in myapp-pod-1 myapp-pod-2; do
  [ "$(k get pod "$pod" -o jsonpath='{.metadata.ownerReferences[?(@.controller==true)].uid}')" = "$UID_RS" ] || fail "$pod is not owned by myapp-replicaset"
done
# rs-replicas-6: spec.replicas is 6
[ "$(k get rs myapp-replicaset -o jsonpath='{.spec.replicas}')" = "6" ] || fail "spec.replicas is not 6"
# six-pods-ready: exactly 6 Pods labelled app=myapp are Ready
READY=$(k get pods -l app=myapp -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$' || true)
[ "$READY" = "6" ] || fail "$READY Pods labelled app=myapp are Ready, expected 6"
# all-pods-owned: every app=myapp Pod is controlled by the ReplicaSet
OWNERS=$(k get pods -l app=myapp -o jsonpath='{range .items[*]}{.metadata.ownerReferences[?(@.controller==true)].uid}{"\n"}{end}')
while IFS= read -r owner; do
  [ "$owner" = "$UID_RS" ] || fail "a Pod labelled app=myapp is not owned by myapp-replicaset"
done <<< "$OWNERS"
echo "PASS"
