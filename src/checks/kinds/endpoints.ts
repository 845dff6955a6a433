import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
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
    return failed(t(lang, 'endpoints.noSelector', { service: svcName }), [
      {
        message: t(lang, 'endpoints.selectorNotSet'),
        path: 'spec.selector',
      },
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
    ]);
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
  if (check.port !== undefined && ready.length > 0 && !ports.has(check.port)) {
    const found = [...ports].filter(Boolean).join(', ') || t(lang, 'endpoints.noPort');
    problems.push({
      message: t(lang, 'endpoints.wrongPort', { service: svcName, found, port: check.port }),
      path: 'spec.ports[].targetPort',
      expected: check.port,
      actual: [...ports],
    });
  }
  if (ready.length < check.min) {
    const message = t(lang, 'endpoints.tooFew', { service: svcName, ready: ready.length, min: check.min });
    problems.push({ message, expected: check.min, actual: ready.length });
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const sel = formatSelector(selector);
  return passed(t(lang, 'endpoints.passed', { service: svcName, ready: ready.length, selector: sel }));
}
