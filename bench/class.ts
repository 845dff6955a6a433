// Scale figure for `lab class` (issue 16): 100 learners x 3 labs on one API server.
// Run: node_modules/.bin/vite-node bench/class.ts [learners] [--keep]
// Starts a local cluster of its own ("cka-lab-bench-class", in a temporary state folder, cached
// binaries), makes the class through src/class (each learner's namespaces with the labs' setups,
// RBAC, tokens, kubeconfigs), then measures:
//  - one `lab class status` refresh in-process (watchClass: the roster list, one list and one
//    watch per kind, every seat checked), its time and API requests (KubeClient onRequest);
//  - a change in one learner's namespace until the board shows it, and its requests;
//  - `lab class status --once` as a process (dist/lab.cjs, `npm run build` first), wall time.
// Prints a Markdown table and writes bench/class-results.json.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-bench-class-'));
process.env.XDG_STATE_HOME = stateHome; // before cka-lab's modules read it
// The CLI measured is a copy of bin/ and dist/ taken now: a concurrent `npm run build` removes dist/ for a moment.
const root = new URL('..', import.meta.url).pathname;
const cli = join(stateHome, 'cli');
for (const d of ['bin', 'dist']) cpSync(join(root, d), join(cli, d), { recursive: true });

const { LocalCluster } = await import('../src/cluster/local/local-cluster.js');
const { KubeClient } = await import('../src/kube/client.js');
const { loadKubeConfig } = await import('../src/kube/config.js');
const { loadLab } = await import('../src/labs/loader.js');
const { memoryLog, stderrLog } = await import('../src/util/log.js');
const { createClass } = await import('../src/class/create.js');
const { deleteClass } = await import('../src/class/delete.js');
const { readRoster } = await import('../src/class/roster.js');
const { watchClass, classKinds } = await import('../src/class/status.js');
const { learnerNamespace } = await import('../src/class/names.js');

const LEARNERS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100);
const LABS = ['replicaset', 'service-clusterip', 'replicationcontroller'];
const ROUNDS = 5;
const KLASS = 'bench';
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const note = (m: string) => process.stderr.write(`  [class bench] ${m}\n`);

const cluster = new LocalCluster().withName('cka-lab-bench-class').withNodes(2);
const kubeconfig = await cluster.up(stderrLog());
try {
  const requests: string[] = [];
  const client = new KubeClient(loadKubeConfig({ kubeconfig }), {
    onRequest: (method, path) => requests.push(`${method} ${path.split('?')[0]}`),
  });
  const labs = await Promise.all(LABS.map((id) => loadLab(id)));
  const learners = Array.from({ length: LEARNERS }, (_, i) => `l${String(i + 1).padStart(3, '0')}`);

  note(`creating class ${KLASS}: ${LEARNERS} learners x ${LABS.length} labs`);
  let t0 = now();
  await createClass(client, { name: KLASS, learners, labs: LABS }, labs, {
    log: memoryLog(),
    expirationSeconds: 3600,
  });
  const createMs = now() - t0;
  const createRequests = requests.length;
  note(`created in ${(createMs / 1000).toFixed(1)} s, ${createRequests} requests`);

  // One refresh, as `lab class status` does it: roster, lists and watches, every seat checked.
  const refreshMs: number[] = [];
  let refreshRequests: string[] = [];
  const byLab = new Map(labs.map((l) => [l.id, l] as const));
  for (let round = 0; round < ROUNDS; round++) {
    requests.length = 0;
    t0 = now();
    const seats = await readRoster(client, KLASS);
    const board = await watchClass(client, seats, byLab, { lang: 'en' });
    refreshMs.push(now() - t0);
    refreshRequests = [...requests];
    if (round < ROUNDS - 1) {
      board.stop();
      continue;
    }
    // A change in one learner's namespace, until the board shows it (the watch, then one seat re-checked).
    requests.length = 0;
    const ns = learnerNamespace(KLASS, learners[0]!, 'replicaset');
    const passed = () => board.reports().find((r) => r.namespace === ns)!.report.tasks[0]!.pass;
    t0 = now();
    await client.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'myapp-replicaset', labels: { app: 'myapp' } },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'myapp' } },
          template: {
            metadata: { labels: { app: 'myapp' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
          },
        },
      },
      ns,
    );
    const afterApply = requests.length;
    let changeMs = -1;
    for (let i = 0; i < 400 && changeMs < 0; i++) {
      if (passed()) changeMs = now() - t0;
      else await new Promise((r) => setTimeout(r, 5));
    }
    const changeRequests = requests.length - afterApply;
    board.stop();

    // The CLI as an instructor runs it, one refresh and out.
    const cliMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = now();
      execFileSync(
        'node',
        [join(cli, 'bin', 'lab.cjs'), 'class', 'status', KLASS, '--once', '--kubeconfig', kubeconfig],
        {
          env: { ...process.env, XDG_STATE_HOME: stateHome, CKA_LAB_HOME: root },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      cliMs.push(now() - t0);
    }

    const kinds = classKinds(labs).map((k) => k.kind);
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, loadavg: loadavg().map((l) => Math.round(l * 10) / 10) },
      learners: LEARNERS,
      labs: LABS,
      seats: seats.length,
      createSeconds: Math.round(createMs / 100) / 10,
      refreshMs: refreshMs.map(Math.round),
      refreshMedianMs: Math.round(median(refreshMs)),
      refreshRequests: refreshRequests.length,
      refreshRequestPaths: refreshRequests,
      watches: kinds.length,
      kinds,
      changeToBoardMs: Math.round(changeMs),
      changeRequests,
      cliStatusOnceMs: cliMs.map(Math.round),
      cliStatusOnceMedianMs: Math.round(median(cliMs)),
    };
    writeFileSync(new URL('./class-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
    console.log(
      [
        `| ${LEARNERS} learners x ${LABS.length} labs (${seats.length} seats) | figure |`,
        '|---|---|',
        `| class create (namespaces, setups, RBAC, tokens, kubeconfigs) | ${results.createSeconds} s |`,
        `| one refresh in-process (roster, lists, watches, ${seats.length} check runs), median of ${ROUNDS} | ${results.refreshMedianMs} ms |`,
        `| API requests per refresh | ${results.refreshRequests} (1 namespace list + 1 list per kind; ${kinds.length} watches) |`,
        `| a change in one namespace until the board shows it | ${results.changeToBoardMs} ms, ${changeRequests} requests |`,
        `| \`lab class status --once\` as a process, median of 3 | ${results.cliStatusOnceMedianMs} ms |`,
      ].join('\n'),
    );
  }
  if (!process.argv.includes('--keep')) await deleteClass(client, KLASS, 300_000);
} finally {
  if (!process.argv.includes('--keep')) {
    await cluster.down(memoryLog());
    rmSync(stateHome, { recursive: true, force: true });
  }
}
