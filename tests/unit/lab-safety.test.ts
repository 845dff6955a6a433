import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabFileError } from '../../src/labs/lab.js';
import { loadLab, readCacheEntry, writeCacheEntry, cacheKey } from '../../src/labs/loader.js';
import { parseLab } from '../../src/labs/parse.js';
import { contentRoot } from '../../src/util/paths.js';
import { ExitCode, exitCodeOf } from '../../src/cli/exit-codes.js';
import { AccessError, ClusterError, UsageError } from '../../src/errors.js';
import { checkError } from '../../src/checks/engine.js';
import { ApiError, type KubeClient } from '../../src/kube/client.js';
import { checkFile } from '../../src/checks/kinds/file.js';
import { NamespaceView } from '../../src/checks/view.js';
import { CLUSTER_SCOPED_KINDS } from '../../src/labs/scope.js';
import type { CheckOf } from '../../src/labs/schema.js';

const repo = contentRoot();

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A new folder in the system's temporary folder, removed after the tests. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A content root of its own: notes copied, manifests written by the test. */
function contentFolder(manifests: Record<string, string> = {}): string {
  const root = tempDir('lab-safety-');
  cpSync(join(repo, 'notes'), join(root, 'notes'), { recursive: true });
  mkdirSync(join(root, 'labs', 'demo'), { recursive: true });
  for (const [rel, text] of Object.entries(manifests)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: kube-system }\nspec: { containers: [{ name: c, image: nginx }] }\n`;
const clusterRole = (name: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${name} }\nrules: []\n`;

/** A lab with one setup manifest (line 6), one solution step (line 13) and one check. */
function labText(o: { head?: string; setup?: string; step?: string; check?: string } = {}): string {
  return `id: demo
title: Demo
domain: Workloads & Scheduling
note: replicaset
setup:
  - ${o.setup ?? 'manifests/demo/setup.yaml'}
${o.head ?? ''}tasks:
  - id: t1
    title: Task
    text: Do it
    solution:
      - run: kubectl apply -f x.yaml
        ${o.step ?? 'apply: manifests/demo/solution.yaml'}
    checks:
      - id: c1
        title: exists
        ${o.check ?? 'type: object\n        target: { apiVersion: v1, kind: Pod, name: x }'}
`;
}

function refusal(root: string, text: string): LabFileError {
  try {
    parseLab(text, join(root, 'labs/demo/lab.yaml'), root, 'demo');
  } catch (err) {
    if (err instanceof LabFileError) return err;
    throw err;
  }
  throw new Error('expected the lab to be refused');
}

const base = { 'manifests/demo/setup.yaml': pod('setup'), 'manifests/demo/solution.yaml': pod('solution') };

describe('what a lab may create (ownership)', () => {
  it('accepts namespaced objects whatever their metadata.namespace says', () => {
    const root = contentFolder(base);
    expect(parseLab(labText(), join(root, 'labs/demo/lab.yaml'), root, 'demo').clusterScoped).toEqual([]);
  });

  it('refuses a cluster-scoped object of a kind the lab does not declare, at the setup line', () => {
    const root = contentFolder({
      ...base,
      'manifests/demo/setup.yaml': `${pod('a')}---\n${clusterRole('demo-reader')}`,
    });
    const err = refusal(root, labText());
    expect(exitCodeOf(err)).toBe(ExitCode.usage);
    expect(err.line).toBe(6);
    expect(err.field).toBe('setup[0]');
    expect(err.message).toContain(
      'manifests/demo/setup.yaml: ClusterRole demo-reader is cluster-scoped, and the lab does not declare ClusterRole in clusterScoped',
    );
  });

  it('refuses a Namespace or a Node in a step manifest, at the step line, even when declared', () => {
    const root = contentFolder({
      ...base,
      'manifests/demo/solution.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: demo-x }\n',
    });
    const err = refusal(root, labText());
    expect(err.line).toBe(13);
    expect(err.field).toBe('tasks[0].solution[0].apply');
    expect(err.message).toContain('Namespace demo-x is a Namespace, and a lab cannot create Namespaces');
    const declared = refusal(root, labText({ head: 'clusterScoped: [Node]\n' }));
    expect(declared.field).toBe('clusterScoped[0]');
    expect(declared.message).toContain('a lab may create and change Nodes only with `requires: [nodes]`');
  });

  it('accepts a declared cluster-scoped kind named <lab id>-..., and refuses one without the prefix', () => {
    const ok = contentFolder({ ...base, 'manifests/demo/solution.yaml': clusterRole('demo-reader') });
    expect(
      parseLab(labText({ head: 'clusterScoped: [ClusterRole]\n' }), join(ok, 'labs/demo/lab.yaml'), ok, 'demo')
        .clusterScoped,
    ).toEqual(['ClusterRole']);
    const bad = contentFolder({ ...base, 'manifests/demo/solution.yaml': clusterRole('reader') });
    expect(refusal(bad, labText({ head: 'clusterScoped: [ClusterRole]\n' })).message).toContain(
      'its name must start with "demo-"',
    );
  });

  it('refuses kinds that act on the whole cluster even when declared', () => {
    const err = refusal(
      contentFolder(base),
      labText({ head: 'clusterScoped: [ClusterRole, MutatingWebhookConfiguration]\n' }),
    );
    expect(err.field).toBe('clusterScoped[1]');
    expect(err.line).toBe(7);
  });

  it('refuses a binding that grants rights to anonymous users', () => {
    const crb =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: demo-open }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }\nsubjects: [{ kind: User, name: system:anonymous }]\n';
    const root = contentFolder({ ...base, 'manifests/demo/solution.yaml': crb });
    expect(refusal(root, labText({ head: 'clusterScoped: [ClusterRoleBinding]\n' })).message).toContain(
      'grants rights to system:anonymous',
    );
  });

  it("refuses patch, scale and delete steps on Nodes, Namespaces and cluster-scoped objects not the lab's", () => {
    const root = contentFolder(base);
    const node = refusal(
      root,
      labText({
        step: 'patch: { apiVersion: v1, kind: Node, name: kwok-node-0, patch: { metadata: { labels: { a: b } } } }',
      }),
    );
    expect(node.field).toBe('tasks[0].solution[0].patch');
    expect(node.message).toContain('this patch step may not run: a lab may create and change Nodes only with');
    expect(
      refusal(root, labText({ step: 'delete: { apiVersion: v1, kind: Namespace, name: default }' })).message,
    ).toContain('cannot change or delete Namespaces');
    expect(
      refusal(
        root,
        labText({
          head: 'clusterScoped: [ClusterRole]\n',
          step: 'delete: { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, name: admin }',
        }),
      ).message,
    ).toContain("ClusterRole admin is cluster-scoped and not the lab's own");
  });

  it('knows the core cluster-scoped kinds without a cluster', () => {
    for (const kind of [
      'Namespace',
      'Node',
      'PersistentVolume',
      'ClusterRole',
      'ClusterRoleBinding',
      'StorageClass',
      'PriorityClass',
      'CustomResourceDefinition',
      'IngressClass',
      'RuntimeClass',
      'CSIDriver',
      'VolumeAttachment',
      'ValidatingWebhookConfiguration',
      'MutatingWebhookConfiguration',
      'APIService',
      'CertificateSigningRequest',
    ]) {
      expect(CLUSTER_SCOPED_KINDS[kind], kind).toBeDefined();
    }
    expect(CLUSTER_SCOPED_KINDS['Pod']).toBeUndefined();
  });
});

