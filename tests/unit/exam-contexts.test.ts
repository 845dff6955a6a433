import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addExamContexts, examContextName, isOwnKubeconfig, removeExamContexts } from '../../src/exam/contexts.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { contextNamespace } from '../../src/labs/started.js';
import { UsageError } from '../../src/errors.js';

// The exam's kubectl contexts (k8s-c1, k8s-c2...) in cka-lab's own kubeconfig: written at the
// start, read by the Kubernetes client as kubectl reads them, removed at submit.

const stateHome = mkdtempSync(join(tmpdir(), 'exam-contexts-state-'));
process.env.XDG_STATE_HOME = stateHome;
const own = join(stateHome, 'cka-lab', 'cka-lab');
mkdirSync(own, { recursive: true });
const userDir = mkdtempSync(join(tmpdir(), 'exam-contexts-user-')); // a user's own folder, outside it
afterAll(() => {
  rmSync(stateHome, { recursive: true, force: true });
  rmSync(userDir, { recursive: true, force: true });
});

/** A kubeconfig as kwokctl writes it for cka-lab's local cluster, with `lab start`'s namespace. */
const KWOK_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: kwok-cka-lab
  cluster:
    server: https://127.0.0.1:32766
    certificate-authority: ${own}/kwok/clusters/cka-lab/pki/ca.crt
contexts:
- name: kwok-cka-lab
  context:
    cluster: kwok-cka-lab
    user: kwok-cka-lab
    namespace: lab-pods
current-context: kwok-cka-lab
preferences: {}
users:
- name: kwok-cka-lab
  user:
    client-certificate: ${own}/kwok/clusters/cka-lab/pki/admin.crt
    client-key: ${own}/kwok/clusters/cka-lab/pki/admin.key
`;

function freshKubeconfig(): string {
  const file = join(own, 'kubeconfig');
  writeFileSync(file, KWOK_KUBECONFIG, { mode: 0o600 });
  return file;
}

const questions = [
  { name: examContextName(1), namespace: 'lab-replicaset' },
  { name: examContextName(2), namespace: 'lab-service-clusterip' },
];

describe('exam contexts in the lab kubeconfig', () => {
  it('are written only into a kubeconfig inside cka-lab state folder (real paths)', () => {
    const file = freshKubeconfig();
    expect(isOwnKubeconfig(file)).toBe(true);
    const elsewhere = join(userDir, 'config');
    writeFileSync(elsewhere, KWOK_KUBECONFIG);
    expect(isOwnKubeconfig(elsewhere)).toBe(false);
    // A link inside the state folder to a user's file is the user's file.
    const link = join(own, 'linked-kubeconfig');
    symlinkSync(elsewhere, link);
    expect(isOwnKubeconfig(link)).toBe(false);
    expect(isOwnKubeconfig(join(own, 'no-such-file'))).toBe(false);
    expect(isOwnKubeconfig(join(stateHome, 'cka-lab'))).toBe(false); // the folder itself is no kubeconfig of it
  });

  it('give each question a context k8s-cN on the same cluster and user, defaulting to its namespace', () => {
    const file = freshKubeconfig();
    expect(addExamContexts(file, questions)).toEqual({ previous: 'kwok-cka-lab' });
    const config = parse(readFileSync(file, 'utf8'));
    expect(config['current-context']).toBe('k8s-c1');
    expect(config.contexts).toEqual([
      { name: 'kwok-cka-lab', context: { cluster: 'kwok-cka-lab', user: 'kwok-cka-lab', namespace: 'lab-pods' } },
      { name: 'k8s-c1', context: { cluster: 'kwok-cka-lab', user: 'kwok-cka-lab', namespace: 'lab-replicaset' } },
      {
        name: 'k8s-c2',
        context: { cluster: 'kwok-cka-lab', user: 'kwok-cka-lab', namespace: 'lab-service-clusterip' },
      },
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // As kubectl sees them: the current context is k8s-c1, and `use-context k8s-c2` moves to its namespace.
    expect(contextNamespace(loadKubeConfig({ kubeconfig: file }))).toBe('lab-replicaset');
    const c2 = loadKubeConfig({ kubeconfig: file, context: 'k8s-c2' });
    expect(contextNamespace(c2)).toBe('lab-service-clusterip');
    expect(c2.getCurrentCluster()?.server).toBe('https://127.0.0.1:32766');
  });

  it('replace the contexts a crashed exam left, and copy the context named with --context', () => {
    const file = freshKubeconfig();
    addExamContexts(file, [...questions, { name: 'k8s-c3', namespace: 'lab-old' }]);
    // Started again over it: k8s-c3 goes, and the context before the exams is still the one to restore.
    expect(addExamContexts(file, questions)).toEqual({ previous: undefined });
    const names = parse(readFileSync(file, 'utf8')).contexts.map((c: { name: string }) => c.name);
    expect(names).toEqual(['kwok-cka-lab', 'k8s-c1', 'k8s-c2']);
    expect(() => addExamContexts(file, questions, 'no-such-context')).toThrow(UsageError);
    expect(() => addExamContexts(file, questions, 'no-such-context')).toThrow(
      /has no context no-such-context to copy for the exam's contexts; run `lab cluster up`/,
    );
  });

  it('are removed after the exam, and the context current before becomes current again', () => {
    const file = freshKubeconfig();
    const { previous } = addExamContexts(file, questions);
    expect(removeExamContexts(file, previous)).toEqual(['k8s-c1', 'k8s-c2']);
    const config = parse(readFileSync(file, 'utf8'));
    expect(config['current-context']).toBe('kwok-cka-lab');
    expect(config.contexts.map((c: { name: string }) => c.name)).toEqual(['kwok-cka-lab']);
    expect(contextNamespace(loadKubeConfig({ kubeconfig: file }))).toBe('lab-pods'); // as lab start left it
    // Twice is harmless, and so is a kubeconfig that is gone (lab cluster down during the exam).
    const before = statSync(file).ino; // an atomic write would replace the file
    expect(removeExamContexts(file, previous)).toEqual([]);
    expect(statSync(file).ino).toBe(before);
    expect(removeExamContexts(join(own, 'gone'), previous)).toEqual([]);
  });

  it('leave the current context alone when the learner switched away from the exam contexts', () => {
    const file = freshKubeconfig();
    const { previous } = addExamContexts(file, questions);
    const config = parse(readFileSync(file, 'utf8'));
    // The learner made a context of their own and switched to it.
    config.contexts.push({ name: 'mine', context: { cluster: 'kwok-cka-lab', user: 'kwok-cka-lab' } });
    config['current-context'] = 'mine';
    writeFileSync(file, JSON.stringify(config));
    removeExamContexts(file, previous);
    expect(parse(readFileSync(file, 'utf8'))['current-context']).toBe('mine');
  });
});
