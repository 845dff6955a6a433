# When a container's command ends, as far as that can be known without running it: jq functions
# kwok evaluates on a container (gojq). src/cluster/local/stages.ts puts this (without these
# comments) in place of __EXIT_CODE_JQ__ in the stages' jq expressions. The same rules are in
# exit-code.tpl.
# exit_code: the exit code, or null when the command runs on. Command and args (joined) that end
#   in `exit N` exit N mod 256; in `false`, 1; in a command that just prints and ends (`echo`,
#   `printf`, `true`, `date`, `hostname`, `env`, `ls`, `cat`, `whoami`, `id`, `uname`, as the last
#   command of a `sh -c` script: `sleep 5; echo done`), 0. (A shell image such as busybox run
#   without command would end its shell at once on a kubelet too; that is not simulated, labs
#   and tests use such Pods as running ones.)
# crashes($policy): whether the container exits and a kubelet would restart it in a back-off
#   loop: a non-zero exit code, or 0 with restartPolicy Always.
def exit_code: ((.command // []) + (.args // []) | join(" ")) as $cmd
  | if ($cmd | test("(^|[;&|\\s])exit\\s+[0-9]+\\s*;?\\s*$")) then ($cmd | capture("exit\\s+(?<n>[0-9]+)\\s*;?\\s*$").n | tonumber % 256)
    elif ($cmd | test("(^|[;&|\\s])(/usr)?(/bin/)?false\\s*;?\\s*$")) then 1
    elif ($cmd | test("(^|[;&|]|^(/bin/)?(ba)?sh\\s+-c\\s)\\s*(/usr)?(/bin/)?(echo|printf|true|date|hostname|env|ls|cat|whoami|id|uname)(\\s[^;&|]*)?\\s*;?\\s*$")) then 0
    else null end;
def crashes($policy): exit_code as $c | $c != null and ($c > 0 or $policy == "Always");
