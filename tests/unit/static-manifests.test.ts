import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readComponents } from '../../src/cluster/local/components.js';
import {
  heldComponents,
  lastErrorLine,
  parseManifest,
  renderManifest,
  setComponentCommand,
  writeRecord,
} from '../../src/cluster/local/static-manifests.js';

// Fixtures from a real local cluster: the KwokctlConfiguration and the first Stage of its kwok.yaml
// (the state folder's path replaced by /home/learner/.local/state), and the log of a kube-scheduler
// started with a misspelt flag (cobra prints the usage first, then the error).
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'local-cluster');

const withWorkdir = async (fn: (dir: string) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'cka-lab-static-manifests-'));
  try {
    cpSync(join(fixtures, 'kwok.yaml'), join(dir, 'kwok.yaml'));
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('static-Pod-style manifests of the local cluster', () => {
  it('render each component as a kube-system Pod whose command parses back to the same argv', async () => {
    await withWorkdir(async (dir) => {
      const specs = await readComponents(dir);
      for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
        const spec = specs.find((s) => s.name === name)!;
        const command = [spec.binary, ...spec.args];
        const text = renderManifest(name, command, 'v1.35.4');
        expect(await parseManifest(text), name).toEqual(command);
        expect(text).toContain(`  name: ${name}\n  namespace: kube-system\n`);
      }
      const scheduler = specs.find((s) => s.name === 'kube-scheduler')!;
      const text = renderManifest('kube-scheduler', [scheduler.binary, ...scheduler.args], 'v1.35.4');
      // kubeadm's look: flags unquoted, one a line
      expect(text).toContain(
        '    - --kubeconfig=/home/learner/.local/state/cka-lab/cka-lab/kwok/clusters/cka-lab/kubeconfig.yaml\n',
      );
      expect(text).toContain('    image: registry.k8s.io/kube-scheduler:v1.35.4\n');
    });
  });

  it('quote what YAML would read as another type or as a comment, so it parses back as the same strings', async () => {
    const command = ['/bin/x', 'true', '123', '--a=b #c', '--empty=', 'null', "--q='x'"];
    expect(await parseManifest(renderManifest('kube-scheduler', command))).toEqual(command);
  });

  it('read command then args, and say what is wrong with an unusable manifest', async () => {
    const pod = (container: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers:\n  - name: s\n${container}`;
    expect(await parseManifest(pod('    command: [/bin/s]\n    args: [--v=2, 3]\n'))).toEqual(['/bin/s', '--v=2', '3']);
    await expect(parseManifest('kind: Pod\nspec: {containers: [{command: [a]}]\n')).rejects.toThrow(/flow/i);
    await expect(parseManifest('kind: Deployment\n')).rejects.toThrow('it is not a Pod (kind: Pod)');
    await expect(parseManifest(pod('    image: x\n'))).rejects.toThrow(
      'spec.containers[0].command is not a list of strings',
    );
    await expect(parseManifest(pod('    command: /bin/s --v=2\n'))).rejects.toThrow(
      'spec.containers[0].command is not a list of strings',
    );
  });

  it("change one component's command in kwok.yaml and keep the Stage documents byte for byte", async () => {
    await withWorkdir(async (dir) => {
      const before = readFileSync(join(dir, 'kwok.yaml'), 'utf8');
      const spec = (await readComponents(dir)).find((s) => s.name === 'kube-scheduler')!;
      await setComponentCommand(dir, { ...spec, args: [...spec.args, '--v=3'] });
      const after = readFileSync(join(dir, 'kwok.yaml'), 'utf8');
      const stages = (t: string) => t.slice(t.search(/^---\s*$/m));
      expect(stages(after)).toBe(stages(before));
      expect(stages(after)).toContain('kind: Stage');
      const specs = await readComponents(dir);
      expect(specs.find((s) => s.name === 'kube-scheduler')!.args).toEqual([...spec.args, '--v=3']);
      const apiserver = (t: string) =>
        t.slice(t.indexOf('name: kube-apiserver') - 2000, t.indexOf('name: kube-apiserver'));
      expect(apiserver(after)).toBe(apiserver(before));
    });
  });

  it("find the error line of a component's log past the usage text, without klog's header", async () => {
    await withWorkdir(async (dir) => {
      mkdirSync(join(dir, 'logs'));
      const spec = { name: 'kube-scheduler', binary: '/x/kube-scheduler', args: [], workDir: dir };
      cpSync(join(fixtures, 'kube-scheduler-unknown-flag.log'), join(dir, 'logs', 'kube-scheduler.log'));
      expect(lastErrorLine(spec)).toBe('Error: unknown flag: --bind-adress');
      writeFileSync(
        join(dir, 'logs', 'kube-scheduler.log'),
        'I1201 23:35:33.320192   18591 serving.go:386] Generated self-signed cert in-memory\n' +
          'E1201 23:35:33.320552   18591 run.go:72] "command failed" err="stat /k/kubeconfig.yml: no such file"\n',
      );
      expect(lastErrorLine(spec)).toBe('"command failed" err="stat /k/kubeconfig.yml: no such file"');
    });
  });

  it('hold back a component only while it is to run the very command that failed', async () => {
    await withWorkdir(async (dir) => {
      const spec = (await readComponents(dir)).find((s) => s.name === 'kube-scheduler')!;
      const failedWith = (command: string[]) =>
        writeRecord(dir, {
          defaults: {},
          failed: { 'kube-scheduler': { command, reason: 'Error: unknown flag: --x' } },
        });
      failedWith([spec.binary, ...spec.args]);
      expect(await heldComponents({ stateDir: dir, clusterWorkdir: dir })).toEqual(
        new Map([['kube-scheduler', 'Error: unknown flag: --x']]),
      );
      failedWith([spec.binary, ...spec.args, '--x']); // kwok.yaml now runs another command
      expect((await heldComponents({ stateDir: dir, clusterWorkdir: dir })).size).toBe(0);
      failedWith([]); // a manifest that could not be read: the component runs on as it was
      expect((await heldComponents({ stateDir: dir, clusterWorkdir: dir })).size).toBe(0);
    });
  });
});