describe('paths stay inside their folder', () => {
  it('loads lab ids from the catalog only', async () => {
    const root = contentFolder(base);
    writeFileSync(join(root, 'labs', 'demo', 'lab.yaml'), labText());
    const outside = tempDir('outside-');
    mkdirSync(join(outside, 'x'));
    writeFileSync(join(outside, 'x', 'lab.yaml'), labText().replace('id: demo', 'id: x'));
    const rel = join('..', '..', '..', '..', '..', '..', outside, 'x').replace(/\/+/g, '/');
    await expect(loadLab(rel, root)).rejects.toThrow(
      `There is no lab "${rel}"; run \`lab list\` to see the labs (demo).`,
    );
    // A lab folder that is a symlink to somewhere else is not in the catalog either.
    symlinkSync(join(outside, 'x'), join(root, 'labs', 'x'));
    await expect(loadLab('x', root)).rejects.toThrow(UsageError);
  });

  it('refuses content paths that leave the content root, through .. or a symlink', () => {
    const root = contentFolder(base);
    const outside = tempDir('outside-');
    writeFileSync(join(outside, 'evil.yaml'), pod('evil'));
    symlinkSync(join(outside, 'evil.yaml'), join(root, 'manifests', 'demo', 'link.yaml'));
    const dots = refusal(root, labText({ setup: `../${outside.split('/').pop()}/evil.yaml` }));
    expect(dots.field).toBe('setup[0]');
    expect(dots.message).toContain('leads outside the lab content folder');
    const link = refusal(root, labText({ step: 'apply: manifests/demo/link.yaml' }));
    expect(link.field).toBe('tasks[0].solution[0].apply');
    expect(link.message).toContain('leads outside the lab content folder');
    expect(refusal(root, labText({ setup: join(outside, 'evil.yaml') })).message).toContain('is absolute');
    expect(refusal(root, labText({ step: `writeFile: { path: a.yaml, from: manifests/demo/link.yaml }` })).field).toBe(
      'tasks[0].solution[0].writeFile.from',
    );
    expect(refusal(root, labText().replace('note: replicaset', 'note: ../../../etc/hostname')).field).toBe('note');
  });

  it('refuses learner-folder paths that are absolute or climb out', () => {
    const root = contentFolder(base);
    const write = refusal(root, labText({ step: 'writeFile: { path: ../../.bashrc, content: x }' }));
    expect(write.field).toBe('tasks[0].solution[0].writeFile.path');
    expect(write.message).toContain("leads outside the learner's folder");
    const check = refusal(root, labText({ check: 'type: file\n        path: /etc/passwd' }));
    expect(check.field).toBe('tasks[0].checks[0].path');
    expect(check.line).toBe(18);
    expect(check.message).toContain('is absolute');
  });

  it('refuses lab files over 1 MB before parsing them', async () => {
    const root = contentFolder(base);
    writeFileSync(join(root, 'labs', 'demo', 'lab.yaml'), labText() + `# ${'x'.repeat(1024 * 1024)}\n`);
    const started = performance.now();
    await expect(loadLab('demo', root)).rejects.toThrow(
      /labs\/demo\/lab\.yaml is 1\.0 MB, over the 1 MB a lab file may have/,
    );
    expect(performance.now() - started).toBeLessThan(500);
    writeFileSync(join(root, 'manifests', 'demo', 'setup.yaml'), pod('a') + `# ${'x'.repeat(1024 * 1024)}\n`);
    const big = refusal(root, labText());
    expect(big.field).toBe('setup[0]');
    expect(big.message).toContain('over the 1 MB');
  });

  it('refuses a lab whose id differs from its folder name', async () => {
    const root = contentFolder(base);
    writeFileSync(join(root, 'labs', 'demo', 'lab.yaml'), labText().replace('id: demo', 'id: other'));
    const err = await loadLab('demo', root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabFileError);
    expect((err as LabFileError).line).toBe(1);
    expect((err as LabFileError).message).toContain('the id "other" differs from the lab\'s folder name "demo"');
  });
});

