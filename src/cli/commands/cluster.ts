import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { driverFor } from '../../cluster/driver-for.js';
import { writeCurrent } from '../../cluster/current.js';
import type { K3sCluster } from '../../cluster/k3s.js';
import type { LocalCluster } from '../../cluster/local/local-cluster.js';
import { binaryPath, BUILD_ENV } from '../../cluster/local/binaries.js';
import { toolDirs } from '../../cluster/tool-path.js';
import type { ClusterStatus, ComponentStatus } from '../../cluster/driver.js';
import type { BackOffView } from '../../cluster/local/restart-backoff.js';
import { pc } from '../../util/colour.js';
import { UsageError } from '../../errors.js';
import { loadKubeConfig } from '../../kube/config.js';
import { loadLab } from '../../labs/loader.js';
import { contextNamespace } from '../../labs/started.js';
import { ensureWorkDir, labWorkDir } from '../../util/lab-paths.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

const driverOption = ['--driver <name>', say('help.opt.driver')] as const;

const realNodeOption = ['--real-node', say('help.opt.realNode')] as const;

/** `--build`: the local driver builds its binaries from the Go modules instead of downloading them. */
const buildOption = ['--build', say('help.opt.build')] as const;

/** The options of `lab cluster up` and `lab cluster reset`. */
type UpOptions = { driver?: string; realNode?: boolean; build?: boolean; restoreManifests?: boolean };

/** Starts a real node next to the local cluster (the module is loaded only then). */
async function startRealNode(cluster: LocalCluster, log: ReturnType<typeof globals>['log']): Promise<void> {
  const { RealNode } = await import('../../cluster/realnode/real-node.js');
  await new RealNode(cluster).start(log);
}

/**
 * `lab cluster up|down|reset|status [--driver local|k3s] [--real-node]`, and
 * `lab cluster etcd-restore --data-dir <folder>` (local driver).
 */
