import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../errors.js';
import type { Log } from '../util/log.js';
import { xdgDir } from '../util/paths.js';
import type { ClusterDriver, ClusterStatus } from './driver.js';
import { probe, waitForReadyNode } from './readiness.js';
import { say } from '../i18n/current.js';

/** The k3s image the k3s driver runs (a current CKA minor). */
export const K3S_IMAGE = 'rancher/k3s:v1.35.4-k3s1';

/**
 * k3s in Docker through testcontainers (@testcontainers/k3s), for users who have a
 * Docker daemon: real containers, real kubelet, and ServiceLB for LoadBalancer
 * Services. The container outlives the command (Ryuk is turned off for it), and
 * `down` removes it by the id kept in the state folder.
 */
export class K3sCluster implements ClusterDriver {
  readonly name = 'k3s' as const;
  private image = K3S_IMAGE;

  /** Runs another k3s image, e.g. `rancher/k3s:v1.34.6-k3s1`. */
  withImage(image: string): this {
    this.image = image;
    return this;
  }

  get stateDir(): string {
    return join(xdgDir('state'), 'k3s');
  }

  get kubeconfig(): string {
    return join(this.stateDir, 'kubeconfig');
  }

  private get idFile(): string {
    return join(this.stateDir, 'container-id');
  }

  async up(log: Log): Promise<string> {
    if (existsSync(this.kubeconfig) && (await probe(this.kubeconfig))) {
      log.info(say('k3s.alreadyRunning'));
      return this.kubeconfig;
    }
    if (!(await dockerAnswers())) {
      throw new ClusterError(say('k3s.noDocker'));
    }
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
    const { K3sContainer } = await import('@testcontainers/k3s');
    log.info(say('k3s.starting', { image: this.image }));
    const container = await new K3sContainer(this.image)
      .withLabels({ 'app.kubernetes.io/managed-by': 'cka-lab' })
      .start();
    mkdirSync(this.stateDir, { recursive: true });
    writeFileSync(this.kubeconfig, container.getKubeConfig(), { mode: 0o600 });
    writeFileSync(this.idFile, container.getId());
    await waitForReadyNode(this.kubeconfig, 120_000);
    log.info(say('k3s.ready'));
    return this.kubeconfig;
  }

  async down(log: Log): Promise<void> {
    if (!existsSync(this.idFile)) {
      log.info(say('k3s.notRunning'));
      return;
    }
    const id = readFileSync(this.idFile, 'utf8').trim();
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const container = client.container.getById(id);
    await client.container.stop(container).catch(() => undefined);
    await client.container.remove(container, { removeVolumes: true }).catch(() => undefined);
    rmSync(this.stateDir, { recursive: true, force: true });
    log.info(say('k3s.removed'));
  }

  async status(): Promise<ClusterStatus> {
    const running = existsSync(this.kubeconfig) && (await probe(this.kubeconfig));
    return {
      driver: 'k3s',
      running,
      ...(running ? { kubeconfig: this.kubeconfig } : {}),
      detail: running ? `k3s in Docker (${this.image})` : 'not running; start it with `lab cluster up --driver k3s`',
    };
  }
}

/**
 * Whether a Docker daemon answers (testcontainers' own runtime detection).
 * Never throws.
 */
export async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
