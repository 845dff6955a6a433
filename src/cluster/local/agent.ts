import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { ensureGoBuild, goAvailable } from '../go-build.js';
import { say } from '../../i18n/current.js';

/**
 * The name of cka-lab's agent, as a component of the local cluster and as its binary:
 * the part of a kubelet kwok Stages cannot do (build/agent/main.go): it marks each Pod that has not
 * started with whether the ConfigMaps and Secrets its containers' environment names exist, which
 * cluster/stages/pod-config-error.yaml turns into CreateContainerConfigError; it removes the deleted
 * Pods of kwok nodes with a UID precondition, as a kubelet does (build/agent/reaper.go). It also runs the crds
 * lab's Backup operator (build/agent/backups.go), which acts once the learner installs its CRD.
 */
export const AGENT = 'cka-lab-agent';

/** The wrapper Go module of the agent. */
const agentSource = (): string => join(contentRoot(), 'build', 'agent');

/** The files whose content decides the agent's cache folder. */
const SOURCES = ['go.mod', 'go.sum', 'main.go', 'queue.go', 'reaper.go', 'backups.go', 'gateway.go', 'build.sh'];

/**
 * The agent's cache folder, $XDG_CACHE_HOME/cka-lab/bin/agent_<hash>: keyed by a hash of
 * build/agent's sources, so a change there builds afresh and the control plane's cache is untouched.
 */
export function agentDir(): string {
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(agentSource(), f)));
  return join(xdgDir('cache'), 'bin', `agent_${hash.digest('hex').slice(0, 8)}`);
}

/** Path of the built agent (it may not exist yet). */
export const agentBinaryPath = (): string => join(agentDir(), AGENT);

/** How long a second process waits for a first build of the agent, in ms. */
const BUILD_WAIT_MS = 10 * 60_000;

/**
 * Builds the agent with `go` from build/agent unless it is cached (about a minute the first time).
 * It is cka-lab's own code, so no release publishes it: without Go there is none.
 * @returns the binary's path, or undefined when it is not cached and Go is missing (the local
 *   cluster then starts without it; see src/cluster/local/extras.ts)
 * @throws ClusterError when the build fails (its last lines included)
 */
export async function ensureAgent(log: Log): Promise<string | undefined> {
  const binary = agentBinaryPath();
  const dir = dirname(binary);
  if (!existsSync(binary) && !(await goAvailable())) return undefined;
  await ensureGoBuild(
    {
      dir,
      ready: () => existsSync(binary),
      script: join(agentSource(), 'build.sh'),
      args: [dir],
      waitMs: BUILD_WAIT_MS,
      noGo: say('local.noGo'),
      building: say('local.buildingAgent', { agent: AGENT }),
      failed: (tail) => say('local.agentFailed', { agent: AGENT, tail }),
      built: (seconds) => say('local.builtAgent', { agent: AGENT, seconds, dir }),
    },
    log,
  );
  return binary;
}

/**
 * The agent as an entry of the KwokctlConfiguration's `components:` list (YAML lines), which
 * kwokctl's binary runtime starts after the API server, stops, and starts again with
 * `kwokctl start cluster` like its own components: pid file `pids/cka-lab-agent.pid`, log
 * `logs/cka-lab-agent.log` in `workdir`. It uses kwokctl's admin kubeconfig of the cluster and
 * serves /healthz (200 once its caches are synced) on 127.0.0.1:`healthPort`.
 * @param workdir kwokctl's workdir of the cluster (absolute)
 */
export function agentComponent(workdir: string, binary: string, healthPort: number): string[] {
  return [
    `- name: ${AGENT}`,
    `  binary: ${JSON.stringify(binary)}`,
    '  args:',
    `  - ${JSON.stringify(`--kubeconfig=${join(workdir, 'kubeconfig.yaml')}`)}`,
    `  - --health-address=127.0.0.1:${healthPort}`,
    '  links: [kube-apiserver]',
    `  workDir: ${JSON.stringify(workdir)}`,
  ];
}

/** A free port on 127.0.0.1 picked by the kernel (bind to port 0, then release), not one of `avoid`. */
export async function freeLoopbackPort(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const port = await pickPort();
    if (!avoid.includes(port)) return port;
  }
}

async function pickPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
