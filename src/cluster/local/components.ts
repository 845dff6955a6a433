import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ComponentStatus } from '../driver.js';
import { say } from '../../i18n/current.js';

/**
 * The control-plane processes of a local cluster, in the order kwokctl starts them.
 * Names as kwokctl writes them in the cluster's kwok.yaml. A cluster created before cka-lab ran
 * metrics-server has none; its other components are listed as before.
 */
export const COMPONENTS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok-controller',
  'metrics-server',
  'cka-lab-agent',
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** One component as kwokctl recorded it in kwok.yaml (fields of its v1alpha1 Component). */
export interface ComponentSpec {
  name: string;
  /** Absolute path of the binary kwokctl forks. */
  binary: string;
  args: string[];
  /** The cluster's workdir; kwokctl keeps `pids/<binary name>.pid` and `logs/<binary name>.log` there. */
  workDir: string;
}

/**
 * The components of a cluster kwokctl created, read from `<workdir>/kwok.yaml`
 * (the KwokctlConfiguration document). Only those of {@link COMPONENTS}.
 * @returns an empty list when the file is missing or unreadable
 */
export async function readComponents(clusterWorkdir: string): Promise<ComponentSpec[]> {
  const file = join(clusterWorkdir, 'kwok.yaml');
  if (!existsSync(file)) return [];
  try {
    const { parseAllDocuments } = await import('yaml');
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const data = doc.toJS() as { kind?: string; components?: Partial<ComponentSpec>[] } | null;
      if (data?.kind !== 'KwokctlConfiguration') continue;
      return (data.components ?? [])
        .filter(
          (c): c is ComponentSpec =>
            typeof c.name === 'string' &&
            typeof c.binary === 'string' &&
            (COMPONENTS as readonly string[]).includes(c.name),
        )
        .map((c) => ({ name: c.name, binary: c.binary, args: c.args ?? [], workDir: c.workDir ?? clusterWorkdir }));
    }
  } catch {
    // A damaged kwok.yaml: nothing is known about the components.
  }
  return [];
}

/** The pid file kwokctl's binary runtime writes for a component. */
export const pidFile = (c: ComponentSpec): string => join(c.workDir, 'pids', `${basename(c.binary)}.pid`);

/**
 * The pid of a component's live process: the pid file names a process that is not a
 * zombie and runs the component's binary (so a pid reused by another program does not count).
 * Reads /proc (Linux); elsewhere trusts `kill -0`.
 */
export function livePid(c: ComponentSpec): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile(c), 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return undefined;
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      return basename(argv0) === basename(c.binary) ? pid : undefined;
    } catch {
      return undefined;
    }
  }
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Removes the pid file of a component whose process is gone, so `kwokctl start cluster`
 * (which trusts any pid that answers `kill -0`, zombies and reused pids included) starts it again.
 */
export function dropStalePidFile(c: ComponentSpec): void {
  if (livePid(c) === undefined) rmSync(pidFile(c), { force: true });
}

/** The value of a `--flag=value` argument. */
const flag = (c: ComponentSpec, name: string): string | undefined =>
  c.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/**
 * The health URL of a component, from its arguments: etcd's /health on its client URL,
 * the controller-manager's and scheduler's /healthz on their secure port, kwok's /healthz
 * on its server address, metrics-server's /livez on its secure port (it fails when scrapes stop).
 * The API server is probed through the kubeconfig instead.
 */
export function healthUrl(c: ComponentSpec): string | undefined {
  switch (c.name) {
    case 'etcd': {
      const url = flag(c, 'advertise-client-urls')?.split(',')[0];
      return url ? `${url}/health` : undefined;
    }
    case 'kube-controller-manager':
    case 'kube-scheduler': {
      const port = flag(c, 'secure-port');
      return port ? `https://127.0.0.1:${port}/healthz` : undefined;
    }
    case 'metrics-server': {
      const port = flag(c, 'secure-port');
      return port ? `https://127.0.0.1:${port}/livez` : undefined;
    }
    case 'kwok-controller': {
      const address = flag(c, 'server-address');
      return address ? `http://${address.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}/healthz` : undefined;
    }
    case 'cka-lab-agent': {
      const address = flag(c, 'health-address');
      return address ? `http://${address}/healthz` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether a health URL answers 200 within `timeoutMs` ms (self-signed TLS accepted:
 * these are the cluster's own loopback endpoints). Never throws.
 */
export async function answersHealthy(url: string, timeoutMs = 1500): Promise<boolean> {
  const { request } = url.startsWith('https:') ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', rejectUnauthorized: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * The state of each component: its process (pid file and /proc) and its health endpoint.
 * @param apiServerHealthy the API server's health, found by the caller through the kubeconfig
 * @param withHealth false to look at processes only (no network; for cheap checks)
 */
export async function inspectComponents(
  specs: ComponentSpec[],
  apiServerHealthy: () => Promise<boolean>,
  withHealth = true,
): Promise<ComponentStatus[]> {
  return Promise.all(
    specs.map(async (c): Promise<ComponentStatus> => {
      const pid = livePid(c);
      const running = pid !== undefined;
      let healthy = running;
      if (running && withHealth) {
        const url = healthUrl(c);
        healthy = c.name === 'kube-apiserver' ? await apiServerHealthy() : url ? await answersHealthy(url) : true;
      }
      return { name: c.name, running, healthy, ...(pid !== undefined ? { pid } : {}) };
    }),
  );
}

/** A short text for a list of unhealthy components: "kube-apiserver (stopped), etcd (not healthy)". */
export const describeBroken = (states: ComponentStatus[]): string =>
  states
    .filter((s) => !s.running || !s.healthy)
    .map((s) => say(s.running ? 'local.componentUnhealthy' : 'local.componentStopped', { component: s.name }))
    .join(', ');
