import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { xdgDir } from '../util/paths.js';

/** How many hints of each task the learner has seen: `{ "<lab>/<task>": count }`. */
type HintState = Record<string, number>;

const file = (): string => join(xdgDir('state'), 'hints.json');

function read(): HintState {
  try {
    return existsSync(file()) ? (JSON.parse(readFileSync(file(), 'utf8')) as HintState) : {};
  } catch {
    return {}; // a damaged file only restarts the hints from the first one
  }
}

/**
 * The index of the next hint to show for a task, and records it as seen. Hints
 * escalate from a nudge to the exact command; after the last, the last repeats.
 * @param total the number of hints the task has (at least 1)
 * @param onSaveError called instead of throwing when the count cannot be saved (a
 *   read-only or full state folder): the hint is still given, the next one repeats it
 */
export function nextHintIndex(lab: string, task: string, total: number, onSaveError?: (err: unknown) => void): number {
  const state = read();
  const key = `${lab}/${task}`;
  const index = Math.min(state[key] ?? 0, total - 1);
  state[key] = index + 1;
  try {
    mkdirSync(xdgDir('state'), { recursive: true });
    writeFileAtomic.sync(file(), JSON.stringify(state, null, 2) + '\n');
  } catch (err) {
    if (!onSaveError) throw err;
    onSaveError(err);
  }
  return index;
}
