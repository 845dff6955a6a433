import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pc } from '../util/colour.js';
import type { Lab } from './lab.js';
import { textIn, type Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';

/** The lab's note in `lang`: notes/<note>.md is Korean, notes/<note>.en.md English (falls back to Korean). */
export function readNote(lab: Lab, lang: Lang): string {
  const en = join(lab.root, 'notes', `${lab.note}.en.md`);
  const file = lang === 'en' && existsSync(en) ? en : join(lab.root, 'notes', `${lab.note}.md`);
  return readFileSync(file, 'utf8').trimEnd();
}

/** The tasks as a numbered list, with points, for `lab start`. */
export function renderTasks(lab: Lab, lang: Lang, namespace: string): string {
  const head = t(lang, 'tasks.head', { ns: namespace });
  const lines = [pc.bold(head)];
  lab.tasks.forEach((task, i) => {
    lines.push('', pc.bold(`${i + 1}. ${textIn(task.title, lang)}`) + pc.dim(` (${task.points} points)`));
    for (const line of textIn(task.text, lang).trimEnd().split('\n')) lines.push(`   ${line}`);
  });
  lines.push('', t(lang, 'tasks.next', { check: `\`lab check ${lab.id}\``, hint: `\`lab hint ${lab.id}\`` }));
  return lines.join('\n');
}
