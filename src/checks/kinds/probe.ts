import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { Lang } from '../../i18n/text.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { eventsAbout, type ObjectEvent } from '../events.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

const ProbeName = v.picklist(['liveness', 'readiness', 'startup']);
type ProbeName = v.InferOutput<typeof ProbeName>;
const seconds = v.pipe(v.number(), v.integer(), v.minValue(1));

const fields = {
  /** The Pod of the lab namespace whose container is judged. */
  pod: v.string(),
  /** The container (default: the Pod's first). */
  container: v.optional(v.string()),
  /** The container declares these probes. */
  declares: v.optional(v.pipe(v.array(ProbeName), v.minLength(1))),
  /** The startup probe allows the app at least this many seconds to start. */
  startupBudgetSeconds: v.optional(seconds),
  /** true: the kubelet restarted the container because its liveness probe failed; false: never restarted. */
  restarted: v.optional(v.boolean()),
  /** Before its last restart the container ran at least this many seconds. */
  minRunSeconds: v.optional(seconds),
  /** The container is Ready (true) or not (false) now. */
  ready: v.optional(v.boolean()),
  /** The Pod turned Ready at least this many seconds after its container started. */
  readyAfterSeconds: v.optional(seconds),
};
type ProbeCheck = CheckData<'probe', typeof fields>;

/** The probe fields of a core/v1 Container (Kubernetes API reference, Container v1, "Lifecycle"). */
interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
}
interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { running?: { startedAt?: string } };
  lastState?: { terminated?: { startedAt?: string; finishedAt?: string } };
}

const FIELD: Record<ProbeName, 'livenessProbe' | 'readinessProbe' | 'startupProbe'> = {
  liveness: 'livenessProbe',
  readiness: 'readinessProbe',
  startup: 'startupProbe',
};
/** How the kubelet's Unhealthy Events start, per probe (pkg/kubelet/prober: "<Kind> probe failed: ..."). */
const UNHEALTHY: Record<ProbeName, string> = {
  liveness: 'Liveness probe',
  readiness: 'Readiness probe',
  startup: 'Startup probe',
};

/** The `probe` check kind; its `description` says what it checks. */
export const probeKind = defineCheckKind({
  type: 'probe',
  description:
    "What the kubelet did with a container's probes (on a node that runs containers): the container of `pod` " +
    'declares the probes in `declares`; its startup probe allows at least `startupBudgetSeconds` ' +
    '(initialDelaySeconds + periodSeconds × failureThreshold); `restarted: true`: the kubelet restarted it ' +
    'after its liveness probe failed (restartCount and the Killing Event), after running at least ' +
    '`minRunSeconds`; `restarted: false`: never restarted; `ready`: Ready now; `readyAfterSeconds`: the Pod ' +
    'turned Ready at least that long after the container started (its readiness probe waited for the app).',
  fields,
  reads: () => [POD, EVENT],
  run: checkProbe,
});

const seconds0 = (from?: string, to?: string): number | undefined =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 1000) : undefined;

