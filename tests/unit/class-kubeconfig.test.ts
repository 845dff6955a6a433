import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { loadKubeConfig } from '../../src/kube/config.js';
import { classExtension, classLabNamespace, learnerKubeconfig } from '../../src/class/kubeconfig.js';
import { learnerNamespace, learnerPrefix } from '../../src/class/names.js';

// A learner's kubeconfig: kubectl and client-node read it as any kubeconfig, and cka-lab finds in
// its context's extension the learner's namespace of every lab.

const dir = mkdtempSync(join(tmpdir(), 'class-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
};
const ext = { class: 'cka1', learner: 'alice', namespacePrefix: learnerPrefix('cka1', 'alice') };
const access = {
  server: 'https://127.0.0.1:6443',
  caData: Buffer.from('not a real CA').toString('base64'),
  token: 'abc',
};

describe("a learner's kubeconfig", () => {
  const file = write('alice', learnerKubeconfig(ext, access, learnerNamespace('cka1', 'alice', 'replicaset')));

  it('is a kubeconfig client-node loads: the server, the token and the first lab as the namespace', () => {
    const kc = loadKubeConfig({ kubeconfig: file });
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect(kc.getCurrentUser()?.token).toBe('abc');
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('cka1-alice-replicaset');
  });

  it("names the learner's namespace of any lab", () => {
    expect(classExtension({ kubeconfig: file })).toEqual(ext);
    expect(classLabNamespace({ kubeconfig: file }, 'service-clusterip')).toBe('cka1-alice-service-clusterip');
  });

  it('says nothing for a plain kubeconfig, a missing file or another context', () => {
    const plain = write(
      'plain',
      dump({
        apiVersion: 'v1',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [
          { name: 'x', context: { cluster: 'c', user: 'u', namespace: 'lab-pods' } },
          {
            name: 'learner',
            context: { cluster: 'c', user: 'u', extensions: [{ name: 'cka-lab.dev/class', extension: ext }] },
          },
        ],
        'current-context': 'x',
      }),
    );
    expect(classLabNamespace({ kubeconfig: plain }, 'pods')).toBeUndefined();
    expect(classLabNamespace({ kubeconfig: join(dir, 'missing') }, 'pods')).toBeUndefined();
    // --context picks the context whose extension counts.
    expect(classLabNamespace({ kubeconfig: plain, context: 'learner' }, 'pods')).toBe('cka1-alice-pods');
  });
});
