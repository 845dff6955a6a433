import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LabFileError } from '../../src/labs/lab.js';
import { parseLab } from '../../src/labs/parse.js';
import { contentRoot } from '../../src/util/paths.js';
import { ClusterError } from '../../src/errors.js';
import { ExitCode, exitCodeOf } from '../../src/cli/exit-codes.js';
import {
  asLabNode,
  assertLabNodesSupported,
  daemonSetOnLabNodes,
  isLabNodeOf,
  labNodePlacement,
} from '../../src/labs/lab-nodes.js';
import { targetProblem } from '../../src/labs/scope.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A content root with the notes and one setup manifest for lab `demo` (removed after the tests). */
function contentFolder(setup: string): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-nodes-'));
  roots.push(root);
  cpSync(join(contentRoot(), 'notes'), join(root, 'notes'), { recursive: true });
  mkdirSync(join(root, 'labs', 'demo'), { recursive: true });
  mkdirSync(join(root, 'manifests', 'demo'), { recursive: true });
  writeFileSync(join(root, 'manifests', 'demo', 'setup.yaml'), setup);
  return root;
}

const labText = (head: string, step = 'run: kubectl cordon demo-node1') => `id: demo
title: Demo
domain: Cluster Architecture
note: replicaset
setup:
  - manifests/demo/setup.yaml
${head}tasks:
  - id: t1
    title: Task
    text: Do it
    solution:
      - ${step}
    checks:
      - id: c1
        title: check
        type: object
        target: { apiVersion: v1, kind: Pod, name: web }
`;

const node = (name: string) => `apiVersion: v1\nkind: Node\nmetadata: { name: ${name}, labels: { disk: ssd } }\n`;

function load(setup: string, head: string, step?: string) {
  const root = contentFolder(setup);
  return parseLab(labText(head, step), join(root, 'labs/demo/lab.yaml'), root, 'demo');
}

function refusal(setup: string, head: string, step?: string): LabFileError {
  try {
    load(setup, head, step);
  } catch (err) {
    if (err instanceof LabFileError) return err;
    throw err;
  }
  throw new Error('the lab loaded');
}

describe('lab-owned Nodes in lab.yaml', () => {
  it('accepts Nodes named <lab id>-... in a lab that requires nodes and declares Node', () => {
    const lab = load(node('demo-node1'), 'clusterScoped: [Node]\nrequires: [nodes]\n');
    expect(lab.requires).toEqual(['nodes']);
    expect(lab.clusterScoped).toEqual(['Node']);
  });

  it('refuses a Node manifest without the lab prefix', () => {
    const err = refusal(node('worker1'), 'clusterScoped: [Node]\nrequires: [nodes]\n');
    expect(err.field).toBe('setup[0]');
    expect(err.message).toContain('Node worker1 is cluster-scoped, so its name must start with "demo-"');
  });

  it('refuses Node in clusterScoped, and a Node manifest, without requires: [nodes]', () => {
    const declared = refusal(node('demo-node1'), 'clusterScoped: [Node]\n');
    expect(declared.field).toBe('clusterScoped[0]');
    expect(declared.message).toContain('only with `requires: [nodes]`');
    const undeclared = refusal(node('demo-node1'), '');
    expect(undeclared.field).toBe('setup[0]');
    expect(undeclared.message).toContain('Node demo-node1 is a Node, and a lab may create and change Nodes only with');
  });

  it('refuses a lab that requires nodes without declaring Node', () => {
    expect(refusal(node('demo-node1'), 'requires: [nodes]\n').message).toContain(
      'the lab does not declare Node in clusterScoped',
    );
  });

  it('refuses requires: [runtime, nodes] together', () => {
    const err = refusal(node('demo-node1'), 'clusterScoped: [Node]\nrequires: [runtime, nodes]\n');
    expect(err.field).toBe('requires');
    expect(err.message).toContain('either on the real node (runtime) or on its own simulated Nodes (nodes)');
  });

  it("lets patch steps name the lab's Nodes only", () => {
    const owner = { id: 'demo', clusterScoped: ['Node'], requires: ['nodes'] };
    expect(targetProblem(owner, { apiVersion: 'v1', kind: 'Node', name: 'demo-node1' })).toBeUndefined();
    expect(targetProblem(owner, { apiVersion: 'v1', kind: 'Node', name: 'node-000000' })).toContain(
      'its name must start with "demo-"',
    );
    const step =
      'run: kubectl cordon node-000000\n        ' +
      'patch: { apiVersion: v1, kind: Node, name: node-000000, patch: { spec: { unschedulable: true } } }';
    expect(refusal(node('demo-node1'), 'clusterScoped: [Node]\nrequires: [nodes]\n', step).field).toBe(
      'tasks[0].solution[0].patch',
    );
  });
});

