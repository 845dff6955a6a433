import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse } from 'yaml';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const ns = freshNamespace('junit');
afterAll(() => dropNamespace(client, ns));

const lab = (...args: string[]) => execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { reject: false });

describe('results for CI and graders', () => {
  it('prints JUnit XML: one testsuite per lab, one testcase per check, failures with expected vs actual', async () => {
    expect((await lab('start', 'replicaset', '-n', ns, '--no-note')).exitCode).toBe(0);
    await lab('solution', 'replicaset', '-n', ns, '--apply');
    // Scale back to 3 so exactly the replicas and Ready-count checks fail.
    await client.patch(
      { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      'myapp-replicaset',
      ns,
      { spec: { replicas: 3 } },
      'merge',
      'scale',
    );
    const run = await lab('check', 'replicaset', '-n', ns, '-o', 'junit', '--wait', '0');
    expect(run.exitCode).toBe(1);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(run.stdout);
    const suites = [xml.testsuites.testsuite].flat();
    expect(suites).toHaveLength(1);
    const suite = suites[0];
    expect(suite.name).toBe(`replicaset (${ns})`);
    expect(Number(suite.tests)).toBe(9);
    const cases = [suite.testcase].flat();
    expect(cases).toHaveLength(9);
    const replicas = cases.find((c: any) => c.name.startsWith('rs-replicas-6'));
    expect(replicas.classname).toBe('replicaset.scale');
    expect(replicas.failure.message).toContain('1 field does not match');
    expect(replicas['system-out']).toContain('expected: 6');
    expect(replicas['system-out']).toContain('actual: 3');
  });

  it('prints the same report as YAML with -o yaml (the YAML module is loaded only then)', async () => {
    const asJson = JSON.parse((await lab('check', 'replicaset', '-n', ns, '-o', 'json')).stdout);
    const run = await lab('check', 'replicaset', '-n', ns, '-o', 'yaml');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^lab: replicaset$/m); // YAML, not JSON (which YAML would also parse)
    const report = parse(run.stdout);
    expect(report.namespace).toBe(ns);
    expect(report.pass).toBe(false);
    expect(report.tasks.map((t: any) => t.checks.map((c: any) => [c.id, c.pass]))).toEqual(
      asJson.tasks.map((t: any) => t.checks.map((c: any) => [c.id, c.pass])),
    );
  });

  it('checks every started lab with --all, and refuses a lab name with --all', async () => {
    const all = await lab('check', '--all', '-o', 'json');
    const reports = JSON.parse(all.stdout);
    expect(Array.isArray(reports) ? reports.map((r: any) => r.namespace) : [reports.namespace]).toContain(ns);
    const both = await lab('check', 'replicaset', '--all');
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('either a lab or --all');
  });
});
