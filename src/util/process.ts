import { readFileSync } from 'node:fs';
import { poll } from './poll.js';

/**
 * Whether `pid` is a live process: its /proc/<pid>/stat exists and does not show a zombie (Z)
 * or dead (X) state (see proc(5)).
 */
export function processRunning(pid: number): boolean {
  try {
    return !/\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Stops a process: SIGTERM, then SIGKILL after `graceMs` ms, and waits (up to a second more,
 * checking every 50 ms) for it to go. A process that is already gone is not an error.
 */
export async function killProcess(pid: number, graceMs = 5000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const killAt = Date.now() + graceMs;
  let killed = false;
  await poll(
    () => {
      if (!processRunning(pid)) return true;
      if (!killed && Date.now() > killAt) {
        killed = true;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          return true; // gone meanwhile
        }
      }
      return false;
    },
    { intervalMs: 50, timeoutMs: graceMs + 1000 },
  );
}
