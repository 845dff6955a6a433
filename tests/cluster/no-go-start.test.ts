import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { binaryDir, binariesReady } from '../../src/cluster/local/binaries.js';
import { contentRoot } from '../../src/util/paths.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { until } from './helpers.js';

// A first run without Go (issue 16): the control plane is cached (downloaded or built before, as
// the downloads give a connected laptop), but metrics-server and cka-lab-agent are not, Go is not on
// PATH and no release site answers. `lab cluster up` still starts a cluster, saying in one warning
// what does not work; the first lab starts; `lab cluster status` lists both as not built; a lab that
// needs metrics-server is refused with one sentence. The cache is a folder of this test's own that
// links to the shared control plane (nothing shared is written or deleted); so is the state folder.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const work = mkdtempSync(join(tmpdir(), 'cka-lab-no-go-'));
const cache = join(work, 'cache');
const state = join(work, 'state');
let env: Record<string, string>;
let upMs = 0;

const lab = (...args: string[]) =>
  execa(process.execPath, [bin, ...args], { env, extendEnv: false, reject: false, all: true, timeout: 240_000 });

/** A port nothing listens on: a "release site" that cannot be reached. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  expect(binariesReady(), 'the control plane is cached (global setup)').toBe(true);
  mkdirSync(join(cache, 'cka-lab', 'bin'), { recursive: true });
  symlinkSync(binaryDir(), join(cache, 'cka-lab', 'bin', basename(binaryDir())));
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d && !existsSync(join(d, 'go')))
    .join(delimiter);
  env = {
    PATH: path,
    HOME: work,
    XDG_CACHE_HOME: cache,
    XDG_STATE_HOME: state,
    XDG_CONFIG_HOME: join(work, 'config'),
    CKA_LAB_DOWNLOAD_MIRROR: `http://127.0.0.1:${await closedPort()}`,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  expect((await execa('bash', ['-c', 'command -v go'], { env, extendEnv: false, reject: false })).exitCode).toBe(1);
}, 30_000);

afterAll(async () => {
  await lab('cluster', 'down');
  rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('a first lab without Go', () => {
  it('starts the cluster without metrics-server and the agent, saying so in one warning', async () => {
    const started = Date.now();
    const up = await lab('cluster', 'up');
    upMs = Date.now() - started;
    expect(up.exitCode, up.all).toBe(0);
    const warnings = (up.all ?? '').split('\n').filter((l) => l.includes('Go is missing'));
    expect(warnings).toEqual([
      expect.stringContaining(
        'metrics-server and cka-lab-agent cannot be downloaded or built here (Go is missing), so the cluster ' +
          'starts without them and kubectl top and HorizontalPodAutoscalers and CreateContainerConfigError ' +
          "and the crds lab's Backup operator do not work; install Go 1.25 or newer, then `lab cluster reset`",
      ),
    ]);
    expect(existsSync(join(cache, 'cka-lab', 'bin'))).toBe(true);
    console.log(`no-Go lab cluster up (cached control plane): ${(upMs / 1000).toFixed(1)} s`);
  }, 240_000);

  it('starts the first lab', async () => {
    const started = Date.now();
    const start = await lab('start', 'replicaset');
    expect(start.exitCode, start.all).toBe(0);
    console.log(`no-Go lab start replicaset: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);

  it("removes a deleted Pod through kwok's delete Stage, as no agent runs to do it", async () => {
    const lines = (await lab('env', '--no-cd')).stdout;
    const kubeconfig = /KUBECONFIG=['"]?([^'"\n]+)/.exec(lines)?.[1];
    expect(kubeconfig, lines).toBeDefined();
    const client = new KubeClient(loadKubeConfig({ kubeconfig: kubeconfig! }));
    const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
    const pod = (await client.list(POD, 'lab-replicaset'))[0];
    expect(pod, 'the replicaset lab has Pods').toBeDefined();
    await client.delete(POD, pod!.metadata!.name!, 'lab-replicaset'); // the default grace period
    const left = await until(
      () => client.get(POD, pod!.metadata!.name!, 'lab-replicaset'),
      (p) => p === undefined,
      20_000,
    );
    expect(left).toBeUndefined();
  }, 60_000);

  it('lists metrics-server and the agent as not built in `lab cluster status`, which still says running', async () => {
    const status = await lab('cluster', 'status');
    expect(status.exitCode, status.all).toBe(0);
    expect(status.stdout).toMatch(/^ {2}metrics-server +not built$/m);
    expect(status.stdout).toMatch(/^ {2}cka-lab-agent +not built$/m);
    expect(status.stdout).not.toMatch(/stopped/);
    const json = JSON.parse((await lab('cluster', 'status', '-o', 'json')).stdout) as { notBuilt?: string[] };
    expect(json.notBuilt).toEqual(['metrics-server', 'cka-lab-agent']);
  }, 60_000);

  it('refuses a lab that needs metrics-server, in one sentence, with exit code 3', async () => {
    const start = await lab('start', 'autoscaling');
    expect(start.exitCode, start.all).toBe(3);
    expect(start.stderr.trim()).toBe(
      'error: The lab autoscaling needs metrics-server (kubectl top and HorizontalPodAutoscalers), which this cluster ' +
        'was started without because Go was missing; install Go 1.25 or newer, then run `lab cluster reset`.',
    );
    const crds = await lab('start', 'crds');
    expect(crds.exitCode, crds.all).toBe(3);
    expect(crds.stderr).toContain('The lab crds needs cka-lab-agent');
  }, 60_000);
});
