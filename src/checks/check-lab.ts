import { ClusterError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { KubeClient } from '../kube/client.js';
import { assertManaged } from '../kube/namespace.js';
import { poll } from '../util/poll.js';
import { runChecks, type CheckedLab, type RunOptions } from './engine.js';
import type { LabReport } from './result.js';

/** Options for {@link checkLab}. */
export interface CheckLabOptions extends Partial<RunOptions> {
  /** Keep re-checking (every 250 ms) until all pass or this many ms pass; 0 checks once. */
  waitMs?: number;
}

/**
 * Checks a lab (or only `options.tasks`) in `namespace`, optionally re-running until every
 * check passes (riding out a restarting API server meanwhile). The namespace must be one
 * cka-lab created; a missing one fails every check, saying to start the lab.
 * @returns the last report: passing, or the one at the end of `options.waitMs`
 * @throws UsageError when the namespace exists but is not cka-lab's; ClusterError when the
 *   cluster cannot be reached (at the end of the wait); AccessError when it refuses the user
 */
export function checkLab(
  lab: CheckedLab,
  client: KubeClient,
  namespace: string,
  options: CheckLabOptions = {},
): Promise<LabReport> {
  return poll(() => checkOnce(lab, client, namespace, options), {
    intervalMs: 250,
    timeoutMs: options.waitMs ?? 0,
    done: (report) => report.pass,
    retryIf: (err) => err instanceof ClusterError,
  });
}

async function checkOnce(
  lab: CheckedLab,
  client: KubeClient,
  namespace: string,
  options: CheckLabOptions,
): Promise<LabReport> {
  // Both only read; asking at once saves a round-trip. A foreign namespace still throws.
  const [ns, report] = await Promise.all([
    assertManaged(client, namespace),
    runChecks(lab, client, namespace, { lang: options.lang ?? 'en', tasks: options.tasks, workDir: options.workDir }),
  ]);
  if (!ns) {
    for (const check of report.tasks.flatMap((t) => t.checks)) {
      check.summary = t(report.lang ?? 'en', 'check.noNamespace', { ns: namespace, lab: lab.id });
      check.problems = [{ message: check.summary }];
    }
  }
  return report;
}
