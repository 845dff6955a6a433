import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { contentRoot } from '../../src/util/paths.js';
import { unfitReason } from '../../src/class/fit.js';
import { assertPlan } from '../../src/class/create.js';
import { learnerBinding, learnerRole } from '../../src/class/objects.js';

// Which labs a class may hand out, and the plan checks made before the cluster is touched.

describe('labs for a class', () => {
  it('takes labs done with rights in the lab namespace only', async () => {
    for (const id of ['replicaset', 'service-clusterip', 'replicationcontroller'])
      expect(unfitReason(await loadLab(id)), id).toBeUndefined();
  });

  it('refuses labs that need cluster-scoped objects, their own Nodes, the control plane, files or tools', async () => {
    expect(unfitReason(await loadLab('storage'))).toBe('class.unfit.clusterScoped');
    expect(unfitReason(await loadLab('networkpolicy'))).toBe('class.unfit.clusterScoped'); // reads Namespaces
    expect(unfitReason(await loadLab('scheduling'))).toBe('class.unfit.nodes');
    expect(unfitReason(await loadLab('pods'))).toBe('class.unfit.files');
    expect(unfitReason(await loadLab('helm'))).toBe('class.unfit.tools');
    expect(unfitReason(await loadLab('troubleshoot-control-plane'))).toBe('class.unfit.controlPlane');
    expect(unfitReason(await loadLab('troubleshoot-controller-manager'))).toBe('class.unfit.controlPlane');
    expect(unfitReason(await loadLab('workload-kinds'))).toBe('class.unfit.clusterScoped'); // reads Nodes
  });

  it("is described by the README as fit.ts decides: the refused labs by name, and the others' count", async () => {
    const readme = readFileSync(join(contentRoot(), 'README.md'), 'utf8');
    const part = readme.slice(readme.indexOf('**What a class refuses.**'), readme.indexOf('can be given to a class.'));
    const ids = listLabIds();
    const refused: string[] = [];
    for (const id of ids) if (unfitReason(await loadLab(id))) refused.push(id);
    const named = ids.filter((id) => new RegExp(`[\\s(,]${id}[),:;\\s]`).test(part));
    expect(named.sort()).toEqual(refused.sort());
    expect(part).toMatch(new RegExp(`The other ${ids.length - refused.length} labs $`));
  });
});

describe('a class plan', () => {
  const ok = { name: 'cka1', learners: ['alice', 'bob'], labs: ['replicaset'] };

  it('passes with DNS-label names and fitting labs', async () => {
    expect(() => assertPlan(ok, [])).not.toThrow();
    const replicaset = await loadLab('replicaset');
    expect(() => assertPlan(ok, [replicaset])).not.toThrow();
  });

  it('refuses, in one sentence, what would make a bad namespace or a second seat', async () => {
    const refusal = (plan: typeof ok) => {
      try {
        assertPlan(plan, []);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ ...ok, learners: ['Alice'] })).toMatch(/Alice cannot name a class or a learner/);
    expect(refusal({ ...ok, learners: ['bob', 'bob'] })).toMatch(/named twice/);
    expect(refusal({ ...ok, learners: [] })).toMatch(/--learners/);
    expect(refusal({ ...ok, labs: [] })).toMatch(/--labs/);
    const long = { name: 'a'.repeat(20), learners: ['b'.repeat(20)], labs: ['troubleshoot-service-abcdefghijklmnop'] };
    expect(refusal(long)).toMatch(/longer than 63 characters/);
    const storage = await loadLab('storage');
    expect(() => assertPlan(ok, [storage])).toThrow(/Lab storage cannot be given to a class/);
  });
});

describe("the learners' rights", () => {
  it('never include changing a namespace object, and reach nothing cluster-scoped', () => {
    const rules = learnerRole('cka1').rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    for (const rule of rules.filter((r) => r.apiGroups.includes('')))
      if (rule.resources.includes('namespaces') || rule.resources.includes('*'))
        expect(rule.verbs.filter((v) => !['get', 'watch'].includes(v))).toEqual([]);
    const binding = learnerBinding('cka1', 'alice', 'replicaset');
    expect(binding.kind).toBe('RoleBinding');
    expect(binding.metadata?.namespace).toBe('cka1-alice-replicaset');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'learner-alice', namespace: 'cka1-class' }]);
  });
});
