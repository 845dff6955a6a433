import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { runChecks } from '../../src/checks/engine.js';
import { CHECK_KINDS, type Check } from '../../src/checks/kinds/index.js';
import * as v from 'valibot';
import { dropNamespace, testClient } from './helpers.js';

const client = testClient();
const made: string[] = [];
afterAll(async () => {
  for (const ns of made) await dropNamespace(client, ns);
});

/** A namespace named like a lab's (`lab-...`), where a learner may have worked by mistake. */
async function labLike(): Promise<string> {
  const ns = `lab-c1msg-${randomBytes(3).toString('hex')}`;
  made.push(ns);
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}

const check = (fields: Record<string, unknown>): Check =>
  v.parse(v.union(CHECK_KINDS.map((k) => k.schema)), { id: 'c', title: 'c', ...fields }) as Check;

describe('a missing object found in another namespace', () => {
  it('says which namespace has it (kubectl without -n)', async () => {
    const [here, there] = [await labLike(), await labLike()];
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'front-end-lb' },
        spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports: [{ port: 80 }] },
      },
      there,
    );
    const lab = {
      id: 'msg',
      title: 'msg',
      tasks: [
        {
          id: 't',
          title: 't',
          points: 1,
          checks: [check({ type: 'object', target: { apiVersion: 'v1', kind: 'Service', name: 'front-end-lb' } })],
        },
      ],
    };
    const report = await runChecks(lab, client, here, { lang: 'en' });
    expect(report.tasks[0]!.checks[0]!.summary).toBe(
      `Service front-end-lb (v1) does not exist in namespace ${here}, but it exists in namespace ${there}; create it in this one (kubectl ... -n <lab namespace>, or eval "$(lab env)")`,
    );
  });
});
