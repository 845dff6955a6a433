import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { formatLabels, formatSelector } from '../selector.js';
import { isReady, podsMatching } from '../pods.js';
import { portPathProblems, type PortPathProblem, type ServicePort } from '../service-path.js';
import type { Lang } from '../../i18n/text.js';

const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

/** The fields read of one discovery.k8s.io/v1 Endpoint in an EndpointSlice. */
interface SliceEndpoint {
  targetRef?: { kind?: string; name: string };
  conditions?: { ready?: boolean };
}

const PortNumber = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));

const fields = {
  service: v.string(),
  min: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 1),
  /**
   * Each port the task asks the Service to offer, and the container port it must lead to: `port` on
   * the Service, `targetPort` the number the Pods listen on (the Service may name it), `protocol`
   * (default TCP). Without `targetPort`, any port the selected Pods declare.
   */
  ports: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          port: PortNumber,
          targetPort: v.optional(PortNumber),
          protocol: v.optional(v.picklist(['TCP', 'UDP', 'SCTP']), 'TCP'),
        }),
      ),
      v.minLength(1),
    ),
  ),
  /** Whether the task asks for a headless Service (clusterIP: None); by default it must get a ClusterIP. */
  headless: v.optional(v.boolean(), false),
};
type EndpointsCheck = CheckData<'endpoints', typeof fields>;

/** The `endpoints` check kind; its `description` says what it checks. */
export const endpointsKind = defineCheckKind({
  type: 'endpoints',
  description:
    "The Service's EndpointSlices list every Ready Pod its selector selects, and no other; at least `min` " +
    '(default 1) of them. Each of `ports` is offered with its protocol (default TCP) and leads through ' +
    'targetPort (a number, or a name resolved in each Pod) to container port `targetPort`. The Service has ' +
    'a ClusterIP, unless `headless: true` asks for clusterIP None.',
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
    return failed(t(lang, 'endpoints.noSelector', { service: svcName }), [
      {
        message: t(lang, 'endpoints.selectorNotSet'),
        path: 'spec.selector',
      },
      ...serviceProblems(svc, check, [], lang),
    ]);
  }
  const selected = await podsMatching(view, selector);
  const ready = selected.filter(isReady);
  if (selected.length === 0) {
    const pods = await view.list({ apiVersion: 'v1', kind: 'Pod' });
    const seen = [...new Set(pods.map((p) => formatLabels(p.metadata?.labels)))].slice(0, 4).join('; ');
    const sel = formatSelector(selector);
    const message = t(lang, 'endpoints.noMatch', {
      selector: sel,
      ns: view.namespace,
      seen: seen ? t(lang, 'endpoints.seen', { labels: seen }) : '',
    });
    return failed(t(lang, 'endpoints.selectsNone', { service: svcName, selector: sel }), [
      { message, path: 'spec.selector', actual: selector },
      ...serviceProblems(svc, check, [], lang),
    ]);
  }
  const slices = (await view.list(SLICE)).filter(
    (s) => s.metadata?.labels?.['kubernetes.io/service-name'] === check.service,
  );
  const listed = new Map<string, boolean>(); // Pod name -> ready
  for (const slice of slices) {
    for (const ep of (slice.endpoints as SliceEndpoint[] | undefined) ?? []) {
      if (ep.targetRef?.kind === 'Pod') listed.set(ep.targetRef.name, ep.conditions?.ready !== false);
    }
  }
  const problems: Problem[] = [...serviceProblems(svc, check, selected, lang)];
  for (const pod of ready) {
    const name = pod.metadata!.name!;
    if (!listed.has(name)) {
      problems.push({
        message: t(lang, 'endpoints.notListed', { pod: name, service: svcName }),
      });
    } else if (!listed.get(name)) {
      problems.push({
        message: t(lang, 'endpoints.notReady', { pod: name, service: svcName }),
      });
    }
  }
  const selectedNames = new Set(selected.map((p) => p.metadata!.name!));
  for (const name of listed.keys()) {
    if (!selectedNames.has(name)) {
      problems.push({
        message: t(lang, 'endpoints.notSelected', { pod: name, service: svcName }),
      });
    }
  }
  if (ready.length < check.min) {
    const message = t(lang, 'endpoints.tooFew', { service: svcName, ready: ready.length, min: check.min });
    problems.push({ message, expected: check.min, actual: ready.length });
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const sel = formatSelector(selector);
  return passed(t(lang, 'endpoints.passed', { service: svcName, ready: ready.length, selector: sel }));
}

/**
 * What is wrong with the Service itself: headless (or not) against what the task asks, and each
 * asked port that does not lead, with its protocol, through targetPort to the container port.
 */
function serviceProblems(svc: KubeObject, check: EndpointsCheck, pods: KubeObject[], lang: Lang): Problem[] {
  const service = `Service ${check.service}`;
  const problems: Problem[] = [];
  const clusterIP = svc.spec?.clusterIP as string | undefined;
  if (!check.headless && clusterIP === 'None') {
    const message = t(lang, 'endpoints.headless', { service });
    problems.push({ message, path: 'spec.clusterIP', expected: 'a cluster IP', actual: 'None' });
  } else if (check.headless && clusterIP !== 'None') {
    const message = t(lang, 'endpoints.notHeadless', { service, ip: clusterIP ?? '' });
    problems.push({ message, path: 'spec.clusterIP', expected: 'None', actual: clusterIP });
  }
  const ports = (svc.spec?.ports ?? []) as ServicePort[];
  for (const p of portPathProblems(ports, pods, check.ports ?? [])) problems.push(portProblem(p, service, lang));
  return problems;
}

/** One port path problem in the learner's words. */
function portProblem(p: PortPathProblem, service: string, lang: Lang): Problem {
  const port = p.want.port;
  const protocol = p.want.protocol;
  switch (p.kind) {
    case 'noPort': {
      const offered = p.offered.join(', ') || t(lang, 'endpoints.noPorts');
      const message = t(lang, 'endpoints.missingPort', { service, port, protocol, offered });
      return { message, path: 'spec.ports[].port', expected: port, actual: p.offered };
    }
    case 'protocol': {
      const message = t(lang, 'endpoints.protocol', { service, port, protocol, found: p.found });
      return { message, path: 'spec.ports[].protocol', expected: protocol, actual: p.found };
    }
    case 'unknownName': {
      const first = p.pods[0]!;
      const message = t(lang, 'endpoints.unknownName', {
        service,
        port,
        name: p.name,
        protocol,
        pod: first.pod,
        declared: first.declared,
        count: p.pods.length,
      });
      return { message, path: 'spec.ports[].targetPort', expected: p.want.targetPort, actual: p.name };
    }
    case 'wrongTarget': {
      const found = p.found.join(', ');
      const message = t(lang, 'endpoints.wrongPort', { service, svcPort: port, found, port: p.want.targetPort });
      return { message, path: 'spec.ports[].targetPort', expected: p.want.targetPort, actual: p.targetPort };
    }
    case 'undeclared': {
      const message = t(lang, 'endpoints.undeclared', {
        service,
        port,
        found: p.found,
        pod: p.pod,
        declared: p.declared,
      });
      return { message, path: 'spec.ports[].targetPort', actual: p.found };
    }
  }
}
