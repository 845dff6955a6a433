{{- /*
  The containers of a Pod whose command exits with an error, for the crash stages (Go template
  with sprig). src/cluster/local/stages.ts puts this in place of the comment `cka-lab:exit-code`
  in the stages' templates. It sets:
    $exits   container name -> its exit code (1-255), only for containers that exit non-zero
  The rules are those of exit-code.jq.
*/ -}}
{{- $exits := dict -}}
{{- range .spec.containers -}}
{{- $cmd := join " " (concat (.command | default list) (.args | default list)) -}}
{{- $code := 0 -}}
{{- $m := regexFind `(^|[;&|\s])exit\s+[0-9]+\s*;?\s*$` $cmd -}}
{{- if $m -}}{{- $code = mod (atoi (regexFind `[0-9]+` $m)) 256 -}}
{{- else if regexMatch `(^|[;&|\s])(/usr)?(/bin/)?false\s*;?\s*$` $cmd -}}{{- $code = 1 -}}
{{- end -}}
{{- if ne $code 0 -}}{{- $_ := set $exits .name $code -}}{{- end -}}
{{- end -}}
