import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ClusterError } from '../errors.js';
import { ApiError, KubeClient } from '../kube/client.js';
import { loadKubeConfig, type KubeTarget } from '../kube/config.js';
import type { Log } from '../util/log.js';
import { readCurrent } from './current.js';
import type { DriverName } from './driver.js';
import type { K3sCluster } from './k3s.js';
import type { LocalCluster } from './local/local-cluster.js';
import { ownKubeconfig } from './own-paths.js';
import { assertSafeTarget } from './safety.js';
import { say } from '../i18n/current.js';

/** A cluster to talk to. */
export interface Connection {
  client: KubeClient;
  driver: DriverName;
  /**
   * For cka-lab's local cluster: one sentence naming its components whose process is gone, or
   * undefined (see LocalCluster.deadComponents); undefined for other drivers. Meant for after a
   * failed check, so a healthy check pays nothing.
   */
  deadComponents?: () => Promise<string | undefined>;
}

/**
 * The driver object of cka-lab's own cluster, loaded on first use: a command against a running
 * cluster needs only its kubeconfig, not the code that starts or repairs it.
 */
const ownDriver = async (): Promise<LocalCluster | K3sCluster> =>
  (await import('./driver-for.js')).driverFor(undefined) as LocalCluster | K3sCluster;

/**
 * Finds the cluster to use, like kubectl: --kubeconfig/--context, else KUBECONFIG,
 * else cka-lab's own cluster (the driver `lab cluster up` last started, `local` by
 * default). A context that does not look local or lab-managed is refused unless
 * `target.allowRemote`. A KUBECONFIG that points at cka-lab's own cluster (after `eval "$(lab env)"`)
 * counts as that cluster, so it can be started on demand.
 * @param autoStart start the driver's cluster when it is not running (for `lab start`); only
 *   then is the server probed (GET /readyz) here, otherwise the command's first request fails
 * @throws ClusterError when cka-lab's own cluster was never started, or (with autoStart) cannot be
 *   started; UsageError for a remote-looking context
 */
export async function connect(target: KubeTarget, log: Log, autoStart = false): Promise<Connection> {
  const envConfig = process.env.KUBECONFIG;
  const driverName = readCurrent().driver;
  const kubeconfig = ownKubeconfig(driverName);
  const ownConfig = !target.kubeconfig && !target.context && (!envConfig || resolve(envConfig) === resolve(kubeconfig));

  if (!ownConfig) {
    const kc = loadKubeConfig(target);
    await assertSafeTarget(kc, target.kubeconfig ?? envConfig, target.allowRemote ?? false);
    // No probe: the command's first request tells an unreachable server just as well,
    // and a check is mostly start-up and round-trips.
    return { client: new KubeClient(kc), driver: 'context' };
  }

  // Only a command that may start the cluster needs to know now whether it runs; the
  // probe uses the client the command will use, so its connection is already open. For the
  // local driver it also looks at the component processes (no network): a dead scheduler or
  // controller-manager leaves /readyz answering, but no Pod would ever start.
  const running = async (): Promise<KubeClient | undefined> => {
    if (!existsSync(kubeconfig)) return undefined;
    const client = new KubeClient(loadKubeConfig({ kubeconfig }));
    if (!autoStart) return client;
    const driver = await ownDriver();
    if (driver.name === 'local' && (await driver.components(false)).some((c) => !c.running)) return undefined;
    return client.request('GET', '/readyz').then(
      () => client,
      () => undefined,
    );
  };
  const client = await running();
  const deadComponents =
    driverName === 'local' ? async () => ((await ownDriver()) as LocalCluster).deadComponents() : undefined;
  if (client) return { client: explainFailures(client, driverName), driver: driverName, deadComponents };
  if (!autoStart) {
    throw new ClusterError(say('connect.notRunning', { driver: driverName }));
  }
  // The state folder holds the kubeconfig (see ownKubeconfig).
  log.info(say(existsSync(dirname(kubeconfig)) ? 'connect.restarting' : 'connect.starting', { driver: driverName }));
  await (await ownDriver()).up(log);
  return {
    client: explainFailures(new KubeClient(loadKubeConfig({ kubeconfig })), driverName),
    driver: driverName,
    deadComponents,
  };
}

/**
 * Makes the client of cka-lab's local cluster name the broken component when a request
 * fails because the cluster does not answer (a ClusterError, or a 5xx from an API server
 * that lost etcd): only then are the components looked at, once per client.
 */
function explainFailures(client: KubeClient, driver: DriverName): KubeClient {
  if (driver !== 'local') return client;
  const request = client.request.bind(client);
  let diagnosis: Promise<string | undefined> | undefined;
  client.request = (async (...args: Parameters<KubeClient['request']>) => {
    try {
      return await request(...args);
    } catch (err) {
      const serverFault = err instanceof ApiError && err.status >= 500;
      if (!(err instanceof ClusterError) && !serverFault) throw err;
      diagnosis ??= ownDriver()
        .then((own) => (own as LocalCluster).diagnose())
        .catch(() => undefined);
      const why = await diagnosis;
      throw why ? new ClusterError(why, { cause: err }) : err;
    }
  }) as KubeClient['request'];
  return client;
}