/** `probe`: see {@link probeKind}. */
async function checkProbe(check: ProbeCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const pod = await view.find(POD, check.pod);
  if (!pod || pod.metadata?.deletionTimestamp) return failed(t(lang, 'probe.noPod', { pod: check.pod }));
  const containers: Container[] = pod.spec?.containers ?? [];
  const container = check.container ? containers.find((c) => c.name === check.container) : containers[0];
  if (!container) return failed(t(lang, 'probe.noContainer', { pod: check.pod, container: check.container ?? '' }));
  const base = { pod: check.pod, container: container.name };
  const status: ContainerStatus | undefined = (pod.status?.containerStatuses ?? []).find(
    (s: ContainerStatus) => s.name === container.name,
  );
  const events = (await eventsAbout(view, pod)).filter((e) => !started(status) || e.time >= started(status)!);
  const allEvents = await eventsAbout(view, pod);
  const problems: Problem[] = [];
  const facts: string[] = [];

  // What the spec says, wrong from the start whatever the kubelet does later.
  for (const probe of check.declares ?? []) {
    if (!container[FIELD[probe]])
      problems.push({
        message: t(lang, 'probe.missing', { ...base, probe, field: FIELD[probe] }),
        path: `spec.containers[${container.name}].${FIELD[probe]}`,
        expected: 'a probe',
        actual: null,
      });
  }
  if (check.declares?.length && !problems.length)
    facts.push(t(lang, 'probe.fact.declares', { probes: check.declares.join(', ') }));
  if (check.startupBudgetSeconds !== undefined && container.startupProbe) {
    const p = container.startupProbe;
    const budget = (p.initialDelaySeconds ?? 0) + (p.periodSeconds ?? 10) * (p.failureThreshold ?? 3);
    if (budget < check.startupBudgetSeconds)
      problems.push({
        message: t(lang, 'probe.budget', { ...base, actual: budget, expected: check.startupBudgetSeconds }),
        path: `spec.containers[${container.name}].startupProbe`,
        expected: check.startupBudgetSeconds,
        actual: budget,
      });
    else facts.push(t(lang, 'probe.fact.budget', { seconds: budget }));
  } else if (check.startupBudgetSeconds !== undefined && !check.declares?.includes('startup'))
    problems.push({ message: t(lang, 'probe.missing', { ...base, probe: 'startup', field: FIELD.startup }) });
  const policy: string = pod.spec?.restartPolicy ?? 'Always';
  if (check.restarted === true && policy === 'Never')
    problems.push({
      message: t(lang, 'probe.never', { ...base, policy }),
      path: 'spec.restartPolicy',
      expected: 'Always',
      actual: policy,
    });
  if (check.ready === true || check.readyAfterSeconds !== undefined) {
    const port = unknownPort(container);
    if (port) problems.push({ message: t(lang, 'probe.portUnknown', { ...base, ...port }) });
  }
  if (problems.length) return failed(problems[0]!.message, problems);

  // What the kubelet did.
  const count = status?.restartCount ?? 0;
  const killing = allEvents.find((e) => e.reason === 'Killing' && /failed (liveness|startup) probe/.test(e.message));
  if (check.restarted === true) {
    const byLiveness = allEvents.some((e) => e.reason === 'Killing' && e.message.includes('failed liveness probe'));
    if (count === 0)
      problems.push({
        message: t(lang, 'probe.notRestarted', { ...base, why: lastSaid(events, 'liveness', lang) }),
        path: 'status.containerStatuses.restartCount',
        expected: '>= 1',
        actual: 0,
      });
    else if (!byLiveness)
      problems.push({ message: t(lang, 'probe.restartedOther', { ...base, count, why: killing?.message ?? '' }) });
    else {
      const ran = seconds0(status?.lastState?.terminated?.startedAt, status?.lastState?.terminated?.finishedAt);
      if (check.minRunSeconds !== undefined && ran !== undefined && ran < check.minRunSeconds)
        problems.push({
          message: t(lang, 'probe.ranShort', { ...base, actual: ran, expected: check.minRunSeconds }),
          path: 'status.containerStatuses.lastState.terminated',
          expected: check.minRunSeconds,
          actual: ran,
        });
      else facts.push(t(lang, 'probe.fact.restarted', { count, seconds: ran ?? '?' }));
    }
  }
  if (check.restarted === false) {
    if (count > 0)
      problems.push({
        message: t(lang, 'probe.wasRestarted', { ...base, count, why: killing ? `: ${killing.message}` : '' }),
        path: 'status.containerStatuses.restartCount',
        expected: 0,
        actual: count,
      });
    else facts.push(t(lang, 'probe.fact.notRestarted'));
  }
  const ready = status?.ready === true;
  if (check.ready !== undefined || check.readyAfterSeconds !== undefined) {
    const wantReady = check.ready ?? true;
    if (wantReady && !ready)
      problems.push({
        message: t(lang, 'probe.notReady', { ...base, why: lastSaid(events, notReadyProbe(container), lang) }),
        path: 'status.containerStatuses.ready',
        expected: true,
        actual: false,
      });
    else if (!wantReady && ready)
      problems.push({
        message: t(lang, 'probe.isReady', base),
        path: 'status.containerStatuses.ready',
        expected: false,
        actual: true,
      });
    else if (wantReady && check.readyAfterSeconds !== undefined) {
      const cond = (pod.status?.conditions ?? []).find((c: { type?: string }) => c.type === 'Ready');
      const after = seconds0(started(status), cond?.lastTransitionTime);
      if (after === undefined || after < check.readyAfterSeconds)
        problems.push({
          message: t(lang, 'probe.readyEarly', { ...base, actual: after ?? 0, expected: check.readyAfterSeconds }),
          path: 'status.conditions[Ready].lastTransitionTime',
          expected: check.readyAfterSeconds,
          actual: after,
        });
      else facts.push(t(lang, 'probe.fact.readyAfter', { seconds: after }));
    } else facts.push(t(lang, wantReady ? 'probe.fact.ready' : 'probe.fact.notReady'));
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(t(lang, 'probe.passed', { ...base, facts: facts.join('; ') }));
}

/** When the container's current run started (RFC 3339), if it runs. */
const started = (status?: ContainerStatus): string | undefined => status?.state?.running?.startedAt;

/** The probe that keeps a container from Ready: its startup probe until it has started, else its readiness probe. */
const notReadyProbe = (c: Container): ProbeName =>
  c.readinessProbe ? 'readiness' : c.startupProbe ? 'startup' : 'liveness';

/** The kubelet's latest word on a probe (its newest Unhealthy Event about it), as a clause, or ''. */
function lastSaid(events: ObjectEvent[], probe: ProbeName, lang: Lang): string {
  const e = events.find((x) => x.reason === 'Unhealthy' && x.message.startsWith(UNHEALTHY[probe]));
  return e ? t(lang, 'probe.kubeletSays', { message: e.message }) : '';
}

/**
 * A probe's port that the container does not declare, when it declares ports: a number not among
 * its containerPorts, or a name none of them has (the kubelet cannot resolve that one at all).
 */
function unknownPort(c: Container): { probe: ProbeName; port: string; ports: string } | undefined {
  const declared = c.ports ?? [];
  if (!declared.length) return undefined;
  for (const probe of ['readiness', 'startup', 'liveness'] as const) {
    const p = c[FIELD[probe]];
    const port = p?.httpGet?.port ?? p?.tcpSocket?.port;
    if (port === undefined) continue;
    const known =
      typeof port === 'number' ? declared.some((d) => d.containerPort === port) : declared.some((d) => d.name === port);
    if (!known)
      return {
        probe,
        port: String(port),
        ports: declared.map((d) => (d.name ? `${d.containerPort} (${d.name})` : String(d.containerPort))).join(', '),
      };
  }
  return undefined;
}
