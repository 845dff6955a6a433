import { UsageError } from '../errors.js';
import type { LabFile } from './schema.js';
import { say } from '../i18n/current.js';

/** A validated lab (labs/<id>/lab.yaml), with where it came from. */
export interface Lab extends LabFile {
  /** Absolute path of the lab.yaml file. */
  file: string;
  /** The content root (folder holding labs/, manifests/, notes/). */
  root: string;
}

/** A problem in a lab file, placed at a line: a kind of UsageError. */
export class LabFileError extends UsageError {
  /**
   * @param file the lab file as shown to the learner (relative to the current folder)
   * @param line 1-based line of the problem
   * @param field the field's path, e.g. `tasks[0].checks[1].type` (empty for the whole file)
   * @param problem what is wrong, without a final full stop
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(say('labFile.error', { file, line, field: field ? `${field}: ` : '', problem }));
    this.name = 'LabFileError';
  }
}
