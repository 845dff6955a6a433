# Whether every image of a Pod is in the catalog: a jq expression kwok evaluates on the Pod (gojq).
# src/cluster/local/stages.ts replaces __CATALOG__ with the catalog's references, normalised
# (docker.io/library/nginx:latest), and adds this as a selector of the stages marked
# `cka-lab/image-check`. A reference is normalised the way containerd does: a digest is dropped
# (accepted for any listed tag), no tag means latest, no registry means docker.io, and a
# one-part docker.io name is in library/.
def ref: sub("@sha256:[0-9a-f]+$"; "")
  | (if test(":[^/:]+$") then . else . + ":latest" end)
  | (if test("^([^/]*[.:][^/]*|localhost)/") then . else "docker.io/" + . end)
  | sub("^index\\.docker\\.io/"; "docker.io/")
  | sub("^docker\\.io/(?<n>[^/]+)$"; "docker.io/library/\(.n)");
[__CATALOG__] as $catalog
| [(.spec.initContainers // [])[], (.spec.containers // [])[]]
| all(.image | ref | IN($catalog[]))
