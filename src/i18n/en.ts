import { lines } from './lines.js';

/**
 * English messages, the reference catalog: its keys are the keys every other catalog must
 * have, and its parameters the parameters `t` takes (see catalog.ts).
 *
 * Syntax: ICU MessageFormat, compiled by messageformat (see compiled.ts). `{name}` is a
 * parameter; `{count, plural, one {...} other {...}}` picks a plural form by the CLDR
 * rules of the language. Keys are grouped by the module that says them.
 */
export const en = {
  // exam/present.ts
  'exam.paper': lines(
    'Mock exam: {questions, plural, one {# question} other {# questions}}, ',
    '{total, plural, one {# point} other {# points}}, {length}; pass mark {passMark}%.',
  ),
  'exam.deadline': 'Deadline: {when} (local time).',
  'exam.question': 'Question {n}: {title}',
  'exam.points': '{points, plural, one {# point} other {# points}}',
  'exam.work': lines(
    'Work with kubectl, adding -n <namespace> for each question. `lab exam status` shows the time ',
    'left; `lab exam submit` scores your work.',
  ),
  'exam.files': lines(
    'Save the files the tasks ask for in the working folder of their lab (`cd "$(lab dir <lab>)"`); ',
    'the exam starts each of them empty.',
  ),
  'exam.head.lab': 'LAB',
  'exam.head.task': 'TASK',
  'exam.head.points': 'POINTS',
  'exam.pass': 'PASS',
  'exam.fail': 'FAIL',
  'exam.score': 'Score: {percent}%',
  'exam.scoreLine':
    '{score} ({earned} of {possible, plural, one {# point} other {# points}}): {verdict}, pass mark {passMark}%.',
  'exam.late': 'Submitted {over} after the deadline, so this result is marked late.',
  'exam.useContext': 'Use context: {context}',
  'exam.workContexts': lines(
    'Each question names its kubectl context: switch with `kubectl config use-context <context>` before ',
    "you work on it (the question's namespace is that context's default). `lab exam status` shows the time left, ",
    '`lab exam flag <task>` marks a task to come back to, and `lab exam submit` scores your work.',
  ),
  'exam.elsewhereContext': lines(
    'Your work seems to be in context {context} (namespace {ns}), but this question uses context {own}: ',
    'switch with `kubectl config use-context {own}` first.',
  ),
  'exam.elsewhereNamespace': 'Your work seems to be in namespace {ns}, but this question is in namespace {own}.',
  'exam.noTask': 'The exam has no task "{ref}"; give a task number from the exam paper ({numbers}) or <lab>/<task>.',
  'exam.manyTasks': 'Several questions have a task {ref} ({numbers}); give its number or <lab>/<task>.',
  'exam.flagged': 'Task {number} ({title}) is flagged for review; `lab exam status` lists the flagged tasks.',
  'exam.flaggedAlready': 'Task {number} ({title}) was already flagged.',
  'exam.unflagged': 'Task {number} ({title}) is no longer flagged.',
  'exam.unflaggedAlready': 'Task {number} ({title}) was not flagged.',
  'exam.status.flagged': 'Flagged for review:',
  'exam.status.noFlags': 'No task is flagged; `lab exam flag <task>` marks one to come back to.',
  'exam.status.context': 'context {context}',
  'exam.noBaseContext': lines(
    "The kubeconfig {kubeconfig} has no context {context} to copy for the exam's contexts; ",
    'run `lab cluster up` to write it again, or name one with --context.',
  ),

  // exam/present-review.ts, cli/commands/exam.ts (lab exam review)
  'review.head': 'Review of the exam submitted {when}: {percent}% ({earned} of {possible} points)',
  'review.inContext': 'context {context}, namespace {ns}',
  'review.inNamespace': 'namespace {ns}',
  'review.flagged': 'flagged',
  'review.right': 'Right:',
  'review.wrong': 'Wrong:',
  'review.solution': 'Reference solution (with its YAML: `lab solution {lab}`):',
  'review.old': 'Exams submitted before reviews were kept show only their score.',
  'review.again': '`lab exam review` shows this review again.',
  'review.none': 'No exam has been submitted yet; start one with `lab exam`.',
  'review.noSuch':
    'There is no exam {n}; {count, plural, one {one exam has} other {# exams have}} been submitted, give 1 to {count}.',

  // report/text.ts
  'report.pass': 'PASS',
  'report.fail': 'FAIL',
  'report.task': 'Task {n}: {title}',
  'report.checks': '({ok}/{total} checks)',
  'report.sameCause': '(the same cause as above)',
  'report.allPass': '{total, plural, one {The # check passes.} other {All # checks pass.}}',
  'report.somePass': '{passed} of {total, plural, one {# check passes} other {# checks pass}}. ',
  'report.hint': 'Run `lab hint {lab}` for a hint.',

  // labs/present.ts
  'tasks.head': 'Tasks (namespace {ns})',
  'tasks.next': 'Work with kubectl, then run {check}. Stuck? {hint}.',

  // labs/ownership.ts
  'ownership.clusterScope': lines(
    'The lab {lab} creates cluster-scoped objects ({kinds}, named {prefix}...) that every namespace ',
    "of this cluster sees; pass --allow-cluster-scope to let it, or use cka-lab's own cluster.",
  ),

  // cli/commands
  'check.noNamespace': 'the namespace {ns} does not exist; run `lab start {lab}` first',
  'check.watching': 'Watching for changes... (Ctrl-C to stop)',
  'start.needsRuntime': lines(
    'The lab {lab} needs real containers (logs, exec, DNS, traffic between Pods), which this cluster has no node for; ',
    'run `sudo lab cluster up --real-node` (or `lab cluster reset --real-node` for a cluster made before), ',
    'use `--driver k3s`, or your own cluster with --kubeconfig.',
  ),
  'start.needsExtras': lines(
    'The lab {lab} needs {names} ({what}), which this cluster was started without because Go was missing; ',
    'install Go 1.25 or newer, then run `lab cluster reset`.',
  ),
  'start.needsGatewayApi': lines(
    'The lab {lab} needs the Gateway API (GatewayClass, Gateway, HTTPRoute), which this cluster does not serve; ',
    'install its CRDs with `kubectl apply --server-side -f ',
    'https://github.com/kubernetes-sigs/gateway-api/releases/download/{version}/standard-install.yaml`.',
  ),
  'start.installingGatewayApi': 'Installing the Gateway API CRDs (a cka-lab component, kept across lab resets)...',
  'start.needsLabNodes': lines(
    'The lab {lab} brings its own simulated nodes, which only the local cluster simulates; ',
    'run it on `lab cluster up` (the local driver).',
  ),
  'labNodes.notReady': lines(
    "The lab's nodes ({nodes}) are not Ready after {seconds} s; ",
    'check the local cluster with `lab cluster status` and run `lab reset`.',
  ),
  'start.addNamespace': 'Add -n {ns} to your kubectl commands.',
  'start.useKubectl':
    'To use kubectl, first run: eval "$(lab env)"  (namespace {ns}; it also takes you to the working folder)',
  'hint.allPass': 'Every task passes already; no hint needed.',
  'hint.none': 'This task has no hints.',
  'hint.title': '{task} — hint {n}/{total}',

  // The learner's working folder, a started lab, the lab the learner is in (cli/commands, labs/started.ts)
  'start.already': lines(
    'The lab {lab} is already started in namespace {ns}, and your work there is kept; ',
    '`lab reset {lab}` takes it back to the setup.',
  ),
  'start.workDir': 'Your working folder, where file checks look: {dir}  (cd "$({command})")',
  // Reading: tasks first, the note on demand, the recommended order (cli/commands/{start,note,list,next}.ts)
  'start.readNote': 'Read the note with `lab note {lab}` (one part of it: `--section <heading>`).',
  'reset.done': 'The lab {lab} is back at its setup in namespace {ns}, and your working folder is empty.',
  'note.answersFolded': 'The answers are folded: `{command}` shows them.',
  'note.noSection': 'The note of {lab} has no section "{section}"; give one of: {sections}.',
  'note.severalSections':
    'Several sections of the note of {lab} match "{section}" ({sections}); give more of the heading.',
  'note.noAnswers': 'The note of {lab} has no answers section.',
  'list.realMachines': 'real machines',
  'list.realMachinesFooter': lines(
    '"real machines": no lab here; practise it on machines of your own, ',
    'then run these labs there with --context (docs/real-machines.md).',
  ),
  'list.head.lab': 'LAB',
  'list.head.domain': 'DOMAIN',
  'list.head.tasks': 'TASKS',
  'list.head.status': 'STATUS',
  'list.head.title': 'TITLE',
  'status.notStarted': 'not started',
  'status.started': 'started',
  'status.solved': 'solved with the solution',
  'status.passed': 'passed',
  'next.start': 'Next: {lab}, {title} ({domain}). Start it with `lab start {lab}`.',
  'next.continue': lines(
    'Next: {lab}, {title} ({domain}), which you have started. `lab start {lab}` shows its tasks again ',
    'and `lab check {lab}` checks your work.',
  ),
  'next.solved': lines(
    'Next: {lab}, {title} ({domain}): you solved it with the reference solution, so run ',
    '`lab reset {lab}` and do it yourself.',
  ),
  'next.done': 'You have passed all {count} labs; try a mock exam with `lab exam`.',
  'next.progress': '{passed} of {total} labs passed.',
  'help.note': "show a lab's note, paged on a terminal (the answers to Check yourself stay folded)",
  'help.note.section': 'show only the section under this heading (or the one heading that contains it)',
  'help.note.answers': 'show the answers: alone, the Check yourself section with them; with --section, that section',
  'help.next': 'name the next lab to do, in the recommended order',
  'check.withSolution': lines(
    'This pass is recorded as solved with the reference solution, not as your own; ',
    'run `lab reset {lab}` to do it yourself.',
  ),
  'solution.resetting': lines(
    'Resetting {ns} to the setup first, so that the reference solution starts from a clean lab ',
    '(your work there is replaced).',
  ),
  'solution.passed': lines(
    'Applied the reference solution in {ns}: all {total} checks pass. It is recorded as solved with the ',
    'solution, not as your own pass; run `lab reset {lab}` to do it yourself.',
  ),
  'solution.failing': lines(
    'Applied the reference solution in {ns}, but {failed} of {total} checks still fail after {seconds} s; ',
    'see the report above, and run `lab check {lab}` again in a moment.',
  ),
  'current.noneStarted': 'No lab is started in this cluster; start one with `lab start <lab>`.',
  'current.notInNamespace': lines(
    'No lab is started in namespace {ns}; start one there with `lab start <lab> -n {ns}`, ',
    'or name the lab to check.',
  ),
  'current.choose': lines(
    'Several labs are started ({choices}) and the current context names none of them; name one, ',
    'as in `lab check {first}`, or check them all with --all.',
  ),

  // checks/engine.ts
  'engine.apiError': 'the API server answered {status}: {message}',
  'engine.cannotRun': 'the check could not run: {message}',

  // checks/describe.ts
  'describe.missing': '{what} does not exist in namespace {ns}',
  'describe.otherKind': '{base}; there is a {kind} with that name, so check the kind (and apiVersion {apiVersion})',
  'describe.nearMiss': '{base}; did you mean {kind} {name}? (the name must be exact)',
  'describe.otherNamespace': lines(
    '{base}, but it exists in namespace {namespaces}; create it in this one (kubectl ... -n <lab namespace>, ',
    'or eval "$(lab env)")',
  ),

  // checks/objects.ts: a set of objects in words
  'set.kinds': '{kind}s',
  'set.selector': 'with {selector}',
  'set.controlledBy': 'controlled by {kind} {name}',
  'set.withNotes': '{head} {notes}',
  'set.noteSeparator': ' ',

  // checks/pods.ts
  'pods.unscheduled': 'Pending, not scheduled: {why}',

  // checks/match.ts
  'match.shouldBeUnset': 'should not be set, but it is {actual}',
  'match.notSet': 'expected {expected}, but it is not set',
  'match.notObject': 'expected an object, but found {actual}',
  'match.notList': 'expected a list, but found {actual}',
  'match.typeNote': ' (a {actual}, but a {expected} is expected)',
  'match.differs': 'expected {expected}, but found {actual}',
  'match.emptyList': 'expected an item {item}, but the list is empty',
  'match.noItem': 'expected an item {item}, but found {actual}',
  'match.distinct': 'expected {n} distinct items matching {expected}, but found {actual}',
  'match.oneOf': 'expected one of {expected}, but found {actual}',
  'match.oneOfNotSet': 'expected one of {expected}, but it is not set',
  'match.fields': '{what}: {count} {count, plural, one {field does} other {fields do}} not match',

  // checks/kinds/object.ts
  'object.matches': '{what} has the expected fields',
  'object.exists': '{what} exists',

  // checks/kinds/any.ts
  'any.passed': '{count} of the {what} {count, plural, one {matches} other {match}}: {names}',
  'any.none': 'there are no {what}',
  'any.onlyFew': lines(
    'expected at least {min} of the {what} to match, but there {count, plural, one {is} other {are}} ',
    'only {count}: {names}',
  ),
  'any.failed': 'expected at least {min} of the {what} to match, found {found}; the closest, {name}, differs',

  // checks/kinds/resources.ts
  'resources.container': 'container {container} of {owner}',
  'resources.template': 'the Pod template of Deployment {name}',
  'resources.newContainer': 'a new container without resources in namespace {namespace}',
  'resources.missing': '{where}: {field} is not set, but the task asks for {expected}',
  'resources.wrong': '{where}: {field} is {actual}, but the task asks for {expected}',
  'resources.wrongBytes':
    '{where}: {field} is {actual} ({actualBytes} bytes), but the task asks for {expected} ({expectedBytes} bytes)',
  'resources.noContainer': '{owner} has no container {container} (it has {names})',
  'resources.failed': '{first}{more, plural, =0 {} other { (and # more)}}',
  'resources.ok': '{what}: {amounts}',
  'resources.written': lines(
    'container {container} of Pod {pod}: {fields} written in the Pod, not set by a LimitRange ',
    '(the kubernetes.io/limit-ranger annotation does not name it)',
  ),
  'resources.beforeLimitRange': lines(
    'Pod {pod} was created before LimitRange {limitRange}: a LimitRange sets defaults only when a Pod is created; ',
    'delete the Pod and create it again',
  ),
  'resources.scheduled':
    'Pod {pod} was scheduled to node {node}: it fits, but the task asks for a Pod that does not ({cause})',
  'resources.notScheduledYet': 'Pod {pod} has no PodScheduled condition yet: the scheduler has not looked at it',
  'resources.otherCause': 'Pod {pod} is Pending ({reason}: {message}), but not because of {cause}',
  'resources.pendingOk': 'Pod {pod} stays Pending: {message}',
  'resources.noPods': 'Deployment {name} has no Pods',
  'resources.stale': 'Deployment {name} still runs an older Pod: {problem} (the rollout has not finished)',
  'resources.noLimitRange': 'namespace {namespace} has no LimitRange, so a container without resources gets none',
  'resources.defaultsOk': 'a new container without resources gets {amounts} (LimitRange {names})',
  'resources.scoped': 'ResourceQuota {name} counts only the Pods of its scopes ({scopes}), not every Pod',
  'resources.notCounted': 'ResourceQuota {name} has no status.used yet: the quota controller has not counted it',
  'resources.usedWrong':
    'ResourceQuota {name} counts {field}={actual}, but the Pods of the namespace add up to {expected}',
  'resources.quotaOk': 'ResourceQuota {name}: hard {hard}; used {used}',

  // checks/kinds/can-i.ts
  'canI.inNamespace': 'in namespace {namespace}',
  'canI.allNamespaces': 'in all namespaces',
  'canI.request': '{verbs} {resource} {where}',
  'canI.noReason': 'the API server gives no reason',
  'canI.unexpectedYes': '{subject} can {request}, but should not: {reason} ({command} says yes)',
  'canI.unexpectedNo': '{subject} cannot {request}, but should be able to ({command} says no)',
  'canI.unexpectedNoBecause': '{subject} cannot {request}, but should be able to: {reason} ({command} says no)',
  'canI.nearMiss': '{binding} binds {actual}, not {expected}',
  'canI.passedBoth': '{subject} can {can}, and cannot {cannot}',
  'canI.passedCan': '{subject} can {can}',
  'canI.passedCannot': '{subject} cannot {cannot}',
  'canI.failed': '{first}{more, plural, =0 {} other { (and # more)}}',

  // checks/kinds/absent.ts
  'absent.passed': 'no {what} exist, as it should be',
  'absent.failed': lines(
    '{what} should not exist, but found {names}; delete {count, plural, one {it} other {them}} (a ',
    '--dry-run=client command creates nothing)',
  ),
  'absent.found': 'found {kind} {names}',

  // checks/kinds/dns.ts, corefile.ts, connect.ts, service-chain.ts (labs coredns, connectivity)
  'dns.noServer': 'Service {service}, the DNS server to ask, does not exist in namespace {ns} or has no ClusterIP',
  'dns.clusterDns': 'the cluster DNS ({ip})',
  'dns.noClusterDns': 'the cluster has no DNS Service kube-system/kube-dns with a ClusterIP to ask',
  'dns.notAName': '{path} should hold just one DNS name, not "{answer}"',
  'dns.notFqdn': lines(
    '{path} holds {answer}, which is not fully qualified: write the whole name, ending in .{domain} ',
    '(a short name resolves only through the search list of a Pod)',
  ),
  'dns.noPod': 'Pod {pod} does not exist in namespace {ns}',
  'dns.podNoIp': 'Pod {pod} has no IP yet; wait until it runs',
  'dns.noService': 'Service {service} does not exist in namespace {ns}',
  'dns.headless': 'Service {service} is headless (clusterIP: None), so it has no ClusterIP to resolve to',
  'dns.refNoAnswer': '{server} has no answer for {name} ({code}), so there is nothing to compare with',
  'dns.unreachable': lines(
    '{server} did not answer a lookup of {name} ({code}): cka-lab asks it from this machine, which reaches ',
    'ClusterIPs only on the real node (lab cluster up --real-node); is its Pod running?',
  ),
  'dns.noAnswer': lines(
    '{name} does not resolve at {server} ({code}); after a fix, a name that did not resolve may stay cached ',
    'for up to 30 s',
  ),
  'dns.rightNone': '{name} does not resolve at {server} ({code}), as it should be',
  'dns.resolvesAnyway': '{name} should not resolve at {server}, but it resolves to {actual}',
  'dns.right': '{name} resolves at {server} to {actual}, the address of {what}',
  'dns.wrongAnswer': '{name} resolves at {server} to {actual}, not to {expected} ({what})',
  'dns.unreachableInPod': lines(
    '{server} did not answer a lookup of {name} ({code}) asked from a probe Pod of the lab namespace; ',
    'is its Pod running, and does no NetworkPolicy block the lookup?',
  ),
  'probe.notRun': lines(
    'the probe Pod {pod} in namespace {ns} did not run ({reason}), so cka-lab could not ask from inside ',
    'the cluster; can that namespace run a busybox Pod? (kubectl get events -n {ns})',
  ),
  'corefile.noConfigMap': 'ConfigMap {configMap} does not exist in namespace {ns}',
  'corefile.noKey': 'ConfigMap {configMap} has no key {key}',
  'corefile.syntax': 'the Corefile in ConfigMap {configMap} does not parse: line {line}: {problem}',
  'corefile.noBlock': 'no server block of the Corefile serves {zone} on port 53, so CoreDNS refuses those names',
  'corefile.noForward': lines(
    'the server block {block} answers names under {zone} but does not forward them ',
    '(add a forward to the DNS server of that domain)',
  ),
  'corefile.noTarget': 'Service {service} does not exist in namespace {ns} or has no address',
  'corefile.wrongTarget': lines(
    'the forward on line {line} sends names under {zone} to {to}, but {wrong} is not the Service {service} ',
    '({ip}) on port 53',
  ),
  'corefile.right': 'names under {zone} are forwarded to {to}, the Service {service}, by the server block {block}',
  'connect.noService': 'Service {service} does not exist in namespace {ns}',
  'connect.noPort': 'Service {service} has no port {port} (its ports: {ports})',
  'connect.noPods': 'no Ready Pod is labelled {selector}, so nothing could answer',
  'connect.noNodePort': 'Service {service} is of type {type}: its port {port} has no nodePort to reach from outside',
  'connect.headless': 'Service {service} is headless (clusterIP: None): there is no ClusterIP to connect to',
  'connect.unreachable': lines(
    'cannot connect to {target} (Service {service}): {code}; are its targetPort and selector those of the ',
    'Pods {selector}? (kubectl get endpointslices -l kubernetes.io/service-name={service})',
  ),
  'connect.strangers': '{target} ({via}) was answered by {pods}, which is not a Pod labelled {selector}',
  'connect.someFailed': '{failed} of {tries} connections to {target} ({via}) failed ({code})',
  'connect.silent': 'the Pods {pods} ({selector}) never answered at {target} in {tries} connections',
  'connect.right': lines(
    '{target} ({via}) was answered by {pods} in {tries} connections: every Pod labelled {selector}, ',
    'and no other',
  ),
  'connect.unreachablePod': lines(
    'cannot connect to {target} ({via}): {code}; does that Pod listen on port {port}? ',
    '(kubectl get pod -o wide shows its IP, its containerPort the port)',
  ),
  'connect.badUrl': '{path} should hold one address like http://10.244.0.7:8080/, not "{answer}"',
  'connect.notPodIp': lines(
    '{path} names {host}, which is not the IP of a Pod of namespace {ns}: connect to the Pod itself ',
    '(kubectl get pods -o wide), not to a Service or a node',
  ),
  'chain.right': '{path} names {answer}, the chain of Service {service} port {port}',
  'chain.notSvc': lines(
    '{path} names {answer}, which is not a KUBE-SVC-... chain: a Service port has one such chain ',
    '(KUBE-SEP-... chains are its endpoints, KUBE-SERVICES the entry of all Services)',
  ),
  'chain.wrong': lines(
    '{path} names {answer}, which is not the chain of Service {service} port {port}; ',
    'look for the rule commented "<namespace>/{service} cluster IP" in iptables-save -t nat',
  ),

  // checks/kinds/top.ts
  'top.notAName': '{path} should hold just the name of one Pod, not "{answer}"',
  'top.noMetrics': lines(
    'metrics-server has no figures yet for the Pods of namespace {ns} (waiting for: {pods}); ',
    'wait a minute until kubectl top pods -n {ns} lists them all, then check again',
  ),
  'top.noSuchPod': '{path} names Pod {pod}, but namespace {ns} has no Pod of that name with metrics (kubectl top pods)',
  'top.right': '{path} names Pod {pod}, which uses the most {resource} ({usage})',
  'top.notTop': lines(
    '{path} names Pod {pod}, which uses {usage} of {resource}, but another Pod uses more ',
    '(kubectl top pods --sort-by={resource})',
  ),

  // checks/kinds/logs.ts
  'logs.noneMatch': lines(
    'no container of the Pods in namespace {ns} logs a line matching {match} ',
    '(kubectl logs POD -c CONTAINER | grep -E "{match}"); are the Pods running? On a local cluster made ',
    "before the lab's logs were added, run lab cluster reset",
  ),
  'logs.notAName': '{path} should hold just the name of one Pod, not "{answer}"',
  'logs.noSuchPod': '{path} names Pod {pod}, but namespace {ns} has no running Pod of that name (kubectl get pods)',
  'logs.podWrong': lines(
    '{path} names Pod {pod}, whose containers log no line matching {match} ',
    '(kubectl logs {pod} --all-containers)',
  ),
  'logs.podRight': lines(
    '{path} names Pod {pod}, whose container {container} logs ',
    '{count, plural, one {# line} other {# lines}} matching {match}',
  ),
  'logs.linesRight': lines(
    '{path} holds the {count, plural, one {# line} other {# lines}} matching {match} ',
    'that container {container} of Pod {pod} logs',
  ),
  'logs.decorated': lines(
    '{path} holds "{line}", with what kubectl adds before a line (--timestamps or --prefix): ',
    'write the lines as the container logs them',
  ),
  'logs.notLogged': '{path} holds a line that no container of namespace {ns} logs: "{line}"',
  'logs.notMatching': '{path} holds a line that does not match {match}: "{line}"; write only the lines that do',
  'logs.mixed': lines(
    '{path} holds lines matching {match} of more than one container: ',
    'write those of one container (kubectl logs POD -c CONTAINER)',
  ),
  'logs.missing':
    '{path} holds {have} of the {count} lines matching {match} that the container logs: write all of them',

  // checks/kinds/file.ts
  'file.unchecked': '{path} cannot be checked: {problem}',
  'file.missing': 'the file {path} does not exist in {dir}; save it there (for example with `> {path}`)',
  'file.notFound': '{path} not found in {dir}',
  'file.badYaml': '{path} is not valid YAML (line {line}: {detail})',
  'file.unparsable': '{path} cannot be read: {detail}',
  'file.empty': '{path} is empty',
  'file.matches': '{path} has the expected content',
  'file.folder': '{path} is a folder, not a file; save the manifest as a file with that name',
  'file.notRegular': '{path} is not a regular file',
  'file.tooBig': '{path} is {size}, too big for a manifest (over 1 MB)',
  'file.unreadable': '{path} cannot be read ({code}); check its permissions',
  'file.stored': lines(
    'should not be set, but it is {actual}: only an object stored in the cluster has it, so this was read back ',
    '(kubectl get -o yaml); generate the file with --dry-run=client -o yaml instead',
  ),
  'file.controllerStatus': lines(
    'has {fields}, written by a controller into a stored object, so this was read back (kubectl get -o yaml); ',
    'generate the file with --dry-run=client -o yaml instead',
  ),

  // checks/kinds/pods-ready.ts
  'podsReady.names': 'name {names}',
  'podsReady.passed': lines(
    '{count} {count, plural, one {Pod} other {Pods}} with {selector} {count, plural, one {is} other ',
    '{are}} Ready',
  ),
  'podsReady.failed': lines(
    'expected {count} Ready {count, plural, one {Pod} other {Pods}} with {selector}, but found ',
    '{ready} Ready (of {matching} matching)',
  ),
  'podsReady.count': 'Ready Pods with {selector}: expected {expected}, found {found}',
  'podsReady.missing': 'Pod {name} does not exist',
  'podsReady.notReady': 'Pod {name} is not Ready: {reason}',
  // checks/kinds/container-sees.ts
  'containerSees.passed': 'container {container} of Pod {pod} sees {what}',
  'containerSees.noContainer': 'Pod {pod} has no container {container} (its containers: {names})',
  'containerSees.cannotStart': 'container {container} of Pod {pod} cannot start: {error}',
  'containerSees.notRunning': 'container {container} of Pod {pod} is not running ({state})',
  'containerSees.env': 'env var {name}',
  'containerSees.file': 'file {path}',
  'containerSees.nothing': 'no file',
  'containerSees.src.literal': 'written in the Pod spec',
  'containerSees.src.field': 'from field {path}',
  'containerSees.src.resource': 'from resource {resource}',
  'containerSees.src.object': 'from {kind} {name}, key {key}',
  'containerSees.wrong': '{what} is {actual} ({source}), expected {expected}',
  'containerSees.base64': lines(
    "{what} is {actual} ({source}): the Secret's value is base64 of {expected}, so it was encoded twice ",
    '(data holds base64 once; stringData and kubectl create secret --from-literal take the plain value)',
  ),
  'containerSees.base64ConfigMap': lines(
    "{what} is {actual} ({source}): the ConfigMap's value is base64 of {expected}, but a ConfigMap holds ",
    'plain text (only Secret data is base64)',
  ),
  'containerSees.newline': lines(
    '{what} is {actual} ({source}): it ends with a newline that {expected} has not ',
    '(echo adds one: use echo -n, or --from-literal)',
  ),
  'containerSees.quoted': lines(
    '{what} is {actual} ({source}): the quotes are part of the value ',
    '(an env file given to --from-env-file keeps them), expected {expected}',
  ),
  'containerSees.wrongSource': '{what} is {expected} but {source}; the task asks for it from {from}',
  'containerSees.unexpected': '{what} should not exist, but it is {actual} ({source})',
  'containerSees.unknown': '{what} comes {source}, which only the running Pod knows; expected {expected}',
  'containerSees.envMissing': 'env var {name} is not set',
  'containerSees.envElsewhere': '{base}; the value {value} is in env var {other} instead',
  'containerSees.envAsFile': '{base}; its value is the file {path} instead (a volume, not env)',
  'containerSees.fileMissing': 'there is no file {path}',
  'containerSees.fileElsewhere': '{base}; those contents are the file {other} instead',
  'containerSees.fileAsEnv': '{base}; those contents are the env var {name} instead (env, not a volume)',
  'containerSees.fileNoMount': '{base}: no ConfigMap or Secret volume is mounted at {dir} or above it',
  'containerSees.fileIsDir': lines(
    '{base}: it is a directory, where volume {volume} puts {files} ',
    '(mount one key as a file at that path with subPath, or mount the volume at the directory above)',
  ),
  'containerSees.fileDirHolds': '{base}; volume {volume} mounted at {mount} holds {files}',
  'containerSees.staleSubPath': lines(
    '{object} changed at {changed}, after container {container} of Pod {pod} started ({started}): ',
    'a file mounted with subPath is never updated, so it still has the old contents; ',
    'delete the Pod and create it again',
  ),
  'containerSees.stale': lines(
    '{object} changed at {changed}, after container {container} of Pod {pod} started ({started}): ',
    'env vars are read once, at start, so it still has the old values; delete the Pod and create it again',
  ),

  // checks/kinds/owned-by.ts
  'ownedBy.ownerOf': 'a {kind} of {top}',
  'ownedBy.gone': '{kind} {name} no longer exists, so it cannot be owned by {owner}; it was deleted or replaced',
  'ownedBy.none': 'no {set} exist, so none is owned by {owner}',
  'ownedBy.noController': lines(
    '{kind} {name} has no controller in ownerReferences, so {owner} did not adopt it; its labels are ',
    '{labels}, does the selector match them?',
  ),
  'ownedBy.stray': lines(
    '{kind} {name} is a stray {kind}: no controller owns it (it was made by hand, labelled {labels}), so it is ',
    'not one of {owner}; delete it (kubectl delete {lower} {name})',
  ),
  'ownedBy.stale': '{kind} {name} is owned by an earlier {owner} that was deleted and recreated',
  'ownedBy.other': '{kind} {name} is owned by {actual}, not {owner}',
  'ownedBy.passedOne': 'the {kind} is owned by {owner}',
  'ownedBy.passedAll': 'all {n} {kind}s are owned by {owner}',

  // checks/kinds/rollout.ts
  'rollout.unobserved': 'the Deployment controller has not seen the latest change yet',
  'rollout.field': 'status.{field}: expected {expected}, found {found} ({meaning})',
  'rollout.updatedReplicas': 'Pods running the current template',
  'rollout.availableReplicas': 'Pods available to serve',
  'rollout.replicas': 'Pods in total, old ones included',
  'rollout.revision': 'revision: expected {expected}, found {found}',
  'rollout.noRollout': 'no rollout has happened yet',
  'rollout.laterMissing': 'a later change (a rollout or an undo) is still missing',
  'rollout.minRevision': 'revision: expected at least {min}, found {found}; {why}',
  'rollout.incomplete': 'the rollout of {deployment} is not complete: {first}',
  'rollout.done': '{deployment} is fully rolled out at revision {revision} ({replicas}/{replicas} available)',
  'rollout.paused': lines(
    '{deployment} is paused (kubectl rollout pause), so its changes are not rolled out; run ',
    'kubectl rollout resume deployment/{name}',
  ),
  'rollout.handEdit': lines(
    'ReplicaSet {rs} was changed by hand ({manager}), not by the Deployment controller, so it is no revision ',
    'of the Deployment; change the Deployment instead (kubectl set image deployment/{name} ...)',
  ),
  'rollout.noHistory': 'none',
  'rollout.noSteps': lines(
    'the history of {deployment} has no revisions {steps} one after the other (a rollout through the ',
    'Deployment); its revisions are {revisions}',
  ),
  'rollout.noRevision': lines(
    'revision {n} is not in the history of {deployment} (its revisions are {revisions}); was the Deployment ',
    'deleted and created again?',
  ),
  'rollout.notBack': lines(
    '{deployment} runs {current} (revision {cur}), not the template of revision {n} ({wanted}); run ',
    'kubectl rollout undo deployment/{name} --to-revision={n}',
  ),
  'rollout.notNew': lines(
    '{deployment} is still at revision {cur}: going back to revision {n} is a new rollout with a new ',
    'revision (kubectl rollout undo)',
  ),
  'rollout.replicasNow': 'spec.replicas: expected {expected}, found {found}',
  'rollout.revisionReplicas': lines(
    'revision {n} (ReplicaSet {rs}) ran with {found} replicas; the task keeps {expected} throughout the ',
    'rollouts',
  ),
  'rollout.strategyNow': 'spec.strategy.type: expected {expected}, found {found}',
  'rollout.revisionStrategy': lines(
    'revision {n} (ReplicaSet {rs}) was rolled out with another strategy: up to {max} Pods for {desired} ',
    'replicas, where {strategy} allows {allowed}',
  ),

  // checks/kinds/selector.ts
  'selector.missing': '{what} has no {path}',
  'selector.notSet': '{path} is not set',
  'selector.doesNotSelect': 'the selector {selector} does not select Pods labelled {labels}',
  'selector.alsoSelects': lines(
    'the selector {selector} also selects Pods labelled {labels}; add a label that tells them apart',
  ),
  'selector.notTemplate': "the selector {selector} does not match the template's labels {labels}",
  'selector.passed': "{what}'s selector {selector} selects {targets}{excluded}",
  'selector.template': 'its template',
  'selector.targetSeparator': ' and ',
  'selector.anyTarget': 'what it should',
  'selector.excluded': ' and not {labels}',
  'selector.contradicts': lines(
    'the selector {selector} can select no Pod at all (its requirements contradict each other), so leaving ',
    'out {labels} proves nothing',
  ),
  'selector.selectsNoPod': lines(
    'the selector {selector} selects no Pod in {ns}, so leaving out Pods labelled {labels} proves nothing; ',
    'it must select the Pods it is for',
  ),
  'selector.beyond': lines(
    'the selector {selector} selects more than {within} does (Pods with other labels too); narrow it to ',
    '{within}',
  ),

  // checks/kinds/endpoints.ts
  'endpoints.noSelector': '{service} has no spec.selector, so no Pods become its endpoints',
  'endpoints.selectorNotSet': 'spec.selector is not set',
  'endpoints.noMatch': 'the selector {selector} matches no Pod in {ns}{seen}',
  'endpoints.seen': '; the Pods here are labelled {labels}',
  'endpoints.selectsNone': "{service}'s selector {selector} selects no Pods",
  'endpoints.notListed': 'Pod {pod} is Ready and selected, but is not an endpoint of {service} yet',
  'endpoints.notReady': 'Pod {pod} is an endpoint of {service} but not marked ready',
  'endpoints.notSelected': 'Pod {pod} is an endpoint of {service} but its selector does not select it',
  'endpoints.wrongPort': lines(
    '{service} port {svcPort} sends traffic to port {found} of its Pods, but they listen on {port}; set ',
    "targetPort to {port} (or the port's name)",
  ),
  'endpoints.headless': lines(
    '{service} is headless (clusterIP: None), so it has no cluster IP and port of its own; leave ',
    'clusterIP out to get one',
  ),
  'endpoints.notHeadless':
    '{service} has the cluster IP {ip}, but the task asks for a headless Service (clusterIP: None)',
  'endpoints.noPorts': 'no port',
  'endpoints.missingPort': '{service} does not offer port {port}/{protocol}; it offers {offered}',
  'endpoints.protocol': lines(
    '{service} offers port {port} over {found}, but the task asks for {protocol}; set protocol: {protocol} ',
    '(or leave it out for TCP)',
  ),
  'endpoints.unknownName': lines(
    '{service} port {port} sends traffic to the port named {name} ({protocol}), but Pod {pod} has no port ',
    'of that name{count, plural, one {} other { (nor do {count} Pods in all)}}; its ports are {declared}',
  ),
  'endpoints.undeclared': lines(
    '{service} port {port} sends traffic to port {found} of its Pods, but Pod {pod} does not listen ',
    'there; its ports are {declared}',
  ),
  'endpoints.tooFew':
    '{service} has {ready, plural, one {# Ready Pod} other {# Ready Pods}} behind it; at least {min} expected',
  'endpoints.passed': lines(
    '{service} sends traffic to {ready, plural, one {the # Ready Pod} other {all # Ready Pods}} ',
    'it selects ({selector})',
  ),

  // --help texts (cli/main.ts, cli/commands/*): commander descriptions, built in the resolved language
  'help.program': 'Hands-on Kubernetes labs for the CKA exam, checked against a real cluster',
  'help.opt.kubeconfig': "path to the kubeconfig file (default: cka-lab's own cluster, or KUBECONFIG)",
  'help.opt.context': 'the kubeconfig context to use',
  'help.opt.namespace': 'the lab namespace (default lab-<lab>)',
  'help.opt.lang': 'language of notes, tasks and results (default from LANG)',
  'help.opt.allowRemote': 'allow a context that does not look like a local or lab cluster',
  'help.opt.debug': 'show stack traces on errors',
  'help.opt.version': 'print the version of cka-lab',
  'help.list': 'list the labs with their CKA domain',
  'help.opt.textJson': 'text or json',
  'help.progress': 'show your progress by CKA domain: attempts, first pass, best exam score',
  'help.check': 'check your work in the lab namespace, check by check (no lab: the one you are in)',
  'help.opt.textJsonYamlJunit': 'text, json, yaml or junit',
  'help.check.all': 'check every started lab (every namespace cka-lab labelled)',
  'help.check.watch': 're-check on every change in the namespace until all pass (Ctrl-C to stop)',
  'help.check.wait': 'keep re-checking until all pass or this many seconds pass',
  'help.check.dir':
    "where your saved manifests are, for file checks (default: the lab's working folder, `lab dir <lab>`)",
  'help.dir':
    'print the working folder of a lab, where file checks look: cd "$(lab dir <lab>)" (no lab: the one you are in)',
  'help.validate':
    "prove a lab's checks on the cluster: setup fails, solution passes, wrong answers fail, alternatives pass",
  'help.solution': 'show the reference solution (kubectl commands and YAML); --apply applies it',
  'help.solution.apply': 'reset the lab (your work in it is replaced), then apply the reference solution',
  'help.solution.allowClusterScope':
    "on your own cluster (--kubeconfig/--context), let the solution create the lab's cluster-scoped objects",
  'help.start': lines(
    'prepare a lab in its own namespace and working folder, and show its tasks ',
    '(`lab note` shows the note; a started lab is kept)',
  ),
  'help.reset': 'empty the lab namespace and working folder in place and apply the setup again',
  'help.start.noNote': 'the tasks only (what lab start shows now; kept for older scripts)',
  'help.start.allowClusterScope':
    'on your own cluster (--kubeconfig/--context), let the lab create its cluster-scoped objects',
  'help.reset.deleteMyObjects':
    "also delete the cluster-scoped objects you made with the lab's names (a plain reset lists them)",
  'help.exam': 'a timed mock exam of several labs, scored like the CKA (pass mark 66%)',
  'help.exam.start': '(re)start some labs as a timed exam and show the tasks with their points (the default)',
  'help.exam.count': 'how many labs to draw at random, weighted by the CKA domains (default 3)',
  'help.exam.labs': 'comma-separated lab ids to use instead of a random pick',
  'help.exam.duration': 'exam length such as 30m, 90m or 45s (default 2h, like the CKA)',
  'help.exam.detach': 'return at once instead of showing the countdown',
  'help.exam.force': 'discard a running exam and start a new one',
  'help.exam.status': 'show the running exam and the time left',
  'help.exam.submit': 'score the running exam: points per task, total against the 66% pass mark (exit 0 pass, 1 fail)',
  'help.exam.dir':
    "where your saved manifests are, for file checks (default: each lab's working folder, `lab dir <lab>`)",
  'help.exam.seed': 'a number that makes the random pick repeatable (the same seed and labs give the same exam)',
  'help.exam.mock': lines(
    'a mock CKA (kind: cka, the default): about 16 tasks drawn by CKA domain weight, 2 hours, ',
    'none from your last mock',
  ),
  'help.exam.flag': 'flag a task for review (its number on the exam paper such as 2.1, or <lab>/<task>)',
  'help.exam.unflag': 'take the review flag off a task',
  'help.exam.review':
    'show the review of the last submitted exam (or exam N of `lab progress`): right, wrong, solution',
  'help.cluster': "start, stop or inspect cka-lab's own cluster",
  'help.cluster.up':
    'start the cluster, or repair it keeping its data (the first local start downloads or builds the binaries)',
  'help.cluster.down': 'stop the cluster and delete its state (every namespace and object)',
  'help.cluster.reset': 'delete the cluster with all its data (every namespace and object) and start a fresh one',
  'help.cluster.logs':
    "print the end of a control-plane component's log (local driver): kube-scheduler, kube-apiserver...",
  'help.opt.tail': 'how many lines of the end to print',
  'help.cluster.status': 'say whether the cluster and each of its components run (exit 3 when any is down)',
  'help.env': 'print shell lines for kubectl and the lab\'s working folder: eval "$(lab env)"',
  'help.env.noCd': "do not change to the lab's working folder",
  'help.opt.driver': 'local (default: official release binaries or built from source, kwok nodes) or k3s (Docker)',
  'help.opt.realNode':
    'also run a real node (containerd, kubelet, kube-proxy, CoreDNS) for real containers: Linux and root only',
  'help.completion': 'print a shell completion script (bash or zsh): source <(lab completion bash)',
  'help.hint': 'show the next hint, picked for the mistake the failing checks reveal (no lab: the one you are in)',

  // commander's own words (cli/commander-language.ts)
  'commander.usage': 'Usage:',
  'commander.options': 'Options:',
  'commander.commands': 'Commands:',
  'commander.arguments': 'Arguments:',
  'commander.globalOptions': 'Global Options:',
  'commander.helpOption': 'display help for command',
  'commander.helpCommand': 'display help for command',
  'commander.default': '(default: {value})',
  'commander.unknownOption': "error: unknown option ''{flag}''",
  'commander.unknownCommand': "error: unknown command ''{name}''",
  'commander.missingArgument': "error: missing required argument ''{name}''",
  'commander.optionArgumentMissing': "error: option ''{flag}'' argument missing",
  'commander.invalidArgument': "error: option ''{flag}'' argument ''{value}'' is invalid.",
  'commander.tooManyArguments': lines(
    'error: too many arguments. Expected {expected} {expected, plural, one {argument} other {arguments}} ',
    'but got {got}.',
  ),
  'commander.didYouMean': '(Did you mean {names}?)',
  'main.error': 'error:',
  'main.unexpected': '{message}; rerun with --debug for details, and report it if it persists.',

  'main.badNamespace':
    '-n/--namespace needs a namespace name (lower-case letters, digits and "-", at most 63), not "{value}".',
  'main.badLang': '--lang takes ko or en, not "{value}".',

  'commander.optionsTerm': '[options]',
  'commander.commandTerm': '[command]',

  // status lines, lab loading, exam and kubeconfig errors (cli/commands, labs, exam, progress, kube/config.ts)
  'status.labReady': 'The lab {lab} is ready in namespace {ns}.',
  'status.useKubectl': 'To use kubectl, first run: eval "$(lab env)"',
  'status.examCountdown': 'Work in another terminal: this one counts down and submits your exam when time runs out.',
  'status.examGone': 'The exam was submitted (or replaced) from another terminal.',
  'status.timeUp': 'Time is up: submitting your exam.',
  'status.examLength':
    'The exam lasts {length} like the real CKA; pick another length with --duration, e.g. --duration 30m.',
  'status.mockDrawn': lines(
    'Mock CKA: {tasks} tasks in {questions} questions, drawn by CKA domain weight {avoided, plural, ',
    '=0 {from every lab} one {from labs not in your last mock exam} other {from labs not in your last # mock exams}}.',
  ),
  'status.examStarted':
    'The exam has started: {count} {count, plural, one {lab is} other {labs are}} set up; the clock runs until {when}.',
  'status.examKeepsRunning':
    'The exam keeps running until {when}; `lab exam status` shows the time left and `lab exam submit` scores it.',
  'status.clusterReady': 'Cluster ready. Use it with: eval "$(lab env)"',
  'status.clusterResetting': 'Deleting the {driver} cluster with everything in it, then starting a fresh one.',
  'status.backOff': lines(
    'CrashLoopBackOff: restarted {restarts, plural, =0 {0 times} one {once} other {# times}}, ',
    'next start in {seconds} s (back-off {backOff} s)',
  ),
  'status.restarts': 'restarts {restarts}',
  'status.waitingSetup': 'Waiting for the setup ({objects}) to be Ready...',
  'status.emptying': 'Emptying namespace {ns}...',
  'exam.none': 'No exam is running; start one with `lab exam start` (or just `lab exam`).',
  'progress.noExams': 'No mock exams yet; try one with `lab exam`.',
  'loader.noLab': 'There is no lab "{id}"; run `lab list` to see the labs ({labs}).',
  'loader.none': 'none',
  'loader.outside':
    'The lab file labs/{id}/lab.yaml leads outside the labs folder; replace the link with the file itself.',
  'loader.unreadable': 'Cannot read labs/{id}/lab.yaml ({code}); check the lab folder.',
  'loader.tooBig': 'labs/{id}/lab.yaml is {size}, over the 1 MB a lab file may have; shorten it.',
  'kubeconfig.fix': 'fix it, or pass a working kubeconfig with --kubeconfig',
  'kubeconfig.fromEnv': ' (from KUBECONFIG)',
  'kubeconfig.directory':
    'The kubeconfig {file}{from} is a directory, not a file; pass the kubeconfig file inside it with --kubeconfig.',
  'kubeconfig.tooBig': 'The kubeconfig {file}{from} is {mb} MB, too big to be a kubeconfig; {fix}.',
  'kubeconfig.missing': 'The kubeconfig {file}{from} does not exist; pass an existing file with --kubeconfig.',
  'kubeconfig.unreadable': lines(
    'The kubeconfig {file}{from} cannot be read ({code}); check its permissions, ',
    'or pass another file with --kubeconfig.',
  ),
  'kubeconfig.empty': 'The kubeconfig {file}{from} is empty; {fix}.',
  'kubeconfig.badYaml':
    'The kubeconfig {file}{from} is not valid YAML{line, plural, =0 {} other { (line {line})}}; {fix}.',
  'kubeconfig.notKubeconfig':
    'The kubeconfig {file}{from} is not a kubeconfig (no clusters, contexts or users); {fix}.',
  'kubeconfig.noEntries': 'The kubeconfig {file}{from} has no clusters, contexts or users; {fix}.',
  'kubeconfig.notList': 'The kubeconfig {file}{from} has "{key}" that is not a list; {fix}.',
  'kubeconfig.noName': 'The kubeconfig {file}{from} has an entry without a name in {key} (item {item}); {fix}.',
  'kubeconfig.unusable': 'The kubeconfig {file}{from} is not usable ({why}); {fix}.',
  'kubeconfig.where': 'the kubeconfig {file}',
  'kubeconfig.whereFiles': 'the kubeconfig files {files}',
  'kubeconfig.noContext':
    'The context "{context}" is not in {where} (contexts: {known}); pass one of them to --context.',
  'kubeconfig.currentUndefined': 'its current-context "{name}" is not defined there',
  'kubeconfig.noCurrent': 'it sets no current-context',
  'kubeconfig.nothingToUse':
    'There is no context to use in {where}: {why}; pass --context, or run `lab cluster up` for the local cluster.',
  'kubeconfig.noCluster':
    'The context "{name}" in {file} refers to the cluster "{cluster}", which no kubeconfig file defines; {fix}.',
  'kubeconfig.noUser':
    'The context "{name}" in {file} refers to the user "{user}", which no kubeconfig file defines; {fix}.',
  'kubeconfig.badServer':
    'The cluster "{cluster}" in {file} has the server "{server}", which is not an http(s) URL; {fix}.',

  // checks/kinds/generated-config.ts
  'generated.ok': '{what} uses ConfigMap {name}, generated by kustomize and unchanged since',
  'generated.noSuffix': lines(
    '{what} refers to ConfigMap {name}, which has no hash suffix: generate it with ',
    'configMapGenerator (without disableNameSuffixHash), so that a change of its data rolls the ',
    'Pods out',
  ),
  'generated.notUsed': lines(
    '{what} refers to no ConfigMap {pattern}: {count, plural, =0 {it refers to no ConfigMap at all} ',
    'other {it refers to {refs}}}',
  ),
  'generated.missing': '{what} refers to ConfigMap {name}, which does not exist',
  'generated.edited': lines(
    'ConfigMap {name} was changed after kustomize generated it: from its data kustomize would make ',
    '{generated}; change the generator and run kubectl apply -k instead of editing the ConfigMap',
  ),
  'generated.wrongValue': 'ConfigMap {name} has {key}={actual}, but the task asks for {key}={expected}',
  'generated.noKey': 'ConfigMap {name} has no key {key} (the task asks for {key}={expected})',
  // checks/kinds/admission.ts
  'admission.notServed': lines(
    'The API server serves no kind {kind} in {apiVersion}: is its CustomResourceDefinition ',
    'installed and Established (kubectl get crd)?',
  ),
  'admission.accepted': 'accepts {what}',
  'admission.refused': 'refuses {what} ({why})',
  'admission.unexpectedAccept':
    'The API server accepts {what} with {fields}, but it should refuse it: nothing in the schema forbids it',
  'admission.unexpectedRefusal': 'The API server refuses {what}, but it should accept it: {why}',
  // checks/kinds/daemonset.ts
  'daemonset.noNodes': 'no node of the cluster takes Pods (every node has a NoSchedule or NoExecute taint)',
  'daemonset.bySelector': 'its Pod template has nodeSelector {selector}, which the node does not have',
  'daemonset.byAffinity': "its Pod template's required node affinity excludes the node",
  'daemonset.excluded': 'node {node} runs no Pod of DaemonSet {ds}: {why}',
  'daemonset.noPod': 'node {node} runs no Pod of DaemonSet {ds} yet (kubectl describe ds {ds})',
  'daemonset.notReady': 'the Pod of DaemonSet {ds} on node {node} ({pod}) is not Ready: {reason}',
  'daemonset.several': 'node {node} runs more than one Pod of DaemonSet {ds}: {pods}',
  'daemonset.passed': lines(
    'DaemonSet {ds} runs one Ready Pod on each of the ',
    '{count, plural, one {# node} other {# nodes}} that take Pods ({nodes})',
  ),

  // checks/kinds/placement.ts
  'placement.podsNamed': '{count, plural, one {Pod} other {Pods}} {names}',
  'placement.podsSelected': 'the Pods with {selector}',
  'placement.nodesWith': 'the nodes with {selector}',
  'placement.noPods': 'no Pod of {what} exists (kubectl get pods --show-labels)',
  'placement.count': '{what} has {count} Pods, but the task asks for {expected}',
  'placement.noNode': 'there is no node {node} (kubectl get nodes)',
  'placement.noNodes': 'no node is among {nodes} (kubectl get nodes --show-labels)',
  'placement.pending': '{podCount, plural, one {Pod {pod} is} other {Pods {pod} are}} {why}',
  'placement.notReady':
    '{podCount, plural, one {Pod {pod} on node {node} is} other {Pods {pod} on node {node} are}} not Ready: {why}',
  'placement.notOn': '{podCount, plural, one {Pod {pod} runs} other {Pods {pod} run}} on node {node}, not on {nodes}',
  'placement.runsOnNever':
    '{podCount, plural, one {Pod {pod} runs} other {Pods {pod} run}} on node {node}, where the task forbids it{stale}',
  'placement.stale': lines(
    ': the spec keeps new Pods off it now ({why}), but a running Pod stays where it was scheduled; ',
    'delete it (or kubectl rollout restart its Deployment) so that it is scheduled again',
  ),
  'placement.nothingKeepsOff': lines(
    'nothing keeps {podCount, plural, one {Pod} other {Pods}} {pod} off ',
    '{nodeCount, plural, one {node} other {nodes}} {node}: {why}',
  ),
  'placement.why.nodeName': lines(
    'spec.nodeName places a Pod without the scheduler, and nothing else in the spec (nodeSelector, ',
    'required node affinity, tolerations) rules the node out',
  ),
  'placement.why.onlyPreferred': lines(
    'the node affinity is only preferred (preferredDuringSchedulingIgnoredDuringExecution), which the ',
    'scheduler may ignore, and no untolerated taint rules the node out',
  ),
  'placement.why.matches':
    'the node has the labels the nodeSelector or required node affinity asks for, and no untolerated taint',
  'placement.why.noRules':
    'the spec has no nodeSelector or required node affinity, and the node has no untolerated taint',
  'placement.misfit.cordoned': 'the node is cordoned (spec.unschedulable)',
  'placement.misfit.selector': 'the node lacks the labels of the nodeSelector {selector}',
  'placement.misfit.affinity': 'the required node affinity excludes the node',
  'placement.misfit.taint': 'the node has the taint {taint}, which the Pod does not tolerate',
  'placement.cannot': lines(
    '{podCount, plural, one {Pod} other {Pods}} {pod} cannot run on ',
    '{nodeCount, plural, one {node} other {nodes}} {node}: {why}',
  ),
  'placement.prefers.none': lines(
    '{podCount, plural, one {Pod {pod} has} other {Pods {pod} have}} no preferred node affinity ',
    '(preferredDuringSchedulingIgnoredDuringExecution)',
  ),
  'placement.prefers.weak': lines(
    'the preferred node affinity of {podCount, plural, one {Pod} other {Pods}} {pod} does not favour node ',
    '{node} (weight {score}) over node {other} (weight {otherScore})',
  ),
  'placement.shared': 'Pods {pods} run on the same node {node}',
  'placement.spread.gap': lines(
    'nothing in the spec of {podCount, plural, one {Pod} other {Pods}} {pod} keeps two of the Pods off ',
    'one node: {why}',
  ),
  'placement.spread.selector':
    'the labelSelector {selector} of the rule on kubernetes.io/hostname does not select all the Pods',
  'placement.spread.key': 'the rule spreads over {key}, not over nodes (kubernetes.io/hostname)',
  'placement.spread.soft': lines(
    'the topology spread constraint has maxSkew {skew} and whenUnsatisfiable {when}; only maxSkew 1 ',
    'with DoNotSchedule is a rule',
  ),
  'placement.spread.preferred': 'the pod anti-affinity is only preferred, which the scheduler may ignore',
  'placement.spread.none':
    'there is no required pod anti-affinity or topology spread constraint on kubernetes.io/hostname',
  'placement.passed':
    '{what}: {count, plural, one {# Pod runs} other {# Pods run}} on {nodes}, where its own spec puts it',

  // checks/kinds/reachability.ts
  'reach.noPod': 'Pod {pod} does not exist in namespace {ns}',
  'reach.noMatch': 'no Pod in namespace {ns} matches {selector}',
  'reach.standIn': 'a Pod labelled {labels}',
  'reach.standInNs': 'a Pod labelled {labels} in namespace {ns}',
  'reach.address': 'address {address}',
  'reach.pod': 'Pod {pod}',
  'reach.podNs': 'Pod {pod} of namespace {ns}',
  'reach.missPodSelector': 'its podSelector {selector} does not select the labels {labels}',
  'reach.missNamespaceSelector': 'its namespaceSelector {selector} does not select namespace {ns} (labels {labels})',
  'reach.missOtherNamespace':
    'its podSelector has no namespaceSelector, so it selects Pods of namespace {policyNs} only, not of {ns}',
  'reach.missNotPod': 'its selectors select Pods, not the address {address}',
  'reach.missExcept': 'its ipBlock {cidr} leaves out {except}, which holds {address}',
  'reach.missCidr': 'its ipBlock {cidr} does not hold {address}',
  'reach.missIpBlockPod':
    'its ipBlock {cidr} holds no IP of the Pod (ipBlock is meant for addresses outside the cluster)',
  'reach.missNamedPort': 'it allows only {ports}, and {to} declares no port named {names} with that protocol',
  'reach.missPort': 'it allows only the ports {ports}',
  'reach.and': ' and ',
  'reach.isolatedNoRules':
    'the {direction} of {self} is isolated by NetworkPolicy {policies}, and no rule allows any {direction}',
  'reach.isolatedClosest': lines(
    'the {direction} of {self} is isolated by NetworkPolicy {policies}, and no rule allows this; ',
    'the closest, {rule}: {miss}',
  ),
  'reach.openAddress': '{self} is outside the cluster (no {direction} policy applies)',
  'reach.openNone': 'no NetworkPolicy selects {self} for {direction}',
  'reach.allowedBy': 'the {direction} of {self} is allowed by {rule}',
  'reach.dependsAllowed': lines(
    '{from} → {to} on {conn} is allowed only by the ipBlock {cidr} of {rule}, which holds the Pod IP {ip}: ',
    'whether ipBlock applies to Pod IPs depends on the network plugin; select the Pods with podSelector ',
    'and namespaceSelector instead',
  ),
  'reach.dependsDenied': lines(
    '{from} → {to} on {conn} must be denied, but the ipBlock {cidr} of {rule} holds the Pod IP {ip}, so network ',
    'plugins that apply ipBlock to Pod IPs allow it; keep the Pod network out of the ipBlock (except)',
  ),
  'reach.denied': '{from} → {to} on {conn} is denied, but the task asks that it be allowed: {why}',
  'reach.allowed': '{from} → {to} on {conn} is allowed, but the task asks that it be denied: {why}',
  'reach.noNamedPort': '{to} declares no {protocol} port named {name}',
  'reach.passed': lines(
    'the NetworkPolicies allow the {allowed, plural, one {# connection} other {# connections}} asked for ',
    'and deny the {denied, plural, one {# connection} other {# connections}} to keep out ',
    '({count, plural, one {# pair} other {# pairs}} of ends judged)',
  ),

  // checks/kinds/cronjob.ts
  'cronjob.everyMinutes': '{n, plural, one {every minute} other {every # minutes}}',
  'cronjob.atMinutes': '{count, plural, one {at minute {minutes}} other {at minutes {minutes}}} of the hour',
  'cronjob.minutes': ': it runs {actual}, the task {expected}',
  'cronjob.schedule': 'CronJob {name} has schedule "{actual}", which runs at other times than "{expected}"{minutes}',
  'cronjob.unreadable':
    'CronJob {name} has schedule "{actual}", which cannot be read as a cron schedule; expected "{expected}"',
  'cronjob.policy': 'CronJob {name} has concurrencyPolicy {actual}, but the task asks for {expected}',
  'cronjob.suspended': 'CronJob {name} is suspended (spec.suspend: true), so it starts no Jobs',
  'cronjob.notSuspended': 'CronJob {name} is not suspended, but the task asks for spec.suspend: true',
  'cronjob.passed': 'CronJob {name} runs on "{schedule}" with concurrencyPolicy {policy}',

  // checks/kinds/helm-release.ts
  'helm.missing': 'There is no Helm release {release} in namespace {ns}',
  'helm.missingElsewhere': lines(
    '{base}; release {release} is in namespace {namespaces}: install it in the lab namespace ',
    "(the context's namespace, or helm -n)",
  ),
  'helm.missingOthers': '{base}; the releases here are {names}: was it installed under another name?',
  'helm.missingNone': '{base}; install the chart with helm install {release} <chart>',
  'helm.unreadable': 'These release Secrets cannot be read: {secrets}.',
  'helm.notDeployed': lines(
    'Revision {revision} of release {release} is {status} ({description}); the last deployed revision is ',
    '{deployed}: fix the values or the chart and run helm upgrade again',
  ),
  'helm.revisionDiffers': 'Release {release}, revision {revision}: {path} {reason}{hint}',
  'helm.unknownKeys': "; the values given set {keys}, which the chart's values.yaml does not have",
  'helm.historyMissing': lines(
    'No revision of release {release}{after, select, 0 {} other { after revision {after}}} has {what}; ',
    'the closest: {closest}',
  ),
  'helm.historyNone': 'Release {release} has no revision after revision {after}, but one with {what} is expected',
  'helm.noRollbackTarget': lines(
    'The deployed revision {revision} of release {release} is not a rollback to revision {target} ',
    '(its revisions: {revisions}); run helm rollback {release} {target}',
  ),
  'helm.upgradeNotRollback': lines(
    "The deployed revision {revision} of release {release} has revision {target}'s chart and values, but ",
    'it was made by an upgrade ("{description}"), not by helm rollback {release} {target}',
  ),
  'helm.notRollback': lines(
    'The deployed revision {revision} of release {release} is not a rollback ("{description}"); ',
    'run helm rollback {release} {target}',
  ),
  'helm.rollbackWrong': lines(
    'The deployed revision {revision} of release {release} rolls back to revision {actual} ',
    '({actualChart}, values {actualValues}), not to revision {target} ({targetChart}, values {targetValues})',
  ),
  'helm.objectMissing': lines(
    '{kind} {name}, made by revision {revision} of release {release}, is missing from namespace {ns} ',
    '(deleted outside Helm?); helm upgrade or helm rollback makes it again',
  ),
  'helm.objectNotOwned': lines(
    "{kind} {name} is not release {release}'s: its annotation meta.helm.sh/release-name is {actual}",
  ),
  'helm.drift': lines(
    '{kind} {name} differs from what revision {revision} of release {release} made: {path} {reason} ',
    '(changed with kubectl behind Helm? helm upgrade or helm rollback, not kubectl, changes a release)',
  ),
  'helm.passed':
    'Release {release} is deployed at revision {revision} with chart {chart}{rollback}, values given {values}',
  'helm.passedRollback': ' (a rollback to revision {back})',

  // checks/kinds/probe.ts
  'probe.noPod': 'Pod {pod} does not exist',
  'probe.noContainer': 'Pod {pod} has no container {container}',
  'probe.missing': 'container {container} of Pod {pod} declares no {probe} probe ({field})',
  'probe.budget': lines(
    'the startup probe of container {container} gives it {actual} s to start (initialDelaySeconds + ',
    'periodSeconds × failureThreshold), but the task asks for at least {expected} s',
  ),
  'probe.never': lines(
    'Pod {pod} has restartPolicy {policy}, so the kubelet stops container {container} when its liveness ',
    'probe fails and never starts it again',
  ),
  'probe.portUnknown': lines(
    'the {probe} probe of container {container} asks port {port}, which the container does not declare ',
    '(its ports: {ports})',
  ),
  'probe.kubeletSays': '; the kubelet says: {message}',
  'probe.notRestarted': 'container {container} of Pod {pod} has not been restarted (restartCount 0){why}',
  'probe.restartedOther': lines(
    'container {container} of Pod {pod} was restarted {count, plural, one {# time} other {# times}}, ',
    'but not after a failed liveness probe{why}',
  ),
  'probe.ranShort': lines(
    'container {container} of Pod {pod} ran only {actual} s before the kubelet restarted it, but the app ',
    'is healthy for its first {expected} s: the liveness probe fails while the app is still healthy',
  ),
  'probe.wasRestarted':
    'container {container} of Pod {pod} was restarted {count, plural, one {# time} other {# times}}{why}',
  'probe.notReady': 'container {container} of Pod {pod} is not Ready{why}',
  'probe.isReady': 'container {container} of Pod {pod} is Ready, but the task expects it not Ready',
  'probe.readyEarly': lines(
    'Pod {pod} turned Ready {actual} s after container {container} started, before the app answers ',
    '({expected} s): no readiness probe waits for it',
  ),
  'probe.fact.declares': '{probes} probe declared',
  'probe.fact.budget': 'up to {seconds} s to start',
  'probe.fact.restarted':
    'restarted {count, plural, one {# time} other {# times}} by its liveness probe, after running {seconds} s',
  'probe.fact.notRestarted': 'never restarted',
  'probe.fact.ready': 'Ready',
  'probe.fact.notReady': 'not Ready',
  'probe.fact.readyAfter': 'Ready {seconds} s after it started',
  'probe.passed': 'Pod {pod}, container {container}: {facts}',

  // checks/kinds/routes.ts
  'routes.noClass': 'IngressClass {name} does not exist (kubectl get ingressclass)',
  'routes.noIngress': lines(
    'no Ingress of IngressClass {name} in namespace {ns}',
    '{count, plural, =0 {} other {; the Ingresses here name other classes: {others}}}',
  ),
  'routes.viaRule': 'Ingress {ingress}, host {host}, path {path} ({pathType})',
  'routes.viaDefault': 'the default backend of Ingress {ingress}',
  'routes.routed': 'a request for {url} goes to {actual} ({via}), but the task routes it nowhere',
  'routes.unrouted': lines(
    'a request for {url} matches no rule and there is no default backend (404), ',
    'but the task sends it to {expected}',
  ),
  'routes.wrongBackend': 'a request for {url} goes to {actual} ({via}), but the task sends it to {expected}',
  'routes.noPort':
    'a request for {url} goes to Service {service} port {port} ({via}), but the Service has no such port',
  'routes.noService': 'a request for {url} goes to Service {service}, which does not exist',
  'routes.passed': lines(
    '{count, plural, one {# request reaches} other {# requests reach}} the backends asked through ',
    'IngressClass {name} (Ingress {ingresses}); HTTPS for: {tls}',
  ),
  'routes.tlsNone': 'no tls entry of the Ingresses lists host {host} (spec.tls[].hosts)',
  'routes.tlsNoSecretName': 'the tls entry for host {host} names no Secret (secretName)',
  'routes.tlsNoSecret': 'Secret {secret}, named by the tls entry for host {host}, does not exist',
  'routes.tlsType': lines(
    'Secret {secret} has type {type}, but a TLS Secret has type kubernetes.io/tls ',
    '(kubectl create secret tls NAME --cert=... --key=...)',
  ),
  'routes.tlsBadCert': 'Secret {secret} holds no readable PEM certificate under tls.crt',
  'routes.tlsHost': 'the certificate in Secret {secret} is for {names}, not for {host}',
  'routes.tlsKey': 'the key under tls.key of Secret {secret} is not the key of its certificate',
  // checks/kinds/gateway-routes.ts
  'gatewayRoutes.noClass':
    'Gateway {gateway} names GatewayClass {name}, which does not exist (kubectl get gatewayclass)',
  'gatewayRoutes.via': 'HTTPRoute {route}, rule {rule}',
  'gatewayRoutes.routed': '{what} goes to {actual} ({via}), but the task routes it nowhere',
  'gatewayRoutes.unrouted': '{what} matches no HTTPRoute of the Gateway (404), but the task sends it to {expected}',
  'gatewayRoutes.wrong': '{what} goes to {actual} ({via}), but the task sends it to {expected}',
  'gatewayRoutes.noBackends': 'no backend',
  'gatewayRoutes.noService':
    '{what} goes to Service {service}, which does not exist (ResolvedRefs False, BackendNotFound)',
  'gatewayRoutes.noPort': '{what} goes to Service {service} port {port}, but the Service has no such port',
  'gatewayRoutes.passed': lines(
    '{count, plural, one {# request reaches} other {# requests reach}} the backends asked, ',
    'in the proportions asked, through Gateway {gateway}',
  ),
  // checks/kinds/disruption-budget.ts
  'budget.stale': lines(
    'the disruption controller has not read PodDisruptionBudget {name} since it changed ',
    '(status.observedGeneration is older than metadata.generation)',
  ),
  'budget.none': lines(
    'PodDisruptionBudget {name} covers no Pod: its selector {selector} selects none ',
    '(kubectl get pods --show-labels)',
  ),
  'budget.pods': lines(
    'PodDisruptionBudget {name} covers {actual, plural, one {# Pod} other {# Pods}} (selector {selector}), ',
    'but the task means the {expected} Pods of its workload',
  ),
  'budget.keeps': lines(
    'PodDisruptionBudget {name} ({rule}) keeps {actual} of its {pods} Pods available, ',
    'but the task asks to keep {expected}',
  ),
  'budget.allows': lines(
    'PodDisruptionBudget {name} allows {actual, plural, one {# eviction} other {# evictions}} now ',
    '({healthy} healthy, {keeps} to keep), but the task expects {expected}',
  ),
  'budget.passed': lines(
    'PodDisruptionBudget {name} ({rule}) keeps {keeps} of {pods} Pods available and allows ',
    '{allows, plural, one {# eviction} other {# evictions}} now',
  ),

  // errors and status lines of the lower layers, through say(): the local cluster (cluster/local/*),
  // cluster/{connect,k3s,readiness,go-build}.ts, kube/{namespace,client}.ts, labs/{steps,ownership,
  // lifecycle}.ts, util/lock.ts, exam and progress files, lab check/dir/exam flags
  'local.noGo': lines(
    'Go is needed to build the local cluster, but `go` was not found; install Go 1.25 or newer, ',
    'or use --driver k3s or your own cluster with --kubeconfig.',
  ),
  'local.building': lines(
    'Building Kubernetes {kube}, etcd and kwok {kwok} from the official Go modules ',
    '(first run only, several minutes)...',
  ),
  'local.buildFailed': lines(
    'Building the local cluster failed; check Go and network access to the Go module proxy. ',
    'Last output:\n{tail}',
  ),
  'local.built': 'Built in {seconds} s; cached in {dir}.',
  // cluster/download/*: the official release binaries instead of a build
  'download.starting':
    'Downloading the official release binaries (Kubernetes {kube}, etcd {etcd}, kwok {kwok}) for {platform}...',
  'download.fileDone': '{name}: {size} MB in {seconds} s ({rate} MB/s), checksum verified',
  'download.done': 'Downloaded and verified {count} binaries ({size} MB) in {seconds} s; cached in {dir}.',
  'download.building': '{reason}; building the binaries from the Go modules instead.',
  'download.buildAsked': '--build asks for a build from source',
  'download.notPublished': 'The releases publish no {platform} builds of {names}',
  'download.offline': 'The release site {host} cannot be reached ({code})',
  'download.stalled': '{url} sent nothing for {seconds} s',
  'download.failed': 'Downloading {url} failed ({reason})',
  'download.http': '{url} answered HTTP {status}',
  'download.badRange': '{url} did not continue the interrupted download where it broke off',
  'download.truncated': '{url} ended after {bytes} of {total} bytes',
  'download.mismatch':
    '{file} from {url} does not match the {algorithm} checksum its release publishes, so the file was deleted',
  'help.opt.restoreManifests':
    "write cka-lab's own control-plane manifests back (local driver), undoing every edit of them",
  'help.opt.build': 'build the local cluster from the Go modules instead of downloading the official release binaries',
  'local.buildingAddons': "Building the local cluster's add-ons ({names}) from the official Go modules...",
  'local.addonsFailed': lines(
    "Building the local cluster's add-ons failed; check Go and network access to the Go module proxy. ",
    'Last output:\n{tail}',
  ),
  'local.builtAddons': 'Built the add-ons in {seconds} s; cached in {dir}.',
  // cluster/tools.ts: helm, etcdctl and etcdutl for the labs that need them
  'tools.noGo': lines(
    'Go is needed to build the tools this lab uses (helm, etcdctl, etcdutl), but `go` was not found; ',
    'install Go 1.25 or newer.',
  ),
  'tools.building':
    'Building the tools labs use ({names}) from the official Go modules (first time only, a few minutes)...',
  'tools.failed': lines(
    'Building the tools (helm, etcdctl, etcdutl) failed; check Go and network access to the Go module proxy. ',
    'Last output:\n{tail}',
  ),
  'tools.built': 'Built the tools in {seconds} s; cached in {dir}.',
  'local.buildingAgent': 'Building {agent} from build/agent (first run only, about a minute)...',
  'local.agentFailed': lines(
    'Building {agent} failed; check Go and network access to the Go module proxy. ',
    'Last output:\n{tail}',
  ),
  'local.builtAgent': 'Built {agent} in {seconds} s; cached in {dir}.',
  'local.extrasMissing': lines(
    '{names} cannot be downloaded or built here (Go is missing), so the cluster starts without them and {what} ',
    'do not work; install Go 1.25 or newer, then `lab cluster reset` builds them into a new cluster.',
  ),
  'local.extraMetrics': 'kubectl top and HorizontalPodAutoscalers',
  'local.extraAgent': "CreateContainerConfigError and the crds lab's Backup operator",
  'local.extrasNotJoined': lines(
    '{names} are ready now, but this cluster was made without them; ',
    "`lab cluster reset` makes a new one with them (and deletes this cluster's objects).",
  ),
  'local.buildStep': '[{step}/{steps}] building {what} ({seconds} s so far)',
  'local.noKubernetes': 'build/kube/go.mod does not require k8s.io/kubernetes; restore it from the repository.',
  'local.incomplete': lines(
    'The state of the local cluster {name} in {dir} is incomplete (no kwok.yaml), so it cannot be repaired; ',
    'run `lab cluster reset` to delete it and start afresh.',
  ),
  'local.starting': lines(
    'Starting the local cluster {name} ',
    '(etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, metrics-server)...',
  ),
  'local.createFailed':
    'kwokctl could not start the local cluster; see the output below, then try `lab cluster reset`.\n{output}',
  'local.addingNodes': 'Adding {nodes} kwok nodes and waiting for them to be Ready...',
  'local.scaleFailed':
    'kwokctl could not add nodes to the local cluster; run `lab cluster reset` and try again.\n{output}',
  'local.ready': 'The local cluster is ready with {nodes} nodes ({seconds} s).',
  'local.unreadableConfig': lines(
    'The configuration of the local cluster {name} ({file}) is unreadable, so it cannot be repaired; ',
    'run `lab cluster reset` to delete it and start afresh.',
  ),
  'local.alreadyRunning': 'The local cluster {name} is already running.',
  'local.startingStopped': 'Starting the stopped local cluster {name} with its data...',
  'local.repairing': 'Repairing the local cluster {name}: {broken}...',
  'local.restartFailed': lines(
    'kwokctl could not restart {components} of the local cluster {name}; ',
    'see the output below and the logs in {logs}.\n{output}',
  ),
  'local.notRepaired': lines(
    'The local cluster {name} could not be repaired: {broken}{why}; look at the logs in {logs}, ',
    'or run `lab cluster reset` to delete it and start afresh.',
  ),
  'local.started': 'Started the stopped local cluster {name}; its namespaces and objects are kept ({seconds} s).',
  'local.repaired': lines(
    'Repaired the local cluster {name}: restarted {restarted}; ',
    'its namespaces and objects are kept ({seconds} s).',
  ),
  'local.recoveredItself': 'nothing (it recovered by itself)',
  'local.notRunning': 'The local cluster {name} is not running.',
  'local.deleted': 'Stopped and deleted the local cluster {name} with all its data.',
  'local.and': ' and ',
  'local.dead': lines(
    'The local cluster {name} has {components} stopped, so the cluster cannot act on your objects; ',
    'run `lab cluster up` (or `lab start <lab>`) to restart it, keeping your work.',
  ),
  'local.degraded': lines(
    'The local cluster {name} is degraded: {broken}; ',
    'run `lab cluster up` (or `lab start <lab>`) to restart it, keeping your work.',
  ),
  'local.componentStopped': '{component} (stopped)',
  'local.componentUnhealthy': '{component} (not healthy)',
  'local.manifestHeld': lines(
    '{component} stays stopped: it failed to start with the flags of its manifest {file} ({reason}); ',
    'fix the file and it restarts within a second (its log: `lab cluster logs {component}`), ',
    "or run `lab cluster up --restore-manifests` to go back to cka-lab's own.",
  ),
  'local.deadByManifest': lines(
    'The local cluster {name} runs no {component}: it failed to start with the flags of its manifest {file}; ',
    'read `lab cluster logs {component}`, fix the file, and it restarts within a second.',
  ),
  'local.logsUnknown': '{component} is not a control-plane component of the local cluster; name one of {components}.',
  'local.logsNone': 'There is no log of {component} yet ({file}); run `lab cluster up` first.',
  'local.controlPlaneOnly': lines(
    "Lab {lab} changes the control plane of cka-lab's local cluster through its manifests, ",
    'so it runs only there: run `lab cluster up` and start it without --kubeconfig or --context.',
  ),
  'local.controlPlaneChange': lines(
    'Lab {lab} cannot change {component}: its manifest {file} lacks "{from}"; ',
    'run `lab reset {lab}` to restore the manifest first.',
  ),
  'local.badCatalogYaml': 'The image catalog {file} is not valid YAML ({why}); fix or delete it.',
  'local.badCatalog': lines(
    'The image catalog {file} must be a map with `images:` (a repository -> a list of tags) ',
    'and/or `check: false`; fix or delete it.',
  ),
  'local.hostPathNotFolder': lines(
    '{dir} is not a plain folder, so the local cluster would write its volumes elsewhere; ',
    'remove it and run `lab cluster up` again.',
  ),
  'local.storageRefused': 'The local cluster refused its {kind} {name} ({why}); run `lab cluster reset` and try again.',
  'cluster.noReadyNode': 'No node became Ready within {seconds} s; run `lab cluster down` and `lab cluster up` again.',
  'connect.unknownDriver':
    'Unknown driver "{driver}"; use --driver local or --driver k3s (for your own cluster pass --kubeconfig/--context).',
  'connect.notRunning': lines(
    'The {driver} cluster is not running; start it with `lab cluster up` ',
    '(or `lab start <lab>`), or pass --kubeconfig/--context.',
  ),
  'connect.restarting':
    "cka-lab's {driver} cluster is stopped or degraded, so it restarts what is down first, keeping its data.",
  'connect.starting': 'No cluster is running, so cka-lab starts its {driver} cluster first.',
  'k3s.alreadyRunning': 'The k3s cluster is already running.',
  'k3s.noDocker': lines(
    'No Docker daemon answers, so the k3s driver cannot start; ',
    'start Docker, or use the local driver (`lab cluster up`).',
  ),
  'k3s.starting': 'Starting k3s ({image}) in Docker...',
  'k3s.ready': 'The k3s cluster is ready.',
  'k3s.notRunning': 'The k3s cluster is not running.',
  'k3s.removed': 'Stopped and removed the k3s cluster.',
  'lock.held': lines(
    'Another cka-lab process has held the lock on {file} for over {seconds} s; ',
    'wait for it to finish, or delete {file}.lock if no cka-lab is running.',
  ),
  'namespace.podsTerminating':
    'Pods in {ns} are still terminating after {seconds} s; check them with kubectl and run the reset again.',
  'namespace.notOurs': lines(
    'The namespace {ns} exists but was not created by cka-lab, so cka-lab will not touch it; ',
    'pick another with -n/--namespace.',
  ),
  'namespace.terminating':
    'The namespace {ns} is still terminating after {seconds} s; wait a little and run the command again.',
  'namespace.noServiceAccount': lines(
    'The namespace {ns} has no default ServiceAccount after {seconds} s; ',
    'is kube-controller-manager running? Try `lab cluster down` and `lab cluster up`.',
  ),
  'namespace.stuck':
    'The namespace {ns} is still terminating after {seconds} s; check for stuck finalizers with kubectl.',
  'client.tls': 'The TLS connection to {server} failed ({why}); check the certificate data in your kubeconfig.',
  'client.unreachable': lines(
    'Cannot reach the cluster of context "{context}" at {server} ({why}); ',
    "check that it is running (`lab cluster up` for cka-lab's own), or pick another with --kubeconfig/--context.",
  ),
  'client.unauthorized':
    'The cluster at {server} rejected the credentials (401 Unauthorized); refresh the user in your kubeconfig.',
  'client.forbidden': 'The cluster refused access (403 Forbidden: {why}); use a user with rights on the lab namespace.',
  'steps.cannotWrite': 'Cannot write the file: {problem}.',
  'steps.cannotCopy': 'Cannot copy {file}: {problem}.',
  'steps.rolloutTimeout': lines(
    'The rollout of Deployment {name} did not finish within {seconds} s; ',
    'look at `kubectl rollout status deployment/{name}`.',
  ),
  'steps.execFailed': 'The command `{command}` exited with {code}: {tail}',
  'steps.execTimeout':
    'The command `{command}` ran longer than {seconds} s and was stopped; fix the step or what it waits for.',
  'steps.execWithoutRun': 'A step with `exec: true` has no `run` command to execute; add one to the lab file.',
  'steps.noPrevious': 'Deployment {name} has no previous revision to roll back to.',
  'ownership.mayNotCreate': "The lab {lab} may not create this object: {problem}; fix the lab's manifest.",
  'ownership.existsNotOurs': lines(
    '{kind} {name} already exists and was not created by the lab {lab}, ',
    'so cka-lab leaves it alone; delete or rename it first.',
  ),
  'ownership.mayNotChange': "The lab {lab} may not change this object: {problem}; fix the lab's steps.",
  'ownership.notOurs': '{kind} {name} was not created by the lab {lab}, so cka-lab will not change or delete it.',
  'ownership.stillDeleting': lines(
    "The lab's {objects} {count, plural, one {is} other {are}} still being deleted after {seconds} s; ",
    'look at their finalizers with kubectl.',
  ),
  // labs/leftovers.ts
  'leftovers.found': lines(
    '{kind} {names}, named for the lab {lab}, {count, plural, one {was} other {were}} not created by cka-lab, ',
    'so a reset leaves {count, plural, one {it} other {them}}: delete {count, plural, one {it} other {them}} ',
    'with `{command}` or run `lab reset {lab} --delete-my-objects`.',
  ),
  'leftovers.deleted': 'Deleted the {kind} {names} you made for the lab {lab}.',
  'leftovers.stillDeleting': lines(
    'Your {objects} {count, plural, one {is} other {are}} still being deleted after {seconds} s; ',
    'look at {count, plural, one {its} other {their}} finalizers with kubectl.',
  ),
  'lifecycle.setupTimeout': lines(
    'The setup ({objects}) is not Ready after {seconds} s; ',
    'check the nodes with `kubectl get nodes` and run `lab reset`.',
  ),
  'lifecycle.workDirEmpty': lines(
    'cka-lab could not empty the working folder {dir} ({why}); ',
    'files the tasks ask for cannot be checked there.',
  ),
  'lifecycle.workDirMake': lines(
    'cka-lab could not make the working folder {dir} ({why}); ',
    'files the tasks ask for cannot be checked there.',
  ),
  'check.badFormat': 'Unknown output format "{value}"; use -o text, json, yaml or junit.',
  'check.badWait': '--wait needs a number of seconds, not "{value}".',
  'check.labAndAll': 'Pass either a lab or --all, not both.',
  'check.watchAll': '--watch follows one lab; name it instead of --all.',
  'check.watchNoNamespace': 'The namespace {ns} does not exist; run `lab start {lab}` first.',
  'dir.cannotMake': lines(
    'cka-lab cannot make the working folder {dir} ({why}); ',
    'make its parent writable, or set XDG_STATE_HOME to a writable folder.',
  ),
  'exam.noNamespaceFlag': 'An exam runs every lab in its own namespace lab-<lab>; drop -n/--namespace.',
  'exam.labsAndCount': 'Give either --labs or --count, not both.',
  'exam.labsEmpty':
    '--labs needs lab ids separated by commas, e.g. --labs replicaset,services; run `lab list` to see them.',
  'exam.labTwice': 'The lab {lab} is named twice in --labs; name each lab once.',
  'exam.badCount': '--count needs a whole number of labs of at least 1, not "{value}".',
  'exam.noLabs':
    'There are no labs to build an exam from; check that the labs/ folder is installed (or set CKA_LAB_HOME).',
  'exam.fewLabs': lines(
    'Only {count, plural, one {# lab is} other {# labs are}} installed, ',
    'so the exam has {count, plural, one {# question} other {# questions}}.',
  ),
  'exam.badSeed': '--seed needs a whole number, such as --seed 42, not "{value}".',
  'exam.mockAndLabs': 'A mock exam draws its own labs; give --mock without --labs or --count.',
  'exam.mockKind': 'There is no mock exam "{kind}"; use --mock with one of: {kinds}.',
  'exam.badOutput': 'Unknown output format "{value}"; use -o text or -o json.',
  'exam.badDuration': '"{value}" is not an exam length; give it with a unit, like --duration 30m, 90m, 2h or 45s.',
  'exam.tooLong': '--duration {value} is longer than an exam can last; give at most 24h.',
  'exam.running': lines(
    'An exam is already running until {when}; ',
    'submit it with `lab exam submit`, or discard it with `lab exam start --force`.',
  ),
  'exam.contextsLeft': lines(
    "cka-lab could not remove the exam's contexts from {file} ({why}); ",
    'they do no harm, and the next exam replaces them.',
  ),
  'exam.unwritable': lines(
    'A mock exam keeps its clock in {dir}, which cka-lab cannot write ({why}); ',
    'make it writable, or set XDG_STATE_HOME to a writable folder.',
  ),
  'exam.damaged': 'The exam file {file} is damaged; start a new exam with `lab exam start --force`.',
  'progress.unsaved': lines(
    'cka-lab could not save your progress in {dir} ({why}); ',
    'this run works as usual, but it is not remembered.',
  ),
  'progress.movedAside': lines(
    'Your progress file {file} was damaged ({why}), so cka-lab moved it to {aside} and starts afresh; ',
    'repair that copy and move it back if you want the old progress.',
  ),
  'progress.damaged': lines(
    'Your progress file {file} is damaged ({why}) and cka-lab cannot move it aside ({failure}), ',
    'so it shows no progress; repair or delete that file.',
  ),

  'safety.remote': 'The context "{context}" points at {server}, which does not look like a local or lab cluster',
  'safety.noServer': '(no server)',
  'safety.proxied':
    'The context "{context}" reaches {server} through the proxy {proxy} ({source}), which is not on this machine',
  'safety.proxyUrl': 'its proxy-url',
  'safety.envProxy': 'from HTTPS_PROXY/HTTP_PROXY, not covered by NO_PROXY',
  'safety.refused':
    '{problem}, so cka-lab will not touch it; pass --allow-remote if it is a classroom cluster you mean to use.',
  'completion.unknownShell': 'No completion for "{shell}"; use `lab completion bash` or `lab completion zsh`.',

  // lab-file problems for lab authors (labs/{lab,parse,schema-issues}.ts): file:line: field: problem
  'labFile.error': '{file}:{line}: {field}{problem}; fix the lab file and try again.',
  'labFile.tooBig': 'the file is {size}, over the 1 MB a lab file may have',
  'labFile.brokenYaml': 'broken YAML ({why})',
  'labFile.idDiffers': 'the id "{id}" differs from the lab\'s folder name "{folder}"; they must be the same',
  'labFile.checkIdTwice': 'the check id "{id}" is used twice',
  'labFile.cannotDeclare': '{kind} cannot be declared: {problem}',
  'schema.noType': 'the check has no type; give one of {types}',
  'schema.unknownType': 'unknown check type {value}; use one of {types}',
  'schema.unknownFields': '{count, plural, one {unknown field} other {unknown fields}} {keys}',
  'schema.required': 'this field is required',
  'schema.requiredType': 'this field is required ({type})',
  'schema.unionFound': '{expected}, but found {value}',
  'schema.expected': 'expected {type}, but found {value}',
  'schema.atLeast': 'expected at least {min}, but found {value}',
  'schema.atMost': 'expected at most {max}, but found {value}',
  'schema.integer': 'expected a whole number, but found {value}',
  'schema.minItems': 'the list needs at least {count, plural, one {# item} other {# items}}',
  'schema.type.mapping': 'a mapping',
  'schema.type.list': 'a list',
  'schema.type.string': 'a string',
  'schema.type.number': 'a number',
  'schema.type.boolean': 'true or false',

  // checks/kinds/autoscaler.ts
  'autoscaler.none': 'no HorizontalPodAutoscaler in namespace {ns} scales {target} (HPAs here: {others})',
  'autoscaler.nearMiss': '; did you mean {kind} {name}?',
  'autoscaler.many': lines(
    '{count} HorizontalPodAutoscalers scale {target} ({names}): the controller acts on none of them ',
    '(AmbiguousSelector); delete all but one',
  ),
  'autoscaler.apiVersion': lines(
    '{name} targets apiVersion {actual}, but {kind} is in {expected} ',
    '(spec.scaleTargetRef.apiVersion), so the controller cannot find it',
  ),
  'autoscaler.bound': '{name} has {field} {actual}, but the task asks for {expected}',
  'autoscaler.noCpu': '{name} scales on {found}, not on an average CPU utilisation of {expected}%',
  'autoscaler.cpuTarget': '{name} targets {actual}% average CPU utilisation, but the task asks for {expected}%',
  'autoscaler.extraMetrics': '{name} also scales on {found}, which the task does not ask for',
  'autoscaler.noRequest': lines(
    '{name} cannot compute CPU utilisation: {count, plural, one {container} other {containers}} {containers} ',
    'of Pod {pod} {count, plural, one {has} other {have}} no CPU request (resources.requests.cpu), ',
    'and utilisation is a percentage of the request',
  ),
  'autoscaler.inactive': '{name} does not scale: {reason}: {message}',
  'autoscaler.notYet': lines(
    '{name} has not read its metrics yet (no ScalingActive condition); ',
    'the controller looks every 15 s, once the Pods have metrics',
  ),
  'autoscaler.desired': '{name} wants {actual} replicas (CPU now {cpu} of requests), but {expected} are expected',
  'autoscaler.targetReplicas': '{target} has spec.replicas {actual}, but the autoscaler wants {expected}',
  'autoscaler.passed': '{name} scales {target} between {min} and {max} replicas on {metrics}; it wants {desired}',

  // checks/kinds/volume.ts
  'volume.event': '{reason}: {message}',
  'volume.noEvents': 'no Event says why yet (kubectl describe pvc {claim})',
  'volume.claimNotBound': 'PersistentVolumeClaim {claim} is {phase}, not Bound: {why}',
  'volume.boundElsewhere': 'PersistentVolumeClaim {claim} is bound to PersistentVolume {actual}, not to {expected}',
  'volume.pvMissing': 'PersistentVolumeClaim {claim} is bound to PersistentVolume {volume}, which does not exist',
  'volume.claimClass': 'PersistentVolumeClaim {claim} has storageClassName {actual}, but the task asks for {expected}',
  'volume.defaultClass': lines(
    ' ({class} is the default StorageClass, which a claim that names no class gets; ',
    'write storageClassName: "" for no class)',
  ),
  'volume.claimModes': 'PersistentVolumeClaim {claim} asks for access modes {actual}, but the task asks for {expected}',
  'volume.claimRequest': 'PersistentVolumeClaim {claim} requests {actual}, less than the {expected} the task asks for',
  'volume.claimVolumeMode':
    'PersistentVolumeClaim {claim} asks for volumeMode {actual}, but the task asks for {expected}',
  'volume.claimVolumeName': 'PersistentVolumeClaim {claim} asks for volume {actual} (spec.volumeName), not {expected}',
  'volume.released': lines(
    'PersistentVolume {volume} is Released: its claim {claim} was deleted, and a Released volume takes no new ',
    'claim (delete the volume and create it again)',
  ),
  'volume.failedPhase': 'PersistentVolume {volume} is Failed: {why}',
  'volume.capacity': 'PersistentVolume {volume} has capacity {actual}, but the task asks for {expected}',
  'volume.tooSmall': 'PersistentVolume {volume} has capacity {actual}, less than {expected}',
  'volume.modes': 'PersistentVolume {volume} has access modes {actual}, but the task asks for {expected}',
  'volume.volumeMode': 'PersistentVolume {volume} has volumeMode {actual}, but the task asks for {expected}',
  'volume.class': 'PersistentVolume {volume} has storageClassName {actual}, but the task asks for {expected}',
  'volume.reclaim':
    'PersistentVolume {volume} has persistentVolumeReclaimPolicy {actual}, but the task asks for {expected}',
  'volume.notProvisioned': 'PersistentVolume {volume} was created by hand, not provisioned by its StorageClass',
  'volume.provisioned': lines(
    'PersistentVolume {volume} was provisioned by {provisioner} for StorageClass {class}, ',
    'but the task asks for a volume created by hand',
  ),
  'volume.notHostPath': 'PersistentVolume {volume} is a {source} volume, but the task asks for hostPath {expected}',
  'volume.hostPath': 'PersistentVolume {volume} keeps its data at hostPath {actual}, but the task asks for {expected}',
  'volume.noPodVolume': 'Pod {pod} has no volume from PersistentVolumeClaim {claim} (its volumes: {volumes})',
  'volume.notMounted': 'Pod {pod} declares volume {volume} for claim {claim}, but none of its containers mounts it',
  'volume.mountedElsewhere': 'Pod {pod} mounts claim {claim} at {actual}, not at {expected}',
  'volume.otherAtPath': 'at {path}, container {container} mounts volume {volume} ({source}), not the claim',
  'volume.subPath': 'container {container} of Pod {pod} mounts only the folder {subPath} of claim {claim} at {path}',
  'volume.readOnly':
    'container {container} of Pod {pod} mounts claim {claim} read-only at {path}, but it must write there',
  'volume.writable':
    'container {container} of Pod {pod} mounts claim {claim} read-write at {path}, but the task asks for read-only',
  'volume.passedVolume': 'PersistentVolume {volume} ({capacity}, {modes}, class {class}) is {phase}',
  'volume.passedClaim':
    'PersistentVolumeClaim {claim} is Bound to PersistentVolume {volume} ({capacity}, {modes}, class {class})',
  'volume.passedMount': '; Pod {pod} mounts it at {path}',

  // checks/kinds/etcd-snapshot.ts
  'etcdSnapshot.missing': lines(
    'the snapshot {path} is not in {dir}; save it there with `etcdctl --endpoints <etcd client URL> ',
    'snapshot save {path}`',
  ),
  'etcdSnapshot.folder': lines(
    '{path} is a folder, not a snapshot file (`etcdutl snapshot restore --data-dir` makes a folder; ',
    '`etcdctl snapshot save {path}` makes the file)',
  ),
  'etcdSnapshot.tooBig': '{path} is {size}, more than an etcd snapshot here can be ({max})',
  'etcdSnapshot.empty': lines(
    '{path} is empty: no snapshot was saved into it (did etcdctl reach etcd? it needs --endpoints ',
    'with the client URL etcd listens on)',
  ),
  'etcdSnapshot.notSnapshot': lines(
    '{path} is not an etcd snapshot: it does not start with a bbolt database; save one with ',
    '`etcdctl snapshot save {path}`',
  ),
  'etcdSnapshot.text': lines(
    '{path} is not an etcd snapshot but text (a YAML dump such as `kubectl get all -o yaml > ',
    '{path}` is not a backup of etcd); save one with `etcdctl snapshot save {path}`',
  ),
  'etcdSnapshot.damaged': '{path} is a damaged etcd snapshot: {detail}; save it again',
  'etcdSnapshot.lacks': lines(
    '{path} (revision {revision}) does not hold {what} of namespace {namespace}: it is a snapshot ',
    'of another cluster, or was taken when {what} was not there; save it again',
  ),
  'etcdSnapshot.lacksOlder': lines(
    '{path} (revision {revision}) does not hold {what} of namespace {namespace}, whose ',
    'resourceVersion is {objectRevision}: the snapshot was taken before the lab started; save it ',
    'again',
  ),
  'etcdSnapshot.otherObject': lines(
    '{path} holds another {what} (uid {snapshotUid}) than the cluster (uid {uid}): it was taken ',
    'before the lab was last started or reset, or of another cluster; save it again',
  ),
  'etcdSnapshot.recreated': lines(
    '{what} in the cluster is a new object (uid {uid}), not the one {path} holds (uid ',
    '{snapshotUid}): it was created again, not restored from the snapshot',
  ),
  'etcdSnapshot.notInCluster': lines(
    '{what} is not in the cluster, though {path} holds it: restore the snapshot (etcdutl snapshot ',
    'restore into a new folder, then `lab cluster etcd-restore --data-dir <folder>`)',
  ),
  'etcdSnapshot.passed': '{path} is an etcd snapshot at revision {revision} with {keys} keys (hash {hash})',
  'etcdSnapshot.passedHolds': '; it holds {objects}, the same objects the cluster has',
  'etcdSnapshot.passedRestored': '; {objects} in the cluster came back from it (same uid)',
  'etcdSnapshot.noDataDir': lines(
    'the data folder {path} is not there; restore the snapshot into it with `etcdutl snapshot ',
    'restore {from} --data-dir {path}`',
  ),
  'etcdSnapshot.notDataDir': lines(
    '{path} is not an etcd data folder (it has no member/snap/db); `etcdutl snapshot restore {from} ',
    '--data-dir {path}` makes one',
  ),
  'etcdSnapshot.notRestoredFrom': lines(
    '{path} does not hold the {what} that {from} holds: it was not restored from {from}; restore ',
    'again into a new folder',
  ),
  'etcdSnapshot.passedDataDir': '{path} is an etcd data folder at revision {revision} with {keys} keys (hash {hash})',
  'etcdSnapshot.passedFrom': '; it holds the same {objects} as {from}: restored from it',

  // cluster/local/etcd-restore.ts, `lab cluster etcd-restore` (cli/commands/cluster.ts)
  'help.cluster.etcdRestore':
    "Restart the local cluster's etcd on a data folder made by `etcdutl snapshot restore` (its previous data is kept)",
  'help.opt.etcdDataDir': 'the restored data folder (`etcdutl snapshot restore <snapshot> --data-dir <folder>`)',
  'etcdRestore.localOnly': lines(
    '`lab cluster etcd-restore` works with the local driver only; on another cluster, restore etcd ',
    'as its documentation says.',
  ),
  'etcdRestore.noDataDirOption':
    'Name the folder `etcdutl snapshot restore` made: lab cluster etcd-restore --data-dir <folder>.',
  'etcdRestore.noSource': lines(
    'The folder {dir} does not exist; restore the snapshot into it first: `etcdutl snapshot restore ',
    'backup.db --data-dir {dir}`.',
  ),
  'etcdRestore.isFile': lines(
    '{file} is a file, not a data folder; restore it into a new folder first (`etcdutl snapshot ',
    'restore {file} --data-dir <new folder>`) and pass that folder.',
  ),
  'etcdRestore.notDataDir': lines(
    '{dir} is not an etcd data folder (it lacks member/snap/db and member/wal); make one with ',
    '`etcdutl snapshot restore <snapshot> --data-dir {dir}`.',
  ),
  'etcdRestore.noCluster':
    'There is no local cluster in {dir} whose etcd could be restored; start one with `lab cluster up`.',
  'etcdRestore.same':
    '{dir} is the folder etcd already uses; restore the snapshot into a new folder and pass that one.',
  'etcdRestore.stopping': 'Stopping the local control plane (etcd, kube-apiserver, controllers, kwok)...',
  'etcdRestore.copyFailed': lines(
    "Could not copy {dir} into etcd's data folder ({error}); etcd's data is as it was: start it ",
    'again with `lab cluster up`.',
  ),
  'etcdRestore.starting': 'Starting the control plane on a copy of {dir}...',
  'etcdRestore.notStarted': lines(
    "The cluster did not come back on the restored data ({error}); etcd's previous data is kept in ",
    '{kept}, and `lab cluster etcd-restore --data-dir {kept}` goes back to it.',
  ),
  'etcdRestore.done': lines(
    'etcd now runs on a copy of {source} ({seconds} s): everything written to the cluster after the ',
    'snapshot is gone, in every namespace. Its previous data is kept in {kept}; to go back: lab ',
    'cluster etcd-restore --data-dir {kept}',
  ),

  // lab progress and lab exam status (progress/present.ts, cli/commands/exam.ts)
  'progress.head.lab': 'LAB',
  'progress.head.attempts': 'ATTEMPTS',
  'progress.head.firstPassed': 'FIRST PASSED',
  'progress.head.lastCheck': 'LAST CHECK',
  'progress.head.bestExam': 'BEST EXAM',
  'progress.head.title': 'TITLE',
  'progress.domain': '{domain}: {passed} of {total} passed',
  'progress.withSolution': '- (solution {when})',
  'progress.head.submitted': 'SUBMITTED',
  'progress.head.labs': 'LABS',
  'progress.head.score': 'SCORE',
  'progress.head.result': 'RESULT',
  'progress.late': 'late',
  'progress.exams': 'Mock exams',
  'examStatus.head': 'Mock exam, started {when}:',
  'examStatus.left': 'Time left: {left} (deadline {when}); submit with `lab exam submit`.',
  'examStatus.over': 'Time ran out {ago} ago; submit with `lab exam submit` (the result will be marked late).',
  // lab class (src/class/*, cli/commands/class.ts)
  'help.class': 'a classroom on a shared cluster: namespaces, rights and a kubeconfig per learner, a live table',
  'help.class.create':
    'make a class: for each learner, a namespace per lab with its setup, rights there only, a kubeconfig',
  'help.class.status': "the class's table (learner x lab x task), live from watches",
  'help.class.grade': 'check every learner once and print the grades (junit, csv or json)',
  'help.class.delete': 'delete everything the class made: its namespaces, ClusterRole and kubeconfigs',
  'help.class.learners': 'the learners, comma-separated (alice,bob)',
  'help.class.labs': 'the labs each learner gets, comma-separated',
  'help.class.expires': "how long the learners' tokens are valid, in hours",
  'help.class.server': "the API server URL in the learners' kubeconfigs (default: yours)",
  'help.class.once': 'print the table once and end',
  'class.noLearners': 'Name the learners with --learners, e.g. --learners alice,bob.',
  'class.noLabs': 'Name the labs with --labs, e.g. --labs replicaset,service-clusterip.',
  'class.badName': lines(
    "{name} cannot name a class or a learner: use at most 20 lower-case letters, digits and '-', ",
    'starting and ending with a letter or digit.',
  ),
  'class.duplicateLearner': 'A learner is named twice in --learners {learners}; name each once.',
  'class.nameTooLong': 'Namespace {ns} would be longer than 63 characters; use a shorter class or learner name.',
  'class.unfit.clusterScoped': lines(
    'Lab {lab} cannot be given to a class: it needs cluster-scoped objects, and learners have rights ',
    'only in their own namespaces; pick another lab.',
  ),
  'class.unfit.nodes':
    'Lab {lab} cannot be given to a class: it makes its own Nodes, which are cluster-scoped; pick another lab.',
  'class.unfit.controlPlane': lines(
    'Lab {lab} cannot be given to a class: it breaks a control-plane component on purpose, which would ',
    "break the cluster for every learner, and runs on cka-lab's local cluster only; pick another lab.",
  ),
  'class.unfit.files': lines(
    "Lab {lab} cannot be given to a class: its checks read the learner's working folder, which the ",
    'instructor cannot see; pick another lab.',
  ),
  'class.unfit.tools': lines(
    "Lab {lab} cannot be given to a class: it runs cka-lab's own tools (helm, etcdctl) on the cluster's ",
    'machine; pick another lab.',
  ),
  'class.taken': 'Namespace {ns} exists and is not class {klass} (learner {learner}); pick another class name.',
  'class.roleTaken': "ClusterRole {name} exists and is not class {klass}'s; pick another class name.",
  'class.noToken':
    "The API server returned no token for {learner}'s ServiceAccount; check that it serves the TokenRequest API.",
  'class.notFound':
    'This cluster has no class named {klass}; `lab class create {klass} --learners ... --labs ...` makes one.',
  'class.created': lines(
    'Class {klass}: {learners} learners x {labs} labs. Give each learner their kubeconfig (tokens valid ',
    'until {expires}):',
  ),
  'class.learnerUse': 'A learner runs: lab start <lab> --kubeconfig <file>, then lab check <lab> --kubeconfig <file>.',
  'class.deleted': 'Class {klass} deleted: {namespaces} namespaces, its ClusterRole and its kubeconfigs.',
  'class.badFormat': 'Unknown format {value}: use junit, csv or json.',
  'class.badExpires': '{value} is not a number of hours; give one from 1 to 8760.',
  'class.head.learner': 'LEARNER',
  'class.watching': 'Live from watches; Ctrl-C ends.',
} as const;
