/**
 * Cron schedules compared by meaning, as the CronJob controller reads them: the five fields of
 * robfig/cron's standard parser (minute, hour, day of month, month, day of week), with `*`, `?`,
 * lists, ranges, steps (`*`/5, `0-59/5`, `3/15` = `3-59/15`), month and weekday names (`jan`,
 * `mon`), and the macros `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`),
 * `@hourly`. Source: the CronJob page of the Kubernetes docs ("Schedule syntax") and
 * robfig/cron v3 (parser.go, spec.go), which kube-controller-manager uses.
 */

/** One parsed schedule: the values each field allows, and whether the day fields were `*` or `?`. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Day of month written as `*` or `?` (then days match when both day fields match, else when either does). */
  domStar: boolean;
  dowStar: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const BOUNDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A number or a name of the field; undefined when it is neither. */
function value(text: string, bounds: Bounds): number | undefined {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The values one comma-separated part allows (`*`, `a`, `a-b`, each with an optional `/step`), or undefined. */
function part(text: string, bounds: Bounds): number[] | undefined {
  const [range, stepText, extra] = text.split('/');
  if (extra !== undefined || range === undefined) return undefined;
  const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) return undefined;
  let low: number | undefined;
  let high: number | undefined;
  if (range === '*' || range === '?') [low, high] = [bounds.min, bounds.max];
  else {
    const [a, b, more] = range.split('-');
    if (more !== undefined || a === undefined) return undefined;
    low = value(a, bounds);
    // `3/15` runs from 3 to the end of the field, as robfig/cron reads it.
    high = b !== undefined ? value(b, bounds) : stepText !== undefined ? bounds.max : low;
  }
  if (low === undefined || high === undefined || low < bounds.min || high > bounds.max || low > high) return undefined;
  const values: number[] = [];
  for (let n = low; n <= high; n += step) values.push(n);
  return values;
}

/** The values of one field, or undefined when it does not parse. */
function field(text: string, bounds: Bounds): Set<number> | undefined {
  const values = new Set<number>();
  for (const p of text.split(',')) {
    const found = part(p, bounds);
    if (!found) return undefined;
    found.forEach((n) => values.add(n));
  }
  return values;
}

/** Parses a five-field schedule or a macro; undefined when the CronJob controller would not accept it. */
export function parseCron(schedule: string): CronSchedule | undefined {
  const trimmed = schedule.trim();
  const text = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return undefined;
  const sets = fields.map((f, i) => field(f, BOUNDS[i]!));
  if (sets.some((s) => !s)) return undefined;
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = sets as Set<number>[];
  const star = (f: string) => f === '*' || f === '?';
  return {
    minutes: minutes!,
    hours: hours!,
    daysOfMonth: daysOfMonth!,
    months: months!,
    daysOfWeek: daysOfWeek!,
    domStar: star(fields[2]!),
    dowStar: star(fields[4]!),
  };
}

/** Whether a day (day of month 1-31, weekday 0-6) is one the schedule runs on. */
function runsOn(s: CronSchedule, dom: number, dow: number): boolean {
  const domMatch = s.daysOfMonth.has(dom);
  const dowMatch = s.daysOfWeek.has(dow);
  return s.domStar || s.dowStar ? domMatch && dowMatch : domMatch || dowMatch;
}

const sameSet = (a: Set<number>, b: Set<number>): boolean => a.size === b.size && [...a].every((n) => b.has(n));

/**
 * Whether two parsed schedules run at the same times: the same minutes, hours and months, and the
 * same days for every pairing of day of month and weekday (`* * 1-31 * 0` runs every day).
 */
export function sameSchedule(a: CronSchedule, b: CronSchedule): boolean {
  if (!sameSet(a.minutes, b.minutes) || !sameSet(a.hours, b.hours) || !sameSet(a.months, b.months)) return false;
  for (let dom = 1; dom <= 31; dom++)
    for (let dow = 0; dow <= 6; dow++) if (runsOn(a, dom, dow) !== runsOn(b, dom, dow)) return false;
  return true;
}

/** The minutes between runs when they are evenly spaced within an hour (5 for `*`/5), else undefined. */
export function everyMinutes(s: CronSchedule): number | undefined {
  const m = [...s.minutes].sort((x, y) => x - y);
  if (m.length < 2 || 60 % m.length !== 0) return undefined;
  const step = 60 / m.length;
  return m.every((n, i) => n === m[0]! + i * step) ? step : undefined;
}
