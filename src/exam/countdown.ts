import { pc } from '../util/colour.js';
import { formatClock } from './duration.js';

/** Why a countdown ended: time ran out, Ctrl-C, or the exam was submitted or replaced elsewhere. */
export type CountdownEnd = 'time-up' | 'interrupted' | 'gone';

/**
 * Shows the time left on one terminal line, refreshed every second, until the deadline,
 * Ctrl-C (SIGINT, which then does not end the process), or `stillRunning()` says false.
 * @param deadline epoch ms when time runs out
 * @param stillRunning polled each second: false when the exam was submitted or replaced elsewhere
 * @param out the terminal stream (stderr, so stdout stays clean)
 */
export function countdown(
  deadline: number,
  stillRunning: () => boolean,
  out: NodeJS.WriteStream = process.stderr,
): Promise<CountdownEnd> {
  return new Promise((resolve) => {
    const draw = () =>
      out.write(
        `\r\x1b[2K${pc.bold(`Time left ${formatClock(deadline - Date.now())}`)} ` +
          pc.dim('(Ctrl-C leaves the exam running)'),
      );
    const finish = (end: CountdownEnd) => {
      clearInterval(ticker);
      clearTimeout(alarm);
      process.off('SIGINT', onInterrupt);
      out.write('\r\x1b[2K');
      resolve(end);
    };
    const onInterrupt = () => finish('interrupted');
    const ticker = setInterval(() => (stillRunning() ? draw() : finish('gone')), 1000);
    const alarm = setTimeout(() => finish('time-up'), Math.max(0, deadline - Date.now()));
    process.on('SIGINT', onInterrupt);
    draw();
  });
}
