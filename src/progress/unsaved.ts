import type { Log } from '../util/log.js';
import { xdgDir } from '../util/paths.js';
import { say } from '../i18n/current.js';

let warned = false;

/**
 * Why a write failed, short: `read-only file system (EROFS)` for the usual errno codes,
 * else the error's message.
 */
export function writeFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    EROFS: 'it is on a read-only file system',
    EACCES: 'it is not writable',
    EPERM: 'it is not writable',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOTDIR: 'part of its path is a file, not a folder',
  };
  return code && words[code] ? `${words[code]}, ${code}` : err instanceof Error ? err.message : String(err);
}

/**
 * Says once per process, on `log`, that the learner's progress (check counts, hint
 * counters) could not be saved in the state folder, and that the command's own result is
 * not affected. Later calls in the same process say nothing, so `lab check --all` or a
 * watch warns one line, not one per save.
 * @param err what the failed write threw (a Node errno error, or a lock timeout)
 */
export function warnUnsaved(log: Log, err: unknown): void {
  if (warned) return;
  warned = true;
  log.warn(say('progress.unsaved', { dir: xdgDir('state'), why: writeFailure(err) }));
}
