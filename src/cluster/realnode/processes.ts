import { closeSync, openSync, readlinkSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { processRunning } from '../../util/process.js';

/**
 * Whether `pid` is a live (not zombie) process running `binary` (its /proc/<pid>/exe), so a
 * pid reused by another program never counts.
 */
export function processAlive(pid: number, binary: string): boolean {
  if (!processRunning(pid)) return false;
  try {
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
