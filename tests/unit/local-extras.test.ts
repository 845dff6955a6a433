// The local cluster's optional parts without Go (src/cluster/local/extras.ts, addons.ts, agent.ts):
// metrics-server comes from its official release (here a mirror of the test's own, as these machines
// reach no release site), checked against GitHub's digest; the agent, cka-lab's own code, has no
// release, so without Go it is missing and one warning says what does not work and what to do.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadReleaseManifest, MIRROR_ENV, planRelease } from '../../src/cluster/download/manifest.js';
import {
  addonBinaryDir,
  addonManifestPath,
  downloadedAddonDir,
  metricsServerVersion,
  readyAddonDir,
} from '../../src/cluster/local/addons.js';
import { agentBinaryPath } from '../../src/cluster/local/agent.js';
import { ensureExtras, extrasAbsent } from '../../src/cluster/local/extras.js';
import { assertExtras } from '../../src/labs/runtime.js';
import { ClusterError } from '../../src/errors.js';
import { memoryLog } from '../../src/util/log.js';
import { digest, fakeBinary, startSite, type TestSite } from './download-server.js';

const root = mkdtempSync(join(tmpdir(), 'cka-lab-no-go-'));
const saved = { PATH: process.env.PATH, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
const savedState = process.env.XDG_STATE_HOME;
const binary = fakeBinary('metrics-server', 50_000);
const version = 'v0.8.0';
const asset = `metrics-server-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`;
let site: TestSite;

beforeAll(async () => {
  site = await startSite({
    [`/m/metrics-server/${version}/${asset}`]: { body: binary },
    [`/m/github-api/kubernetes-sigs/metrics-server/releases/tags/${version}`]: {
      body: Buffer.from(JSON.stringify({ assets: [{ name: asset, digest: `sha256:${digest(binary)}` }] })),
    },
  });
  // Go hidden: PATH keeps every folder but the one holding `go`.
  process.env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => !existsSync(join(d, 'go')))
    .join(delimiter);
  process.env[MIRROR_ENV] = `${site.url}/m`;
});
beforeEach(() => {
  process.env.XDG_CACHE_HOME = mkdtempSync(join(root, 'cache-')); // an empty cache: nothing built yet
});
afterAll(async () => {
  await site.close();
  process.env.PATH = saved.PATH;
  process.env.XDG_CACHE_HOME = saved.XDG_CACHE_HOME;
  process.env.XDG_STATE_HOME = savedState;
  delete process.env[MIRROR_ENV];
  rmSync(root, { recursive: true, force: true });
});

describe('the extras without Go', () => {
  it('downloads metrics-server from its release, verified, and goes on without the agent, saying so once', async () => {
    const log = memoryLog();
    const extras = await ensureExtras(log);
    expect(extras.metricsServer).toBe(join(downloadedAddonDir(), 'metrics-server'));
    expect(readFileSync(extras.metricsServer!)).toEqual(binary);
    expect(readyAddonDir()).toBe(downloadedAddonDir());
    expect(extras.agent).toBeUndefined();
    expect(existsSync(agentBinaryPath())).toBe(false);
    expect(extras.missing).toEqual(['cka-lab-agent']);
    const warnings = log.lines.filter((l) => l.includes('cannot be downloaded or built'));
    expect(warnings).toEqual([
      'cka-lab-agent cannot be downloaded or built here (Go is missing), so the cluster starts without them and ' +
        "CreateContainerConfigError and the crds lab's Backup operator do not work; install Go 1.25 or newer, " +
        'then `lab cluster reset` builds them into a new cluster.',
    ]);
  });

  it('goes on without metrics-server too when its file does not match its digest, and keeps no file', async () => {
    site.routes.set(`/m/metrics-server/${version}/${asset}`, { body: fakeBinary('tampered', 50_000) });
    try {
      const log = memoryLog();
      const extras = await ensureExtras(log);
      expect(extras).toEqual({ missing: ['metrics-server', 'cka-lab-agent'] });
      expect(existsSync(join(downloadedAddonDir(), 'metrics-server'))).toBe(false);
      expect(existsSync(join(addonBinaryDir(), 'metrics-server'))).toBe(false);
      expect(log.lines.join('\n')).toContain(
        'metrics-server and cka-lab-agent cannot be downloaded or built here (Go is missing), so the cluster ' +
          'starts without them and kubectl top and HorizontalPodAutoscalers and CreateContainerConfigError',
      );
    } finally {
      site.routes.set(`/m/metrics-server/${version}/${asset}`, { body: binary });
    }
  });

  it('takes metrics-server from the official GitHub release of the version build/addons pins', () => {
    expect(metricsServerVersion()).toBe(version);
    const plan = planRelease(loadReleaseManifest(addonManifestPath()), ['metrics-server'], 'linux/arm64', {
      kube: 'v1.35.4',
      etcd: 'v3.6.5',
      kwok: 'v0.8.0',
      'metrics-server': version,
    } as never);
    expect(plan.files).toEqual([
      {
        name: 'metrics-server',
        url: 'https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.8.0/metrics-server-linux-arm64',
        checksum: {
          algorithm: 'sha256',
          format: 'github-digest',
          url: 'https://api.github.com/repos/kubernetes-sigs/metrics-server/releases/tags/v0.8.0',
          entry: 'metrics-server-linux-arm64',
        },
      },
    ]);
  });
});

