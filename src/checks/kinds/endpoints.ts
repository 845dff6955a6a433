import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
import { explainMissing } from '../describe.js';
import { formatLabels, formatSelector } from '../selector.js';
import { isReady, podsMatching } from '../pods.js';

const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

/** The fields read of one discovery.k8s.io/v1 Endpoint in an EndpointSlice. */
interface SliceEndpoint {
  targetRef?: { kind?: string; name: string };
  conditions?: { ready?: boolean };
}

const fields = {
  service: v.string(),
  min: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
  /** The container port traffic must reach (resolves a named targetPort), e.g. 80. */
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
};
type EndpointsCheck = CheckData<'endpoints', typeof fields>;

/** The `endpoints` check kind; its `description` says what it checks. */
export const endpointsKind = defineCheckKind({
  type: 'endpoints',
  description:
    "The Service's EndpointSlices list every Ready Pod its selector selects, and no other; at least `min` " +
    '(default 1) of them; with `port`, traffic reaches that container port.',
  fields,
  reads: () => [{ apiVersion: 'v1', kind: 'Service' }, SLICE, { apiVersion: 'v1', kind: 'Pod' }],
  run: checkEndpoints,
});

/**
 * `endpoints`: the Service's EndpointSlices (label kubernetes.io/service-name) list
 * every Ready Pod its selector selects as a ready endpoint, and no other Pod.
 * (EndpointSlice replaces the deprecated v1 Endpoints; both come from the same controllers.)
 */
async function checkEndpoints(check: EndpointsCheck, view: NamespaceView): Promise<Outcome> {
  const ref = { apiVersion: 'v1', kind: 'Service', name: check.service };
  const svc = await view.find(ref, check.service);
  if (!svc) return failed(await explainMissing(view, ref));
  const lang = view.lang;
  const svcName = `Service ${check.service}`;
  const selector = svc.spec?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) {
    return failed(
      say(
        lang,
        `${svcName} has no spec.selector, so no Pods become its endpoints`,
        `${svcName}에 spec.selector가 없어서 어떤 Pod도 endpoint가 되지 않습니다`,
      ),
      [
        {
          message: say(lang, 'spec.selector is not set', 'spec.selector가 설정되어 있지 않습니다'),
          path: 'spec.selector',
        },
      ],
    );
  }
  const selected = await podsMatching(view, selector);
  const ready = selected.filter(isReady);
  if (selected.length === 0) {
    const pods = await view.list({ apiVersion: 'v1', kind: 'Pod' });
    const seen = [...new Set(pods.map((p) => formatLabels(p.metadata?.labels)))].slice(0, 4).join('; ');
    const sel = formatSelector(selector);
    const message = say(
      lang,
      `the selector ${sel} matches no Pod in ${view.namespace}${seen ? `; the Pods here are labelled ${seen}` : ''}`,
      `selector ${sel}에 맞는 Pod가 ${view.namespace}에 없습니다${seen ? `; 이곳 Pod의 레이블은 ${seen}입니다` : ''}`,
    );
    return failed(
      say(
        lang,
        `${svcName}'s selector ${sel} selects no Pods`,
        `${svcName}의 selector ${sel}이(가) 선택하는 Pod가 없습니다`,
      ),
      [{ message, path: 'spec.selector', actual: selector }],
    );
  }
  const slices = (await view.list(SLICE)).filter(
    (s) => s.metadata?.labels?.['kubernetes.io/service-name'] === check.service,
  );
  const listed = new Map<string, boolean>(); // Pod name -> ready
  const ports = new Set<number>(
    slices.flatMap((s) => ((s.ports as { port?: number }[] | undefined) ?? []).map((p) => p.port ?? 0)),
  );
  for (const slice of slices) {
    for (const ep of (slice.endpoints as SliceEndpoint[] | undefined) ?? []) {
      if (ep.targetRef?.kind === 'Pod') listed.set(ep.targetRef.name, ep.conditions?.ready !== false);
    }
  }
  const problems: Problem[] = [];
  for (const pod of ready) {
    const name = pod.metadata!.name!;
    if (!listed.has(name)) {
      problems.push({
        message: say(
          lang,
          `Pod ${name} is Ready and selected, but is not an endpoint of ${svcName} yet`,
          `Pod ${name}은(는) Ready이고 selector에 선택되었지만 아직 ${svcName}의 endpoint가 아닙니다`,
        ),
      });
    } else if (!listed.get(name)) {
      problems.push({
        message: say(
          lang,
          `Pod ${name} is an endpoint of ${svcName} but not marked ready`,
          `Pod ${name}은(는) ${svcName}의 endpoint이지만 ready로 표시되지 않았습니다`,
        ),
      });
    }
  }
  const selectedNames = new Set(selected.map((p) => p.metadata!.name!));
  for (const name of listed.keys()) {
    if (!selectedNames.has(name)) {
      problems.push({
        message: say(
          lang,
          `Pod ${name} is an endpoint of ${svcName} but its selector does not select it`,
          `Pod ${name}은(는) ${svcName}의 endpoint이지만 selector가 이 Pod를 선택하지 않습니다`,
        ),
      });
    }
  }
  if (check.port !== undefined && ready.length > 0 && !ports.has(check.port)) {
    const found =
      [...ports].filter(Boolean).join(', ') ||
      say(
        lang,
        'none (the targetPort names no port of the Pods)',
        '없음 (targetPort가 Pod의 어느 포트 이름과도 맞지 않습니다)',
      );
    problems.push({
      message: say(
        lang,
        `${svcName} sends traffic to port ${found} of its Pods, but they listen on ${check.port}; set targetPort to ${check.port} (or the port's name)`,
        `${svcName}은(는) Pod의 포트 ${found}(으)로 트래픽을 보내지만 Pod는 ${check.port}에서 수신합니다; targetPort를 ${check.port}(또는 그 포트의 이름)로 설정하세요`,
      ),
      path: 'spec.ports[].targetPort',
      expected: check.port,
      actual: [...ports],
    });
  }
  if (ready.length < check.min) {
    const message = say(
      lang,
      `${svcName} has ${ready.length} Ready Pods behind it; at least ${check.min} expected`,
      `${svcName} 뒤의 Ready Pod가 ${ready.length}개입니다; 최소 ${check.min}개가 필요합니다`,
    );
    problems.push({ message, expected: check.min, actual: ready.length });
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const sel = formatSelector(selector);
  return passed(
    say(
      lang,
      `${svcName} sends traffic to all ${ready.length} Ready Pods it selects (${sel})`,
      `${svcName}이(가) 선택한 Ready Pod ${ready.length}개 모두에 트래픽을 보냅니다 (${sel})`,
    ),
  );
}
