# The exit code of a container's command, as far as it can be known without running it: a jq
# function kwok evaluates on a container (gojq). src/cluster/local/stages.ts puts this (without
# these comments, on one line) in place of __EXIT_CODE_JQ__ in the stages' jq expressions.
# Recognised: a command and args that end in `exit N` (`sh -c "...; exit 3"`) exit N mod 256;
# `false` (or /bin/false, `sh -c false`, `... && false`) exits 1; anything else 0 (runs on).
# The same rules are in exit-code.tpl.
def exit_code: ((.command // []) + (.args // []) | join(" ")) as $cmd
  | if ($cmd | test("(^|[;&|\\s])exit\\s+[0-9]+\\s*;?\\s*$")) then ($cmd | capture("exit\\s+(?<n>[0-9]+)\\s*;?\\s*$").n | tonumber % 256)
    elif ($cmd | test("(^|[;&|\\s])(/usr)?(/bin/)?false\\s*;?\\s*$")) then 1
    else 0 end;
