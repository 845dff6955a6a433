import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { ensureTools } from '../../src/cluster/tools.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { contentRoot } from '../../src/util/paths.js';
import { stderrLog } from '../../src/util/log.js';
import { proveOnOwnCluster } from './prove-lab.js';

// The etcd-backup lab restores etcd, which takes the whole cluster back to a snapshot: it is
// proven here on a local cluster of its own (its own state folder, so `lab cluster etcd-restore`,
// run by the lab's exec steps through a `lab` on PATH, acts on this cluster only), never on the
// cluster the other test files share (tests/cluster/labs.test.ts leaves it out).

const state = mkdtempSync(join(tmpdir(), 'cka-lab-etcd-test-state-'));
const shims = mkdtempSync(join(tmpdir(), 'cka-lab-etcd-test-bin-'));
process.env.XDG_STATE_HOME = state;
const cluster = new LocalCluster();
let client: KubeClient;

beforeAll(async () => {
  // The exec steps type `lab cluster etcd-restore ...`, as the learner does with cka-lab installed.
  // It runs a copy of the bundle: another build of the working tree may remove dist/ meanwhile.
  cpSync(join(contentRoot(), 'dist'), join(shims, 'dist'), { recursive: true });
  const script = `#!/bin/sh\nCKA_LAB_HOME='${contentRoot()}' exec "${process.execPath}" "${join(shims, 'dist', 'lab.cjs')}" "$@"\n`;
  writeFileSync(join(shims, 'lab'), script);
  chmodSync(join(shims, 'lab'), 0o755);
  process.env.PATH = `${shims}${delimiter}${process.env.PATH ?? ''}`;
  await ensureTools(stderrLog());
  await cluster.up(stderrLog());
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
}, 1_800_000);

afterAll(async () => {
  await cluster.down(stderrLog()).catch(() => undefined);
  rmSync(state, { recursive: true, force: true });
  rmSync(shims, { recursive: true, force: true });
}, 120_000);

const kept = () => readdirSync(cluster.clusterWorkdir).filter((f) => f.startsWith('etcd.before-restore-'));

describe('etcd-backup lab on a cluster of its own', () => {
  it('proves its checks: snapshot, restore through lab cluster etcd-restore, wrong answers and alternatives', async () => {
    await proveOnOwnCluster('etcd-backup', client);
    // Each restore kept etcd's previous data folder (solution, 3 alternatives, 1 wrong answer).
    expect(kept().length).toBeGreaterThanOrEqual(5);
  }, 1_800_000);

  it('lab cluster etcd-restore refuses what is not a restored data folder, with exit 2 and the command to run', async () => {
    const work = mkdtempSync(join(tmpdir(), 'cka-lab-etcd-test-work-'));
    try {
      writeFileSync(join(work, 'backup.db'), 'not a folder');
      mkdirSync(join(work, 'empty'));
      const env = { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' };
      const lab = (...args: string[]) => execa(join(shims, 'lab'), args, { cwd: work, env, reject: false });
      const file = await lab('cluster', 'etcd-restore', '--data-dir', 'backup.db');
      expect(file.exitCode).toBe(2);
      expect(file.stderr).toContain(
        'backup.db is a file, not a data folder; restore it into a new folder first ' +
          '(`etcdutl snapshot restore backup.db --data-dir <new folder>`) and pass that folder.',
      );
      const empty = await lab('cluster', 'etcd-restore', '--data-dir', 'empty');
      expect(empty.exitCode).toBe(2);
      expect(empty.stderr).toContain('empty is not an etcd data folder (it lacks member/snap/db and member/wal)');
      const current = join(cluster.clusterWorkdir, 'etcd');
      const same = await lab('cluster', 'etcd-restore', '--data-dir', current);
      expect(same.exitCode).toBe(2);
      expect(same.stderr).toContain('is the folder etcd already uses');
      const before = kept().length;
      expect((await cluster.status()).running).toBe(true); // refusals stop nothing
      expect(kept().length).toBe(before);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
