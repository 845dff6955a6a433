import { pc } from '../util/colour.js';
import type { LabValidation } from '../labs/validate.js';

/** Renders a validation report (`lab validate`): one line per proof, the reason under each failure. */
export function renderValidation(v: LabValidation): string {
  const lines = [pc.bold(`${v.ok ? pc.green('PASS') : pc.red('FAIL')} ${v.lab}`)];
  for (const c of v.cases) {
    lines.push(
      `  ${c.ok ? pc.green('✓') : pc.red('✗')} ${c.name}${pc.dim(` (${(c.durationMs / 1000).toFixed(1)} s)`)}`,
    );
    if (!c.ok) lines.push(`      ${pc.yellow(c.detail)}`);
  }
  return lines.join('\n');
}
