import { afterEach, describe, expect, it } from 'vitest';
import { deleteCommand, isLeftoverName, leftoverWarnings } from '../../src/labs/leftovers.js';
import { useLanguage } from '../../src/i18n/current.js';
import { clusterTypeOf } from '../../src/labs/scope.js';

// The lab ids of labs/ that share a prefix: `deployment-rollout-...` is not lab `deployment`'s.
const LAB_IDS = ['crds', 'deployment', 'deployment-rollout', 'disruptions', 'storage'];

describe('isLeftoverName: named as the lab own, and as no longer lab id', () => {
  it('takes the lab prefix, and a CRD in the lab group', () => {
    expect(isLeftoverName('disruptions', 'PriorityClass', 'disruptions-critical', LAB_IDS)).toBe(true);
    expect(isLeftoverName('crds', 'CustomResourceDefinition', 'backups.crds.cka-lab.dev', LAB_IDS)).toBe(true);
    expect(isLeftoverName('crds', 'CustomResourceDefinition', 'crds-widgets.example.com', LAB_IDS)).toBe(true);
  });

  it('leaves out other names, another group, and a longer lab id', () => {
    expect(isLeftoverName('disruptions', 'PriorityClass', 'critical', LAB_IDS)).toBe(false);
    expect(isLeftoverName('disruptions', 'PriorityClass', 'disruptionscritical', LAB_IDS)).toBe(false);
    expect(isLeftoverName('storage', 'PersistentVolume', 'storage', LAB_IDS)).toBe(false);
    expect(isLeftoverName('crds', 'CustomResourceDefinition', 'backups.example.com', LAB_IDS)).toBe(false);
    expect(isLeftoverName('crds', 'PriorityClass', 'backups.crds.cka-lab.dev', LAB_IDS)).toBe(false);
    expect(isLeftoverName('deployment', 'ClusterRole', 'deployment-rollout-viewer', LAB_IDS)).toBe(false);
    expect(isLeftoverName('deployment', 'ClusterRole', 'deployment-viewer', LAB_IDS)).toBe(true);
    expect(isLeftoverName('deployment-rollout', 'ClusterRole', 'deployment-rollout-viewer', LAB_IDS)).toBe(true);
  });
});

describe('leftoverWarnings: one sentence per kind with the command that deletes them', () => {
  afterEach(() => useLanguage('en'));
  const leftovers = [
    { kind: 'PriorityClass', ref: clusterTypeOf('PriorityClass'), name: 'disruptions-critical' },
    { kind: 'PriorityClass', ref: clusterTypeOf('PriorityClass'), name: 'disruptions-low' },
    { kind: 'PersistentVolume', ref: clusterTypeOf('PersistentVolume'), name: 'disruptions-pv' },
  ];

  it('in English', () => {
    useLanguage('en');
    expect(leftoverWarnings('disruptions', leftovers)).toEqual([
      'PriorityClass disruptions-critical, disruptions-low, named for the lab disruptions, were not created by ' +
        'cka-lab, so a reset leaves them: delete them with ' +
        '`kubectl delete priorityclass disruptions-critical disruptions-low` or run ' +
        '`lab reset disruptions --delete-my-objects`.',
      'PersistentVolume disruptions-pv, named for the lab disruptions, was not created by cka-lab, so a reset ' +
        'leaves it: delete it with `kubectl delete persistentvolume disruptions-pv` or run ' +
        '`lab reset disruptions --delete-my-objects`.',
    ]);
    expect(leftoverWarnings('disruptions', [])).toEqual([]);
  });

  it('in Korean, with the same command', () => {
    useLanguage('ko');
    const [first] = leftoverWarnings('disruptions', leftovers);
    expect(first).toContain('`kubectl delete priorityclass disruptions-critical disruptions-low`');
    expect(first).toContain('`lab reset disruptions --delete-my-objects`');
    expect(first).toMatch(/^랩 disruptions의 이름을 단 PriorityClass disruptions-critical, disruptions-low[은는] /);
  });

  it('deleteCommand: the lower-case kind, as kubectl takes it', () => {
    expect(deleteCommand('CustomResourceDefinition', ['backups.crds.cka-lab.dev'])).toBe(
      'kubectl delete customresourcedefinition backups.crds.cka-lab.dev',
    );
  });
});
