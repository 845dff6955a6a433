import { UsageError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { Lang, LocalText } from '../i18n/text.js';
import { loadLab } from '../labs/loader.js';
import type { ExamState } from './state.js';

/** A task of the running exam, as the paper numbers it. */
export interface ExamTask {
  /** `<question>.<task>`, 1-based, as on the exam paper: `2.1`. */
  number: string;
  lab: string;
  task: string;
  /** `<lab>/<task>`: how exam.json keeps flags. */
  key: string;
  title: LocalText;
  /** The question's context, when the exam has contexts. */
  context?: string;
}

/**
 * Every task of the exam, in paper order (the labs are loaded, from cka-lab's cache).
 * @throws LabFileError when a lab of the exam can no longer be loaded
 */
export async function examTasks(exam: ExamState): Promise<ExamTask[]> {
  const labs = await Promise.all(exam.labs.map((l) => loadLab(l.id)));
  return labs.flatMap((lab, q) =>
    lab.tasks.map((task, i) => ({
      number: `${q + 1}.${i + 1}`,
      lab: lab.id,
      task: task.id,
      key: `${lab.id}/${task.id}`,
      title: task.title,
      ...(exam.labs[q]!.context ? { context: exam.labs[q]!.context } : {}),
    })),
  );
}

/**
 * Finds the task `ref` names: its number on the paper (`2.1`), `<lab>/<task>`, or a task id
 * that only one question has.
 * @throws UsageError naming the ways to say it, when `ref` names none or several tasks
 */
export function resolveTask(ref: string, tasks: readonly ExamTask[], lang: Lang): ExamTask {
  const wanted = ref.trim();
  const found = tasks.filter((x) => x.number === wanted || x.key === wanted || x.task === wanted);
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw new UsageError(t(lang, 'exam.manyTasks', { ref: wanted, numbers: found.map((x) => x.number).join(', ') }));
  throw new UsageError(t(lang, 'exam.noTask', { ref: wanted, numbers: tasks.map((x) => x.number).join(', ') }));
}
