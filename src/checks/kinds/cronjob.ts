import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { everyMinutes, parseCron, sameSchedule, type CronSchedule } from '../cron.js';

const CRONJOB = { apiVersion: 'batch/v1', kind: 'CronJob' } as const;

const fields = {
  /** The CronJob of the lab namespace. */
  name: v.string(),
  /** The schedule the task asks for; any schedule that runs at the same times passes. */
  schedule: v.string(),
  /** spec.concurrencyPolicy (Allow when left out of the CronJob). */
  concurrencyPolicy: v.optional(v.picklist(['Allow', 'Forbid', 'Replace'])),
  /** spec.suspend (false when left out of the CronJob). */
  suspend: v.optional(v.boolean()),
};
type CronJobCheck = CheckData<'cronjob', typeof fields>;

/** The `cronjob` check kind; its `description` says what it checks. */
export const cronJobKind = defineCheckKind({
  type: 'cronjob',
  description:
    'The CronJob `name` exists and its schedule runs at the same times as `schedule` (compared by meaning: ' +
    '`*/5 * * * *`, `0-59/5 * * * *` and `0,5,10,...,55 * * * *` are equal; names, `?` and macros such as ' +
    '`@hourly` are read as the CronJob controller reads them), with `concurrencyPolicy` and `suspend` ' +
    '(defaults Allow and false) when given.',
  fields,
  reads: () => [CRONJOB],
  problem: (check) =>
    parseCron(check.schedule)
      ? undefined
      : { path: ['schedule'], problem: 'expected a five-field cron schedule or a macro such as @hourly' },
  run: checkCronJob,
});

/** `0,5,10,...,55` for a long list; the values themselves for a short one. */
function showValues(values: Set<number>): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length > 8 ? `${sorted.slice(0, 3).join(',')},...,${sorted[sorted.length - 1]}` : sorted.join(',');
}

/** What the schedule's minutes mean, in words: "every 5 minutes" or "at minutes 5". */
function minutesMeaning(s: CronSchedule, view: NamespaceView): string {
  const every = everyMinutes(s);
  return every
    ? t(view.lang, 'cronjob.everyMinutes', { n: every })
    : t(view.lang, 'cronjob.atMinutes', { minutes: showValues(s.minutes), count: s.minutes.size });
}

/** `cronjob`: the CronJob runs on the schedule asked (by meaning) with the policy asked. */
async function checkCronJob(check: CronJobCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const cronJob = await view.find(CRONJOB, check.name);
  if (!cronJob) return failed(await explainMissing(view, { ...CRONJOB, name: check.name }));
  const problems: Problem[] = [];
  const actual = String(cronJob.spec?.schedule ?? '');
  const expected = parseCron(check.schedule)!; // checked when the lab is loaded (problem)
  const parsed = parseCron(actual);
  if (!parsed) {
    const message = t(lang, 'cronjob.unreadable', { name: check.name, actual, expected: check.schedule });
    problems.push({ message, path: 'spec.schedule', expected: check.schedule, actual });
  } else if (!sameSchedule(parsed, expected)) {
    const sorted = (s: CronSchedule) => [...s.minutes].sort((a, b) => a - b).join();
    const minutes =
      sorted(parsed) !== sorted(expected)
        ? t(lang, 'cronjob.minutes', { actual: minutesMeaning(parsed, view), expected: minutesMeaning(expected, view) })
        : '';
    const message = t(lang, 'cronjob.schedule', { name: check.name, actual, expected: check.schedule, minutes });
    problems.push({ message, path: 'spec.schedule', expected: check.schedule, actual });
  }
  const policy = (cronJob.spec?.concurrencyPolicy as string | undefined) ?? 'Allow';
  if (check.concurrencyPolicy && policy !== check.concurrencyPolicy) {
    const message = t(lang, 'cronjob.policy', { name: check.name, actual: policy, expected: check.concurrencyPolicy });
    problems.push({ message, path: 'spec.concurrencyPolicy', expected: check.concurrencyPolicy, actual: policy });
  }
  const suspended = cronJob.spec?.suspend === true;
  if (check.suspend !== undefined && suspended !== check.suspend) {
    const message = t(lang, suspended ? 'cronjob.suspended' : 'cronjob.notSuspended', { name: check.name });
    problems.push({ message, path: 'spec.suspend', expected: check.suspend, actual: suspended });
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(t(lang, 'cronjob.passed', { name: check.name, schedule: actual, policy }));
}
