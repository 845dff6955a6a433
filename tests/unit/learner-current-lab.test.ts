import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { contextNamespace, pickCurrentLab } from '../../src/labs/started.js';

// `lab check` without a lab: the lab whose namespace the current context uses, else the only
// started lab, else one sentence naming the choices.

const started = (...ids: [string, string?][]) =>
  ids.map(([id, namespace]) => ({ lab: { id }, namespace: namespace ?? `lab-${id}` }));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A kubeconfig as kubectl writes it, with `namespace` in its current context (removed after the tests). */
function kubeconfig(namespace?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'learner-kc-'));
  dirs.push(dir);
  const file = join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]',
      'users: [{ name: u, user: { token: t } }]',
      `contexts: [{ name: k, context: { cluster: c, user: u${namespace ? `, namespace: ${namespace}` : ''} } }]`,
      'current-context: k',
      '',
    ].join('\n'),
  );
  return file;
}

describe('the lab the learner is in', () => {
  it('reads the namespace of the current context, or none', () => {
    expect(contextNamespace(loadKubeConfig({ kubeconfig: kubeconfig('lab-pods') }))).toBe('lab-pods');
    expect(contextNamespace(loadKubeConfig({ kubeconfig: kubeconfig() }))).toBeUndefined();
  });

  it("is the started lab in the current context's namespace, among several", () => {
    const labs = started(['pods'], ['replicaset'], ['service-nodeport']);
    expect(pickCurrentLab(labs, 'lab-replicaset', false, 'en').lab.id).toBe('replicaset');
  });

  it('is the only started lab when the context names no lab namespace', () => {
    expect(pickCurrentLab(started(['pods']), undefined, false, 'en').lab.id).toBe('pods');
    expect(pickCurrentLab(started(['pods']), 'default', false, 'en').lab.id).toBe('pods');
  });

  it('is the lab in the namespace given with -n, and only that one', () => {
    expect(pickCurrentLab(started(['pods', 'mine']), 'mine', true, 'en').lab.id).toBe('pods');
    expect(() => pickCurrentLab(started(['pods']), 'other', true, 'en')).toThrow(
      'No lab is started in namespace other; start one there with `lab start <lab> -n other`, or name the lab to check.',
    );
  });

  it('names the choices in one sentence when several are started and none is current', () => {
    const pick = () => pickCurrentLab(started(['pods'], ['replicaset', 'mine']), 'default', false, 'en');
    expect(pick).toThrow(UsageError);
    expect(pick).toThrow(
      'Several labs are started (pods, replicaset (-n mine)) and the current context names none of them; ' +
        'name one, as in `lab check pods`, or check them all with --all.',
    );
    expect(() => pickCurrentLab(started(['pods'], ['replicaset']), undefined, false, 'ko')).toThrow(
      '시작된 랩이 여러 개(pods, replicaset)이고 현재 컨텍스트는 그중 어느 것도 가리키지 않습니다. ' +
        '`lab check pods`처럼 하나를 지정하거나 --all로 모두 검사하세요.',
    );
  });

  it('says to start a lab when none is started', () => {
    expect(() => pickCurrentLab([], 'lab-pods', false, 'en')).toThrow(
      'No lab is started in this cluster; start one with `lab start <lab>`.',
    );
  });
});
