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
