import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ClusterError } from '../errors.js';
import { withFileLock } from '../util/lock.js';
import type { Log } from '../util/log.js';
import { say } from '../i18n/current.js';

/** What a build script run gave: its exit code, the last lines of its output, and how long it took (ms). */
export interface BuildScriptResult {
  exitCode: number;
  /** The last 15 lines of stdout and stderr together, for the error message. */
  tail: string[];
  elapsedMs: number;
}

/**
 * Runs a build script (build/kube/build.sh, build/node/build.sh) with bash and turns each
 * "step N/M NAME" line it prints into a progress line on `log`.
 * @returns its exit code and last lines; it does not throw when the script fails
 */
export async function runBuildScript(script: string, args: string[], log: Log): Promise<BuildScriptResult> {
  const { execa } = await import('execa'); // only a first build needs it, not every check
  const started = Date.now();
  const child = execa('bash', [script, ...args], { all: true, reject: false });
  const tail: string[] = [];
  child.all?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      const step = /^step (\d+)\/(\d+) (\S+)/.exec(line);
      if (step)
        log.progress(
          say('local.buildStep', {
            step: step[1],
            steps: step[2],
            what: step[3],
            seconds: Math.round((Date.now() - started) / 1000),
          }),
        );
      tail.push(line);
      if (tail.length > 15) tail.shift();
    }
  });
  const result = await child;
  return { exitCode: result.exitCode ?? 1, tail, elapsedMs: Date.now() - started };
}

/** Whether `go` runs here (`go version` exits 0). */
export async function goAvailable(): Promise<boolean> {
  const { execa } = await import('execa');
  return (await execa('go', ['version'], { reject: false })).exitCode === 0;
}

/** A Go build whose output is cached in a folder of its own; see {@link ensureGoBuild}. */
export interface CachedGoBuild {
  /** The cache folder the script fills; its lock file is `<dir>.build` beside it. */
  dir: string;
  /** Whether every output of the build is in place (then nothing is built). */
  ready: () => boolean;
  /** The build script (run with bash) and its arguments. */
  script: string;
  args: string[];
  /** How long a second process waits for a first build under the lock, in ms. */
  waitMs: number;
  /** Runs before Go is looked for (missing Debian packages, say); throws a ClusterError to stop. */
  precheck?: () => Promise<void>;
  /** The error when `go` is missing. */
  noGo: string;
  /** The line logged before building. */
  building: string;
  /** The error when the script fails or leaves outputs missing, given its last lines. */
  failed: (tail: string) => string;
  /** The line logged after building, given how long it took in seconds. */
  built: (seconds: number) => string;
}

/**
 * Builds `build` with its script unless it is cached ({@link CachedGoBuild.ready}), reporting
 * each step through `log`. Two processes that need it at once build once: the second waits for
 * the first under a file lock and then finds it cached.
 * @throws ClusterError when the precheck fails, Go is missing, or the build fails (its last lines included)
 * @throws LockedError (src/util/lock.ts) when another build holds the lock longer than `waitMs`
 */
export async function ensureGoBuild(build: CachedGoBuild, log: Log): Promise<void> {
  if (build.ready()) return;
  mkdirSync(dirname(build.dir), { recursive: true });
  await withFileLock(
    `${build.dir}.build`,
    async () => {
      if (build.ready()) return;
      await build.precheck?.();
      if (!(await goAvailable())) throw new ClusterError(build.noGo);
      log.info(build.building);
      const result = await runBuildScript(build.script, build.args, log);
      if (result.exitCode !== 0 || !build.ready()) throw new ClusterError(build.failed(result.tail.join('\n')));
      log.info(build.built(Math.round(result.elapsedMs / 1000)));
    },
    build.waitMs,
  );
}
