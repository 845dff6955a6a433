import type { Lang } from '../i18n/text.js';

/** One thing wrong, in plain words, with the field, expected and actual values when there is one. */
export interface Problem {
  /** A full sentence for the learner. */
  message: string;
  /** Dotted field path, e.g. `spec.replicas`. */
  path?: string;
  expected?: unknown;
  actual?: unknown;
}

/** What one check kind found. */
export interface Outcome {
  pass: boolean;
  /** One line: what is right (on pass) or the main thing wrong (on fail). */
  summary: string;
  problems: Problem[];
}

/** A check's result in a report. */
export interface CheckResult extends Outcome {
  id: string;
  title: string;
  /** Time spent on this check, in ms (includes its share of list requests). */
  durationMs: number;
}

/** The results of one task. */
export interface TaskResult {
  id: string;
  title: string;
  points: number;
  pass: boolean;
  checks: CheckResult[];
}

/** The results of one lab in one namespace. */
export interface LabReport {
  lab: string;
  title: string;
  namespace: string;
  pass: boolean;
  tasks: TaskResult[];
  /** Counts of checks. */
  passed: number;
  failed: number;
  durationMs: number;
  /** The language of titles and messages; absent (a report built by hand) means English. */
  lang?: Lang;
}

/** A passing outcome with its one-line summary. */
export const passed = (summary: string): Outcome => ({ pass: true, summary, problems: [] });
/** A failing outcome: the main thing wrong, and every problem (default none beyond the summary). */
export const failed = (summary: string, problems: Problem[] = []): Outcome => ({ pass: false, summary, problems });
