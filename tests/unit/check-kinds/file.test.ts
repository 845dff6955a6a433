import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { FIXTURES, run } from './fixtures.js';

/** memcached.yaml: what `kubectl run memcached --image=memcached:1.6 --dry-run=client -o yaml` printed. */
const files = join(FIXTURES, 'files');
const scratch = mkdtempSync(join(tmpdir(), 'cka-lab-file-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('check kind file', () => {
  it('passes when a document of the file matches expect', async () => {
    const outcome = await run(
      'file',
      {
        path: 'memcached.yaml',
        expect: { kind: 'Pod', metadata: { name: 'memcached' }, spec: { containers: [{ image: 'memcached:1.6' }] } },
      },
      [],
      {
        workDir: files,
      },
    );
    expect(outcome).toEqual({ pass: true, summary: 'memcached.yaml has the expected content', problems: [] });
  });

  it('names each field of the file that differs', async () => {
    const outcome = await run(
      'file',
      {
        path: 'memcached.yaml',
        expect: { kind: 'Pod', metadata: { name: 'memcache' }, spec: { restartPolicy: 'Never' } },
      },
      [],
      { workDir: files },
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('memcached.yaml: 2 fields do not match');
    expect(outcome.problems).toEqual([
      {
        message: 'memcached.yaml metadata.name: expected "memcache", but found "memcached"',
        path: 'metadata.name',
        expected: 'memcache',
        actual: 'memcached',
      },
      {
        message: 'memcached.yaml spec.restartPolicy: expected "Never", but found "Always"',
        path: 'spec.restartPolicy',
        expected: 'Never',
        actual: 'Always',
      },
    ]);
  });

  it('fails when the file does not exist, and says where to save it', async () => {
    const outcome = await run('file', { path: 'pod.yaml' }, [], { workDir: files });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      `the file pod.yaml does not exist in ${files}; save it there (for example with \`> pod.yaml\`)`,
    );
    expect(outcome.problems).toEqual([{ message: `pod.yaml not found in ${files}`, path: 'pod.yaml' }]);
  });

  it('fails when the file is not valid YAML, with its line', async () => {
    writeFileSync(join(scratch, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n');
    const outcome = await run('file', { path: 'pod.yaml' }, [], { workDir: scratch });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(/^pod\.yaml is not valid YAML \(line \d+: /);
    expect(outcome.problems).toEqual([]);
  });
});
