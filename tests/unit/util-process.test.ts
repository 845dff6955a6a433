import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { killProcess, processRunning } from '../../src/util/process.js';

const started: number[] = [];

/** Starts `sh -c script` and resolves with its pid once it has printed its first line. */
function start(script: string): Promise<number> {
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  started.push(child.pid!);
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child.pid!)));
}

afterEach(() => {
  // A failed test leaves nothing running.
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('killProcess', () => {
  it('stops a process with SIGTERM', async () => {
    const pid = await start('echo up; exec sleep 30');
    expect(processRunning(pid)).toBe(true);
    const t0 = Date.now();
    await killProcess(pid);
    expect(processRunning(pid)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('kills a process that ignores SIGTERM once the grace time is over', async () => {
    const pid = await start("trap '' TERM; echo up; while :; do sleep 0.1; done");
    const t0 = Date.now();
    await killProcess(pid, 300);
    expect(processRunning(pid)).toBe(false);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('returns at once for a process that is gone', async () => {
    const pid = await start('echo up; exec sleep 30');
    await killProcess(pid);
    await killProcess(pid);
    expect(processRunning(pid)).toBe(false);
  });
});