export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description(say('help.cluster'));

  cluster
    .command('up')
    .description(say('help.cluster.up'))
    .option(...driverOption)
    .option(...realNodeOption)
    .option(...buildOption)
    .option('--restore-manifests', say('help.opt.restoreManifests'))
    .action(
      returnsExitCode(async (opts: UpOptions, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (opts.build) process.env[BUILD_ENV] = '1'; // read by ensureBinaries (cluster/local/binaries.ts)
        const driver = driverFor(opts.driver ?? 'local');
        if (opts.realNode && driver.name !== 'local')
          throw new UsageError('--real-node works with the local driver only; k3s nodes run real containers already.');
        if (opts.restoreManifests && driver.name === 'local') (driver as LocalCluster).withRestoredManifests();
        await driver.up(g.log);
        if (opts.realNode) await startRealNode(driver as LocalCluster, g.log);
        writeCurrent({ driver: driver.name as 'local' | 'k3s' });
        console.log(say('status.clusterReady'));
        return ExitCode.ok;
      }),
    );

  cluster
    .command('down')
    .description(say('help.cluster.down'))
    .option(...driverOption)
    .action(
      returnsExitCode(async (opts: { driver?: string }, cmd: Command): Promise<ExitCodeValue> => {
        await driverFor(opts.driver).down(globals(cmd).log);
        return ExitCode.ok;
      }),
    );

  cluster
    .command('reset')
    .description(say('help.cluster.reset'))
    .option(...driverOption)
    .option(...realNodeOption)
    .option(...buildOption)
    .action(
      returnsExitCode(async (opts: UpOptions, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (opts.build) process.env[BUILD_ENV] = '1'; // read by ensureBinaries (cluster/local/binaries.ts)
        const driver = driverFor(opts.driver ?? 'local');
        if (opts.realNode && driver.name !== 'local')
          throw new UsageError('--real-node works with the local driver only; k3s nodes run real containers already.');
        g.log.warn(say('status.clusterResetting', { driver: driver.name }));
        await driver.down(g.log);
        await driver.up(g.log);
        if (opts.realNode) await startRealNode(driver as LocalCluster, g.log);
        writeCurrent({ driver: driver.name as 'local' | 'k3s' });
        console.log(say('status.clusterReady'));
        return ExitCode.ok;
      }),
    );

  cluster
    .command('etcd-restore')
    .description(say('help.cluster.etcdRestore'))
    .option('--data-dir <folder>', say('help.opt.etcdDataDir'))
    .action(
      returnsExitCode(async (opts: { dataDir?: string }, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (!opts.dataDir) throw new UsageError(say('etcdRestore.noDataDirOption'));
        const driver = driverFor(undefined);
        if (driver.name !== 'local') throw new UsageError(say('etcdRestore.localOnly'));
        const { restoreEtcdDataDir } = await import('../../cluster/local/etcd-restore.js');
        const done = await restoreEtcdDataDir(driver as LocalCluster, opts.dataDir, g.log);
        const seconds = (done.durationMs / 1000).toFixed(1);
        console.log(say('etcdRestore.done', { source: done.source, seconds, kept: done.keptAs }));
        return ExitCode.ok;
      }),
    );

  cluster
    .command('logs <component>')
    .description(say('help.cluster.logs'))
    .option('--tail <lines>', say('help.opt.tail'), '50')
    .action(
      returnsExitCode(async (component: string, opts: { tail: string }): Promise<ExitCodeValue> => {
        const driver = driverFor(undefined);
        if (driver.name !== 'local') throw new UsageError(say('etcdRestore.localOnly'));
        const { componentLogTail } = await import('../../cluster/local/component-logs.js');
        console.log(await componentLogTail(driver as LocalCluster, component, Number.parseInt(opts.tail, 10) || 50));
        return ExitCode.ok;
      }),
    );

  // The manifest watcher `lab cluster up` starts (src/cluster/local/manifest-watcher.ts); not for people.
  cluster
    .command('watch-manifests', { hidden: true })
    // --state only names the folder on the command line (ps, pkill -f); XDG_STATE_HOME decides it.
    .option('--name <name>', '', 'cka-lab')
    .option('--state <folder>')
    .action(
      returnsExitCode(async (opts: { name: string }): Promise<ExitCodeValue> => {
        const { LocalCluster } = await import('../../cluster/local/local-cluster.js');
        const { runWatcher } = await import('../../cluster/local/manifest-watcher.js');
        const { withFileLock } = await import('../../util/lock.js');
        const { xdgDir } = await import('../../util/paths.js');
        const local = new LocalCluster().withName(opts.name);
        const lock = join(xdgDir('state'), `${opts.name}.up`);
        await runWatcher(
          local,
          (fn) => withFileLock(lock, fn),
          (names) => local.releaseLeases(names),
        );
        return ExitCode.ok;
      }),
    );

  cluster
    .command('status')
    .description(say('help.cluster.status'))
    .option(...driverOption)
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (opts: { driver?: string; output: string }): Promise<ExitCodeValue> => {
        if (opts.output !== 'text' && opts.output !== 'json')
          throw new UsageError(say('exam.badOutput', { value: opts.output }));
        const driver = driverFor(opts.driver);
        const status = await driver.status();
        if (driver.name === 'local') {
          // The real node's daemons, when the cluster has one (they count like the control plane's).
          const { realNodeComponents } = await import('../../cluster/realnode/real-node.js');
          const node = await realNodeComponents((driver as LocalCluster).stateDir);
          status.components = [...(status.components ?? []), ...node];
          if (node.some((c) => !c.running)) status.running = false;
          // The restarts and back-off of components the manifest watcher starts again (CrashLoopBackOff).
          const { readRecord } = await import('../../cluster/local/static-manifests.js');
          const { backOffView } = await import('../../cluster/local/restart-backoff.js');
          const backOff = readRecord((driver as LocalCluster).stateDir)?.backOff ?? {};
          for (const c of status.components as ShownComponent[]) {
            const b = backOff[c.name];
            if (b) c.backOff = backOffView(b, c.running, Date.now());
          }
        }
        if (opts.output === 'json') console.log(JSON.stringify(status, null, 2));
        else console.log(renderStatus(status));
        return status.running ? ExitCode.ok : ExitCode.cluster;
      }),
    );
}

/** A component as `lab cluster status` shows it: with its restarts and back-off, when the watcher restarts it. */
type ShownComponent = ComponentStatus & { backOff?: BackOffView };

