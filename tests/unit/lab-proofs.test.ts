import { describe, expect, it } from 'vitest';
import { listLabIds, loadLab } from '../../src/labs/loader.js';

// Equivalent answers pass and different things fail, and each lab proves it with `lab validate`:
// at least three wrong answers and three alternative correct answers per task, written as a
// learner would type them. The cluster suites run them (labs.test.ts, realnode-labs.test.ts,
// etcd-backup-lab.test.ts); this test makes sure there are enough of them to run.
describe('every lab carries its proofs', () => {
  for (const id of listLabIds()) {
    it(`${id}: three wrong answers and three alternatives per task`, async () => {
      const lab = await loadLab(id);
      const short = lab.tasks
        .filter((t) => t.wrong.length < 3 || t.alternatives.length < 3)
        .map((t) => `${t.id}: ${t.wrong.length} wrong, ${t.alternatives.length} alternatives`);
      expect(short).toEqual([]);
      // Each wrong answer names the checks it must fail, so a wrong answer that fails for another
      // reason does not count as proof.
      for (const task of lab.tasks) for (const w of task.wrong) expect(w.fails.length, w.name).toBeGreaterThan(0);
    });
  }
});