describe('the validated-lab cache cannot crash or fool the CLI', () => {
  const setup = () => {
    const root = contentFolder(base);
    const text = labText();
    writeFileSync(join(root, 'labs', 'demo', 'lab.yaml'), text);
    const lab = parseLab(text, join(root, 'labs/demo/lab.yaml'), root, 'demo');
    const entry = join(root, 'cache.json');
    const key = cacheKey(text, 'schema');
    writeCacheEntry(entry, key, lab);
    return { root, entry, key };
  };

  it('reads back an entry it wrote', () => {
    const { root, entry, key } = setup();
    expect(readCacheEntry(entry, key, 'demo', root)?.tasks[0]!.checks[0]!.id).toBe('c1');
  });

  it('ignores an entry `{}`, garbage, or one for another lab text', () => {
    const { root, entry, key } = setup();
    expect(readCacheEntry(entry, cacheKey('other', 'schema'), 'demo', root)).toBeUndefined();
    for (const bad of ['{}', 'null', '[]', '{"key":1}', 'garbage', '']) {
      writeFileSync(entry, bad);
      expect(readCacheEntry(entry, key, 'demo', root)).toBeUndefined();
    }
  });

  it('ignores an entry whose checks were edited to pass', () => {
    const { root, entry, key } = setup();
    const data = JSON.parse(readFileSync(entry, 'utf8'));
    data.lab.tasks[0].checks = [
      { id: 'c1', title: 'x', type: 'absent', objects: { apiVersion: 'v1', kind: 'Pod', names: ['nothing'] } },
    ];
    writeFileSync(entry, JSON.stringify(data));
    expect(readCacheEntry(entry, key, 'demo', root)).toBeUndefined();
  });

  it('ignores an entry once a manifest it was validated with changes', () => {
    const { root, entry, key } = setup();
    writeFileSync(join(root, 'manifests', 'demo', 'setup.yaml'), clusterRole('demo-x'));
    expect(readCacheEntry(entry, key, 'demo', root)).toBeUndefined();
  });

  it('runs the bundled CLI with every cache entry set to `{}`, and rewrites them', async () => {
    const cache = tempDir('lab-cache-');
    const bin = join(repo, 'bin', 'lab.cjs');
    const run = () =>
      execa('node', [bin, 'solution', 'replicaset', '--lang', 'en'], { reject: false, env: { XDG_CACHE_HOME: cache } });
    expect((await run()).exitCode).toBe(0);
    const dir = join(cache, 'cka-lab', 'labs');
    const entries = readdirSync(dir);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) writeFileSync(join(dir, e), '{}');
    const again = await run();
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('kubectl scale --replicas=6 replicaset myapp-replicaset');
    for (const e of entries) expect(readFileSync(join(dir, e), 'utf8')).not.toBe('{}');
  });
});

