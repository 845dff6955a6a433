import type { LabProgress, Progress } from './store.js';

/**
 * Where the learner is with a lab, from the progress file and the lab's working folder:
 * `passed` a `lab check` passed on the learner's own work; `solved` every check passed only on
 * the reference solution (`lab solution --apply`); `started` the lab was started (its working
 * folder exists) or checked; `not-started` neither.
 */
export type LabStatus = 'not-started' | 'started' | 'solved' | 'passed';

/**
 * The status of one lab (see {@link LabStatus}).
 * @param progress the lab's entry in progress.json, if any
 * @param started whether the lab's working folder exists (`lab start` made it)
 */
export function labStatus(progress: LabProgress | undefined, started: boolean): LabStatus {
  if (progress?.firstPassedAt) return 'passed';
  if (progress?.solvedWithSolutionAt) return 'solved';
  return started || (progress?.attempts ?? 0) > 0 ? 'started' : 'not-started';
}

/**
 * The next lab to do: the first lab in `ordered` (the recommended order) that the learner has
 * not passed on their own work; one solved only with the reference solution is still to do.
 * @param started whether a lab's working folder exists
 * @returns the lab and its status, or undefined when every lab is passed
 */
export function nextLab<T extends { id: string }>(
  ordered: readonly T[],
  progress: Progress,
  started: (id: string) => boolean,
): { lab: T; status: Exclude<LabStatus, 'passed'> } | undefined {
  for (const lab of ordered) {
    const status = labStatus(progress.labs[lab.id], started(lab.id));
    if (status !== 'passed') return { lab, status };
  }
  return undefined;
}
