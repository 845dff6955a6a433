import type { Ora } from 'ora';
import { pc } from './colour.js';

/**
 * Status for long work (building, starting, waiting). It goes to stderr so stdout
 * stays clean for `-o json`. `progress` is transient (a spinner on a terminal, a
 * plain line otherwise); `info` is a line that stays.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  /** Work in progress: replaces the previous progress text on a terminal. */
  progress(message: string): void;
}

/**
 * A log on stderr: a spinner on a terminal (ora), plain lines without one (CI, pipes).
 * `quiet` (for `-o json`) keeps only warnings.
 */
export function stderrLog(quiet = false): Log {
  // A terminal that reports no width (a pty nobody sized, as `script` makes) sends ora into
  // an endless line-clearing loop, so it gets plain lines too.
  const tty = process.stderr.isTTY && (process.stderr.columns ?? 0) > 0 && !process.env.CI;
  let spinner: Ora | undefined;
  let text = '';
  let generation = 0; // bumped by settle(), so a spinner still loading does not start late
  const settle = () => {
    generation++;
    spinner?.stop();
    if (spinner) active.delete(spinner);
    spinner = undefined;
  };
  return {
    info: (m) => {
      if (quiet) return;
      settle();
      process.stderr.write(`${pc.dim('›')} ${m}\n`);
    },
    warn: (m) => {
      settle();
      process.stderr.write(`${pc.yellow('!')} ${m}\n`);
    },
    progress: (m) => {
      if (quiet) return;
      if (!tty) return void process.stderr.write(`${pc.dim('›')} ${m}\n`);
      text = m;
      if (spinner) {
        spinner.text = m;
        return;
      }
      // ora is loaded only when a terminal needs a spinner: it is not worth its start-up cost otherwise.
      const mine = generation;
      void import('ora').then(({ default: ora }) => {
        if (mine !== generation || spinner) return;
        active.add((spinner = ora({ text, stream: process.stderr }).start()));
      });
    },
  };
}

const active = new Set<Ora>();

/** Stops every spinner still running (a running spinner would keep the process alive). */
export function stopSpinners(): void {
  for (const s of active) s.stop();
  active.clear();
}

/** A log that keeps lines in memory (for tests and benchmarks). */
export function memoryLog(lines: string[] = []): Log & { lines: string[] } {
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), progress: (m) => lines.push(m) };
}
