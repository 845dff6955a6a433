import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { everyMinutes, parseCron, sameSchedule } from '../../../src/checks/cron.js';

/**
 * tests/fixtures/check-kinds/workload-kinds.json: `kubectl get ds,pods,cronjob,deploy -n fx-wk -o json`
 * and `kubectl get nodes -o json` on the local cluster (two kwok nodes, node-000000 and node-000001,
 * no taints) after applying the workload-kinds lab's manifests under other names: DaemonSets
 * log-agent (the solution), agent-one (nodeSelector kubernetes.io/hostname=node-000000), agent-bad
 * (image busybox:1.36.9: ImagePullBackOff) and agent-affinity (required node affinity hostname NotIn
 * node-000001); a Deployment log-agent (2 replicas); CronJobs backup (*\/5, Forbid), backup-minute-5
 * ("5 * * * *"), backup-allow (no concurrencyPolicy), backup-suspended and backup-list
 * ("0,5,...,55 * * * ?"). managedFields and last-applied annotations removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'workload-kinds.json'), 'utf8')) as { items: KubeObject[] }).items;
const ns = { namespace: 'fx-wk' };

describe('cron schedules', () => {
  const same = (a: string, b: string) => sameSchedule(parseCron(a)!, parseCron(b)!);
  it('reads steps, ranges, lists, names, ? and macros as the CronJob controller does', () => {
    expect(same('*/5 * * * *', '0-59/5 * * * *')).toBe(true);
    expect(same('*/5 * * * *', '0/5 * * * *')).toBe(true);
    expect(same('*/5 * * * *', '0,5,10,15,20,25,30,35,40,45,50,55 * * * ?')).toBe(true);
    expect(same('@hourly', '0 * * * *')).toBe(true);
    expect(same('@daily', '0 0 * * *')).toBe(true);
    expect(same('0 9 * * mon-fri', '0 9 * * 1-5')).toBe(true);
    expect(same('0 0 1 JAN *', '@yearly')).toBe(true);
  });
  it('tells different times apart', () => {
    expect(same('*/5 * * * *', '5 * * * *')).toBe(false);
    expect(same('*/5 * * * *', '0 */5 * * *')).toBe(false);
    expect(same('*/5 * * * *', '1-59/5 * * * *')).toBe(false);
    expect(same('0 9 * * 1-5', '0 9 * * 1-6')).toBe(false);
  });
  it('joins day of month and weekday with OR unless one of them is *', () => {
    // 1-31 is not *: either field may match, so Sunday adds nothing to every day.
    expect(same('0 0 1-31 * 0', '0 0 * * *')).toBe(true);
    expect(same('0 0 * * 0', '0 0 * * *')).toBe(false);
    expect(same('0 0 1 * 1', '0 0 1 * *')).toBe(false);
  });
  it('refuses what the controller would refuse', () => {
    for (const bad of ['* * * *', '60 * * * *', '* * * * 7', '*/0 * * * *', '5-1 * * * *', '@every 5m', 'x * * * *'])
      expect(parseCron(bad), bad).toBeUndefined();
  });
  it('says how many minutes apart evenly spaced runs are', () => {
    expect(everyMinutes(parseCron('*/5 * * * *')!)).toBe(5);
    expect(everyMinutes(parseCron('* * * * *')!)).toBe(1);
    expect(everyMinutes(parseCron('5 * * * *')!)).toBeUndefined();
    expect(everyMinutes(parseCron('0,7 * * * *')!)).toBeUndefined();
  });
});

describe('check kind cronjob', () => {
  it('passes for a schedule that means the same times, with the policy asked', async () => {
    const outcome = await run(
      'cronjob',
      { name: 'backup-list', schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', suspend: false },
      objects(),
      ns,
    );
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toBe(
      'CronJob backup-list runs on "0,5,10,15,20,25,30,35,40,45,50,55 * * * ?" with concurrencyPolicy Forbid',
    );
  });
  it('fails for once an hour at minute 5, saying what each schedule means', async () => {
    const outcome = await run('cronjob', { name: 'backup-minute-5', schedule: '*/5 * * * *' }, objects(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'CronJob backup-minute-5 has schedule "5 * * * *", which runs at other times than "*/5 * * * *": ' +
        'it runs at minute 5 of the hour, the task every 5 minutes',
    );
    expect(outcome.problems[0]).toMatchObject({ path: 'spec.schedule', expected: '*/5 * * * *', actual: '5 * * * *' });
  });
  it('fails for the default concurrencyPolicy Allow and for a suspended CronJob', async () => {
    const allow = await run(
      'cronjob',
      { name: 'backup-allow', schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' },
      objects(),
      ns,
    );
    expect(allow.pass).toBe(false);
    expect(allow.problems[0]).toMatchObject({
      message: 'CronJob backup-allow has concurrencyPolicy Allow, but the task asks for Forbid',
      expected: 'Forbid',
      actual: 'Allow',
    });
    const suspended = await run(
      'cronjob',
      { name: 'backup-suspended', schedule: '*/5 * * * *', suspend: false },
      objects(),
      ns,
    );
    expect(suspended.summary).toBe('CronJob backup-suspended is suspended (spec.suspend: true), so it starts no Jobs');
  });
  it('names a near miss when the CronJob is missing, and speaks Korean', async () => {
    const missing = await run('cronjob', { name: 'backups', schedule: '*/5 * * * *' }, objects(), ns);
    expect(missing.summary).toContain('did you mean CronJob backup?');
    const ko = await run('cronjob', { name: 'backup-minute-5', schedule: '*/5 * * * *' }, objects(), {
      ...ns,
      lang: 'ko',
    });
    expect(ko.summary).toContain('이 스케줄은 매시 5분에, 과제는 5분마다 실행합니다');
  });
});
