import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { toolBinary, toolsReady } from '../../src/cluster/tools.js';
import { toolDirs } from '../../src/cluster/tool-path.js';
import { runExecStep } from '../../src/labs/exec-step.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, plainNamespace, testClient } from './helpers.js';

// The learner's tools (build/tools), built by global-setup.ts: each prints the release its wrapper
// module pins, etcdctl and etcdutl the one of the cluster's own etcd, and helm reaches the cluster
// from an exec step as the learner's shell would.

/** The version a go.mod under build/ requires of `module`, e.g. v4.3.1. */
function required(goMod: string, module: string): string {
  const text = readFileSync(join(contentRoot(), 'build', goMod), 'utf8');
  const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(text);
  if (!m) throw new Error(`build/${goMod} does not require ${module}`);
  return m[1]!;
}

const client = testClient();
const made: string[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-tools-test-'));
afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await Promise.all(made.map((ns) => dropNamespace(client, ns)));
});

describe('learner tools', () => {
  it('are built and on the PATH of exec steps', () => {
    expect(toolsReady()).toBe(true);
    expect(toolDirs()).toContain(join(toolBinary('helm'), '..'));
  });

  it('helm prints the release of build/tools/helm/go.mod', async () => {
    const want = required('tools/helm/go.mod', 'helm.sh/helm/v4'); // v4.3.1
    const { stdout } = await execa(toolBinary('helm'), ['version', '--template', '{{.Version}}']);
    expect(stdout.trim()).toBe(want);
  });

  it('etcdctl and etcdutl print the release of the cluster’s etcd (build/kube/go.mod)', async () => {
    const etcd = required('kube/go.mod', 'go.etcd.io/etcd/server/v3').replace(/^v/, ''); // 3.6.5
    expect(required('tools/etcd/go.mod', 'go.etcd.io/etcd/etcdctl/v3')).toBe(`v${etcd}`);
    const ctl = await execa(toolBinary('etcdctl'), ['version']);
    expect(ctl.stdout).toMatch(new RegExp(`^etcdctl version: ${etcd.replace(/\./g, '\\.')}$`, 'm'));
    const utl = await execa(toolBinary('etcdutl'), ['version']);
    expect(utl.stdout).toMatch(new RegExp(`^etcdutl version: ${etcd.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('helm in an exec step talks to the cluster in the lab namespace', async () => {
    const namespace = await plainNamespace(client, 'tools', made);
    const out = await runExecStep('command -v helm && helm list -o json && helm env HELM_NAMESPACE', {
      client,
      namespace,
      workDir,
    });
    const [path, releases, helmNamespace] = out.trim().split('\n');
    expect(path).toBe(toolBinary('helm'));
    expect(JSON.parse(releases!)).toEqual([]);
    expect(helmNamespace).toBe(namespace);
  });
});
