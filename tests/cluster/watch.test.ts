import { afterAll, describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/loader.js';
import { applySolution, startLab } from '../../src/labs/lifecycle.js';
import { watchLab } from '../../src/checks/watch.js';
import type { LabReport } from '../../src/checks/result.js';
import { dropNamespace, freshNamespace, quietLog, testClient } from './helpers.js';

const lab = await loadLab('replicaset');
const client = testClient();
const namespaces: string[] = [];
afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const replicasCheck = (r: LabReport) => r.tasks.flatMap((t) => t.checks).find((c) => c.id === 'rs-replicas-6')!;

describe('lab check --watch', () => {
  it('re-checks on a watch event: a kubectl scale turns the replicas check green, then the watch ends on a full pass', async () => {
    const ns = freshNamespace('watch');
    namespaces.push(ns);
    await startLab(lab, client, ns, quietLog());
    await applySolution(lab, { client, namespace: ns, root: lab.root, workDir: process.cwd() }, ['create']);

    const reports: LabReport[] = [];
    let notify: () => void = () => undefined;
    const handle = await watchLab(lab, client, ns, { lang: 'en' }, (r) => {
      reports.push(r);
      notify();
    });
    try {
      expect(replicasCheck(reports[0]!).pass).toBe(false);
      const seen = reports.length;
      const changed = new Promise<void>((resolve) => {
        notify = () => reports.slice(seen).some((r) => replicasCheck(r).pass) && resolve();
      });
      const sent = performance.now();
      await client.patch(
        { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
        'myapp-replicaset',
        ns,
        { spec: { replicas: 6 } },
        'merge',
        'scale',
      );
      await changed;
      // The re-check reads the watch cache; the new result arrives well within a second.
      expect(performance.now() - sent).toBeLessThan(2000);
      const final = await handle.passed;
      expect(final.pass).toBe(true);
      expect(reports.length).toBeGreaterThan(seen + 1);
    } finally {
      handle.stop();
    }
  });
});
