import type { Catalog } from './catalog.js';
import { lines } from './lines.js';

/**
 * Korean messages, with the keys and parameters of the English catalog (en.ts), in the
 * same syntax (ICU MessageFormat).
 *
 * A particle that depends on the word before it is written as a format of its parameter:
 * `{what, josa, 이}` gives "Pod redis가" or "ReplicaSet이", and likewise `을` (을/를), `은` (은/는),
 * `과` (과/와) and `으로` (으로/로); see particles.ts. No space goes between a word and its particle.
 * Korean needs no plural forms; a message may leave out the `count` that picks the English form.
 */
export const ko: Catalog = {
  // exam/present.ts
  'exam.paper': '모의 시험: {questions}문제, {total}점, {length}; 합격선 {passMark}%.',
  'exam.deadline': '마감: {when} (현지 시각).',
  'exam.question': '문제 {n}: {title}',
  'exam.points': '{points}점',
  'exam.work':
    'kubectl로 작업하되 문제마다 -n <namespace>를 붙이세요. 남은 시간은 `lab exam status`, 채점은 `lab exam submit`.',
  'exam.files':
    '과제가 요구하는 파일은 그 랩의 작업 폴더(`cd "$(lab dir <lab>)"`)에 저장하세요. 시험이 시작될 때 작업 폴더는 비워집니다.',
  'exam.head.lab': '랩',
  'exam.head.task': '과제',
  'exam.head.points': '점수',
  'exam.pass': '합격',
  'exam.fail': '불합격',
  'exam.score': '점수: {percent}%',
  'exam.scoreLine': '{score} ({possible}점 중 {earned}점): {verdict}, 합격선 {passMark}%.',
  'exam.late': '마감 {over} 후에 제출했으므로 이 결과는 지각으로 기록됩니다.',
  'exam.useContext': '사용할 컨텍스트: {context}',
  'exam.workContexts': lines(
    '문제마다 사용할 kubectl 컨텍스트가 적혀 있습니다. 작업하기 전에 `kubectl config use-context <context>` 명령으로 ',
    '바꾸세요(문제의 namespace가 그 컨텍스트의 기본 namespace입니다). 남은 시간은 `lab exam status`, ',
    '나중에 다시 볼 과제 표시는 `lab exam flag <task>`, 채점은 `lab exam submit`.',
  ),
  'exam.elsewhereContext': lines(
    '작업한 내용이 컨텍스트 {context}(namespace {ns})에 있는 것 같은데, 이 문제는 컨텍스트 {own, josa, 을} 씁니다. ',
    '먼저 `kubectl config use-context {own}` 명령으로 바꾸세요.',
  ),
  'exam.elsewhereNamespace': '작업한 내용이 namespace {ns}에 있는 것 같은데, 이 문제의 namespace는 {own}입니다.',
  'exam.noTask': '시험에 "{ref}" 과제가 없습니다. 시험지의 과제 번호({numbers})나 <lab>/<task> 형식으로 지정하세요.',
  'exam.manyTasks': '과제 {ref, josa, 이} 여러 문제에 있습니다({numbers}). 번호나 <lab>/<task> 형식으로 지정하세요.',
  'exam.flagged': '과제 {number}({title})에 검토 표시를 했습니다. 표시한 과제는 `lab exam status`에 나옵니다.',
  'exam.flaggedAlready': '과제 {number}({title})에는 이미 검토 표시가 있습니다.',
  'exam.unflagged': '과제 {number}({title})의 검토 표시를 지웠습니다.',
  'exam.unflaggedAlready': '과제 {number}({title})에는 검토 표시가 없었습니다.',
  'exam.status.flagged': '검토 표시한 과제:',
  'exam.status.noFlags': '검토 표시한 과제가 없습니다. 다시 볼 과제는 `lab exam flag <task>` 명령으로 표시하세요.',
  'exam.status.context': '컨텍스트 {context}',
  'exam.noBaseContext': lines(
    'kubeconfig {kubeconfig}에 시험 컨텍스트의 바탕이 될 컨텍스트 {context, josa, 이} 없습니다. ',
    '`lab cluster up` 명령으로 다시 쓰거나 --context로 지정하세요.',
  ),

  // exam/present-review.ts, cli/commands/exam.ts (lab exam review)
  'review.head': '{when}에 제출한 시험 검토: {percent}% ({possible}점 중 {earned}점)',
  'review.inContext': '컨텍스트 {context}, namespace {ns}',
  'review.inNamespace': 'namespace {ns}',
  'review.flagged': '검토 표시',
  'review.right': '맞은 것:',
  'review.wrong': '틀린 것:',
  'review.solution': '참고 해답(YAML까지 보려면 `lab solution {lab}`):',
  'review.old': '검토를 기록하기 전에 제출한 시험은 점수만 보여 줍니다.',
  'review.again': '이 검토는 `lab exam review` 명령으로 다시 볼 수 있습니다.',
  'review.none': '아직 제출한 시험이 없습니다. `lab exam` 명령으로 시작하세요.',
  'review.noSuch': '시험 {n}번은 없습니다. 제출한 시험은 {count}개이니 1부터 {count}까지 지정하세요.',

  // report/text.ts
  'report.pass': '통과',
  'report.fail': '실패',
  'report.task': '과제 {n}: {title}',
  'report.checks': '(검사 {ok}/{total})',
  'report.sameCause': '(위와 같은 원인)',
  'report.allPass': '검사 {total}개를 모두 통과했습니다.',
  'report.somePass': '검사 {total}개 중 {passed}개를 통과했습니다. ',
  'report.hint': '힌트를 보려면 `lab hint {lab}` 명령을 실행하세요.',

  // labs/present.ts
  'tasks.head': '과제 (namespace {ns})',
  'tasks.next': 'kubectl로 작업한 뒤 {check, josa, 으로} 확인하세요. 막히면 {hint}.',

  // labs/ownership.ts
  'ownership.clusterScope': lines(
    '{lab} 실습은 클러스터 전체에 보이는 클러스터 범위 오브젝트({kinds}, 이름 {prefix}...)를 만듭니다; 허용하려면 ',
    '--allow-cluster-scope를 붙이고, 아니면 cka-lab 자체 클러스터를 쓰세요.',
  ),

  // cli/commands
  'check.noNamespace': 'namespace {ns, josa, 이} 없습니다; 먼저 `lab start {lab}` 명령을 실행하세요',
  'check.watching': '변경을 지켜보는 중... (Ctrl-C로 중지)',
  'start.needsRuntime': lines(
    '{lab} 실습에는 실제 컨테이너(logs, exec, DNS, Pod 사이 통신)가 필요한데, 이 클러스터에는 그런 노드가 없습니다. ',
    '`sudo lab cluster up --real-node`(그 전에 만든 클러스터라면 `lab cluster reset --real-node`)를 실행하거나, ',
    '`--driver k3s` 또는 --kubeconfig로 직접 준비한 클러스터를 쓰세요.',
  ),
  'start.needsExtras': lines(
    '{lab} 실습에는 {what}에 쓰이는 {names, josa, 이} 필요한데, 이 클러스터는 Go가 없어서 이것 없이 시작됐습니다. ',
    'Go 1.25 이상을 설치한 뒤 `lab cluster reset`을 실행하세요.',
  ),
  'start.needsGatewayApi': lines(
    '{lab} 실습에는 Gateway API(GatewayClass, Gateway, HTTPRoute)가 필요한데, 이 클러스터는 이를 제공하지 않습니다. ',
    '`kubectl apply --server-side -f ',
    'https://github.com/kubernetes-sigs/gateway-api/releases/download/{version}/standard-install.yaml`로 CRD를 설치하세요.',
  ),
  'start.installingGatewayApi':
    'Gateway API CRD를 설치하는 중입니다(cka-lab 구성 요소라서 실습을 reset해도 남습니다)...',
  'start.needsLabNodes': lines(
    '{lab} 실습은 자체 시뮬레이션 노드를 쓰는데, 이런 노드는 로컬 클러스터만 시뮬레이션합니다. ',
    '`lab cluster up`(local 드라이버)으로 만든 클러스터에서 실행하세요.',
  ),
  'labNodes.notReady': lines(
    '{seconds}초가 지나도 실습의 노드({nodes})가 Ready가 아닙니다. ',
    '`lab cluster status`로 로컬 클러스터를 확인하고 `lab reset`을 실행하세요.',
  ),
  'start.addNamespace': 'kubectl 명령에 -n {ns, josa, 을} 붙이세요.',
  'start.useKubectl': 'kubectl을 쓰려면 먼저: eval "$(lab env)"  (namespace {ns}, 작업 폴더로 이동도 함께)',
  'hint.allPass': '모든 과제를 통과했습니다. 힌트가 필요 없어요!',
  'hint.none': '이 과제에는 힌트가 없습니다.',
  'hint.title': '{task} — 힌트 {n}/{total}',

  // 작업 폴더, 시작된 랩, 지금 하는 랩 (cli/commands, labs/started.ts)
  'start.already': lines(
    '랩 {lab, josa, 은} 이미 namespace {ns}에서 시작되어 있으며 작업한 내용은 그대로 둡니다. ',
    '처음 상태로 돌아가려면 `lab reset {lab}` 명령을 실행하세요.',
  ),
  'start.workDir': '작업 폴더(파일 검사가 읽는 곳): {dir}  (cd "$({command})")',
  // 읽기: 과제 먼저, 노트는 원할 때, 권장 순서 (cli/commands/{start,note,list,next}.ts)
  'start.readNote': '노트 보기: `lab note {lab}` (한 부분만 보려면 `--section <제목>`)',
  'reset.done': '랩 {lab, josa, 이} namespace {ns}에서 처음 상태로 돌아갔고, 작업 폴더는 비었습니다.',
  'note.answersFolded': '정답은 접혀 있습니다. 보기: `{command}`',
  'note.noSection': '{lab} 노트에 "{section}" 절이 없습니다. 다음 중 하나를 지정하세요: {sections}',
  'note.severalSections':
    '{lab} 노트에서 "{section}"에 맞는 절이 여러 개입니다({sections}). 제목을 더 길게 지정하세요.',
  'note.noAnswers': '{lab} 노트에는 정답 절이 없습니다.',
  'list.realMachines': '실제 머신',
  'list.realMachinesFooter': lines(
    '"실제 머신": 여기에는 랩이 없습니다. 직접 준비한 머신에서 연습하고, 그 클러스터에서 --context로 이 랩들을 ',
    '실행하세요(docs/real-machines.md).',
  ),
  'list.head.lab': '랩',
  'list.head.domain': '영역',
  'list.head.tasks': '과제',
  'list.head.status': '상태',
  'list.head.title': '제목',
  'status.notStarted': '시작 전',
  'status.started': '시작함',
  'status.solved': '참고 답안으로 풂',
  'status.passed': '통과',
  'next.start': '다음 랩: {lab} — {title} ({domain}). `lab start {lab}` 명령으로 시작하세요.',
  'next.continue': lines(
    '다음 랩: {lab} — {title} ({domain}). 이미 시작한 랩입니다. `lab start {lab}` 명령으로 과제를 다시 보고 ',
    '`lab check {lab}` 명령으로 검사하세요.',
  ),
  'next.solved': lines(
    '다음 랩: {lab} — {title} ({domain}). 참고 답안으로 푼 랩이니 `lab reset {lab}` 명령으로 처음 상태로 ',
    '되돌린 뒤 직접 풀어 보세요.',
  ),
  'next.done': '랩 {count}개를 모두 통과했습니다. `lab exam` 명령으로 모의 시험을 쳐 보세요.',
  'next.progress': '랩 {total}개 중 {passed}개 통과.',
  'help.note': '랩의 노트 표시, 터미널에서는 페이저로 (스스로 점검하기의 정답은 접어 둠)',
  'help.note.section': '이 제목 아래의 절만 표시 (또는 이 말을 포함한 제목이 하나뿐이면 그 절)',
  'help.note.answers': '정답 표시: 단독으로는 정답이 있는 스스로 점검하기 절, --section과 함께면 그 절',
  'help.next': '권장 순서에서 다음에 할 랩 표시',
  'check.withSolution':
    '이 통과는 직접 푼 것이 아니라 참고 답안으로 푼 것으로 기록됩니다. 직접 풀려면 `lab reset {lab}` 명령을 실행하세요.',
  'solution.resetting':
    '참고 답안을 깨끗한 랩에 적용하도록 먼저 {ns, josa, 을} 처음 상태로 되돌립니다(작업한 내용은 지워집니다).',
  'solution.passed': lines(
    '{ns}에 참고 답안을 적용했습니다. 검사 {total}개를 모두 통과합니다. 직접 푼 것이 아니라 참고 답안으로 ',
    '푼 것으로 기록됩니다. 직접 풀려면 `lab reset {lab}` 명령을 실행하세요.',
  ),
  'solution.failing': lines(
    '{ns}에 참고 답안을 적용했지만 {seconds}초가 지나도 검사 {total}개 중 {failed}개가 실패합니다. ',
    '위의 결과를 보고 잠시 뒤 `lab check {lab}` 명령을 다시 실행하세요.',
  ),
  'current.noneStarted': '이 클러스터에서 시작된 랩이 없습니다. `lab start <lab>` 명령으로 시작하세요.',
  'current.notInNamespace':
    'namespace {ns}에서 시작된 랩이 없습니다. `lab start <lab> -n {ns}` 명령으로 시작하거나 검사할 랩을 지정하세요.',
  'current.choose': lines(
    '시작된 랩이 여러 개({choices})이고 현재 컨텍스트는 그중 어느 것도 가리키지 않습니다. ',
    '`lab check {first}`처럼 하나를 지정하거나 --all로 모두 검사하세요.',
  ),

  // checks/engine.ts
  'engine.apiError': 'API 서버가 {status} 응답을 보냈습니다: {message}',
  'engine.cannotRun': '검사를 실행할 수 없습니다: {message}',

  // checks/describe.ts
  'describe.missing': '{what, josa, 이} namespace {ns}에 없습니다',
  'describe.otherKind': '{base}; 같은 이름의 {kind, josa, 이} 있으니 kind(와 apiVersion {apiVersion})를 확인하세요',
  'describe.nearMiss': '{base}; {kind} {name, josa, 을} 말한 건가요? (이름이 정확해야 합니다)',
  'describe.otherNamespace': lines(
    '{base}; namespace {namespaces}에는 있습니다; 이 namespace에 만드세요 (kubectl ... -n <lab namespace>, ',
    '또는 eval "$(lab env)")',
  ),

  // checks/objects.ts
  'set.kinds': '{kind}',
  'set.selector': 'selector {selector}',
  'set.controlledBy': '컨트롤러 {kind} {name}',
  'set.withNotes': '{head} ({notes})',
  'set.noteSeparator': ', ',

  // checks/pods.ts
  'pods.unscheduled': 'Pending, 스케줄되지 않음: {why}',

  // checks/match.ts
  'match.shouldBeUnset': '설정되어 있지 않아야 하는데 값이 {actual}입니다',
  'match.notSet': '기대값은 {expected}인데 설정되어 있지 않습니다',
  'match.notObject': '오브젝트(map)여야 하는데 실제로는 {actual}입니다',
  'match.notList': '목록(list)이어야 하는데 실제로는 {actual}입니다',
  'match.typeNote': ' ({actual} 타입이지만 {expected} 타입이어야 합니다)',
  'match.differs': '기대값은 {expected}인데 실제로는 {actual}입니다',
  'match.emptyList': '{item} 항목이 있어야 하는데 목록이 비어 있습니다',
  'match.noItem': '{item} 항목이 있어야 하는데 실제로는 {actual}입니다',
  'match.distinct': '{expected}에 맞는 서로 다른 항목이 {n}개 있어야 하는데 실제로는 {actual}입니다',
  'match.oneOf': '기대값은 {expected} 중 하나인데 실제로는 {actual}입니다',
  'match.oneOfNotSet': '기대값은 {expected} 중 하나인데 설정되어 있지 않습니다',
  'match.fields': '{what}: 필드 {count}개가 일치하지 않습니다',

  // checks/kinds/object.ts
  'object.matches': '{what}의 필드가 기대와 같습니다',
  'object.exists': '{what, josa, 이} 있습니다',

  // checks/kinds/any.ts
  'any.passed': '{what} 중 {count}개가 일치합니다: {names}',
  'any.none': '{what, josa, 이} 없습니다',
  'any.onlyFew': '{what} 중 {min}개 이상이 일치해야 하는데 {count}개뿐입니다: {names}',
  'any.failed': '{what} 중 {min}개 이상이 일치해야 하는데 {found}개가 일치합니다; 가장 비슷한 {name}도 다릅니다',

  // checks/kinds/resources.ts
  'resources.container': '{owner}의 컨테이너 {container}',
  'resources.template': 'Deployment {name}의 Pod 템플릿',
  'resources.newContainer': 'namespace {namespace}에 resources 없이 새로 만드는 컨테이너',
  'resources.missing': '{where}: {field, josa, 이} 설정되지 않았지만 과제는 {expected, josa, 을} 요구합니다',
  'resources.wrong': '{where}: {field, josa, 이} {actual}이지만 과제는 {expected, josa, 을} 요구합니다',
  'resources.wrongBytes':
    '{where}: {field, josa, 이} {actual}({actualBytes}바이트)이지만 과제는 {expected}({expectedBytes}바이트)를 요구합니다',
  'resources.noContainer': '{owner}에 컨테이너 {container, josa, 이} 없습니다(있는 컨테이너: {names})',
  'resources.failed': '{first}{more, plural, =0 {} other { (외 #개)}}',
  'resources.ok': '{what}: {amounts}',
  'resources.written': lines(
    'Pod {pod}의 컨테이너 {container}: {fields}는 LimitRange가 설정한 것이 아니라 Pod에 직접 쓴 값입니다',
    '(kubernetes.io/limit-ranger 어노테이션에 없음)',
  ),
  'resources.beforeLimitRange': lines(
    'Pod {pod, josa, 은} LimitRange {limitRange}보다 먼저 만들어졌습니다. LimitRange는 Pod를 만들 때만 기본값을 ',
    '넣으니 Pod를 지우고 다시 만드세요',
  ),
  'resources.scheduled':
    'Pod {pod, josa, 이} 노드 {node}에 배치되었습니다. 노드에 들어가는 Pod이지만 과제는 들어가지 않는 Pod를 요구합니다({cause})',
  'resources.notScheduledYet': 'Pod {pod}에 아직 PodScheduled 조건이 없습니다. 스케줄러가 아직 보지 않았습니다',
  'resources.otherCause': 'Pod {pod, josa, 은} Pending이지만({reason}: {message}) 원인이 {cause, josa, 이} 아닙니다',
  'resources.pendingOk': 'Pod {pod, josa, 은} Pending에 머뭅니다: {message}',
  'resources.noPods': 'Deployment {name}에 Pod가 없습니다',
  'resources.stale': 'Deployment {name, josa, 이} 아직 이전 Pod를 실행합니다: {problem} (롤아웃이 끝나지 않음)',
  'resources.noLimitRange':
    'namespace {namespace}에 LimitRange가 없어 resources 없는 컨테이너는 아무 값도 받지 않습니다',
  'resources.defaultsOk': 'resources 없이 새로 만드는 컨테이너가 {amounts} 값을 받습니다(LimitRange {names})',
  'resources.scoped': 'ResourceQuota {name, josa, 은} 모든 Pod가 아니라 scope({scopes})에 드는 Pod만 셉니다',
  'resources.notCounted': 'ResourceQuota {name}에 아직 status.used가 없습니다. quota 컨트롤러가 아직 세지 않았습니다',
  'resources.usedWrong':
    'ResourceQuota {name, josa, 이} {field}={actual}로 세지만 namespace의 Pod를 더하면 {expected}입니다',
  'resources.quotaOk': 'ResourceQuota {name}: hard {hard}; used {used}',

  // checks/kinds/can-i.ts
  'canI.inNamespace': 'namespace {namespace}에서',
  'canI.allNamespaces': '모든 namespace에서',
  'canI.request': '{where} {resource, josa, 을} {verbs}',
  'canI.noReason': 'API 서버가 이유를 밝히지 않습니다',
  'canI.unexpectedYes': '{subject, josa, 은} {request}할 수 있는데, 그러면 안 됩니다: {reason} ({command}의 답이 yes)',
  'canI.unexpectedNo': '{subject, josa, 은} {request}할 수 있어야 하는데, 할 수 없습니다 ({command}의 답이 no)',
  'canI.unexpectedNoBecause':
    '{subject, josa, 은} {request}할 수 있어야 하는데, 할 수 없습니다: {reason} ({command}의 답이 no)',
  'canI.nearMiss': '{binding, josa, 이} 묶은 대상은 {expected, josa, 이} 아니라 {actual}입니다',
  'canI.passedBoth': '{subject, josa, 은} {can}할 수 있고, {cannot}할 수 없습니다',
  'canI.passedCan': '{subject, josa, 은} {can}할 수 있습니다',
  'canI.passedCannot': '{subject, josa, 은} {cannot}할 수 없습니다',
  'canI.failed': '{first}{more, plural, =0 {} other { (그 밖에 #개)}}',

  // checks/kinds/absent.ts
  'absent.passed': '예상대로 {what, josa, 이} 없습니다',
  'absent.failed':
    '{what, josa, 이} 없어야 하는데 {names, josa, 이} 있습니다; 삭제하세요 (--dry-run=client 명령은 아무것도 만들지 않습니다)',
  'absent.found': '{kind} {names, josa, 이} 있습니다',

  // checks/kinds/dns.ts, corefile.ts, connect.ts, service-chain.ts (labs coredns, connectivity)
  'dns.noServer': '물어볼 DNS 서버인 Service {service, josa, 이} namespace {ns}에 없거나 ClusterIP가 없습니다',
  'dns.clusterDns': '클러스터 DNS({ip})',
  'dns.noClusterDns': '클러스터에 물어볼 DNS Service kube-system/kube-dns(ClusterIP 있음)가 없습니다',
  'dns.notAName': '{path}에는 DNS 이름 하나만 있어야 하는데 "{answer}"입니다',
  'dns.notFqdn': lines(
    '{path}에 적힌 {answer, josa, 은} 완전한 이름(FQDN)이 아닙니다. .{domain}으로 끝나는 전체 이름을 적으세요 ',
    '(짧은 이름은 Pod의 search 목록을 거쳐야만 풀립니다)',
  ),
  'dns.noPod': 'namespace {ns}에 Pod {pod, josa, 이} 없습니다',
  'dns.podNoIp': 'Pod {pod}에 아직 IP가 없습니다. 실행될 때까지 기다리세요',
  'dns.noService': 'namespace {ns}에 Service {service, josa, 이} 없습니다',
  'dns.headless': 'Service {service, josa, 은} headless(clusterIP: None)라서 풀려 나올 ClusterIP가 없습니다',
  'dns.refNoAnswer': '{server}에 {name}의 답이 없어서({code}) 비교할 대상이 없습니다',
  'dns.unreachable': lines(
    '{server, josa, 이} {name} 조회에 답하지 않았습니다({code}). cka-lab은 이 컴퓨터에서 묻는데, ClusterIP에는 ',
    '실제 노드(lab cluster up --real-node)에서만 닿습니다. 그 Pod가 실행 중인가요?',
  ),
  'dns.noAnswer': lines(
    '{name, josa, 이} {server}에서 풀리지 않습니다({code}). 고친 뒤에도 풀리지 않았던 이름은 ',
    '최대 30초 동안 캐시에 남을 수 있습니다',
  ),
  'dns.rightNone': '예상대로 {name, josa, 이} {server}에서 풀리지 않습니다({code})',
  'dns.resolvesAnyway': '{name, josa, 은} {server}에서 풀리지 않아야 하는데 {actual, josa, 으로} 풀립니다',
  'dns.right': '{name, josa, 이} {server}에서 {what}의 주소 {actual, josa, 으로} 풀립니다',
  'dns.wrongAnswer':
    '{name, josa, 이} {server}에서 {actual, josa, 으로} 풀립니다. {what}의 주소인 {expected, josa, 으로} 풀려야 합니다',
  'dns.unreachableInPod': lines(
    '{server, josa, 이} lab namespace의 점검용 Pod에서 물은 {name} 조회에 답하지 않았습니다({code}). ',
    '그 Pod가 실행 중인지, NetworkPolicy가 조회를 막고 있지 않은지 확인하세요',
  ),
  'probe.notRun': lines(
    'namespace {ns}의 점검용 Pod {pod, josa, 이} 실행되지 않아서({reason}) cka-lab이 클러스터 안에서 물을 수 ',
    '없었습니다. 그 namespace에서 busybox Pod를 실행할 수 있나요? (kubectl get events -n {ns})',
  ),
  'corefile.noConfigMap': 'namespace {ns}에 ConfigMap {configMap, josa, 이} 없습니다',
  'corefile.noKey': 'ConfigMap {configMap}에 키 {key, josa, 이} 없습니다',
  'corefile.syntax': 'ConfigMap {configMap}의 Corefile을 읽을 수 없습니다: {line}번째 줄: {problem}',
  'corefile.noBlock':
    'Corefile에 포트 53에서 {zone, josa, 을} 맡는 server block이 없어서 CoreDNS가 그 이름들을 거절합니다',
  'corefile.noForward': lines(
    'server block {block, josa, 이} {zone} 아래 이름에 답하지만 전달(forward)하지 않습니다 ',
    '(그 도메인의 DNS 서버로 가는 forward를 넣으세요)',
  ),
  'corefile.noTarget': 'namespace {ns}에 Service {service, josa, 이} 없거나 주소가 없습니다',
  'corefile.wrongTarget': lines(
    '{line}번째 줄의 forward가 {zone} 아래 이름을 {to, josa, 으로} 보내는데, {wrong, josa, 은} 포트 53의 ',
    'Service {service}({ip})가 아닙니다',
  ),
  'corefile.right': 'server block {block, josa, 이} {zone} 아래 이름을 Service {service}인 {to, josa, 으로} 전달합니다',
  'connect.noService': 'namespace {ns}에 Service {service, josa, 이} 없습니다',
  'connect.noPort': 'Service {service}에 포트 {port, josa, 이} 없습니다(포트: {ports})',
  'connect.noPods': '{selector} label이 붙은 Ready Pod가 없어서 답할 것이 없습니다',
  'connect.noNodePort': 'Service {service}의 type({type})에는 포트 {port}에 밖에서 닿을 nodePort가 없습니다',
  'connect.headless': 'Service {service, josa, 은} headless(clusterIP: None)라서 연결할 ClusterIP가 없습니다',
  'connect.unreachable': lines(
    '{target}(Service {service})에 연결할 수 없습니다: {code}. targetPort와 selector가 Pod {selector}의 것과 ',
    '맞나요? (kubectl get endpointslices -l kubernetes.io/service-name={service})',
  ),
  'connect.strangers': '{target}({via})에 {pods, josa, 이} 답했는데, {selector} label이 붙은 Pod가 아닙니다',
  'connect.someFailed': '{target}({via})로의 연결 {tries}번 중 {failed}번이 실패했습니다({code})',
  'connect.silent': '{selector} Pod {pods, josa, 이} 연결 {tries}번 동안 {target}에서 한 번도 답하지 않았습니다',
  'connect.right':
    '{target}({via})에 연결 {tries}번 동안 {pods, josa, 이} 답했습니다. {selector} label이 붙은 Pod 전부이고 다른 Pod는 없습니다',
  'connect.unreachablePod': lines(
    '{target}({via})에 연결할 수 없습니다: {code}. 그 Pod가 포트 {port}에서 듣고 있나요? ',
    '(kubectl get pod -o wide에 IP가, containerPort에 포트가 나옵니다)',
  ),
  'connect.badUrl': '{path}에는 http://10.244.0.7:8080/ 같은 주소 하나만 있어야 하는데 "{answer}"입니다',
  'connect.notPodIp': lines(
    '{path}에 적힌 {host, josa, 은} namespace {ns}의 Pod IP가 아닙니다. Service나 노드가 아니라 ',
    'Pod 자체에 연결하세요 (kubectl get pods -o wide)',
  ),
  'chain.right': '{path}에 적힌 {answer, josa, 은} Service {service} 포트 {port}의 chain입니다',
  'chain.notSvc': lines(
    '{path}에 적힌 {answer, josa, 은} KUBE-SVC-... chain이 아닙니다. Service 포트마다 그런 chain이 하나 있습니다 ',
    '(KUBE-SEP-... chain은 그 endpoint이고, KUBE-SERVICES는 모든 Service의 입구입니다)',
  ),
  'chain.wrong': lines(
    '{path}에 적힌 {answer, josa, 은} Service {service} 포트 {port}의 chain이 아닙니다. ',
    'iptables-save -t nat에서 주석이 "<namespace>/{service} cluster IP"인 규칙을 찾으세요',
  ),

  // checks/kinds/top.ts
  'top.notAName': '{path}에는 Pod 하나의 이름만 있어야 하는데 "{answer}"입니다',
  'top.noMetrics': lines(
    'metrics-server에 아직 namespace {ns}의 Pod 수치가 없습니다(기다리는 Pod: {pods}). ',
    'kubectl top pods -n {ns}에 모두 나올 때까지 1분쯤 기다린 뒤 다시 확인하세요',
  ),
  'top.noSuchPod':
    '{path}에 적힌 Pod {pod, josa, 은} namespace {ns}에서 메트릭이 있는 Pod가 아닙니다 (kubectl top pods)',
  'top.right': '{path}에 적힌 Pod {pod, josa, 이} {resource, josa, 을} 가장 많이 씁니다 ({usage})',
  'top.notTop': lines(
    '{path}에 적힌 Pod {pod, josa, 은} {resource, josa, 을} {usage} 쓰지만, 더 많이 쓰는 Pod가 있습니다 ',
    '(kubectl top pods --sort-by={resource})',
  ),

  // checks/kinds/logs.ts
  'logs.noneMatch': lines(
    'namespace {ns}의 Pod 중 {match}에 맞는 줄을 로그에 남기는 컨테이너가 없습니다 ',
    '(kubectl logs POD -c CONTAINER | grep -E "{match}"). Pod가 실행 중인가요? 랩의 로그가 추가되기 전에 ',
    '만든 로컬 클러스터라면 lab cluster reset을 실행하세요',
  ),
  'logs.notAName': '{path}에는 Pod 하나의 이름만 있어야 하는데 "{answer}"입니다',
  'logs.noSuchPod': lines(
    '{path}에 Pod {pod, josa, 이} 적혀 있지만 namespace {ns}에는 그런 이름의 실행 중인 Pod가 없습니다 ',
    '(kubectl get pods)',
  ),
  'logs.podWrong': lines(
    '{path}에 적힌 Pod {pod}의 컨테이너들은 {match}에 맞는 줄을 로그에 남기지 않습니다 ',
    '(kubectl logs {pod} --all-containers)',
  ),
  'logs.podRight': '{path}에 적힌 Pod {pod}의 컨테이너 {container, josa, 이} {match}에 맞는 줄을 {count}개 남깁니다',
  'logs.linesRight': lines(
    '{path}에 Pod {pod}의 컨테이너 {container, josa, 이} 남긴 줄 중 {match}에 맞는 {count}개가 ',
    '모두 있습니다',
  ),
  'logs.decorated': lines(
    '{path}의 줄 앞에 kubectl이 붙인 내용(--timestamps 또는 --prefix)이 있습니다: "{line}". ',
    '컨테이너가 남긴 그대로 적으세요',
  ),
  'logs.notLogged': '{path}에 namespace {ns}의 어떤 컨테이너 로그에도 없는 줄이 있습니다: "{line}"',
  'logs.notMatching': '{path}에 {match}에 맞지 않는 줄이 있습니다: "{line}". 맞는 줄만 적으세요',
  'logs.mixed': lines(
    '{path}에 여러 컨테이너의 {match} 줄이 섞여 있습니다. 한 컨테이너의 줄만 적으세요 ',
    '(kubectl logs POD -c CONTAINER)',
  ),
  'logs.missing': '{path}에는 그 컨테이너가 남긴 {match}에 맞는 줄 {count}개 중 {have}개만 있습니다. 모두 적으세요',

  // checks/kinds/file.ts
  'file.unchecked': '{path, josa, 을} 검사할 수 없습니다: {problem}',
  'file.missing': '{dir}에 파일 {path, josa, 이} 없습니다; 그곳에 저장하세요 (예: `> {path}`)',
  'file.notFound': '{dir}에서 {path, josa, 을} 찾을 수 없습니다',
  'file.badYaml': '{path, josa, 은} 올바른 YAML이 아닙니다 ({line}행: {detail})',
  'file.unparsable': '{path, josa, 을} 읽을 수 없습니다: {detail}',
  'file.empty': '{path, josa, 이} 비어 있습니다',
  'file.matches': '{path}의 내용이 기대와 같습니다',
  'file.folder': '{path, josa, 은} 파일이 아니라 폴더입니다; 그 이름의 파일로 매니페스트를 저장하세요',
  'file.notRegular': '{path, josa, 은} 일반 파일이 아닙니다',
  'file.tooBig': '{path}의 크기가 {size, josa, 으로} 매니페스트로는 너무 큽니다 (1 MB 초과)',
  'file.unreadable': '{path, josa, 을} 읽을 수 없습니다 ({code}); 권한을 확인하세요',
  'file.stored': lines(
    '설정되어 있지 않아야 하는데 값이 {actual}입니다: 클러스터에 저장된 오브젝트에만 있는 값이므로 (kubectl get -o yaml로) ',
    '다시 읽어 온 것입니다; --dry-run=client -o yaml로 파일을 생성하세요',
  ),
  'file.controllerStatus': lines(
    '컨트롤러가 저장된 오브젝트에 기록하는 {fields} 값이 있으므로 (kubectl get -o yaml로) 다시 읽어 온 것입니다; ',
    '--dry-run=client -o yaml로 파일을 생성하세요',
  ),

  // checks/kinds/pods-ready.ts
  'podsReady.names': '이름 {names}',
  'podsReady.passed': '{selector}에 해당하는 Pod {count}개가 Ready입니다',
  'podsReady.failed':
    '{selector}에 해당하는 Ready Pod가 {count}개여야 하는데 {ready}개입니다 (해당 Pod {matching}개 중)',
  'podsReady.count': '{selector}에 해당하는 Ready Pod: 기대 {expected}개, 실제 {found}개',
  'podsReady.missing': 'Pod {name, josa, 이} 없습니다',
  'podsReady.notReady': 'Pod {name, josa, 이} Ready가 아닙니다: {reason}',
  // checks/kinds/container-sees.ts
  'containerSees.passed': 'Pod {pod}의 컨테이너 {container}에서 보이는 것: {what}',
  'containerSees.noContainer': 'Pod {pod}에 컨테이너 {container, josa, 이} 없습니다 (컨테이너: {names})',
  'containerSees.cannotStart': 'Pod {pod}의 컨테이너 {container, josa, 은} 시작할 수 없습니다: {error}',
  'containerSees.notRunning': 'Pod {pod}의 컨테이너 {container, josa, 은} 실행 중이 아닙니다 ({state})',
  'containerSees.env': '환경 변수 {name}',
  'containerSees.file': '파일 {path}',
  'containerSees.nothing': '파일 없음',
  'containerSees.src.literal': 'Pod spec에 직접 쓴 값',
  'containerSees.src.field': '필드 {path}에서 옴',
  'containerSees.src.resource': '리소스 {resource}에서 옴',
  'containerSees.src.object': '{kind} {name}의 키 {key}에서 옴',
  'containerSees.wrong': '{what, josa, 은} {actual}({source})인데, {expected}여야 합니다',
  'containerSees.base64': lines(
    '{what, josa, 은} {actual}({source}): Secret의 값이 {expected}의 base64라 두 번 인코딩되었습니다 ',
    '(data에는 base64를 한 번만 씁니다. stringData와 kubectl create secret --from-literal은 원래 값을 받습니다)',
  ),
  'containerSees.base64ConfigMap': lines(
    '{what, josa, 은} {actual}({source}): ConfigMap의 값이 {expected}의 base64인데, ConfigMap은 ',
    '평문을 담습니다 (base64는 Secret의 data뿐)',
  ),
  'containerSees.newline': lines(
    '{what, josa, 은} {actual}({source}): {expected}에 없는 줄바꿈이 끝에 붙어 있습니다 ',
    '(echo가 붙입니다. echo -n이나 --from-literal을 쓰세요)',
  ),
  'containerSees.quoted': lines(
    '{what, josa, 은} {actual}({source}): 따옴표까지 값에 들어갔습니다 ',
    '(--from-env-file에 준 env 파일은 따옴표를 그대로 둡니다). 기대한 값은 {expected}',
  ),
  'containerSees.wrongSource':
    '{what}의 값 {expected, josa, 은} 맞지만 {source}입니다. 과제는 {from}에서 가져오라고 합니다',
  'containerSees.unexpected': '{what, josa, 은} 없어야 하는데 {actual}({source})입니다',
  'containerSees.unknown': '{what, josa, 은} {source}: 실행 중인 Pod만 아는 값입니다. 기대한 값은 {expected}',
  'containerSees.envMissing': '환경 변수 {name, josa, 이} 설정되지 않았습니다',
  'containerSees.envElsewhere': '{base}. 값 {value, josa, 은} 대신 환경 변수 {other}에 있습니다',
  'containerSees.envAsFile': '{base}. 그 값은 대신 파일 {path}에 있습니다 (env가 아니라 볼륨)',
  'containerSees.fileMissing': '파일 {path, josa, 이} 없습니다',
  'containerSees.fileElsewhere': '{base}. 그 내용은 대신 파일 {other}에 있습니다',
  'containerSees.fileAsEnv': '{base}. 그 내용은 대신 환경 변수 {name}에 있습니다 (볼륨이 아니라 env)',
  'containerSees.fileNoMount': '{base}: {dir} 또는 그 위에 마운트된 ConfigMap이나 Secret 볼륨이 없습니다',
  'containerSees.fileIsDir': lines(
    '{base}: 그 경로는 디렉터리이고, 그 안에 볼륨 {volume}의 파일이 있습니다: {files} ',
    '(키 하나를 그 경로의 파일로 마운트하려면 subPath를 쓰거나, 볼륨을 한 단계 위 디렉터리에 마운트하세요)',
  ),
  'containerSees.fileDirHolds': '{base}. {mount}에 마운트된 볼륨 {volume}에 있는 파일: {files}',
  'containerSees.staleSubPath': lines(
    '{object, josa, 이} {changed}에 바뀌었는데, Pod {pod}의 컨테이너 {container, josa, 은} 그 전({started})에 시작했습니다: ',
    'subPath로 마운트한 파일은 갱신되지 않으므로 아직 예전 내용입니다. Pod를 지우고 다시 만드세요',
  ),
  'containerSees.stale': lines(
    '{object, josa, 이} {changed}에 바뀌었는데, Pod {pod}의 컨테이너 {container, josa, 은} 그 전({started})에 시작했습니다: ',
    '환경 변수는 시작할 때 한 번만 읽으므로 아직 예전 값입니다. Pod를 지우고 다시 만드세요',
  ),

  // checks/kinds/owned-by.ts
  'ownedBy.ownerOf': '{top}의 {kind}',
  'ownedBy.gone': '{kind} {name, josa, 이} 더 이상 없으므로 {owner}의 소유일 수 없습니다; 삭제되었거나 교체되었습니다',
  'ownedBy.none': '{set, josa, 이} 없으므로 {owner, josa, 이} 소유한 것도 없습니다',
  'ownedBy.noController': lines(
    '{kind} {name}의 ownerReferences에 controller가 없어 {owner, josa, 이} adopt하지 않았습니다; 레이블이 {labels}인데 ',
    'selector와 맞나요?',
  ),
  'ownedBy.stray': lines(
    '{kind} {name, josa, 은} 따로 만든 {kind}입니다: 소유한 컨트롤러가 없어(손으로 만들었고 레이블은 {labels}) {owner}의 ',
    '것이 아닙니다; 삭제하세요 (kubectl delete {lower} {name})',
  ),
  'ownedBy.stale': '{kind} {name}의 소유자는 삭제 후 다시 만들어지기 전의 {owner}입니다',
  'ownedBy.other': '{kind} {name}의 소유자는 {owner, josa, 이} 아니라 {actual}입니다',
  'ownedBy.passedOne': '{kind}의 소유자가 {owner}입니다',
  'ownedBy.passedAll': '{kind} {n}개 모두 소유자가 {owner}입니다',

  // checks/kinds/rollout.ts
  'rollout.unobserved': 'Deployment 컨트롤러가 아직 최신 변경을 반영하지 않았습니다',
  'rollout.field': 'status.{field}: 기대 {expected}, 실제 {found} ({meaning})',
  'rollout.updatedReplicas': '현재 template으로 실행 중인 Pod',
  'rollout.availableReplicas': '서비스 가능한 Pod',
  'rollout.replicas': '이전 Pod를 포함한 전체 Pod',
  'rollout.revision': 'revision: 기대 {expected}, 실제 {found}',
  'rollout.noRollout': '아직 rollout이 한 번도 없었습니다',
  'rollout.laterMissing': '이후의 변경(rollout 또는 undo)이 아직 없습니다',
  'rollout.minRevision': 'revision: 기대 {min} 이상, 실제 {found}; {why}',
  'rollout.incomplete': '{deployment}의 rollout이 끝나지 않았습니다: {first}',
  'rollout.done': '{deployment}의 rollout이 revision {revision}에서 완료되었습니다 ({replicas}/{replicas} available)',
  'rollout.paused': lines(
    '{deployment, josa, 이} 일시 중지되어 있어(kubectl rollout pause) 변경이 rollout되지 않습니다; ',
    'kubectl rollout resume deployment/{name}을 실행하세요',
  ),
  'rollout.handEdit': lines(
    'ReplicaSet {rs, josa, 은} Deployment 컨트롤러가 아니라 손으로({manager}) 바뀌었으므로 Deployment의 revision이 ',
    '아닙니다; 대신 Deployment를 바꾸세요 (kubectl set image deployment/{name} ...)',
  ),
  'rollout.noHistory': '없음',
  'rollout.noSteps': lines(
    '{deployment}의 이력에 revision {steps, josa, 이} 차례로 있지 않습니다 (Deployment를 통한 rollout); ',
    'revision 목록: {revisions}',
  ),
  'rollout.noRevision': lines(
    'revision {n, josa, 이} {deployment}의 이력에 없습니다 (revision 목록: {revisions}); Deployment를 삭제하고 ',
    '다시 만들었나요?',
  ),
  'rollout.notBack': lines(
    '{deployment, josa, 은} revision {n}의 template({wanted})이 아니라 {current}(revision {cur})를 실행합니다; ',
    'kubectl rollout undo deployment/{name} --to-revision={n}을 실행하세요',
  ),
  'rollout.notNew': lines(
    '{deployment, josa, 은} 아직 revision {cur}입니다: revision {n}으로 되돌리는 것은 새 revision을 만드는 새 ',
    'rollout입니다 (kubectl rollout undo)',
  ),
  'rollout.replicasNow': 'spec.replicas: 기대 {expected}, 실제 {found}',
  'rollout.revisionReplicas': lines(
    'revision {n}(ReplicaSet {rs})은 replicas {found}개로 실행되었습니다; 과제는 rollout 내내 {expected}개를 ',
    '유지해야 합니다',
  ),
  'rollout.strategyNow': 'spec.strategy.type: 기대 {expected}, 실제 {found}',
  'rollout.revisionStrategy': lines(
    'revision {n}(ReplicaSet {rs})은 다른 전략으로 rollout되었습니다: replicas {desired}개에 Pod 최대 {max}개, ',
    '{strategy}라면 {allowed}개입니다',
  ),

  // checks/kinds/selector.ts
  'selector.missing': '{what}에 {path, josa, 이} 없습니다',
  'selector.notSet': '{path, josa, 이} 설정되어 있지 않습니다',
  'selector.doesNotSelect': 'selector {selector, josa, 이} 레이블이 {labels}인 Pod를 선택하지 않습니다',
  'selector.alsoSelects':
    'selector {selector, josa, 이} 레이블이 {labels}인 Pod까지 선택합니다; 둘을 구분할 레이블을 추가하세요',
  'selector.notTemplate': 'selector {selector, josa, 이} template의 레이블 {labels, josa, 과} 맞지 않습니다',
  'selector.passed': '{what}의 selector {selector, josa, 이} {targets, josa, 을} 선택합니다{excluded}',
  'selector.template': 'template의 레이블',
  'selector.targetSeparator': ', ',
  'selector.anyTarget': '필요한 Pod',
  'selector.excluded': ' ({labels, josa, 은} 선택하지 않음)',
  'selector.contradicts': lines(
    'selector {selector, josa, 은} 조건끼리 서로 모순이라 어떤 Pod도 선택할 수 없으므로, {labels, josa, 을} ',
    '제외한다는 것이 아무 의미가 없습니다',
  ),
  'selector.selectsNoPod': lines(
    'selector {selector, josa, 이} {ns}에서 선택하는 Pod가 없으므로, 레이블이 {labels}인 Pod를 제외한다는 것이 ',
    '아무 의미가 없습니다; 대상 Pod를 선택해야 합니다',
  ),
  'selector.beyond': lines(
    'selector {selector, josa, 이} {within}보다 더 많이 선택합니다 (다른 레이블의 Pod까지); {within, josa, 으로} ',
    '좁히세요',
  ),

  // checks/kinds/endpoints.ts
  'endpoints.noSelector': '{service}에 spec.selector가 없어서 어떤 Pod도 endpoint가 되지 않습니다',
  'endpoints.selectorNotSet': 'spec.selector가 설정되어 있지 않습니다',
  'endpoints.noMatch': 'selector {selector}에 맞는 Pod가 {ns}에 없습니다{seen}',
  'endpoints.seen': '; 이곳 Pod의 레이블은 {labels}입니다',
  'endpoints.selectsNone': '{service}의 selector {selector, josa, 이} 선택하는 Pod가 없습니다',
  'endpoints.notListed': 'Pod {pod, josa, 은} Ready이고 selector에 선택되었지만 아직 {service}의 endpoint가 아닙니다',
  'endpoints.notReady': 'Pod {pod, josa, 은} {service}의 endpoint이지만 ready로 표시되지 않았습니다',
  'endpoints.notSelected': 'Pod {pod, josa, 은} {service}의 endpoint이지만 selector가 이 Pod를 선택하지 않습니다',
  'endpoints.wrongPort': lines(
    '{service} 포트 {svcPort, josa, 은} Pod의 포트 {found, josa, 으로} 트래픽을 보내지만 Pod는 {port}에서 ',
    '수신합니다; targetPort를 {port, josa, 으로} 설정하세요 (또는 그 포트의 이름)',
  ),
  'endpoints.headless': lines(
    '{service, josa, 은} headless(clusterIP: None)라서 자신의 cluster IP와 포트가 없습니다; clusterIP를 ',
    '빼면 cluster IP가 할당됩니다',
  ),
  'endpoints.notHeadless': '{service}의 cluster IP가 {ip}인데 과제는 headless Service(clusterIP: None)를 요구합니다',
  'endpoints.noPorts': '포트 없음',
  'endpoints.missingPort': '{service, josa, 은} 포트 {port}/{protocol}를 제공하지 않습니다; 제공하는 포트: {offered}',
  'endpoints.protocol': lines(
    '{service, josa, 은} 포트 {port, josa, 을} {found}로 제공하지만 과제는 {protocol}를 요구합니다; ',
    'protocol: {protocol}로 설정하세요 (TCP는 생략 가능)',
  ),
  'endpoints.unknownName': lines(
    '{service} 포트 {port, josa, 은} 이름이 {name}({protocol})인 포트로 트래픽을 보내지만 Pod {pod}에는 ',
    '그 이름의 포트가 없습니다{count, plural, =1 {} other { (모두 {count}개 Pod)}}; 이 Pod의 포트: {declared}',
  ),
  'endpoints.undeclared': lines(
    '{service} 포트 {port, josa, 은} Pod의 포트 {found, josa, 으로} 트래픽을 보내지만 Pod {pod, josa, 은} ',
    '그 포트에서 수신하지 않습니다; 이 Pod의 포트: {declared}',
  ),
  'endpoints.tooFew': '{service} 뒤의 Ready Pod가 {ready}개입니다; 최소 {min}개가 필요합니다',
  'endpoints.passed': '{service, josa, 이} 선택한 Ready Pod {ready}개 모두에 트래픽을 보냅니다 ({selector})',

  // --help texts (cli/main.ts, cli/commands/*): commander descriptions, built in the resolved language
  'help.program': '실제 클러스터에서 검사하는 CKA 시험 대비 Kubernetes 실습',
  'help.opt.kubeconfig': 'kubeconfig 파일 경로 (기본값: cka-lab 자체 클러스터 또는 KUBECONFIG)',
  'help.opt.context': '사용할 kubeconfig 컨텍스트',
  'help.opt.namespace': '랩 namespace (기본값 lab-<lab>)',
  'help.opt.lang': '노트, 과제, 결과의 언어 (기본값은 LANG에서)',
  'help.opt.allowRemote': '로컬 클러스터나 실습 클러스터로 보이지 않는 컨텍스트도 허용',
  'help.opt.debug': '오류가 나면 스택 트레이스도 표시',
  'help.opt.version': 'cka-lab 버전 출력',
  'help.list': '랩 목록과 각 랩의 CKA 영역 표시',
  'help.opt.textJson': 'text 또는 json',
  'help.progress': 'CKA 영역별 진행 상황 표시: 시도 횟수, 첫 통과, 최고 시험 점수',
  'help.check': '랩 namespace에서 한 작업을 검사 항목별로 확인 (랩을 생략하면 지금 하는 랩)',
  'help.opt.textJsonYamlJunit': 'text, json, yaml 또는 junit',
  'help.check.all': '시작된 모든 랩 검사 (cka-lab 레이블이 붙은 모든 namespace)',
  'help.check.watch': '모두 통과할 때까지 namespace가 바뀔 때마다 다시 검사 (Ctrl-C로 중지)',
  'help.check.wait': '모두 통과하거나 이 시간(초)이 지날 때까지 다시 검사',
  'help.check.dir': '파일 검사가 읽을 매니페스트 폴더 (기본값: 랩의 작업 폴더, `lab dir <lab>`)',
  'help.dir': '파일 검사가 읽는 랩의 작업 폴더 출력: cd "$(lab dir <lab>)" (랩을 생략하면 지금 하는 랩)',
  'help.validate': '클러스터에서 랩의 검사를 증명: 초기 상태는 실패, 답안은 통과, 오답은 실패, 다른 정답은 통과',
  'help.solution': '참고 답안(kubectl 명령과 YAML) 표시; --apply로 적용',
  'help.solution.apply': '랩을 초기화한 뒤(작업한 내용은 지워집니다) 참고 답안 적용',
  'help.solution.allowClusterScope':
    '직접 준비한 클러스터(--kubeconfig/--context)에서 답안이 랩의 클러스터 범위 오브젝트를 만들도록 허용',
  'help.start': '랩을 전용 namespace와 작업 폴더에 준비하고 과제 표시 (노트는 `lab note`, 이미 시작된 랩은 그대로 둠)',
  'help.reset': '랩 namespace와 작업 폴더를 그 자리에서 비우고 초기 설정을 다시 적용',
  'help.start.noNote': '과제만 표시 (지금의 lab start가 하는 일, 예전 스크립트를 위해 남김)',
  'help.start.allowClusterScope':
    '직접 준비한 클러스터(--kubeconfig/--context)에서 랩이 클러스터 범위 오브젝트를 만들도록 허용',
  'help.reset.deleteMyObjects':
    '랩의 이름으로 직접 만든 클러스터 범위 오브젝트도 삭제 (그냥 `lab reset`을 하면 목록만 보여 줌)',
  'help.exam': '여러 랩으로 치르는 시간제한 모의 시험, CKA처럼 채점 (합격선 66%)',
  'help.exam.start': '랩 몇 개를 시간제한 시험으로 (다시) 시작하고 과제와 배점 표시 (기본 명령)',
  'help.exam.count': 'CKA 영역 비중에 따라 무작위로 고를 랩 수 (기본값 3)',
  'help.exam.labs': '무작위로 고르는 대신 쓸 랩 id (쉼표로 구분)',
  'help.exam.duration': '시험 시간, 예: 30m, 90m, 45s (기본값 2h, CKA와 같음)',
  'help.exam.detach': '카운트다운을 보여 주지 않고 바로 돌아오기',
  'help.exam.force': '진행 중인 시험을 버리고 새로 시작',
  'help.exam.status': '진행 중인 시험과 남은 시간 표시',
  'help.exam.submit': '진행 중인 시험 채점: 과제별 점수와 합격선 66% 대비 총점 (합격이면 종료 코드 0, 불합격이면 1)',
  'help.exam.dir': '파일 검사가 읽을 매니페스트 폴더 (기본값: 각 랩의 작업 폴더, `lab dir <lab>`)',
  'help.exam.seed': '무작위 선택을 재현하는 숫자 (같은 시드와 랩이면 같은 시험)',
  'help.exam.mock':
    'CKA 모의 시험(종류: cka, 기본값): CKA 영역 비중대로 뽑은 과제 16개 안팎, 2시간, 지난 모의 시험과 겹치지 않음',
  'help.exam.flag': '과제에 검토 표시 (시험지의 과제 번호, 예: 2.1, 또는 <lab>/<task>)',
  'help.exam.unflag': '과제의 검토 표시 지우기',
  'help.exam.review': '마지막으로 제출한 시험(또는 `lab progress`의 N번째 시험) 검토: 맞은 것, 틀린 것, 해답',
  'help.cluster': 'cka-lab 자체 클러스터 시작, 중지, 상태 확인',
  'help.cluster.up':
    '클러스터를 시작하거나 데이터를 유지한 채 복구 (로컬 클러스터는 처음 시작할 때 바이너리를 내려받거나 빌드)',
  'help.cluster.down': '클러스터를 중지하고 상태 삭제 (모든 namespace와 오브젝트)',
  'help.cluster.reset': '클러스터를 모든 데이터(모든 namespace와 오브젝트)와 함께 삭제하고 새로 시작',
  'help.cluster.logs': '컨트롤 플레인 구성 요소의 로그 끝부분 출력 (로컬 드라이버): kube-scheduler, kube-apiserver...',
  'help.opt.tail': '출력할 끝부분의 줄 수',
  'help.cluster.status': '클러스터와 각 구성 요소가 실행 중인지 표시 (하나라도 멈춰 있으면 종료 코드 3)',
  'help.env': 'kubectl과 랩 작업 폴더를 위한 셸 명령 출력: eval "$(lab env)"',
  'help.env.noCd': '랩 작업 폴더로 이동하지 않음',
  'help.opt.driver': 'local(기본값: 공식 릴리스 바이너리 또는 소스에서 빌드, kwok 노드) 또는 k3s(Docker)',
  'help.opt.realNode':
    '실제 컨테이너를 위한 실제 노드(containerd, kubelet, kube-proxy, CoreDNS)도 실행: Linux, root 전용',
  'help.completion': '셸 자동 완성 스크립트 출력 (bash 또는 zsh): source <(lab completion bash)',
  'help.hint': '지금 실패하는 검사에서 실수를 찾아 다음 힌트 표시 (랩을 생략하면 지금 하는 랩)',

  // commander's own words (cli/commander-language.ts)
  'commander.usage': '사용법:',
  'commander.options': '옵션:',
  'commander.commands': '명령:',
  'commander.arguments': '인자:',
  'commander.globalOptions': '전역 옵션:',
  'commander.helpOption': '명령 도움말 표시',
  'commander.helpCommand': '명령 도움말 표시',
  'commander.default': '(기본값: {value})',
  'commander.unknownOption': '오류: 알 수 없는 옵션 {flag}',
  'commander.unknownCommand': '오류: 알 수 없는 명령 {name}',
  'commander.missingArgument': '오류: 필요한 인자 {name, josa, 이} 없습니다',
  'commander.optionArgumentMissing': '오류: 옵션 {flag}에 값이 없습니다',
  'commander.invalidArgument': '오류: 옵션 {flag}의 값 {value, josa, 이} 올바르지 않습니다.',
  'commander.tooManyArguments': '오류: 인자가 너무 많습니다. {expected}개여야 하는데 {got}개입니다.',
  'commander.didYouMean': '({names, josa, 을} 말한 건가요?)',
  'main.error': '오류:',
  'main.unexpected': '{message}; 자세한 내용은 --debug를 붙여 다시 실행하고, 계속되면 알려 주세요.',

  'main.badNamespace':
    '-n/--namespace에는 namespace 이름(소문자, 숫자, "-", 최대 63자)이 필요합니다(받은 값: "{value}").',
  'main.badLang': '--lang에는 ko 또는 en만 쓸 수 있습니다(받은 값: "{value}").',

  'commander.optionsTerm': '[옵션]',
  'commander.commandTerm': '[명령]',

  // status lines, lab loading, exam and kubeconfig errors (cli/commands, labs, exam, progress, kube/config.ts)
  'status.labReady': '랩 {lab, josa, 이} namespace {ns}에 준비되었습니다.',
  'status.useKubectl': 'kubectl을 쓰려면 먼저 실행하세요: eval "$(lab env)"',
  'status.examCountdown':
    '작업은 다른 터미널에서 하세요. 이 터미널은 카운트다운을 하다가 시간이 다 되면 시험을 제출합니다.',
  'status.examGone': '다른 터미널에서 시험을 제출했거나 새 시험으로 바꿨습니다.',
  'status.timeUp': '시간이 다 되었습니다. 시험을 제출합니다.',
  'status.examLength':
    '시험 시간은 실제 CKA처럼 {length}입니다. 다른 길이는 --duration으로 정하세요(예: --duration 30m).',
  'status.mockDrawn': lines(
    'CKA 모의 시험: {avoided, plural, =0 {모든 랩에서} other {지난 모의 시험 #번에 없던 랩에서}} ',
    'CKA 영역 비중대로 {questions}문제, 과제 {tasks}개를 뽑았습니다.',
  ),
  'status.examStarted': '시험이 시작되었습니다. 랩 {count}개가 준비되었고, 시간은 {when}까지입니다.',
  'status.examKeepsRunning': '시험은 {when}까지 계속됩니다. 남은 시간은 `lab exam status`, 채점은 `lab exam submit`.',
  'status.clusterReady': '클러스터가 준비되었습니다. 사용하려면: eval "$(lab env)"',
  'status.clusterResetting': '{driver} 클러스터를 안의 모든 것과 함께 삭제하고 새로 시작합니다.',
  'status.backOff': 'CrashLoopBackOff: {restarts}번 재시작했고, {seconds}초 뒤에 다시 시작합니다(back-off {backOff}초)',
  'status.restarts': '재시작 {restarts}번',
  'status.waitingSetup': '초기 설정({objects})이 Ready가 되기를 기다리는 중...',
  'status.emptying': 'namespace {ns, josa, 을} 비우는 중...',
  'exam.none': '진행 중인 시험이 없습니다. `lab exam start`(또는 `lab exam`)로 시작하세요.',
  'progress.noExams': '아직 본 모의 시험이 없습니다. `lab exam`으로 시작해 보세요.',
  'loader.noLab': '랩 {id, josa, 은} 없습니다. `lab list`로 랩 목록을 보세요 ({labs}).',
  'loader.none': '없음',
  'loader.outside': '랩 파일 labs/{id}/lab.yaml이 labs 폴더 밖을 가리킵니다. 링크 대신 파일 자체를 두세요.',
  'loader.unreadable': 'labs/{id}/lab.yaml을 읽을 수 없습니다({code}). 랩 폴더를 확인하세요.',
  'loader.tooBig': 'labs/{id}/lab.yaml의 크기가 {size, josa, 으로}, 랩 파일 한도 1 MB를 넘습니다. 줄이세요.',
  'kubeconfig.fix': '파일을 고치거나 --kubeconfig로 제대로 된 kubeconfig를 지정하세요',
  'kubeconfig.fromEnv': ' (KUBECONFIG에서)',
  'kubeconfig.directory':
    'kubeconfig {file}{from}: 파일이 아니라 폴더입니다. 그 안의 kubeconfig 파일을 --kubeconfig로 지정하세요.',
  'kubeconfig.tooBig': 'kubeconfig {file}{from}의 크기가 {mb} MB로, kubeconfig라기엔 너무 큽니다. {fix}.',
  'kubeconfig.missing': 'kubeconfig {file}{from}: 파일이 없습니다. 있는 파일을 --kubeconfig로 지정하세요.',
  'kubeconfig.unreadable':
    'kubeconfig {file}{from}: 파일을 읽을 수 없습니다({code}). 권한을 확인하거나 --kubeconfig로 다른 파일을 지정하세요.',
  'kubeconfig.empty': 'kubeconfig {file}{from}: 파일이 비어 있습니다. {fix}.',
  'kubeconfig.badYaml':
    'kubeconfig {file}{from}: 올바른 YAML이 아닙니다{line, plural, =0 {} other { ({line}행)}}. {fix}.',
  'kubeconfig.notKubeconfig': '{file}{from}: kubeconfig가 아닙니다(clusters, contexts, users가 없음). {fix}.',
  'kubeconfig.noEntries': 'kubeconfig {file}{from}에 clusters, contexts, users가 하나도 없습니다. {fix}.',
  'kubeconfig.notList': 'kubeconfig {file}{from}: {key, josa, 이} 목록이 아닙니다. {fix}.',
  'kubeconfig.noName': 'kubeconfig {file}{from}의 {key}에 이름(name)이 없는 항목이 있습니다({item}번째). {fix}.',
  'kubeconfig.unusable': 'kubeconfig {file}{from}: 쓸 수 없습니다({why}). {fix}.',
  'kubeconfig.where': 'kubeconfig {file}',
  'kubeconfig.whereFiles': 'kubeconfig 파일 {files}',
  'kubeconfig.noContext':
    '컨텍스트 {context, josa, 은} {where}에 없습니다(컨텍스트: {known}). 그중 하나를 --context로 지정하세요.',
  'kubeconfig.currentUndefined': 'current-context {name, josa, 이} 정의되어 있지 않습니다',
  'kubeconfig.noCurrent': 'current-context가 설정되어 있지 않습니다',
  'kubeconfig.nothingToUse':
    '{where}에 쓸 컨텍스트가 없습니다: {why}. --context를 지정하거나, 로컬 클러스터라면 `lab cluster up`을 실행하세요.',
  'kubeconfig.noCluster':
    '{file}의 컨텍스트 {name, josa, 이} 가리키는 클러스터 {cluster, josa, 을} 정의한 kubeconfig 파일이 없습니다. {fix}.',
  'kubeconfig.noUser':
    '{file}의 컨텍스트 {name, josa, 이} 가리키는 사용자 {user, josa, 을} 정의한 kubeconfig 파일이 없습니다. {fix}.',
  'kubeconfig.badServer': '{file}의 클러스터 {cluster}의 server {server, josa, 은} http(s) URL이 아닙니다. {fix}.',

  // checks/kinds/generated-config.ts
  'generated.ok': '{what, josa, 이} ConfigMap {name, josa, 을} 씁니다. kustomize가 생성한 뒤 바뀌지 않았습니다',
  'generated.noSuffix': lines(
    '{what, josa, 이} 가리키는 ConfigMap {name}에는 해시 접미사가 없습니다. ',
    'configMapGenerator로(disableNameSuffixHash 없이) 생성해야 데이터가 바뀔 때 Pod가 새로 롤아웃됩니다',
  ),
  'generated.notUsed': lines(
    '{what, josa, 은} ConfigMap {pattern, josa, 을} 가리키지 않습니다: {count, plural, =0 {ConfigMap을 하나도 ',
    '가리키지 않습니다} other {가리키는 것은 {refs}입니다}}',
  ),
  'generated.missing': '{what, josa, 이} 가리키는 ConfigMap {name, josa, 이} 없습니다',
  'generated.edited': lines(
    'ConfigMap {name, josa, 은} kustomize가 생성한 뒤 바뀌었습니다. 지금 데이터라면 kustomize는 {generated, josa, 을} ',
    '만듭니다. ConfigMap을 직접 고치지 말고 generator를 바꾼 뒤 kubectl apply -k 하세요',
  ),
  'generated.wrongValue': 'ConfigMap {name}의 {key} 값은 {actual}인데, 과제는 {key}={expected, josa, 을} 요구합니다',
  'generated.noKey': 'ConfigMap {name}에 키 {key, josa, 이} 없습니다 (과제는 {key}={expected, josa, 을} 요구합니다)',
  // checks/kinds/admission.ts
  'admission.notServed': lines(
    'API 서버가 {apiVersion}의 kind {kind, josa, 을} 제공하지 않습니다. CustomResourceDefinition이 설치되어 ',
    'Established 상태인지 확인하세요 (kubectl get crd)',
  ),
  'admission.accepted': '{what, josa, 을} 받아들임',
  'admission.refused': '{what, josa, 을} 거부함 ({why})',
  'admission.unexpectedAccept':
    'API 서버가 {fields} 값을 가진 {what, josa, 을} 받아들이는데, 거부해야 합니다. 스키마에 이를 막는 규칙이 없습니다',
  'admission.unexpectedRefusal': 'API 서버가 {what, josa, 을} 거부하는데, 받아들여야 합니다: {why}',
  // checks/kinds/daemonset.ts
  'daemonset.noNodes': '클러스터에 Pod를 받는 노드가 없습니다(모든 노드에 NoSchedule이나 NoExecute taint가 있음)',
  'daemonset.bySelector': 'Pod 템플릿에 노드에 없는 nodeSelector {selector}가 있습니다',
  'daemonset.byAffinity': 'Pod 템플릿의 required node affinity가 노드를 제외합니다',
  'daemonset.excluded': '노드 {node}에 DaemonSet {ds}의 Pod가 없습니다: {why}',
  'daemonset.noPod': '노드 {node}에 DaemonSet {ds}의 Pod가 아직 없습니다(kubectl describe ds {ds})',
  'daemonset.notReady': '노드 {node}에 있는 DaemonSet {ds}의 Pod({pod})가 Ready가 아닙니다: {reason}',
  'daemonset.several': '노드 {node}에 DaemonSet {ds}의 Pod가 둘 이상 있습니다: {pods}',
  'daemonset.passed': 'DaemonSet {ds, josa, 이} Pod를 받는 노드 {count}개({nodes})마다 Ready Pod를 하나씩 실행함',

  // checks/kinds/placement.ts
  'placement.podsNamed': 'Pod {names}',
  'placement.podsSelected': '{selector} 레이블의 Pod',
  'placement.nodesWith': '{selector} 레이블의 노드',
  'placement.noPods': '{what}의 Pod가 없습니다(kubectl get pods --show-labels)',
  'placement.count': '{what}의 Pod가 {count}개인데, 과제는 {expected}개를 요구합니다',
  'placement.noNode': '노드 {node, josa, 이} 없습니다(kubectl get nodes)',
  'placement.noNodes': '{nodes}에 해당하는 노드가 없습니다(kubectl get nodes --show-labels)',
  'placement.pending': 'Pod {pod}: {why}',
  'placement.notReady': '노드 {node}에 있는 Pod {pod, josa, 이} Ready가 아닙니다: {why}',
  'placement.notOn': 'Pod {pod, josa, 이} {nodes, josa, 이} 아니라 노드 {node}에서 실행 중입니다',
  'placement.runsOnNever': 'Pod {pod, josa, 이} 과제가 금지한 노드 {node}에서 실행 중입니다{stale}',
  'placement.stale': lines(
    '. 지금은 spec이 새 Pod를 이 노드에서 막지만({why}), 이미 실행 중인 Pod는 스케줄된 자리에 남습니다. ',
    'Pod를 지우거나(Deployment라면 kubectl rollout restart) 다시 스케줄되게 하세요',
  ),
  'placement.nothingKeepsOff': 'Pod {pod, josa, 을} 노드 {node}에서 막는 것이 없습니다: {why}',
  'placement.why.nodeName': lines(
    'spec.nodeName은 스케줄러 없이 Pod를 둘 뿐이고, nodeSelector, required node affinity, toleration 가운데 ',
    '어느 것도 이 노드를 제외하지 않습니다',
  ),
  'placement.why.onlyPreferred': lines(
    'node affinity가 preferred(preferredDuringSchedulingIgnoredDuringExecution)뿐이라 스케줄러가 무시할 수 ',
    '있고, 노드를 제외하는 허용되지 않은 taint도 없습니다',
  ),
  'placement.why.matches':
    '노드에 nodeSelector나 required node affinity가 요구하는 레이블이 있고, 허용되지 않은 taint도 없습니다',
  'placement.why.noRules': 'spec에 nodeSelector도 required node affinity도 없고, 노드에 허용되지 않은 taint도 없습니다',
  'placement.misfit.cordoned': '노드가 cordon되어 있습니다(spec.unschedulable)',
  'placement.misfit.selector': '노드에 nodeSelector {selector}의 레이블이 없습니다',
  'placement.misfit.affinity': 'required node affinity가 노드를 제외합니다',
  'placement.misfit.taint': '노드에 Pod가 허용하지 않는 taint {taint, josa, 이} 있습니다',
  'placement.cannot': 'Pod {pod, josa, 은} 노드 {node}에서 실행될 수 없습니다: {why}',
  'placement.prefers.none':
    'Pod {pod}에 preferred node affinity(preferredDuringSchedulingIgnoredDuringExecution)가 없습니다',
  'placement.prefers.weak': lines(
    'Pod {pod}의 preferred node affinity가 노드 {node}(weight {score})에 노드 {other}(weight {otherScore})보다 ',
    '큰 weight를 주지 않습니다',
  ),
  'placement.shared': 'Pod {pods, josa, 이} 같은 노드 {node}에서 실행 중입니다',
  'placement.spread.gap': 'Pod {pod}의 spec에는 두 Pod가 한 노드에 놓이지 않게 막는 것이 없습니다: {why}',
  'placement.spread.selector':
    'kubernetes.io/hostname 규칙의 labelSelector {selector, josa, 이} 모든 Pod를 선택하지 않습니다',
  'placement.spread.key': '규칙이 노드(kubernetes.io/hostname)가 아니라 {key} 단위로 분산합니다',
  'placement.spread.soft': lines(
    'topology spread constraint가 maxSkew {skew}, whenUnsatisfiable {when}입니다. ',
    'maxSkew 1에 DoNotSchedule이어야 규칙이 됩니다',
  ),
  'placement.spread.preferred': 'pod anti-affinity가 preferred뿐이라 스케줄러가 무시할 수 있습니다',
  'placement.spread.none':
    'kubernetes.io/hostname에 대한 required pod anti-affinity도 topology spread constraint도 없습니다',
  'placement.passed': '{what}: Pod {count}개가 자기 spec이 정한 노드 {nodes}에서 실행 중임',

  // checks/kinds/reachability.ts
  'reach.noPod': 'namespace {ns}에 Pod {pod, josa, 이} 없습니다',
  'reach.noMatch': 'namespace {ns}에 {selector}에 맞는 Pod가 없습니다',
  'reach.standIn': '레이블이 {labels}인 Pod',
  'reach.standInNs': 'namespace {ns}에 있는 레이블 {labels}의 Pod',
  'reach.address': '주소 {address}',
  'reach.pod': 'Pod {pod}',
  'reach.podNs': 'namespace {ns}의 Pod {pod}',
  'reach.missPodSelector': 'podSelector {selector, josa, 이} 레이블 {labels, josa, 을} 선택하지 않습니다',
  'reach.missNamespaceSelector':
    'namespaceSelector {selector, josa, 이} namespace {ns}(레이블 {labels})를 선택하지 않습니다',
  'reach.missOtherNamespace':
    'podSelector에 namespaceSelector가 없어서 namespace {policyNs}의 Pod만 선택하고 {ns}의 Pod는 선택하지 않습니다',
  'reach.missNotPod': '셀렉터는 Pod를 선택할 뿐 주소 {address, josa, 은} 선택하지 않습니다',
  'reach.missExcept': 'ipBlock {cidr}에서 {except, josa, 을} 뺐는데 {address, josa, 이} 거기 들어 있습니다',
  'reach.missCidr': 'ipBlock {cidr}에 {address, josa, 이} 들어 있지 않습니다',
  'reach.missIpBlockPod': 'ipBlock {cidr}에 Pod의 IP가 없습니다(ipBlock은 클러스터 밖의 주소를 위한 것입니다)',
  'reach.missNamedPort': '{ports}만 허용하는데 {to}에는 그 프로토콜로 이름이 {names}인 포트가 없습니다',
  'reach.missPort': '포트 {ports}만 허용합니다',
  'reach.and': ', ',
  'reach.isolatedNoRules':
    '{self}의 {direction} 트래픽은 NetworkPolicy {policies}로 격리되었고 {direction} 트래픽을 허용하는 규칙이 없습니다',
  'reach.isolatedClosest': lines(
    '{self}의 {direction} 트래픽은 NetworkPolicy {policies}로 격리되었고 이 연결을 허용하는 규칙이 없습니다. ',
    '가장 가까운 규칙 {rule}: {miss}',
  ),
  'reach.openAddress': '{self, josa, 은} 클러스터 밖에 있습니다({direction} 정책이 적용되지 않음)',
  'reach.openNone': '{self, josa, 을} {direction} 방향으로 선택하는 NetworkPolicy가 없습니다',
  'reach.allowedBy': '{self}의 {direction} 트래픽은 {rule, josa, 이} 허용합니다',
  'reach.dependsAllowed': lines(
    '{from} → {to}({conn}) 연결을 허용하는 것은 {rule}의 ipBlock {cidr}뿐이고 거기에 Pod IP {ip, josa, 이} ',
    '들어 있습니다. ipBlock이 Pod IP에 적용되는지는 네트워크 플러그인마다 다르니 podSelector와 ',
    'namespaceSelector로 Pod를 선택하세요',
  ),
  'reach.dependsDenied': lines(
    '{from} → {to}({conn}) 연결은 막혀야 하는데 {rule}의 ipBlock {cidr}에 Pod IP {ip, josa, 이} 들어 있어서, ',
    'ipBlock을 Pod IP에 적용하는 네트워크 플러그인에서는 허용됩니다. ipBlock에서 Pod 네트워크를 빼세요(except)',
  ),
  'reach.denied': '{from} → {to}({conn}) 연결이 막혀 있는데 과제는 허용을 요구합니다: {why}',
  'reach.allowed': '{from} → {to}({conn}) 연결이 허용되는데 과제는 차단을 요구합니다: {why}',
  'reach.noNamedPort': '{to}에 이름이 {name}인 {protocol} 포트가 없습니다',
  'reach.passed': lines(
    'NetworkPolicy가 허용할 연결 {allowed}개를 허용하고 막을 연결 {denied}개를 막음',
    '(판정한 양 끝 쌍 {count}개)',
  ),

  // checks/kinds/cronjob.ts
  'cronjob.everyMinutes': '{n, plural, =1 {매분} other {#분마다}}',
  'cronjob.atMinutes': '매시 {minutes}분에',
  'cronjob.minutes': ': 이 스케줄은 {actual}, 과제는 {expected} 실행합니다',
  'cronjob.schedule': 'CronJob {name}의 schedule "{actual}"은 "{expected}"와 다른 시각에 실행됩니다{minutes}',
  'cronjob.unreadable':
    'CronJob {name}의 schedule "{actual}"을 cron 스케줄로 읽을 수 없습니다. 과제의 스케줄은 "{expected}"입니다',
  'cronjob.policy': 'CronJob {name}의 concurrencyPolicy는 {actual}인데 과제는 {expected}를 요구합니다',
  'cronjob.suspended': 'CronJob {name, josa, 이} 일시 중지되어(spec.suspend: true) Job을 시작하지 않습니다',
  'cronjob.notSuspended': 'CronJob {name, josa, 이} 일시 중지되지 않았는데 과제는 spec.suspend: true를 요구합니다',
  'cronjob.passed': 'CronJob {name, josa, 이} "{schedule}"에 concurrencyPolicy {policy}로 실행됨',

  // checks/kinds/helm-release.ts
  'helm.missing': 'namespace {ns}에 Helm release {release, josa, 이} 없습니다',
  'helm.missingElsewhere': lines(
    '{base}. release {release, josa, 은} namespace {namespaces}에 있습니다. 실습 namespace에 설치하세요 ',
    '(context의 namespace 또는 helm -n)',
  ),
  'helm.missingOthers': '{base}. 여기 있는 release는 {names}입니다. 다른 이름으로 설치하지 않았나요?',
  'helm.missingNone': '{base}. helm install {release} <chart>로 chart를 설치하세요',
  'helm.unreadable': '다음 release Secret을 읽을 수 없습니다: {secrets}.',
  'helm.notDeployed': lines(
    'release {release}의 revision {revision} 상태는 {status}입니다({description}). 마지막으로 배포된 ',
    'revision은 {deployed}입니다. 값이나 chart를 고친 뒤 helm upgrade를 다시 실행하세요',
  ),
  'helm.revisionDiffers': 'release {release}, revision {revision}: {path} {reason}{hint}',
  'helm.unknownKeys': '. 지정한 값 {keys, josa, 은} chart의 values.yaml에 없는 키입니다',
  'helm.historyMissing': lines(
    'release {release}에는 {after, select, 0 {} other {revision {after} 이후에 }}{what}인 revision이 없습니다. ',
    '가장 가까운 것: {closest}',
  ),
  'helm.historyNone':
    'release {release}에는 revision {after} 이후의 revision이 없는데, {what}인 revision이 있어야 합니다',
  'helm.noRollbackTarget': lines(
    'release {release}의 배포된 revision {revision, josa, 은} revision {target, josa, 으로} 되돌린 rollback이 ',
    '아닙니다(revision 목록: {revisions}). helm rollback {release} {target, josa, 을} 실행하세요',
  ),
  'helm.upgradeNotRollback': lines(
    'release {release}의 배포된 revision {revision, josa, 은} revision {target}의 chart, 값과 같지만 ',
    'helm rollback이 아니라 upgrade로 만들어졌습니다("{description}"). helm rollback {release} {target, josa, 을} ',
    '실행하세요',
  ),
  'helm.notRollback': lines(
    'release {release}의 배포된 revision {revision, josa, 은} rollback이 아닙니다("{description}"). ',
    'helm rollback {release} {target, josa, 을} 실행하세요',
  ),
  'helm.rollbackWrong': lines(
    'release {release}의 배포된 revision {revision, josa, 은} revision {target}({targetChart}, 값 {targetValues})이 ',
    '아니라 revision {actual, josa, 으로} 되돌렸습니다({actualChart}, 값 {actualValues})',
  ),
  'helm.objectMissing': lines(
    'release {release}의 revision {revision, josa, 이} 만든 {kind} {name, josa, 이} namespace {ns}에 없습니다 ',
    '(Helm 밖에서 삭제했나요?). helm upgrade나 helm rollback으로 다시 만들 수 있습니다',
  ),
  'helm.objectNotOwned':
    '{kind} {name, josa, 은} release {release}의 것이 아닙니다. meta.helm.sh/release-name 어노테이션: {actual}',
  'helm.drift': lines(
    '{kind} {name, josa, 이} release {release}의 revision {revision, josa, 이} 만든 것과 다릅니다: {path} {reason} ',
    '(Helm 몰래 kubectl로 바꿨나요? release는 kubectl이 아니라 helm upgrade나 helm rollback으로 바꿉니다)',
  ),
  'helm.passed': 'release {release, josa, 이} revision {revision}에 chart {chart}{rollback} 배포됨, 지정한 값 {values}',
  'helm.passedRollback': '(revision {back, josa, 으로} 되돌린 rollback)',

  // checks/kinds/probe.ts
  'probe.noPod': 'Pod {pod, josa, 이} 없습니다',
  'probe.noContainer': 'Pod {pod}에 컨테이너 {container, josa, 이} 없습니다',
  'probe.missing': 'Pod {pod}의 컨테이너 {container}에 {probe} probe가 없습니다 ({field})',
  'probe.budget': lines(
    '컨테이너 {container}의 startup probe는 시작에 {actual}초를 줍니다(initialDelaySeconds + ',
    'periodSeconds × failureThreshold). 과제는 최소 {expected}초를 요구합니다',
  ),
  'probe.never': lines(
    'Pod {pod}의 restartPolicy {policy} 때문에, liveness probe가 실패하면 kubelet이 컨테이너 {container, josa, 을} ',
    '멈추고 다시 시작하지 않습니다',
  ),
  'probe.portUnknown': lines(
    '컨테이너 {container}의 {probe} probe가 포트 {port, josa, 을} 묻는데, 컨테이너는 그 포트를 선언하지 않았습니다 ',
    '(선언된 포트: {ports})',
  ),
  'probe.kubeletSays': '. kubelet의 메시지: {message}',
  'probe.notRestarted': 'Pod {pod}의 컨테이너 {container, josa, 이} 재시작되지 않았습니다 (restartCount 0){why}',
  'probe.restartedOther': lines(
    'Pod {pod}의 컨테이너 {container, josa, 이} {count}번 재시작되었지만, ',
    'liveness probe 실패 때문은 아닙니다{why}',
  ),
  'probe.ranShort': lines(
    'Pod {pod}의 컨테이너 {container, josa, 이} kubelet이 재시작하기 전 {actual}초만 실행되었습니다. 앱은 ',
    '처음 {expected}초 동안 정상이므로, liveness probe가 앱이 정상일 때도 실패합니다',
  ),
  'probe.wasRestarted': 'Pod {pod}의 컨테이너 {container, josa, 이} {count}번 재시작되었습니다{why}',
  'probe.notReady': 'Pod {pod}의 컨테이너 {container, josa, 이} Ready가 아닙니다{why}',
  'probe.isReady': 'Pod {pod}의 컨테이너 {container, josa, 이} Ready이지만, 과제는 Ready가 아니기를 기대합니다',
  'probe.readyEarly': lines(
    'Pod {pod, josa, 이} 컨테이너 {container} 시작 {actual}초 뒤에 Ready가 되었습니다. 앱이 응답하기 전',
    '({expected}초)이므로, 앱을 기다리는 readiness probe가 없습니다',
  ),
  'probe.fact.declares': '{probes} probe 선언됨',
  'probe.fact.budget': '시작에 최대 {seconds}초',
  'probe.fact.restarted': 'liveness probe 때문에 {count}번 재시작됨, {seconds}초 실행 후',
  'probe.fact.notRestarted': '재시작 없음',
  'probe.fact.ready': 'Ready',
  'probe.fact.notReady': 'Ready 아님',
  'probe.fact.readyAfter': '시작 {seconds}초 뒤에 Ready',
  'probe.passed': 'Pod {pod}, 컨테이너 {container}: {facts}',

  // checks/kinds/routes.ts
  'routes.noClass': 'IngressClass {name, josa, 이} 없습니다 (kubectl get ingressclass)',
  'routes.noIngress': lines(
    'namespace {ns}에 IngressClass {name}의 Ingress가 없습니다',
    '{count, plural, =0 {} other {. 여기 있는 Ingress는 다른 클래스를 씁니다: {others}}}',
  ),
  'routes.viaRule': 'Ingress {ingress}, host {host}, path {path} ({pathType})',
  'routes.viaDefault': 'Ingress {ingress}의 기본 백엔드',
  'routes.routed': '{url} 요청이 {actual, josa, 으로} 갑니다({via}). 과제는 이 요청이 어디로도 가지 않기를 바랍니다',
  'routes.unrouted': lines(
    '{url} 요청에 맞는 규칙이 없고 기본 백엔드도 없습니다(404). ',
    '과제는 이 요청을 {expected, josa, 으로} 보냅니다',
  ),
  'routes.wrongBackend':
    '{url} 요청이 {actual, josa, 으로} 갑니다({via}). 과제는 이 요청을 {expected, josa, 으로} 보냅니다',
  'routes.noPort':
    '{url} 요청이 Service {service}의 port {port, josa, 으로} 갑니다({via}). 그 Service에는 그런 포트가 없습니다',
  'routes.noService': '{url} 요청이 Service {service, josa, 으로} 가는데, 그 Service가 없습니다',
  'routes.passed': lines(
    '요청 {count}개가 IngressClass {name}(Ingress {ingresses})을 거쳐 요구한 백엔드에 닿습니다. ',
    'HTTPS: {tls}',
  ),
  'routes.tlsNone': 'Ingress의 어떤 tls 항목도 host {host, josa, 을} 적지 않았습니다 (spec.tls[].hosts)',
  'routes.tlsNoSecretName': 'host {host}의 tls 항목에 Secret 이름(secretName)이 없습니다',
  'routes.tlsNoSecret': 'host {host}의 tls 항목이 적은 Secret {secret, josa, 이} 없습니다',
  'routes.tlsType': lines(
    'Secret {secret}의 타입이 {type}입니다. TLS Secret의 타입은 kubernetes.io/tls입니다 ',
    '(kubectl create secret tls NAME --cert=... --key=...)',
  ),
  'routes.tlsBadCert': 'Secret {secret}의 tls.crt에 읽을 수 있는 PEM 인증서가 없습니다',
  'routes.tlsHost': 'Secret {secret}의 인증서는 {host, josa, 이} 아니라 {names}용입니다',
  'routes.tlsKey': 'Secret {secret}의 tls.key는 그 인증서의 키가 아닙니다',
  // checks/kinds/gateway-routes.ts
  'gatewayRoutes.noClass':
    'Gateway {gateway, josa, 이} 적은 GatewayClass {name, josa, 이} 없습니다 (kubectl get gatewayclass)',
  'gatewayRoutes.via': 'HTTPRoute {route}, 규칙 {rule}',
  'gatewayRoutes.routed':
    '{what} 요청이 {actual, josa, 으로} 갑니다({via}). 과제는 이 요청이 어디로도 가지 않기를 바랍니다',
  'gatewayRoutes.unrouted':
    '{what} 요청에 맞는 Gateway의 HTTPRoute가 없습니다(404). 과제는 이 요청을 {expected, josa, 으로} 보냅니다',
  'gatewayRoutes.wrong':
    '{what} 요청이 {actual, josa, 으로} 갑니다({via}). 과제는 이 요청을 {expected, josa, 으로} 보냅니다',
  'gatewayRoutes.noBackends': '백엔드 없음',
  'gatewayRoutes.noService':
    '{what} 요청이 Service {service, josa, 으로} 가는데, 그 Service가 없습니다 (ResolvedRefs False, BackendNotFound)',
  'gatewayRoutes.noPort':
    '{what} 요청이 Service {service}의 port {port, josa, 으로} 가는데, 그 Service에는 그런 포트가 없습니다',
  'gatewayRoutes.passed': '요청 {count}개가 Gateway {gateway, josa, 을} 거쳐 요구한 백엔드에 요구한 비율로 닿습니다',
  // checks/kinds/disruption-budget.ts
  'budget.stale': lines(
    'PodDisruptionBudget {name, josa, 이} 바뀐 뒤로 disruption 컨트롤러가 아직 읽지 않았습니다 ',
    '(status.observedGeneration이 metadata.generation보다 오래됨)',
  ),
  'budget.none': lines(
    'PodDisruptionBudget {name, josa, 이} 어떤 Pod도 다루지 않습니다. selector {selector}에 해당하는 Pod가 ',
    '없습니다 (kubectl get pods --show-labels)',
  ),
  'budget.pods': lines(
    'PodDisruptionBudget {name, josa, 이} Pod {actual}개를 다룹니다(selector {selector}). ',
    '과제가 뜻하는 것은 워크로드의 Pod {expected}개입니다',
  ),
  'budget.keeps': lines(
    'PodDisruptionBudget {name, josa, 은} Pod {pods}개 중 {actual}개를 남기지만({rule}), ',
    '과제는 {expected}개를 남기라고 합니다',
  ),
  'budget.allows': lines(
    'PodDisruptionBudget {name, josa, 이} 지금 eviction {actual}개를 허용합니다 ',
    '(정상 {healthy}개, 남길 수 {keeps}개). 과제는 {expected}개를 기대합니다',
  ),
  'budget.passed': lines(
    'PodDisruptionBudget {name, josa, 은} Pod {pods}개 중 {keeps}개를 남기고({rule}) ',
    '지금 eviction {allows}개를 허용함',
  ),

  // errors and status lines of the lower layers, through say(): the local cluster (cluster/local/*),
  // cluster/{connect,k3s,readiness,go-build}.ts, kube/{namespace,client}.ts, labs/{steps,ownership,
  // lifecycle}.ts, util/lock.ts, exam and progress files, lab check/dir/exam flags
  'local.noGo': lines(
    '로컬 클러스터를 빌드하려면 Go가 필요한데 `go`를 찾을 수 없습니다. Go 1.25 이상을 설치하거나, ',
    '--driver k3s 또는 --kubeconfig로 자신의 클러스터를 쓰세요.',
  ),
  'local.building': lines(
    '공식 Go 모듈에서 Kubernetes {kube}, etcd, kwok {kwok, josa, 을} 빌드하는 중... ',
    '(처음 한 번만, 몇 분 걸립니다)',
  ),
  'local.buildFailed': lines(
    '로컬 클러스터 빌드에 실패했습니다. Go와 Go 모듈 프록시로의 네트워크 연결을 확인하세요. ',
    '마지막 출력:\n{tail}',
  ),
  'local.built': '{seconds}초 만에 빌드했습니다. 캐시 위치: {dir}',
  // cluster/download/*: the official release binaries instead of a build
  'download.starting':
    '{platform}용 공식 릴리스 바이너리(Kubernetes {kube}, etcd {etcd}, kwok {kwok})를 내려받는 중...',
  'download.fileDone': '{name}: {size} MB, {seconds}초({rate} MB/s), 체크섬 확인됨',
  'download.done': '바이너리 {count}개({size} MB)를 {seconds}초 만에 내려받아 확인했습니다. 캐시 위치: {dir}',
  'download.building': '{reason}. 대신 Go 모듈에서 바이너리를 빌드합니다.',
  'download.buildAsked': '--build로 소스에서 빌드하도록 요청했습니다',
  'download.notPublished': '릴리스에 {names}의 {platform}용 빌드가 없습니다',
  'download.offline': '릴리스 사이트 {host}에 연결할 수 없습니다({code})',
  'download.stalled': '{url}에서 {seconds}초 동안 아무것도 받지 못했습니다',
  'download.failed': '{url, josa, 을} 내려받지 못했습니다({reason})',
  'download.http': '{url, josa, 이} HTTP {status}로 응답했습니다',
  'download.badRange': '{url, josa, 이} 중단된 다운로드를 끊긴 곳부터 이어 주지 않았습니다',
  'download.truncated': '{url, josa, 이} {total}바이트 중 {bytes}바이트에서 끝났습니다',
  'download.mismatch':
    '{url}에서 받은 {file, josa, 이} 릴리스가 공개한 {algorithm} 체크섬과 맞지 않아 파일을 삭제했습니다',
  'help.opt.restoreManifests':
    'cka-lab의 원래 컨트롤 플레인 매니페스트를 다시 씀 (로컬 드라이버): 매니페스트의 모든 수정을 되돌림',
  'help.opt.build': '공식 릴리스 바이너리를 내려받지 않고 Go 모듈에서 로컬 클러스터를 빌드합니다',
  'local.buildingAddons': '공식 Go 모듈에서 로컬 클러스터의 애드온({names})을 빌드하는 중...',
  'local.addonsFailed': lines(
    '로컬 클러스터의 애드온 빌드에 실패했습니다. Go와 Go 모듈 프록시로의 네트워크 연결을 확인하세요. ',
    '마지막 출력:\n{tail}',
  ),
  'local.builtAddons': '애드온을 {seconds}초 만에 빌드했습니다. 캐시 위치: {dir}',
  'tools.noGo': lines(
    '이 실습에서 쓰는 도구(helm, etcdctl, etcdutl)를 빌드하려면 Go가 필요한데 `go`를 찾을 수 없습니다. ',
    'Go 1.25 이상을 설치하세요.',
  ),
  'tools.building': '공식 Go 모듈에서 실습용 도구({names})를 빌드하는 중... (처음 한 번만, 몇 분 걸립니다)',
  'tools.failed': lines(
    '도구(helm, etcdctl, etcdutl) 빌드에 실패했습니다. Go와 Go 모듈 프록시로의 네트워크 연결을 확인하세요. ',
    '마지막 출력:\n{tail}',
  ),
  'tools.built': '도구를 {seconds}초 만에 빌드했습니다. 캐시 위치: {dir}',
  'local.buildingAgent': 'build/agent에서 {agent, josa, 을} 빌드하는 중... (처음 한 번만, 1분쯤 걸립니다)',
  'local.agentFailed': lines(
    '{agent} 빌드에 실패했습니다. Go와 Go 모듈 프록시로의 네트워크 연결을 확인하세요. ',
    '마지막 출력:\n{tail}',
  ),
  'local.builtAgent': '{agent, josa, 을} {seconds}초 만에 빌드했습니다. 캐시 위치: {dir}',
  'local.extrasMissing': lines(
    '여기서는 {names, josa, 을} 내려받거나 빌드할 수 없어서(Go가 없음) 클러스터를 이것 없이 시작하므로 {what, josa, 이} ',
    '동작하지 않습니다. Go 1.25 이상을 설치한 뒤 `lab cluster reset`을 실행하면 이것을 빌드해서 새 클러스터에 넣습니다.',
  ),
  'local.extraMetrics': 'kubectl top과 HorizontalPodAutoscaler',
  'local.extraAgent': 'CreateContainerConfigError와 crds 실습의 Backup operator',
  'local.extrasNotJoined': lines(
    '이제 {names, josa, 이} 준비됐지만 이 클러스터는 이것 없이 만들어졌습니다. ',
    '`lab cluster reset`을 실행하면 이것을 넣은 새 클러스터를 만듭니다(이 클러스터의 오브젝트는 지워집니다).',
  ),
  'local.buildStep': '[{step}/{steps}] {what} 빌드 중 (지금까지 {seconds}초)',
  'local.noKubernetes': 'build/kube/go.mod에 k8s.io/kubernetes 의존성이 없습니다. 저장소에서 이 파일을 되살리세요.',
  'local.incomplete': lines(
    '로컬 클러스터 {name}의 상태({dir})가 불완전해서(kwok.yaml 없음) 복구할 수 없습니다. ',
    '`lab cluster reset`으로 삭제하고 새로 시작하세요.',
  ),
  'local.starting': lines(
    '로컬 클러스터 {name, josa, 을} 시작하는 중 ',
    '(etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, metrics-server)...',
  ),
  'local.createFailed':
    'kwokctl이 로컬 클러스터를 시작하지 못했습니다. 아래 출력을 보고 `lab cluster reset`을 해 보세요.\n{output}',
  'local.addingNodes': 'kwok 노드 {nodes}개를 추가하고 Ready가 되기를 기다리는 중...',
  'local.scaleFailed':
    'kwokctl이 로컬 클러스터에 노드를 추가하지 못했습니다. `lab cluster reset` 후 다시 해 보세요.\n{output}',
  'local.ready': '로컬 클러스터가 노드 {nodes}개로 준비되었습니다({seconds}초).',
  'local.unreadableConfig': lines(
    '로컬 클러스터 {name}의 설정({file})을 읽을 수 없어 복구할 수 없습니다. ',
    '`lab cluster reset`으로 삭제하고 새로 시작하세요.',
  ),
  'local.alreadyRunning': '로컬 클러스터 {name, josa, 은} 이미 실행 중입니다.',
  'local.startingStopped': '멈춰 있던 로컬 클러스터 {name, josa, 을} 데이터와 함께 시작하는 중...',
  'local.repairing': '로컬 클러스터 {name, josa, 을} 복구하는 중: {broken}...',
  'local.restartFailed': lines(
    'kwokctl이 로컬 클러스터 {name}의 {components, josa, 을} 다시 시작하지 못했습니다. ',
    '아래 출력과 {logs}의 로그를 보세요.\n{output}',
  ),
  'local.notRepaired': lines(
    '로컬 클러스터 {name, josa, 을} 복구하지 못했습니다: {broken}{why}. {logs}의 로그를 보거나, ',
    '`lab cluster reset`으로 삭제하고 새로 시작하세요.',
  ),
  'local.started': lines(
    '멈춰 있던 로컬 클러스터 {name, josa, 을} 시작했습니다. ',
    'namespace와 오브젝트는 그대로입니다({seconds}초).',
  ),
  'local.repaired': lines(
    '로컬 클러스터 {name, josa, 을} 복구했습니다. 다시 시작한 것: {restarted}. ',
    'namespace와 오브젝트는 그대로입니다({seconds}초).',
  ),
  'local.recoveredItself': '없음(스스로 회복됨)',
  'local.notRunning': '로컬 클러스터 {name, josa, 은} 실행 중이 아닙니다.',
  'local.deleted': '로컬 클러스터 {name, josa, 을} 중지하고 모든 데이터와 함께 삭제했습니다.',
  'local.and': ', ',
  'local.dead': lines(
    '로컬 클러스터 {name}의 {components, josa, 이} 멈춰 있어서 클러스터가 오브젝트를 처리하지 못합니다. ',
    '`lab cluster up`(또는 `lab start <lab>`)으로 작업을 유지한 채 다시 시작하세요.',
  ),
  'local.degraded': lines(
    '로컬 클러스터 {name}의 상태가 좋지 않습니다: {broken}. ',
    '`lab cluster up`(또는 `lab start <lab>`)으로 작업을 유지한 채 다시 시작하세요.',
  ),
  'local.componentStopped': '{component}(멈춤)',
  'local.componentUnhealthy': '{component}(비정상)',
  'local.manifestHeld': lines(
    '{component, josa, 은} 멈춘 채로 둡니다. 매니페스트 {file}의 플래그로 시작하지 못했습니다({reason}). ',
    '파일을 고치면 1초 안에 다시 시작합니다(로그: `lab cluster logs {component}`). ',
    'cka-lab의 원래 매니페스트로 돌아가려면 `lab cluster up --restore-manifests`를 실행하세요.',
  ),
  'local.deadByManifest': lines(
    '로컬 클러스터 {name}에서 {component, josa, 이} 실행되고 있지 않습니다. 매니페스트 {file}의 플래그로 시작하지 못했습니다. ',
    '`lab cluster logs {component}`로 로그를 읽고 파일을 고치면 1초 안에 다시 시작합니다.',
  ),
  'local.logsUnknown':
    '{component, josa, 은} 로컬 클러스터의 컨트롤 플레인 구성 요소가 아닙니다. {components} 중 하나를 지정하세요.',
  'local.logsNone': '{component}의 로그가 아직 없습니다({file}). 먼저 `lab cluster up`을 실행하세요.',
  'local.controlPlaneOnly': lines(
    '{lab} 랩은 cka-lab 로컬 클러스터의 컨트롤 플레인을 매니페스트로 바꾸므로 그곳에서만 실행됩니다. ',
    '`lab cluster up`을 실행하고 --kubeconfig나 --context 없이 시작하세요.',
  ),
  'local.controlPlaneChange': lines(
    '{lab} 랩이 {component, josa, 을} 바꿀 수 없습니다. 매니페스트 {file}에 "{from}" 문자열이 없습니다. ',
    '`lab reset {lab}` 명령으로 매니페스트를 먼저 되돌리세요.',
  ),
  'local.badCatalogYaml': '이미지 카탈로그 {file, josa, 이} 올바른 YAML이 아닙니다({why}). 고치거나 삭제하세요.',
  'local.badCatalog': lines(
    '이미지 카탈로그 {file, josa, 은} `images:`(저장소 -> 태그 목록)나 `check: false`가 있는 맵이어야 합니다. ',
    '고치거나 삭제하세요.',
  ),
  'local.hostPathNotFolder': lines(
    '{dir, josa, 이} 일반 폴더가 아니라서 로컬 클러스터가 볼륨을 다른 곳에 쓰게 됩니다. ',
    '이것을 지우고 `lab cluster up`을 다시 실행하세요.',
  ),
  'local.storageRefused': lines(
    '로컬 클러스터가 자신의 {kind} {name, josa, 을} 거부했습니다({why}). ',
    '`lab cluster reset` 후 다시 해 보세요.',
  ),
  'cluster.noReadyNode':
    '{seconds}초 안에 Ready가 된 노드가 없습니다. `lab cluster down`과 `lab cluster up`을 다시 실행하세요.',
  'connect.unknownDriver': lines(
    '알 수 없는 드라이버 "{driver}". --driver local 또는 --driver k3s를 쓰세요 ',
    '(자신의 클러스터는 --kubeconfig/--context로 지정).',
  ),
  'connect.notRunning': lines(
    '{driver} 클러스터가 실행 중이 아닙니다. `lab cluster up`(또는 `lab start <lab>`)으로 시작하거나 ',
    '--kubeconfig/--context를 지정하세요.',
  ),
  'connect.restarting':
    'cka-lab의 {driver} 클러스터가 멈췄거나 상태가 좋지 않아, 데이터를 유지한 채 멈춘 것부터 다시 시작합니다.',
  'connect.starting': '실행 중인 클러스터가 없어서 cka-lab의 {driver} 클러스터를 먼저 시작합니다.',
  'k3s.alreadyRunning': 'k3s 클러스터가 이미 실행 중입니다.',
  'k3s.noDocker': lines(
    '응답하는 Docker 데몬이 없어서 k3s 드라이버를 시작할 수 없습니다. ',
    'Docker를 시작하거나 로컬 드라이버(`lab cluster up`)를 쓰세요.',
  ),
  'k3s.starting': 'Docker에서 k3s({image}) 시작하는 중...',
  'k3s.ready': 'k3s 클러스터가 준비되었습니다.',
  'k3s.notRunning': 'k3s 클러스터가 실행 중이 아닙니다.',
  'k3s.removed': 'k3s 클러스터를 중지하고 삭제했습니다.',
  'lock.held': lines(
    '다른 cka-lab 프로세스가 {file}의 잠금을 {seconds}초 넘게 잡고 있습니다. ',
    '끝날 때까지 기다리거나, 실행 중인 cka-lab이 없으면 {file}.lock을 삭제하세요.',
  ),
  'namespace.podsTerminating':
    '{seconds}초가 지나도 {ns}의 Pod가 아직 종료 중입니다. kubectl로 확인하고 reset을 다시 실행하세요.',
  'namespace.notOurs': lines(
    'namespace {ns, josa, 은} 이미 있지만 cka-lab이 만든 것이 아니라서 cka-lab은 건드리지 않습니다. ',
    '-n/--namespace로 다른 namespace를 고르세요.',
  ),
  'namespace.terminating':
    '{seconds}초가 지나도 namespace {ns, josa, 이} 아직 종료 중입니다. 잠시 기다렸다가 명령을 다시 실행하세요.',
  'namespace.noServiceAccount': lines(
    '{seconds}초가 지나도 namespace {ns}에 default ServiceAccount가 없습니다. ',
    'kube-controller-manager가 실행 중인가요? `lab cluster down`과 `lab cluster up`을 해 보세요.',
  ),
  'namespace.stuck':
    '{seconds}초가 지나도 namespace {ns, josa, 이} 아직 종료 중입니다. kubectl로 걸린 finalizer가 있는지 보세요.',
  'client.tls': '{server, josa, 과}의 TLS 연결에 실패했습니다({why}). kubeconfig의 인증서 데이터를 확인하세요.',
  'client.unreachable': lines(
    'context "{context}"의 클러스터({server})에 연결할 수 없습니다({why}). 클러스터가 실행 중인지 확인하거나',
    '(cka-lab의 클러스터는 `lab cluster up`), --kubeconfig/--context로 다른 클러스터를 고르세요.',
  ),
  'client.unauthorized':
    '{server}의 클러스터가 자격 증명을 거부했습니다(401 Unauthorized). kubeconfig의 user를 갱신하세요.',
  'client.forbidden': '클러스터가 접근을 거부했습니다(403 Forbidden: {why}). 랩 namespace에 권한이 있는 user를 쓰세요.',
  'steps.cannotWrite': '파일을 쓸 수 없습니다: {problem}.',
  'steps.cannotCopy': '{file, josa, 을} 복사할 수 없습니다: {problem}.',
  'steps.rolloutTimeout': lines(
    '{seconds}초 안에 Deployment {name}의 rollout이 끝나지 않았습니다. ',
    '`kubectl rollout status deployment/{name}` 출력을 보세요.',
  ),
  'steps.execFailed': '명령 `{command}`의 종료 코드가 {code}입니다: {tail}',
  'steps.execTimeout':
    '명령 `{command}`의 실행이 {seconds}초를 넘어 중단했습니다. 단계나 그 단계가 기다리는 것을 고치세요.',
  'steps.execWithoutRun': '`exec: true`인 단계에 실행할 `run` 명령이 없습니다. lab 파일에 추가하세요.',
  'steps.noPrevious': 'Deployment {name}에는 롤백할 이전 revision이 없습니다.',
  'ownership.mayNotCreate':
    '랩 {lab, josa, 은} 해당 오브젝트를 만들 수 없습니다: {problem}. 랩의 매니페스트를 고치세요.',
  'ownership.existsNotOurs': lines(
    '{kind} {name, josa, 은} 이미 있고 랩 {lab, josa, 이} 만든 것이 아니라서 cka-lab은 건드리지 않습니다. ',
    '먼저 삭제하거나 이름을 바꾸세요.',
  ),
  'ownership.mayNotChange': '랩 {lab, josa, 은} 해당 오브젝트를 바꿀 수 없습니다: {problem}. 랩의 단계를 고치세요.',
  'ownership.notOurs':
    '{kind} {name, josa, 은} 랩 {lab, josa, 이} 만든 것이 아니라서 cka-lab은 바꾸거나 삭제하지 않습니다.',
  'ownership.stillDeleting': lines(
    '{seconds}초가 지나도 랩의 {objects, josa, 이} 아직 삭제 중입니다. ',
    'kubectl로 finalizer를 보세요.',
  ),
  // labs/leftovers.ts
  'leftovers.found': lines(
    '랩 {lab}의 이름을 단 {kind} {names, josa, 은} cka-lab이 만든 것이 아니라서 `lab reset`을 해도 남으니, ',
    '삭제하려면 `{command}` 또는 `lab reset {lab} --delete-my-objects` 명령을 실행하세요.',
  ),
  'leftovers.deleted': '랩 {lab}의 이름으로 직접 만든 {kind} {names, josa, 을} 삭제했습니다.',
  'leftovers.stillDeleting': lines(
    '{seconds}초가 지나도 {objects, josa, 이} 아직 삭제 중입니다. ',
    'kubectl로 finalizer를 보세요.',
  ),
  'lifecycle.setupTimeout': lines(
    '{seconds}초가 지나도 초기 설정({objects})이 Ready가 아닙니다. ',
    '`kubectl get nodes`로 노드를 확인하고 `lab reset`을 실행하세요.',
  ),
  'lifecycle.workDirEmpty': lines(
    'cka-lab이 작업 폴더 {dir, josa, 을} 비우지 못했습니다({why}). ',
    '과제가 요구하는 파일을 그곳에서 검사할 수 없습니다.',
  ),
  'lifecycle.workDirMake': lines(
    'cka-lab이 작업 폴더 {dir, josa, 을} 만들지 못했습니다({why}). ',
    '과제가 요구하는 파일을 그곳에서 검사할 수 없습니다.',
  ),
  'check.badFormat': '알 수 없는 출력 형식 "{value}". -o text, json, yaml, junit 중 하나를 쓰세요.',
  'check.badWait': '--wait에는 초 단위 숫자가 필요합니다(받은 값: "{value}").',
  'check.labAndAll': '랩 이름과 --all 중 하나만 주세요.',
  'check.watchAll': '--watch는 랩 하나를 따라갑니다. --all 대신 랩 이름을 주세요.',
  'check.watchNoNamespace': 'namespace {ns, josa, 이} 없습니다. 먼저 `lab start {lab}` 명령을 실행하세요.',
  'dir.cannotMake': lines(
    'cka-lab이 작업 폴더 {dir, josa, 을} 만들 수 없습니다({why}). ',
    '상위 폴더에 쓰기 권한을 주거나 XDG_STATE_HOME을 쓰기 가능한 폴더로 정하세요.',
  ),
  'exam.noNamespaceFlag': '시험은 각 랩을 자기 namespace lab-<lab>에서 실행합니다. -n/--namespace를 빼세요.',
  'exam.labsAndCount': '--labs와 --count 중 하나만 주세요.',
  'exam.labsEmpty':
    '--labs에는 쉼표로 구분한 랩 id가 필요합니다(예: --labs replicaset,services). `lab list`로 랩 목록을 보세요.',
  'exam.labTwice': '랩 {lab, josa, 이} --labs에 두 번 있습니다. 랩마다 한 번씩만 쓰세요.',
  'exam.badCount': '--count에는 1 이상의 정수(랩 개수)가 필요합니다(받은 값: "{value}").',
  'exam.noLabs': '시험을 만들 랩이 없습니다. labs/ 폴더가 설치되어 있는지 확인하세요(또는 CKA_LAB_HOME을 정하세요).',
  'exam.fewLabs': '설치된 랩이 {count}개뿐이라서 시험 문제도 {count}개입니다.',
  'exam.badSeed': '--seed에는 정수가 필요합니다(예: --seed 42, 받은 값: "{value}").',
  'exam.mockAndLabs': '모의 시험은 랩을 스스로 뽑습니다. --mock은 --labs나 --count 없이 주세요.',
  'exam.mockKind': '"{kind}"라는 모의 시험은 없습니다. --mock에는 다음 중 하나를 주세요: {kinds}.',
  'exam.badOutput': '알 수 없는 출력 형식 "{value}". -o text 또는 -o json을 쓰세요.',
  'exam.badDuration':
    '시험 시간으로 쓸 수 없는 값입니다: "{value}". --duration 30m, 90m, 2h, 45s처럼 단위를 붙여 주세요.',
  'exam.tooLong': '--duration {value, josa, 은} 시험이 계속될 수 있는 시간보다 깁니다. 24h 이하로 주세요.',
  'exam.running': lines(
    '{when}까지 진행되는 시험이 이미 있습니다. `lab exam submit`으로 제출하거나 ',
    '`lab exam start --force`로 버리세요.',
  ),
  'exam.contextsLeft': lines(
    'cka-lab이 {file}에서 시험의 context를 지우지 못했습니다({why}). ',
    '해가 되지는 않으며, 다음 시험이 이것을 바꿉니다.',
  ),
  'exam.unwritable': lines(
    '모의 시험은 시간을 {dir}에 기록하는데 cka-lab이 그곳에 쓸 수 없습니다({why}). ',
    '쓰기 권한을 주거나 XDG_STATE_HOME을 쓰기 가능한 폴더로 정하세요.',
  ),
  'exam.damaged': '시험 파일 {file, josa, 이} 손상되었습니다. `lab exam start --force`로 새 시험을 시작하세요.',
  'progress.unsaved': lines(
    'cka-lab이 {dir}에 진행 상황을 저장하지 못했습니다({why}). ',
    '이번 실행은 평소처럼 되지만 기록되지는 않습니다.',
  ),
  'progress.movedAside': lines(
    '진행 상황 파일 {file, josa, 이} 손상되어({why}) cka-lab이 {aside, josa, 으로} 옮기고 새로 시작합니다. ',
    '이전 진행 상황이 필요하면 그 사본을 고쳐서 다시 옮겨 두세요.',
  ),
  'progress.damaged': lines(
    '진행 상황 파일 {file, josa, 이} 손상되었고({why}) cka-lab이 옮길 수도 없어서({failure}) ',
    '진행 상황을 보여 주지 않습니다. 그 파일을 고치거나 삭제하세요.',
  ),

  'safety.remote': 'context "{context}"의 server {server, josa, 은} 로컬 클러스터나 랩 클러스터로 보이지 않습니다',
  'safety.noServer': '(server 없음)',
  'safety.proxied':
    'context "{context}"의 server {server}에는 이 컴퓨터에 없는 프록시 {proxy}({source})를 거쳐 연결합니다',
  'safety.proxyUrl': 'proxy-url',
  'safety.envProxy': 'HTTPS_PROXY/HTTP_PROXY에서, NO_PROXY에 해당하지 않음',
  'safety.refused':
    '{problem}. 그래서 cka-lab은 이 클러스터를 건드리지 않습니다. 수업용 클러스터를 일부러 쓰는 것이라면 --allow-remote를 붙이세요.',
  'completion.unknownShell':
    '"{shell}"용 completion은 없습니다. `lab completion bash` 또는 `lab completion zsh`를 쓰세요.',

  // lab-file problems for lab authors (labs/{lab,parse,schema-issues}.ts): file:line: field: problem
  'labFile.error': '{file}:{line}: {field}{problem}. 랩 파일을 고치고 다시 해 보세요.',
  'labFile.tooBig': '파일 크기가 {size, josa, 으로} 랩 파일 한도 1 MB를 넘습니다',
  'labFile.brokenYaml': '깨진 YAML({why})',
  'labFile.idDiffers': 'id와 랩 폴더 이름이 다릅니다(id "{id}", 폴더 "{folder}"). 둘은 같아야 합니다',
  'labFile.checkIdTwice': '같은 검사 id가 두 번 쓰였습니다: "{id}"',
  'labFile.cannotDeclare': '{kind, josa, 은} 선언할 수 없습니다: {problem}',
  'schema.noType': '검사에 type이 없습니다. 다음 중 하나를 주세요: {types}',
  'schema.unknownType': '알 수 없는 검사 type {value}. 다음 중 하나를 쓰세요: {types}',
  'schema.unknownFields': '알 수 없는 필드 {keys}',
  'schema.required': '필수 필드입니다',
  'schema.requiredType': '필수 필드입니다({type})',
  'schema.unionFound': '{expected}. 받은 값: {value}',
  'schema.expected': '{type} 값이 필요한데 {value}입니다',
  'schema.atLeast': '{min} 이상이어야 하는데 {value}입니다',
  'schema.atMost': '{max} 이하여야 하는데 {value}입니다',
  'schema.integer': '정수가 필요한데 {value}입니다',
  'schema.minItems': '목록에 항목이 {count}개 이상 있어야 합니다',
  'schema.type.mapping': '매핑',
  'schema.type.list': '목록',
  'schema.type.string': '문자열',
  'schema.type.number': '숫자',
  'schema.type.boolean': 'true 또는 false',

  // checks/kinds/autoscaler.ts
  'autoscaler.none':
    'namespace {ns}에 {target, josa, 을} 스케일하는 HorizontalPodAutoscaler가 없습니다 (여기 있는 HPA: {others})',
  'autoscaler.nearMiss': '; {kind} {name, josa, 을} 뜻했나요?',
  'autoscaler.many': lines(
    'HorizontalPodAutoscaler {count}개가 {target, josa, 을} 스케일합니다({names}). 컨트롤러는 그중 어느 것도 ',
    '실행하지 않습니다(AmbiguousSelector). 하나만 남기고 삭제하세요',
  ),
  'autoscaler.apiVersion': lines(
    '{name, josa, 이} apiVersion {actual, josa, 을} 가리키지만 {kind, josa, 은} {expected}에 있어서 ',
    '(spec.scaleTargetRef.apiVersion) 컨트롤러가 찾지 못합니다',
  ),
  'autoscaler.bound': '{name}의 {field, josa, 은} {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'autoscaler.noCpu': '{name, josa, 은} 평균 CPU 사용률 {expected}%가 아니라 {found, josa, 으로} 스케일합니다',
  'autoscaler.cpuTarget': '{name}의 목표 평균 CPU 사용률은 {actual}%인데, 과제는 {expected}%를 요구합니다',
  'autoscaler.extraMetrics': '{name, josa, 은} 과제가 요구하지 않은 {found, josa, 으로}도 스케일합니다',
  'autoscaler.noRequest': lines(
    '{name, josa, 이} CPU 사용률을 계산할 수 없습니다. Pod {pod}의 컨테이너 {containers}에 CPU 요청',
    '(resources.requests.cpu)이 없는데, 사용률은 요청에 대한 비율입니다',
  ),
  'autoscaler.inactive': '{name, josa, 이} 스케일하지 않습니다: {reason}: {message}',
  'autoscaler.notYet': lines(
    '{name, josa, 이} 아직 메트릭을 읽지 않았습니다(ScalingActive 조건 없음). ',
    '컨트롤러는 Pod에 메트릭이 생기면 15초마다 확인합니다',
  ),
  'autoscaler.desired':
    '{name, josa, 이} 원하는 replicas는 {actual}개(현재 CPU는 요청의 {cpu})인데, 기대값은 {expected}개입니다',
  'autoscaler.targetReplicas': '{target}의 spec.replicas는 {actual}인데, 오토스케일러는 {expected, josa, 을} 원합니다',
  'autoscaler.passed':
    '{name, josa, 이} {metrics} 기준으로 {target, josa, 을} {min}~{max}개 사이에서 스케일합니다. 원하는 수: {desired}',

  // checks/kinds/volume.ts
  'volume.event': '{reason}: {message}',
  'volume.noEvents': '아직 이유를 알리는 Event가 없습니다 (kubectl describe pvc {claim})',
  'volume.claimNotBound': 'PersistentVolumeClaim {claim}의 상태가 Bound가 아니라 {phase}입니다: {why}',
  'volume.boundElsewhere':
    'PersistentVolumeClaim {claim, josa, 이} {expected, josa, 이} 아니라 PersistentVolume {actual}에 바인딩되었습니다',
  'volume.pvMissing': 'PersistentVolumeClaim {claim, josa, 이} 바인딩된 PersistentVolume {volume, josa, 이} 없습니다',
  'volume.claimClass':
    'PersistentVolumeClaim {claim}의 storageClassName은 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.defaultClass': lines(
    ' ({class, josa, 은} 기본 StorageClass로, 클래스를 적지 않은 claim에 붙습니다. ',
    '클래스 없이 쓰려면 storageClassName: ""를 적으세요)',
  ),
  'volume.claimModes':
    'PersistentVolumeClaim {claim, josa, 이} 요청한 접근 모드는 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.claimRequest':
    'PersistentVolumeClaim {claim, josa, 이} {actual}만 요청합니다. 과제는 {expected} 이상을 요구합니다',
  'volume.claimVolumeMode':
    'PersistentVolumeClaim {claim}의 volumeMode는 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.claimVolumeName':
    'PersistentVolumeClaim {claim, josa, 이} {expected, josa, 이} 아니라 볼륨 {actual, josa, 을} 지정합니다 (spec.volumeName)',
  'volume.released': lines(
    'PersistentVolume {volume, josa, 이} Released 상태입니다. claim {claim, josa, 이} 삭제되었고, ',
    'Released 볼륨은 새 claim에 바인딩되지 않습니다 (볼륨을 삭제하고 다시 만드세요)',
  ),
  'volume.failedPhase': 'PersistentVolume {volume, josa, 이} Failed 상태입니다: {why}',
  'volume.capacity': 'PersistentVolume {volume}의 용량은 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.tooSmall': 'PersistentVolume {volume}의 용량 {actual, josa, 이} {expected}보다 작습니다',
  'volume.modes': 'PersistentVolume {volume}의 접근 모드는 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.volumeMode': 'PersistentVolume {volume}의 volumeMode는 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.class': 'PersistentVolume {volume}의 storageClassName은 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.reclaim':
    'PersistentVolume {volume}의 persistentVolumeReclaimPolicy는 {actual}인데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.notProvisioned':
    'PersistentVolume {volume, josa, 은} StorageClass가 프로비저닝한 것이 아니라 손으로 만든 볼륨입니다',
  'volume.provisioned': lines(
    'PersistentVolume {volume, josa, 은} {provisioner, josa, 이} StorageClass {class}를 위해 프로비저닝한 볼륨인데, ',
    '과제는 손으로 만든 볼륨을 요구합니다',
  ),
  'volume.notHostPath':
    'PersistentVolume {volume, josa, 은} {source} 볼륨인데, 과제는 hostPath {expected, josa, 을} 요구합니다',
  'volume.hostPath':
    'PersistentVolume {volume}의 데이터는 hostPath {actual}에 있는데, 과제는 {expected, josa, 을} 요구합니다',
  'volume.noPodVolume': 'Pod {pod}에 PersistentVolumeClaim {claim}의 볼륨이 없습니다 (볼륨: {volumes})',
  'volume.notMounted':
    'Pod {pod}에 claim {claim}의 볼륨 {volume, josa, 이} 있지만, 어느 컨테이너도 그것을 마운트하지 않습니다',
  'volume.mountedElsewhere':
    'Pod {pod, josa, 이} claim {claim, josa, 을} {expected, josa, 이} 아니라 {actual}에 마운트합니다',
  'volume.otherAtPath':
    '{path}에는 컨테이너 {container, josa, 이} claim이 아닌 볼륨 {volume, josa, 을} 마운트합니다 ({source})',
  'volume.subPath': 'Pod {pod}의 컨테이너 {container, josa, 이} {path}에 claim {claim}의 폴더 {subPath}만 마운트합니다',
  'volume.readOnly':
    'Pod {pod}의 컨테이너 {container, josa, 이} {path}에 claim {claim, josa, 을} 읽기 전용으로 마운트하는데, 그곳에 써야 합니다',
  'volume.writable': lines(
    'Pod {pod}의 컨테이너 {container, josa, 이} {path}에 claim {claim, josa, 을} 읽기-쓰기로 마운트하는데, ',
    '과제는 읽기 전용을 요구합니다',
  ),
  'volume.passedVolume': 'PersistentVolume {volume}({capacity}, {modes}, 클래스 {class})의 상태는 {phase}입니다',
  'volume.passedClaim':
    'PersistentVolumeClaim {claim, josa, 이} PersistentVolume {volume}({capacity}, {modes}, 클래스 {class})에 바인딩됨',
  'volume.passedMount': '; Pod {pod, josa, 이} {path}에 마운트함',

  // checks/kinds/etcd-snapshot.ts
  'etcdSnapshot.missing':
    '{dir}에 스냅숏 {path, josa, 이} 없습니다; `etcdctl --endpoints <etcd 클라이언트 URL> snapshot save {path}`로 그곳에 저장하세요',
  'etcdSnapshot.folder': lines(
    '{path, josa, 은} 스냅숏 파일이 아니라 폴더입니다 (`etcdutl snapshot restore --data-dir`는 폴더를, `etcdctl ',
    'snapshot save {path}`는 파일을 만듭니다)',
  ),
  'etcdSnapshot.tooBig': '{path, josa, 은} {size}로, 이곳의 etcd 스냅숏이 가질 수 있는 크기({max})보다 큽니다',
  'etcdSnapshot.empty':
    '{path, josa, 이} 비어 있습니다: 스냅숏이 저장되지 않았습니다 (etcdctl이 etcd에 닿았나요? etcd가 듣는 클라이언트 URL을 --endpoints로 주어야 합니다)',
  'etcdSnapshot.notSnapshot':
    '{path, josa, 은} etcd 스냅숏이 아닙니다: bbolt 데이터베이스로 시작하지 않습니다; `etcdctl snapshot save {path}`로 저장하세요',
  'etcdSnapshot.text': lines(
    '{path, josa, 은} etcd 스냅숏이 아니라 텍스트입니다 (`kubectl get all -o yaml > {path}` 같은 YAML 덤프는 etcd 백업이 ',
    '아닙니다); `etcdctl snapshot save {path}`로 저장하세요',
  ),
  'etcdSnapshot.damaged': '{path, josa, 은} 손상된 etcd 스냅숏입니다: {detail}; 다시 저장하세요',
  'etcdSnapshot.lacks': lines(
    '{path}(revision {revision})에 namespace {namespace}의 {what, josa, 이} 없습니다: 다른 클러스터의 스냅숏이거나, ',
    '{what, josa, 이} 없을 때 만든 스냅숏입니다; 다시 저장하세요',
  ),
  'etcdSnapshot.lacksOlder': lines(
    '{path}(revision {revision})에 namespace {namespace}의 {what, josa, 이} 없습니다(resourceVersion ',
    '{objectRevision}): 랩이 시작되기 전에 만든 스냅숏입니다; 다시 저장하세요',
  ),
  'etcdSnapshot.otherObject': lines(
    '{path}의 {what, josa, 은} 클러스터의 것(uid {uid})과 다른 오브젝트(uid {snapshotUid})입니다: 랩을 마지막으로 시작하거나 ',
    '초기화하기 전, 또는 다른 클러스터에서 만든 스냅숏입니다; 다시 저장하세요',
  ),
  'etcdSnapshot.recreated':
    '클러스터의 {what, josa, 은} 새로 만든 오브젝트(uid {uid})로, {path}에 있는 것(uid {snapshotUid})이 아닙니다: 스냅숏에서 복원하지 않고 다시 만들었습니다',
  'etcdSnapshot.notInCluster': lines(
    '{path}에는 있는 {what, josa, 이} 클러스터에 없습니다: 스냅숏을 복원하세요 (etcdutl snapshot restore로 새 폴더에 풀고, `lab ',
    'cluster etcd-restore --data-dir <폴더>`)',
  ),
  'etcdSnapshot.passed': '{path, josa, 은} revision {revision}, 키 {keys}개의 etcd 스냅숏입니다 (hash {hash})',
  'etcdSnapshot.passedHolds': '; 클러스터와 같은 오브젝트가 들어 있습니다: {objects}',
  'etcdSnapshot.passedRestored': '; 클러스터의 {objects, josa, 은} 스냅숏에서 돌아온 것입니다 (같은 uid)',
  'etcdSnapshot.noDataDir':
    '데이터 폴더 {path, josa, 이} 없습니다; `etcdutl snapshot restore {from} --data-dir {path}`로 스냅숏을 그곳에 복원하세요',
  'etcdSnapshot.notDataDir': lines(
    '{path, josa, 은} etcd 데이터 폴더가 아닙니다(member/snap/db가 없습니다); `etcdutl snapshot restore {from} ',
    '--data-dir {path}`로 만드세요',
  ),
  'etcdSnapshot.notRestoredFrom':
    '{path}에 {from}의 {what, josa, 이} 없습니다: {from}에서 복원한 폴더가 아닙니다; 새 폴더에 다시 복원하세요',
  'etcdSnapshot.passedDataDir':
    '{path, josa, 은} revision {revision}, 키 {keys}개의 etcd 데이터 폴더입니다 (hash {hash})',
  'etcdSnapshot.passedFrom': '; {from, josa, 과} 같은 오브젝트가 들어 있어 그 스냅숏에서 복원한 것입니다: {objects}',

  // cluster/local/etcd-restore.ts, `lab cluster etcd-restore` (cli/commands/cluster.ts)
  'help.cluster.etcdRestore':
    '로컬 클러스터의 etcd를 `etcdutl snapshot restore`로 만든 데이터 폴더로 다시 시작합니다 (이전 데이터는 보관됩니다)',
  'help.opt.etcdDataDir': '복원한 데이터 폴더 (`etcdutl snapshot restore <스냅숏> --data-dir <폴더>`)',
  'etcdRestore.localOnly':
    '`lab cluster etcd-restore`는 로컬 드라이버에서만 동작합니다. 다른 클러스터에서는 그 클러스터의 문서대로 etcd를 복원하세요.',
  'etcdRestore.noDataDirOption':
    '`etcdutl snapshot restore`로 만든 폴더를 지정하세요: lab cluster etcd-restore --data-dir <폴더>.',
  'etcdRestore.noSource':
    '폴더 {dir, josa, 이} 없습니다. 먼저 스냅숏을 그곳에 복원하세요: `etcdutl snapshot restore backup.db --data-dir {dir}`.',
  'etcdRestore.isFile': lines(
    '{file, josa, 은} 데이터 폴더가 아니라 파일입니다. 먼저 새 폴더에 복원하고(`etcdutl snapshot restore {file} --data-dir ',
    '<새 폴더>`) 그 폴더를 지정하세요.',
  ),
  'etcdRestore.notDataDir': lines(
    '{dir, josa, 은} etcd 데이터 폴더가 아닙니다(member/snap/db와 member/wal이 없습니다). `etcdutl snapshot restore ',
    '<스냅숏> --data-dir {dir}`로 만드세요.',
  ),
  'etcdRestore.noCluster': '{dir}에 etcd를 복원할 로컬 클러스터가 없습니다. `lab cluster up`으로 시작하세요.',
  'etcdRestore.same': '{dir, josa, 은} etcd가 이미 쓰는 폴더입니다. 스냅숏을 새 폴더에 복원하고 그 폴더를 지정하세요.',
  'etcdRestore.stopping': '로컬 컨트롤 플레인(etcd, kube-apiserver, 컨트롤러, kwok)을 멈추는 중...',
  'etcdRestore.copyFailed':
    '{dir, josa, 을} etcd 데이터 폴더로 복사하지 못했습니다({error}). etcd 데이터는 그대로입니다. `lab cluster up`으로 다시 시작하세요.',
  'etcdRestore.starting': '{dir}의 복사본으로 컨트롤 플레인을 시작하는 중...',
  'etcdRestore.notStarted': lines(
    '복원한 데이터로 클러스터가 다시 올라오지 않았습니다({error}). etcd의 이전 데이터는 {kept}에 보관되어 있고, `lab cluster ',
    'etcd-restore --data-dir {kept}`로 되돌릴 수 있습니다.',
  ),
  'etcdRestore.done': lines(
    'etcd가 이제 {source}의 복사본으로 동작합니다({seconds}초). 스냅숏 이후 클러스터에 쓴 것은 모든 namespace에서 사라졌습니다. 이전 데이터는 ',
    '{kept}에 보관되어 있습니다. 되돌리려면: lab cluster etcd-restore --data-dir {kept}',
  ),

  // lab progress and lab exam status (progress/present.ts, cli/commands/exam.ts)
  'progress.head.lab': '랩',
  'progress.head.attempts': '시도',
  'progress.head.firstPassed': '첫 통과',
  'progress.head.lastCheck': '마지막 검사',
  'progress.head.bestExam': '최고 시험 점수',
  'progress.head.title': '제목',
  'progress.domain': '{domain}: {total}개 중 {passed}개 통과',
  'progress.withSolution': '- (참고 답안 {when})',
  'progress.head.submitted': '제출 시각',
  'progress.head.labs': '랩',
  'progress.head.score': '점수',
  'progress.head.result': '결과',
  'progress.late': '지각',
  'progress.exams': '모의 시험',
  'examStatus.head': '모의 시험, {when} 시작:',
  'examStatus.left': '남은 시간: {left} (마감 {when}). 제출은 `lab exam submit`.',
  'examStatus.over': '시간이 {ago} 지났습니다. `lab exam submit`으로 제출하세요(결과는 지각으로 기록됩니다).',
  // lab class (src/class/*, cli/commands/class.ts)
  'help.class': '공유 클러스터의 교실: 학습자마다 namespace, 권한, kubeconfig와 실시간 표',
  'help.class.create': '교실 만들기: 학습자마다 랩별 namespace와 준비 상태, 그 안에서만 쓰는 권한, kubeconfig',
  'help.class.status': '교실 표(학습자 x 랩 x 과제), watch로 실시간 갱신',
  'help.class.grade': '모든 학습자를 한 번 채점해서 출력(junit, csv, json)',
  'help.class.delete': '교실이 만든 것을 모두 삭제: namespace, ClusterRole, kubeconfig',
  'help.class.learners': '학습자 목록, 쉼표로 구분(alice,bob)',
  'help.class.labs': '학습자마다 주는 랩 목록, 쉼표로 구분',
  'help.class.expires': '학습자 토큰의 유효 시간(시간 단위)',
  'help.class.server': '학습자 kubeconfig에 넣을 API 서버 URL(기본값: 내 것)',
  'help.class.once': '표를 한 번 출력하고 끝내기',
  'class.noLearners': '--learners로 학습자를 지정하세요. 예: --learners alice,bob',
  'class.noLabs': '--labs로 랩을 지정하세요. 예: --labs replicaset,service-clusterip',
  'class.badName':
    "{name, josa, 은} 교실이나 학습자 이름으로 쓸 수 없습니다. 영문 소문자, 숫자, '-'로 20자 이내, 처음과 끝은 영문자나 숫자로 하세요.",
  'class.duplicateLearner': '--learners {learners}에 같은 학습자가 두 번 있습니다. 한 번씩만 적으세요.',
  'class.nameTooLong': 'namespace {ns}의 이름이 63자를 넘습니다. 교실이나 학습자 이름을 짧게 하세요.',
  'class.unfit.clusterScoped':
    '랩 {lab, josa, 은} 교실에서 쓸 수 없습니다. 클러스터 범위 오브젝트가 필요한데 학습자는 자기 namespace 안에서만 권한이 있습니다. 다른 랩을 고르세요.',
  'class.unfit.nodes':
    '랩 {lab, josa, 은} 교실에서 쓸 수 없습니다. 클러스터 범위인 Node를 직접 만듭니다. 다른 랩을 고르세요.',
  'class.unfit.controlPlane': lines(
    '랩 {lab, josa, 은} 교실에서 쓸 수 없습니다. 컨트롤 플레인을 일부러 고장 내므로 모든 학습자의 클러스터가 고장 나고, ',
    'cka-lab의 로컬 클러스터에서만 실행됩니다. 다른 랩을 고르세요.',
  ),
  'class.unfit.files':
    '랩 {lab, josa, 은} 교실에서 쓸 수 없습니다. 학습자의 작업 폴더를 읽어 채점하는데 강사는 그 폴더를 볼 수 없습니다. 다른 랩을 고르세요.',
  'class.unfit.tools':
    '랩 {lab, josa, 은} 교실에서 쓸 수 없습니다. 클러스터가 있는 컴퓨터에서 cka-lab의 도구(helm, etcdctl)를 실행합니다. 다른 랩을 고르세요.',
  'class.taken':
    'namespace {ns, josa, 이} 이미 있고 교실 {klass}(학습자 {learner})의 것이 아닙니다. 다른 교실 이름을 쓰세요.',
  'class.roleTaken': 'ClusterRole {name, josa, 이} 이미 있고 교실 {klass}의 것이 아닙니다. 다른 교실 이름을 쓰세요.',
  'class.noToken':
    'API 서버가 {learner}의 ServiceAccount 토큰을 주지 않았습니다. TokenRequest API를 제공하는지 확인하세요.',
  'class.notFound':
    '이 클러스터에 {klass}라는 교실이 없습니다. `lab class create {klass} --learners ... --labs ...`로 만드세요.',
  'class.created':
    '교실 {klass}: 학습자 {learners}명 x 랩 {labs}개. 학습자마다 자기 kubeconfig를 나눠 주세요(토큰 유효 기한 {expires}):',
  'class.learnerUse':
    '학습자는 lab start <랩> --kubeconfig <파일>, 그다음 lab check <랩> --kubeconfig <파일>을 실행합니다.',
  'class.deleted': '교실 {klass, josa, 을} 삭제했습니다: namespace {namespaces}개, ClusterRole, kubeconfig.',
  'class.badFormat': '{value, josa, 은} 알 수 없는 형식입니다. junit, csv, json 중 하나를 쓰세요.',
  'class.badExpires': '{value, josa, 은} 시간 수가 아닙니다. 1부터 8760 사이로 주세요.',
  'class.head.learner': '학습자',
  'class.watching': 'watch로 실시간 갱신 중입니다. Ctrl-C로 끝냅니다.',
};