/** The text of `lab cluster status`: one line for the cluster, then one per component. */
function renderStatus(status: ClusterStatus): string {
  const state = status.state ?? (status.running ? 'running' : 'stopped');
  const lines = [`${status.driver}: ${state}${status.detail ? ` (${status.detail})` : ''}`];
  for (const c of (status.components ?? []) as ShownComponent[]) {
    const health = !c.running
      ? pc.red('stopped')
      : c.healthy
        ? pc.green('running, healthy')
        : pc.yellow('running, not healthy');
    const restarts = c.backOff?.restarts ? pc.dim(`  ${say('status.restarts', { restarts: c.backOff.restarts })}`) : '';
    lines.push(`  ${c.name.padEnd(24)} ${health}${c.pid ? pc.dim(`  pid ${c.pid}`) : ''}${restarts}`);
    if (c.reason) lines.push(`  ${''.padEnd(24)} ${pc.dim(c.reason)}`);
    const waiting = c.running ? undefined : c.backOff?.waiting;
    if (waiting) {
      const line = say('status.backOff', { restarts: c.backOff!.restarts, ...waiting });
      lines.push(`  ${''.padEnd(24)} ${pc.yellow(line)}`);
    }
  }
  for (const name of status.notBuilt ?? []) lines.push(`  ${name.padEnd(24)} ${pc.dim('not built')}`);
  if (status.manifests) lines.push(`  ${'manifests'.padEnd(24)} ${status.manifests}`);
  return lines.join('\n');
}

/**
 * `lab env [lab]`: shell lines that point KUBECONFIG at cka-lab's cluster, put its kubectl on
 * PATH and `cd` to the working folder of the lab (the one named, else the one whose namespace
 * the current context uses, when its folder exists); `--no-cd` leaves the folder alone.
 */
export function registerEnv(program: Command): void {
  program
    .command('env [lab]')
    .description(say('help.env'))
    .option(...driverOption)
    .option('--no-cd', say('help.env.noCd'))
    .action(
      returnsExitCode(
        async (
          labId: string | undefined,
          opts: { driver?: string; cd: boolean },
          cmd: Command,
        ): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          const driver = driverFor(opts.driver) as LocalCluster | K3sCluster;
          const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
          console.log(`export KUBECONFIG=${q(driver.kubeconfig)}`);
          // kubectl of the local driver; helm, etcdctl and etcdutl (cluster/tools.ts) for any cluster once built
          const dirs = toolDirs().filter((d) => driver.name === 'local' || d !== dirname(binaryPath('kubectl')));
          if (dirs.length > 0) console.log(`export PATH=${dirs.map(q).join(':')}:"$PATH"`);
          const dir = opts.cd ? await envWorkDir(labId, g, driver.kubeconfig) : undefined;
          if (dir) console.log(`cd ${q(dir)}`);
          const manifests = join(dirname(driver.kubeconfig), 'manifests');
          if (driver.name === 'local' && existsSync(manifests)) console.log(`# control-plane manifests: ${manifests}`);
          console.log(`# run: eval "$(lab env${labId ? ` ${labId}` : ''})"`);
          return ExitCode.ok;
        },
      ),
    );
}

/**
 * The working folder `lab env` changes to: the named lab's (made if missing), else the one of
 * the namespace given with -n or set in the current context of cka-lab's kubeconfig (which
 * `lab start` sets), when that folder exists; undefined otherwise.
 * @throws UsageError/LabFileError for an unknown or bad lab
 */
async function envWorkDir(
  labId: string | undefined,
  g: ReturnType<typeof globals>,
  kubeconfig: string,
): Promise<string | undefined> {
  if (labId) {
    const ns = g.labNamespace((await loadLab(labId)).id);
    try {
      return ensureWorkDir(ns);
    } catch {
      return undefined; // a read-only state folder: the exports still work
    }
  }
  let ns = g.namespace;
  if (!ns && existsSync(kubeconfig)) {
    try {
      ns = contextNamespace(loadKubeConfig({ kubeconfig }));
    } catch {
      return undefined; // a kubeconfig being rewritten, or damaged: no folder to go to
    }
  }
  if (!ns) return undefined;
  try {
    return existsSync(labWorkDir(ns)) ? labWorkDir(ns) : undefined;
  } catch {
    return undefined; // not a namespace name
  }
}
