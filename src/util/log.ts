import pc from 'picocolors';

/**
 * Status lines for long work (building, starting, waiting). They go to stderr, so
 * stdout stays clean for `-o json`; `quiet` silences them.
 */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** A log on stderr; silent when `quiet`. */
export function stderrLog(quiet = false): Log {
  return {
    info: (m) => !quiet && process.stderr.write(`${pc.dim('›')} ${m}\n`),
    warn: (m) => process.stderr.write(`${pc.yellow('!')} ${m}\n`),
  };
}

/** A log that keeps lines in memory (for tests and benchmarks). */
export function memoryLog(lines: string[] = []): Log & { lines: string[] } {
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m) };
}
