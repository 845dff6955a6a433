import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { stageDocuments } from '../../src/cluster/local/stages.js';

// Who removes a deleted Pod of a kwok node: cka-lab-agent (build/agent/reaper.go, with a UID
// precondition) where it runs, kwok's pod-delete Stage only on a cluster made without it (no Go).
const stages = (agent: boolean) =>
  parseAllDocuments(stageDocuments(undefined, agent))
    .map((d) => d.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string> } })
    .filter((d) => d.kind === 'Stage');

describe('the Stages of a new local cluster', () => {
  it('leave deleted Pods to the agent where it runs', () => {
    const names = stages(true).map((s) => s.metadata.name);
    expect(names).not.toContain('pod-delete');
    expect(names).toContain('pod-ready');
  });

  it("delete them with kwok's pod-delete Stage on a cluster without the agent, with no cka-lab marks left", () => {
    const withoutAgent = stages(false);
    const podDelete = withoutAgent.find((s) => s.metadata.name === 'pod-delete');
    expect(podDelete).toBeDefined();
    for (const s of withoutAgent) expect(Object.keys(s.metadata.annotations ?? {})).toEqual([]);
  });
});
