import { describe, expect, it } from 'vitest';
import { isOwnedName, objectProblem, targetProblem } from '../../src/labs/scope.js';

/** A lab `crds` that declares CustomResourceDefinition and ClusterRole. */
const owner = { id: 'crds', clusterScoped: ['CustomResourceDefinition', 'ClusterRole'] };
const crd = (name: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
});

describe("a lab's CustomResourceDefinitions (named <plural>.<group>)", () => {
  it('owns a CRD in its group <lab id>.cka-lab.dev, or one named <lab id>-...', () => {
    expect(objectProblem(owner, crd('backups.crds.cka-lab.dev'))).toBeUndefined();
    expect(objectProblem(owner, crd('crds-widgets.example.com'))).toBeUndefined();
    expect(isOwnedName('crds', 'CustomResourceDefinition', 'backups.crds.cka-lab.dev')).toBe(true);
  });

  it('refuses a CRD of another group, of a look-alike group, or of another lab', () => {
    for (const name of ['backups.example.com', 'backups.xcrds.cka-lab.dev', 'backups.crds.cka-lab.dev.evil.io']) {
      expect(objectProblem(owner, crd(name))).toContain('must start with "crds-" or end with ".crds.cka-lab.dev"');
    }
    expect(objectProblem({ ...owner, id: 'rbac' }, crd('backups.crds.cka-lab.dev'))).toContain('.rbac.cka-lab.dev');
  });

  it('keeps the <lab id>- rule for other kinds, even in the group form', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'x.crds.cka-lab.dev' },
    };
    expect(objectProblem(owner, role)).toContain('its name must start with "crds-"');
  });

  it('lets patch and delete steps target only its own CRDs', () => {
    const ref = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
    expect(targetProblem(owner, { ...ref, name: 'backups.crds.cka-lab.dev' })).toBeUndefined();
    expect(targetProblem(owner, { ...ref, name: 'certificates.cert-manager.io' })).toContain("not the lab's own");
  });
});
