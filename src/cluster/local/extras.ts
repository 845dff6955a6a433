import { join } from 'node:path';
import type { Log } from '../../util/log.js';
import { say } from '../../i18n/current.js';
import { t, type Lang } from '../../i18n/t.js';
import { ADDON_BINARIES, ensureAddonBinaries } from './addons.js';
import { AGENT, ensureAgent } from './agent.js';

/**
 * The parts of the local cluster it can start without: metrics-server (`kubectl top`,
 * HorizontalPodAutoscalers; downloaded or built from build/addons) and cka-lab-agent
 * (CreateContainerConfigError, the crds lab's Backup operator; built from build/agent, cka-lab's own
 * code). Without network and Go, or without Go for the agent, a first cluster starts without them
 * instead of refusing to start (issue 16: a first lab without Go).
 */
export const EXTRAS = ['metrics-server', AGENT] as const;
export type Extra = (typeof EXTRAS)[number];

/** The `requires:` entry of a lab for each extra (labs/<id>/lab.yaml; src/labs/runtime.ts). */
export const EXTRA_FOR_REQUIREMENT = { metrics: 'metrics-server', agent: AGENT } as const satisfies Record<
  string,
  Extra
>;

/** The binaries of the extras that are ready, and those that are not (empty when all are). */
export interface Extras {
  /** Absolute path of metrics-server, when downloaded or built. */
  metricsServer?: string;
  /** Absolute path of cka-lab-agent, when built. */
  agent?: string;
  missing: Extra[];
}

/**
 * Gets the extras ready (download or Go build; src/cluster/local/addons.ts, agent.ts). When one
 * cannot be had because Go is missing, says in one warning what does not work without it and how to
 * get it, and returns it in `missing` instead of failing.
 * @throws ClusterError when a Go build runs and fails (as before: a broken build is not hidden)
 */
export async function ensureExtras(log: Log): Promise<Extras> {
  const addons = await ensureAddonBinaries(log);
  const agent = await ensureAgent(log);
  const missing: Extra[] = [];
  if (!addons) missing.push('metrics-server');
  if (!agent) missing.push(AGENT);
  const extras: Extras = {
    ...(addons ? { metricsServer: join(addons, ADDON_BINARIES[0]) } : {}),
    ...(agent ? { agent } : {}),
    missing,
  };
  if (extras.missing.length > 0) log.warn(say('local.extrasMissing', describeExtras(extras.missing)));
  return extras;
}

/** The extras a created cluster was made without: those its kwok.yaml lists no component for. */
export const extrasAbsent = (componentNames: readonly string[]): Extra[] =>
  EXTRAS.filter((e) => !componentNames.includes(e));

/**
 * The message parameters that name extras and what works only with them: `names`
 * ("metrics-server and cka-lab-agent") and `what` ("kubectl top, HorizontalPodAutoscalers, ...").
 * @param lang the language of the message; the current one ({@link say}) when not given
 */
export function describeExtras(extras: readonly Extra[], lang?: Lang): { names: string; what: string } {
  const text = (key: 'local.and' | 'local.extraAgent' | 'local.extraMetrics'): string =>
    lang ? t(lang, key) : say(key);
  const and = text('local.and');
  return {
    names: extras.join(and),
    what: extras.map((e) => text(e === AGENT ? 'local.extraAgent' : 'local.extraMetrics')).join(and),
  };
}