describe('a file check that cannot read its file fails alone, with one sentence', () => {
  // The file check reads only the learner's folder; the view's client is never called.
  const view = (dir: string) => new NamespaceView(undefined as unknown as KubeClient, 'unused', dir);
  const check = (path: string): CheckOf<'file'> => ({
    id: 'f',
    title: 'f',
    type: 'file',
    path,
    expect: { kind: 'Pod' },
    generated: false,
  });

  it('fails on a folder, a symlink out of the folder, a huge file and an unreadable one', async () => {
    const dir = tempDir('learner-');
    mkdirSync(join(dir, 'memcached.yaml'));
    expect((await checkFile(check('memcached.yaml'), view(dir))).summary).toBe(
      'memcached.yaml is a folder, not a file; save the manifest as a file with that name',
    );
    const outside = tempDir('outside-');
    writeFileSync(join(outside, 'pod.yaml'), 'kind: Pod\n');
    symlinkSync(join(outside, 'pod.yaml'), join(dir, 'link.yaml'));
    const link = await checkFile(check('link.yaml'), view(dir));
    expect(link.pass).toBe(false);
    expect(link.summary).toContain('points outside');
    writeFileSync(join(dir, 'big.yaml'), `kind: Pod\n# ${'x'.repeat(1024 * 1024)}\n`);
    expect((await checkFile(check('big.yaml'), view(dir))).summary).toContain('too big for a manifest');
    writeFileSync(join(dir, 'pod.yaml'), 'kind: Pod\n');
    expect((await checkFile(check('pod.yaml'), view(dir))).pass).toBe(true);
    if (process.getuid?.() !== 0) {
      chmodSync(join(dir, 'pod.yaml'), 0);
      expect((await checkFile(check('pod.yaml'), view(dir))).summary).toContain('cannot be read (EACCES)');
    }
  });

  it("turns any error inside a check into that check's failure, except a cluster-wide one", () => {
    expect(checkError(new TypeError("Cannot read properties of undefined (reading 'x')"), 'en')).toEqual({
      pass: false,
      summary: "the check could not run: Cannot read properties of undefined (reading 'x')",
      problems: [],
    });
    expect(checkError(new ApiError(404, 'NotFound', 'no such kind'), 'en').summary).toBe(
      'the API server answered 404: no such kind',
    );
    expect(checkError(new UsageError('Bad thing.'), 'en').summary).toBe('the check could not run: Bad thing');
    expect(() => checkError(new ClusterError('unreachable'), 'en')).toThrow(ClusterError);
    expect(() => checkError(new AccessError(403, '403'), 'en')).toThrow('403');
  });
});
