{{- /*
  The images of a Pod that would fail to pull, for the kwok stages of pod-image-pull.yaml (Go
  template with sprig). src/cluster/local/stages.ts puts this in place of the comment
  `cka-lab:image-check` in those templates, with __CATALOG__ and __REPOSITORIES__ replaced by
  the catalog's normalised references and repositories (quoted strings). It sets:
    $pulls   image -> why its pull fails, like containerd says it (only for failing images)
    $failed  the first failing image as written in the Pod, $failedMsg why, $failedField its fieldPath
  The normalisation is the one of image-check.jq.
*/ -}}
{{- $catalog := list __CATALOG__ -}}
{{- $repositories := list __REPOSITORIES__ -}}
{{- $pulls := dict -}}
{{- $failed := "" -}}
{{- $failedMsg := "" -}}
{{- $failedField := "" -}}
{{- range $i, $containers := list (.spec.initContainers | default list) (.spec.containers | default list) -}}
{{- $kind := ternary "initContainers" "containers" (eq $i 0) -}}
{{- range $containers -}}
{{- $ref := regexReplaceAll `@sha256:[0-9a-f]+$` .image "" -}}
{{- if not (regexMatch `:[^/:]+$` $ref) -}}{{- $ref = print $ref ":latest" -}}{{- end -}}
{{- if not (regexMatch `^([^/]*[.:][^/]*|localhost)/` $ref) -}}{{- $ref = print "docker.io/" $ref -}}{{- end -}}
{{- $ref = regexReplaceAll `^index\.docker\.io/` $ref "docker.io/" -}}
{{- $ref = regexReplaceAll `^docker\.io/([^/]+)$` $ref "docker.io/library/${1}" -}}
{{- if not (has $ref $catalog) -}}
{{- $why := printf "%s: not found" $ref -}}
{{- if and (hasPrefix "docker.io/" $ref) (not (has (regexReplaceAll `:[^/:]+$` $ref "") $repositories)) -}}
{{- $why = "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed" -}}
{{- end -}}
{{- $msg := printf "failed to pull and unpack image %q: failed to resolve reference %q: %s" $ref $ref $why -}}
{{- $_ := set $pulls .image $msg -}}
{{- if not $failed -}}{{- $failed = .image -}}{{- $failedMsg = $msg -}}{{- $failedField = printf "spec.%s{%s}" $kind .name -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
