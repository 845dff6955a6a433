import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { binaryPath } from './local/binaries.js';
import { toolsDir } from './tools.js';

/**
 * The folders of the command-line tools cka-lab builds for the learner, in PATH order: kubectl's
 * (the local driver's binary cache), then any other tool folder once built. Folders that do not
 * exist yet are left out, so on a cluster of the learner's own their kubectl on PATH is used.
 * `lab env` and `exec` steps (src/labs/exec-step.ts) put these first on PATH.
 * @returns absolute folder paths; possibly empty
 */
export function toolDirs(): string[] {
  const dirs = [dirname(binaryPath('kubectl')), toolsDir()];
  return dirs.filter((d) => existsSync(d));
}