/** A local cluster's kwok.yaml, as kwokctl saves it, listing components of these names. */
function writeKwokYaml(state: string, names: string[]): void {
  const dir = join(state, 'cka-lab', 'cka-lab', 'kwok', 'clusters', 'cka-lab');
  mkdirSync(dir, { recursive: true });
  const components = names.map((n) => `- name: ${n}\n  binary: /cache/${n}\n  workDir: ${dir}\n`).join('');
  writeFileSync(
    join(dir, 'kwok.yaml'),
    `apiVersion: config.kwok.x-k8s.io/v1alpha1\nkind: KwokctlConfiguration\ncomponents:\n${components}`,
  );
}

describe('labs that need an extra', () => {
  const base = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok-controller'];

  it('names the extras a cluster was made without', () => {
    expect(extrasAbsent(base)).toEqual(['metrics-server', 'cka-lab-agent']);
    expect(extrasAbsent([...base, 'cka-lab-agent'])).toEqual(['metrics-server']);
    expect(extrasAbsent([...base, 'metrics-server', 'cka-lab-agent'])).toEqual([]);
  });

  it('refuses a lab that needs metrics-server on a local cluster made without it, in one sentence', async () => {
    process.env.XDG_STATE_HOME = mkdtempSync(join(root, 'state-'));
    writeKwokYaml(process.env.XDG_STATE_HOME, [...base, 'cka-lab-agent']);
    const refusal = assertExtras({ id: 'autoscaling', requires: ['metrics'] }, 'en');
    await expect(refusal).rejects.toBeInstanceOf(ClusterError);
    await expect(refusal).rejects.toThrow(
      'The lab autoscaling needs metrics-server (kubectl top and HorizontalPodAutoscalers), which this cluster ' +
        'was started without because Go was missing; install Go 1.25 or newer, then run `lab cluster reset`.',
    );
    // The agent is there: a lab that needs only it starts.
    await expect(assertExtras({ id: 'crds', requires: ['agent'] }, 'en')).resolves.toBeUndefined();
    await expect(assertExtras({ id: 'replicaset', requires: [] }, 'ko')).resolves.toBeUndefined();
  });

  it('lets it start on a cluster that has it, and says it in Korean too', async () => {
    process.env.XDG_STATE_HOME = mkdtempSync(join(root, 'state-'));
    writeKwokYaml(process.env.XDG_STATE_HOME, [...base, 'metrics-server']);
    await expect(assertExtras({ id: 'autoscaling', requires: ['metrics'] }, 'en')).resolves.toBeUndefined();
    await expect(assertExtras({ id: 'crds', requires: ['agent'] }, 'ko')).rejects.toThrow(
      'crds 실습에는 CreateContainerConfigError와 crds 실습의 Backup operator에 쓰이는 cka-lab-agent가 필요한데',
    );
  });
});
