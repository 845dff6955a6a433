import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { logsDocuments } from '../../src/cluster/local/stages.js';

// kwok answers `kubectl logs` from the first ClusterLogs document that selects the Pod and has a log for
// the container or a default one (sigs.k8s.io/kwok pkg/kwok/server/debugging_logs.go), so the documents
// of cluster/logs that select Pods by name must come before the catch-all of cluster-logs.yaml, whatever
// their file names (shop-logs.yaml sorts after cluster-logs.yaml).
describe('the ClusterLogs of a new local cluster', () => {
  const docs = logsDocuments().map(
    (d) =>
      parse(d) as {
        metadata: { name: string };
        spec: { selector?: { matchNames?: string[] }; logs: { containers?: string[]; logsFile: string }[] };
      },
  );

  it('put the documents with a selector first, the catch-all last', () => {
    const firstWithout = docs.findIndex((d) => !d.spec.selector);
    expect(firstWithout).toBeGreaterThan(0);
    expect(docs.slice(firstWithout).every((d) => !d.spec.selector)).toBe(true);
    expect(docs.at(-1)!.metadata.name).toBe('cka-lab-logs');
  });

  it("give Pod api's container api of troubleshoot-monitoring its own log, by absolute path", () => {
    const api = docs.find((d) => d.spec.selector?.matchNames?.includes('api'))!;
    const log = api.spec.logs.find((l) => l.containers?.includes('api'))!;
    expect(log.logsFile).toMatch(/^\/.*\/cluster\/logs\/shop-api\.log$/);
  });
});
