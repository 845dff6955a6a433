import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { deleteLabNamespace } from '../../src/kube/namespace.js';
import { loadLab } from '../../src/labs/loader.js';
import { applySolution } from '../../src/labs/lifecycle.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// `lab check --watch` follows its lab through a reset (objects deleted and made again in
// the same namespace) and through its namespace being deleted and made again: it keeps
// re-checking and ends with a pass once the solution is in.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const replicaset = await loadLab('replicaset');
const namespaces: string[] = [];
const watches: ResultPromise[] = [];
afterAll(async () => {
  for (const w of watches) w.kill();
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const lab = async (...args: string[]) => {
  const run = await execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { reject: false });
  expect(run.exitCode, `lab ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run;
};

type Report = { pass: boolean; passed: number; tasks: { checks: { id: string; pass: boolean }[] }[] };

/** Starts `lab check --watch -o json` (one JSON line per changed result) and gives its reports as they come. */
function watch(ns: string | undefined, labId = 'replicaset') {
  const child = execa(
    'node',
    [bin, 'check', labId, ...(ns ? ['-n', ns] : []), '--watch', '-o', 'json', '--kubeconfig', kubeconfig],
    { reject: false },
  );
  watches.push(child);
  const reports: Report[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines.filter(Boolean)) reports.push(JSON.parse(line) as Report);
    for (const w of waiters.splice(0)) w();
  });
  /** Resolves with the first report from index `from` on that `ok` accepts. */
  const next = (from: number, ok: (r: Report) => boolean, what: string, ms = 30_000) =>
    new Promise<Report>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no report where ${what} within ${ms / 1000} s; got ${JSON.stringify(reports.map((r) => r.passed))}`,
            ),
          ),
        ms,
      );
      const look = () => {
        const found = reports.slice(from).find(ok);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(look);
      };
      look();
    });
  return { child, reports, next };
}

const check = (r: Report, id: string) => r.tasks.flatMap((t) => t.checks).find((c) => c.id === id)!.pass;

// One run in five of the whole suite on a loaded 2-core machine saw a watch here not end within 60 s (not
// reproduced alone in many runs; cause not found yet, see the session note): the cases get a longer time, so the
// inner waits name the step that stalled, and one retry.
describe('lab check --watch through resets', { timeout: 120_000, retry: 1 }, () => {
  // The learner's way: no -n, so the lab runs in lab-<id>, which a reset keeps (and empties).
  // A lab no other test file starts in its default namespace.
  it('follows a lab in its own namespace lab-<id> through `lab reset`, and ends with a pass after the solution', async () => {
    const id = 'replicationcontroller';
    namespaces.push(`lab-${id}`);
    await lab('start', id, '--no-note');
    const w = watch(undefined, id);
    const first = await w.next(0, () => true, 'any report');
    expect(first.pass).toBe(false);
    await lab('reset', id);
    await lab('solution', id, '--apply');
    const result = await w.child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(w.reports.at(-1)).toMatchObject({ pass: true, namespace: `lab-${id}` });
  });

  it('keeps re-checking through `lab reset` (the namespace emptied in place) and ends with a pass after the solution', async () => {
    const ns = freshNamespace('wreset');
    namespaces.push(ns);
    await lab('start', 'replicaset', '-n', ns, '--no-note');
    const w = watch(ns);
    await w.next(0, () => true, 'any report');

    await applySolution(replicaset, { client, namespace: ns, root: replicaset.root, workDir: process.cwd() }, [
      'create',
    ]);
    const before = await w.next(0, (r) => check(r, 'rs-exists'), 'the ReplicaSet exists');
    expect(before.pass).toBe(false);

    const seen = w.reports.length;
    await lab('reset', 'replicaset', '-n', ns);
    // The reset deleted the learner's ReplicaSet: the watch saw it and is still running.
    await w.next(seen, (r) => !check(r, 'rs-exists'), 'the ReplicaSet is gone after the reset');
    expect(w.child.exitCode).toBe(null);

    await lab('solution', 'replicaset', '-n', ns, '--apply');
    const result = await w.child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(w.reports.at(-1)!.pass).toBe(true);
  });

  it('lists afresh when its namespace is deleted and made again, and ends with a pass after the solution', async () => {
    const ns = freshNamespace('wrecreate');
    namespaces.push(ns);
    await lab('start', 'replicaset', '-n', ns, '--no-note');
    const w = watch(ns);
    await w.next(0, () => true, 'any report');

    await deleteLabNamespace(client, ns, 60_000); // waits until it is gone
    await lab('start', 'replicaset', '-n', ns, '--no-note');
    await lab('solution', 'replicaset', '-n', ns, '--apply');
    const result = await w.child;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(w.reports.at(-1)!.pass).toBe(true);
  });
});
