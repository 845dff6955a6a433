import { describe, expect, it } from 'vitest';
import {
  afterCrash,
  afterRestart,
  BACKOFF_RESET_MS,
  backOffExpired,
  backOffView,
  firstBackOff,
  type BackOff,
} from '../../src/cluster/local/restart-backoff.js';

// The kubelet's CrashLoopBackOff numbers (docs "Pod Lifecycle" → "Container restarts"): 10 s, 20 s,
// 40 s … capped at 5 min, forgotten after 10 min of running.

describe('restart back-off of a failed control-plane component', () => {
  it('waits 10 s, 20 s, 40 s … 5 min between failed restarts', () => {
    let now = 0;
    let b: BackOff = firstBackOff(now);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      waits.push((b.nextAt - now) / 1000);
      now = b.nextAt;
      b = afterRestart(b, false, now);
    }
    expect(waits).toEqual([10, 20, 40, 80, 160, 300, 300, 300, 300]);
    expect(b.restarts).toBe(9);
  });

  it('a start is kept; a crash within 10 min waits the doubled delay; 10 min of running forgets it', () => {
    const started = afterRestart(afterRestart(firstBackOff(0), false, 10_000), true, 30_000);
    expect(started).toEqual({ restarts: 2, delayMs: 40_000, nextAt: 0, startedAt: 30_000 });
    expect(backOffExpired(started, 30_000 + BACKOFF_RESET_MS - 1)).toBe(false);
    expect(backOffExpired(started, 30_000 + BACKOFF_RESET_MS)).toBe(true);
    const crashed = afterCrash(started, 100_000);
    expect(crashed.nextAt).toBe(140_000);
    expect(backOffExpired(crashed, 10 * BACKOFF_RESET_MS)).toBe(false);
  });

  it('status shows the restarts, and while stopped the seconds left of the back-off', () => {
    const b = afterRestart(firstBackOff(0), false, 10_000); // next at 30 s, back-off 20 s
    expect(backOffView(b, false, 14_500)).toEqual({ restarts: 1, waiting: { seconds: 16, backOff: 20 } });
    expect(backOffView(b, false, 40_000)).toEqual({ restarts: 1, waiting: { seconds: 0, backOff: 20 } });
    expect(backOffView(afterRestart(b, true, 30_000), true, 31_000)).toEqual({ restarts: 2 });
  });
});
