import type { Command } from 'commander';
import { dirname } from 'node:path';
import { driverFor } from '../../cluster/connect.js';
import { writeCurrent } from '../../cluster/current.js';
import type { K3sCluster } from '../../cluster/k3s.js';
import type { LocalCluster } from '../../cluster/local/local-cluster.js';
import { binaryPath } from '../../cluster/local/binaries.js';
import { ExitCode } from '../errors.js';
import { globals } from '../options.js';

const driverOption = ['--driver <name>', 'local (default: built from source, kwok nodes) or k3s (Docker)'] as const;

/** `lab cluster up|down|status [--driver local|k3s]`. */
export function registerCluster(program: Command): void {
  const cluster = program.command('cluster').description('start, stop or inspect cka-lab\'s own cluster');

  cluster
    .command('up')
    .description('start the cluster (the first local start builds the binaries)')
    .option(...driverOption)
    .action(async (opts: { driver?: string }, cmd: Command) => {
      const g = globals(cmd);
      const driver = driverFor(opts.driver ?? 'local');
      await driver.up(g.log);
      writeCurrent({ driver: driver.name as 'local' | 'k3s' });
      console.log(`Cluster ready. Use it with: eval "$(lab env)"`);
    });

  cluster
    .command('down')
    .description('stop the cluster and delete its state')
    .option(...driverOption)
    .action(async (opts: { driver?: string }, cmd: Command) => {
      await driverFor(opts.driver).down(globals(cmd).log);
    });

  cluster
    .command('status')
    .description('say whether the cluster runs (exit 3 when it does not)')
    .option(...driverOption)
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (opts: { driver?: string; output: string }) => {
      const status = await driverFor(opts.driver).status();
      if (opts.output === 'json') console.log(JSON.stringify(status, null, 2));
      else console.log(`${status.driver}: ${status.running ? 'running' : 'stopped'}${status.detail ? ` (${status.detail})` : ''}`);
      process.exitCode = status.running ? ExitCode.ok : ExitCode.cluster;
    });
}

/** `lab env`: shell lines that point KUBECONFIG at cka-lab's cluster and put its kubectl on PATH. */
export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('print shell exports for kubectl: eval "$(lab env)"')
    .option(...driverOption)
    .action((opts: { driver?: string }) => {
      const driver = driverFor(opts.driver) as LocalCluster | K3sCluster;
      const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
      console.log(`export KUBECONFIG=${q(driver.kubeconfig)}`);
      if (driver.name === 'local') console.log(`export PATH=${q(dirname(binaryPath('kubectl')))}:"$PATH"`);
      console.log(`# run: eval "$(lab env)"`);
    });
}