describe('requires: [nodes] and the driver', () => {
  const lab = { id: 'demo', requires: ['nodes'] };

  it('is refused on k3s and on a cluster of your own, with exit 3', () => {
    for (const driver of ['k3s', 'context']) {
      let caught: unknown;
      try {
        assertLabNodesSupported(lab, driver, 'en');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ClusterError);
      expect(exitCodeOf(caught)).toBe(ExitCode.cluster);
      expect((caught as Error).message).toContain('The lab demo brings its own simulated nodes');
    }
  });

  it('runs on the local driver, and labs without nodes run anywhere', () => {
    expect(() => assertLabNodesSupported(lab, 'local', 'en')).not.toThrow();
    expect(() => assertLabNodesSupported({ id: 'x', requires: [] }, 'context', 'en')).not.toThrow();
  });
});

describe('what cka-lab adds', () => {
  it('makes a Node manifest a lab Node kwok simulates, tainted for the lab only', () => {
    const made = asLabNode(
      parse(
        'apiVersion: v1\nkind: Node\nmetadata: { name: demo-node1, labels: { disk: ssd } }\n' +
          'spec: { taints: [{ key: gpu, value: "true", effect: NoSchedule }] }\n' +
          'status: { allocatable: { cpu: "2", memory: 4Gi, pods: "10" } }\n',
      ),
      'demo',
    );
    expect(made.metadata?.labels).toEqual({
      disk: 'ssd',
      'kubernetes.io/hostname': 'demo-node1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'app.kubernetes.io/managed-by': 'cka-lab',
      'cka-lab.dev/lab': 'demo',
    });
    expect(made.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
    expect(made.spec.taints).toEqual([
      { key: 'gpu', value: 'true', effect: 'NoSchedule' },
      { key: 'cka-lab.dev/lab', value: 'demo', effect: 'NoSchedule' },
    ]);
    expect(made.status.capacity).toEqual({ cpu: '2', memory: '4Gi', pods: '10' });
    expect(made.status.allocatable).toEqual({ cpu: '2', memory: '4Gi', pods: '10' });
    expect(isLabNodeOf(made, 'demo')).toBe(true);
    expect(isLabNodeOf(made, 'other')).toBe(false);
    // Without the lab label (the learner removed it), the annotation still says whose it is.
    const unlabelled = { ...made, metadata: { ...made.metadata, labels: {} } };
    expect(isLabNodeOf(unlabelled, 'demo')).toBe(true);
  });

  it("gives a Node without resources those of the cluster's other kwok nodes", () => {
    const made = asLabNode(parse(node('demo-node2')), 'demo');
    expect(made.status.capacity).toEqual({ cpu: '32', memory: '256Gi', pods: '110' });
    expect(made.status.allocatable).toEqual(made.status.capacity);
  });

  it('annotates the namespace for PodNodeSelector and PodTolerationRestriction', () => {
    expect(labNodePlacement('demo')).toEqual({
      'scheduler.alpha.kubernetes.io/node-selector': 'cka-lab.dev/lab=demo',
      'scheduler.alpha.kubernetes.io/defaultTolerations':
        '[{"key":"cka-lab.dev/lab","operator":"Equal","value":"demo","effect":"NoSchedule"}]',
    });
  });

  it("sends a DaemonSet's Pods to the lab's Nodes only, keeping its own selector and tolerations", () => {
    const ds = parse(
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\n' +
        'spec:\n  selector: { matchLabels: { app: agent } }\n  template:\n    metadata: { labels: { app: agent } }\n' +
        '    spec:\n      nodeSelector: { disk: ssd }\n      tolerations: [{ key: gpu, operator: Exists }]\n' +
        '      containers: [{ name: c, image: busybox }]\n',
    );
    const made = daemonSetOnLabNodes(ds, 'demo');
    expect(made.spec.template.spec.nodeSelector).toEqual({ 'cka-lab.dev/lab': 'demo', disk: 'ssd' });
    expect(made.spec.template.spec.tolerations).toEqual([
      { key: 'gpu', operator: 'Exists' },
      { key: 'cka-lab.dev/lab', operator: 'Equal', value: 'demo', effect: 'NoSchedule' },
    ]);
    // A template that tolerates every taint already needs no second toleration.
    const all = parse(JSON.stringify(ds));
    all.spec.template.spec.tolerations = [{ operator: 'Exists' }];
    expect(daemonSetOnLabNodes(all, 'demo').spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    const deployment = { ...ds, kind: 'Deployment' };
    expect(daemonSetOnLabNodes(deployment, 'demo')).toBe(deployment);
  });
});
