{{- /*
  The containers of a Pod whose command ends and that a kubelet would restart in a back-off loop
  (a non-zero exit code, or 0 with restartPolicy Always), for the crash stages (Go template with
  sprig). src/cluster/local/stages.ts puts this in place of the comment `cka-lab:exit-code` in
  the stages' templates. It sets:
    $exits   container name -> its exit code (0-255), only for those containers
  The rules are those of exit-code.jq.
*/ -}}
{{- $exits := dict -}}
{{- $policy := .spec.restartPolicy | default "Always" -}}
{{- range .spec.containers -}}
{{- $cmd := join " " (concat (.command | default list) (.args | default list)) -}}
{{- $code := -1 -}}
{{- $m := regexFind `(^|[;&|\s])exit\s+[0-9]+\s*;?\s*$` $cmd -}}
{{- if $m -}}{{- $code = mod (atoi (regexFind `[0-9]+` $m)) 256 -}}
{{- else if regexMatch `(^|[;&|\s])(/usr)?(/bin/)?false\s*;?\s*$` $cmd -}}{{- $code = 1 -}}
{{- else if regexMatch `(^|[;&|]|^(/bin/)?(ba)?sh\s+-c\s)\s*(/usr)?(/bin/)?(echo|printf|true|date|hostname|env|ls|cat|whoami|id|uname)(\s[^;&|]*)?\s*;?\s*$` $cmd -}}{{- $code = 0 -}}
{{- end -}}
{{- if or (gt $code 0) (and (eq $code 0) (eq $policy "Always")) -}}{{- $_ := set $exits .name $code -}}{{- end -}}
{{- end -}}
