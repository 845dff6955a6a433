import { lock } from 'proper-lockfile';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real node is host-global (the cni0 bridge, iptables chains, /run/containerd): one at a time on
 * a machine. Test files that start one take turns through this cross-process lock (a
 * `<tmpdir>/cka-lab-real-node-tests.lock` folder, refreshed while held, taken over 10 s after its
 * holder died), so vitest may run them in parallel forks.
 * @param waitMs how long to wait for the other file's turn to end, in ms
 * @returns the function that ends this turn
 */
export async function realNodeTurn(waitMs = 15 * 60_000): Promise<() => Promise<void>> {
  const file = join(tmpdir(), 'cka-lab-real-node-tests');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await lock(file, { realpath: false, stale: 10_000, update: 2_000 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
