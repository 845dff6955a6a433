import { closeSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { poll } from '../../util/poll.js';

/**
 * Whether `pid` is a live (not zombie) process running `binary` (its /proc/<pid>/exe), so a
 * pid reused by another program never counts.
 */
export function processAlive(pid: number, binary: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) [ZX] /.test(stat)) return false;
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '') === binary;
  } catch {
    return false;
  }
}

/**
 * Starts a daemon that outlives this process: its own session, stdout and stderr appended to
 * `logFile`, nothing on stdin.
 * @returns its pid
 * @throws Error when it cannot be started at all (no such binary)
 */
export function startDaemon(binary: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(binary, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...env },
    });
    if (child.pid === undefined) throw new Error(`could not start ${binary}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Sends SIGTERM, then SIGKILL after `graceMs` ms, and waits (up to a second more) for the process to go. */
export async function killProcess(pid: number, graceMs = 5000): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const killAt = Date.now() + graceMs;
  let killed = false;
  await poll(
    () => {
      if (!alive()) return true;
      if (!killed && Date.now() > killAt) {
        killed = true;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          return true;
        }
      }
      return false;
    },
    { intervalMs: 50, timeoutMs: graceMs + 1000 },
  );
}
