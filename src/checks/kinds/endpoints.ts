import type { CheckOf } from '../../labs/schema.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { explainMissing } from '../describe.js';
import { formatLabels, formatSelector } from '../selector.js';
import { isReady, podsMatching } from '../pods.js';

const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

/**
 * `endpoints`: the Service's EndpointSlices (label kubernetes.io/service-name) list
 * every Ready Pod its selector selects as a ready endpoint, and no other Pod.
 * (EndpointSlice replaces the deprecated v1 Endpoints; both come from the same controllers.)
 */
export async function checkEndpoints(check: CheckOf<'endpoints'>, view: NamespaceView): Promise<Outcome> {
  const ref = { apiVersion: 'v1', kind: 'Service', name: check.service };
  const svc = await view.find(ref, check.service);
  if (!svc) return failed(await explainMissing(view, ref));
  const selector = svc.spec?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) {
    return failed(`Service ${check.service} has no spec.selector, so no Pods become its endpoints`, [{ message: 'spec.selector is not set', path: 'spec.selector' }]);
  }
  const selected = await podsMatching(view, selector);
  const ready = selected.filter(isReady);
  if (selected.length === 0) {
    const pods = await view.list({ apiVersion: 'v1', kind: 'Pod' });
    const seen = [...new Set(pods.map((p) => formatLabels(p.metadata?.labels)))].slice(0, 4).join('; ');
    return failed(`Service ${check.service}'s selector ${formatSelector(selector)} selects no Pods`, [
      { message: `the selector ${formatSelector(selector)} matches no Pod in ${view.namespace}${seen ? `; the Pods here are labelled ${seen}` : ''}`, path: 'spec.selector', actual: selector },
    ]);
  }
  const slices = (await view.list(SLICE)).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === check.service);
  const listed = new Map<string, boolean>(); // Pod name -> ready
  const ports = new Set<number>(slices.flatMap((s) => ((s.ports as { port?: number }[] | undefined) ?? []).map((p) => p.port ?? 0)));
  for (const slice of slices) {
    for (const ep of (slice.endpoints as any[] | undefined) ?? []) {
      if (ep.targetRef?.kind === 'Pod') listed.set(ep.targetRef.name, ep.conditions?.ready !== false);
    }
  }
  const problems: Problem[] = [];
  for (const pod of ready) {
    const name = pod.metadata!.name!;
    if (!listed.has(name)) problems.push({ message: `Pod ${name} is Ready and selected, but is not an endpoint of Service ${check.service} yet` });
    else if (!listed.get(name)) problems.push({ message: `Pod ${name} is an endpoint of Service ${check.service} but not marked ready` });
  }
  const selectedNames = new Set(selected.map((p) => p.metadata!.name!));
  for (const name of listed.keys()) {
    if (!selectedNames.has(name)) problems.push({ message: `Pod ${name} is an endpoint of Service ${check.service} but its selector does not select it` });
  }
  if (check.port !== undefined && ready.length > 0 && !ports.has(check.port)) {
    const found = [...ports].filter(Boolean).join(', ') || 'none (the targetPort names no port of the Pods)';
    problems.push({
      message: `Service ${check.service} sends traffic to port ${found} of its Pods, but they listen on ${check.port}; set targetPort to ${check.port} (or the port's name)`,
      path: 'spec.ports[].targetPort',
      expected: check.port,
      actual: [...ports],
    });
  }
  if (ready.length < check.min) problems.push({ message: `Service ${check.service} has ${ready.length} Ready Pods behind it; at least ${check.min} expected`, expected: check.min, actual: ready.length });
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(`Service ${check.service} sends traffic to all ${ready.length} Ready Pods it selects (${formatSelector(selector)})`);
}
