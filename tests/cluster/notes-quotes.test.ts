import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// The notes (notes/<id>.md in Korean, notes/<id>.en.md in English) quote kubectl's error messages
// and output. Each test reads a quote from both notes, runs what the note describes with the
// cluster's own kubectl (1.35), and compares: names, ages, IPs and hashes may differ, words may not.

const client = testClient();
const run = promisify(execFile);
const NOTES = join(import.meta.dirname, '../../notes');
let ns = '';
let dir = '';

beforeAll(async () => {
  ns = freshNamespace('notes');
  dir = mkdtempSync(join(tmpdir(), 'cka-lab-notes-'));
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropNamespace(client, ns);
});

/** Runs the cluster's kubectl in the test namespace, from `dir` (so file names in messages are the note's). */
async function kubectl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(binaryPath('kubectl'), ['--kubeconfig', inject('kubeconfig'), '-n', ns, ...args], { cwd: dir });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const r = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof r.code === 'number' ? r.code : 1, out: r.stdout ?? '', err: r.stderr ?? '' };
  }
}

/** Writes a file the note names into the working folder. */
const file = (name: string, text: string): void => writeFileSync(join(dir, name), text);

/** Both languages of a note. */
const both = (note: string): { name: string; text: string }[] =>
  [`${note}.md`, `${note}.en.md`].map((name) => ({ name, text: readFileSync(join(NOTES, name), 'utf8') }));

/** The quoted lines of a note that contain `marker` (every occurrence), trimmed. */
function quotes(text: string, marker: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.includes(marker))
    .map((l) => l.trim());
}

/** The lines of each fenced ```text block of a note whose first line contains `marker`. */
function blocks(text: string, marker: string): string[] {
  return [...text.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd()).filter((b) => b.includes(marker));
}

/** What may differ between the note's example and this cluster: names' hashes, ages, IPs, spacing, comments. */
const normal = (s: string): string =>
  s
    .replace(/\s+#.*$/gm, '')
    .replace(/-[a-z0-9]{8,10}(-[a-z0-9]{5})?\b/g, '-<hash>')
    .replace(/\b\d+(\.\d+){3}\b/g, '<ip>')
    .replace(/\b\d+(s|m|h|d)\d*(s|m)?\b/g, '<age>')
    .replace(/[ \t]+/g, ' ')
    .trim();

const DEPLOYMENT = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: myapp-deployment
spec:
  replicas: 1
  selector: { matchLabels: { app: myapp } }
  template:
    metadata: { labels: { app: myapp } }
    spec: { containers: [{ name: nginx-container, image: nginx }] }
`;

const REPLICASET = (apiVersion: string, label: string) => `apiVersion: ${apiVersion}
kind: ReplicaSet
metadata:
  name: myapp-replicaset
spec:
  replicas: 1
  selector: { matchLabels: { app: myapp } }
  template:
    metadata: { labels: { app: ${label} } }
    spec: { containers: [{ name: nginx-container, image: nginx }] }
`;

describe('the error messages the notes quote are what kubectl 1.35 prints', () => {
  it('kind: deployment (lower case) is not registered for apps/v1', async () => {
    file('deployment-definition.yml', DEPLOYMENT('deployment'));
    const r = await kubectl('create', '-f', 'deployment-definition.yml');
    expect(r.code).not.toBe(0);
    for (const note of both('deployment')) {
      const quoted = quotes(note.text, 'no kind "deployment"');
      expect(quoted, `${note.name} quotes the error`).not.toEqual([]);
      for (const q of quoted) expect(normal(r.err), note.name).toContain(normal(q));
    }
  });

  it('a ReplicaSet with apiVersion v1 has no resource mapping', async () => {
    file('replicaset-definition.yml', REPLICASET('v1', 'myapp'));
    const r = await kubectl('create', '-f', 'replicaset-definition.yml');
    expect(r.code).not.toBe(0);
    for (const note of both('replicaset')) {
      const quoted = blocks(note.text, 'resource mapping not found');
      expect(quoted, `${note.name} quotes the error`).toHaveLength(1);
      expect(normal(r.err), note.name).toBe(normal(quoted[0]!));
    }
  });

  it('a ReplicaSet whose template labels miss the selector is invalid, the value printed as JSON', async () => {
    file('replicaset-frontend.yml', REPLICASET('apps/v1', 'frontend'));
    const r = await kubectl('create', '-f', 'replicaset-frontend.yml');
    expect(r.code).not.toBe(0);
    for (const note of both('replicaset')) {
      const quoted = quotes(note.text, 'The ReplicaSet "myapp-replicaset" is invalid');
      expect(quoted, `${note.name} quotes the error`).toHaveLength(1);
      expect(normal(r.err), note.name).toBe(normal(quoted[0]!));
    }
  });

  it('a ReplicationController whose selector misses its template labels is refused with the quoted words', async () => {
    file(
      'rc-definition.yml',
      `apiVersion: v1
kind: ReplicationController
metadata: { name: myapp-rc }
spec:
  replicas: 1
  selector: { app: myapp }
  template:
    metadata: { labels: { app: other } }
    spec: { containers: [{ name: nginx-container, image: nginx }] }
`,
    );
    const r = await kubectl('create', '-f', 'rc-definition.yml');
    expect(r.code).not.toBe(0);
    for (const note of both('replicationcontroller')) {
      const quoted = note.text.match(/`` (`selector` does not match template `labels`) ``/)?.[1];
      expect(quoted, `${note.name} quotes the error`).toBeDefined();
      expect(r.err, note.name).toContain(quoted);
    }
  });

  it('changing a Pod field other than the image is Forbidden, in the quoted words', async () => {
    await kubectl('run', 'redis', '--image=redis');
    const env = { spec: { containers: [{ name: 'redis', env: [{ name: 'MODE', value: 'x' }] }] } };
    const r = await kubectl('patch', 'pod', 'redis', '-p', JSON.stringify(env));
    expect(r.code).not.toBe(0);
    for (const note of both('pods')) {
      const quoted = note.text.match(/`(spec: Forbidden: pod updates may not change fields other than) \.\.\.`/)?.[1];
      expect(quoted, `${note.name} quotes the error`).toBeDefined();
      expect(r.err, note.name).toContain(quoted);
    }
  });

  it('kubectl create -f of an existing object fails with AlreadyExists', async () => {
    file('nginx-deployment.yaml', DEPLOYMENT('Deployment').replace('myapp-deployment', 'already'));
    expect((await kubectl('create', '-f', 'nginx-deployment.yaml')).code).toBe(0);
    const r = await kubectl('create', '-f', 'nginx-deployment.yaml');
    for (const note of both('imperative-commands')) {
      expect(note.text, note.name).toContain('`AlreadyExists`');
      expect(r.err, note.name).toContain('(AlreadyExists)');
    }
  });
});

describe('the output the notes quote is what kubectl 1.35 prints', () => {
  it('a native sidecar (init container with restartPolicy: Always) counts in READY', async () => {
    file(
      'sidecar.yaml',
      `apiVersion: v1
kind: Pod
metadata: { name: web-with-sidecar }
spec:
  initContainers: [{ name: log-shipper, image: busybox, restartPolicy: Always }]
  containers: [{ name: nginx, image: nginx }]
`,
    );
    expect((await kubectl('create', '-f', 'sidecar.yaml')).code).toBe(0);
    const ready = async () => (await kubectl('get', 'pod', 'web-with-sidecar', '--no-headers')).out.split(/\s+/)[1];
    const shown = await until(ready, (r) => r === '2/2', 30_000);
    for (const note of both('pods')) {
      const said = note.text.match(/sidecar[\s\S]{0,300}?`READY (\d+\/\d+)`/)?.[1];
      expect(said, `${note.name} says what READY shows for one sidecar and one container`).toBeDefined();
      expect(shown, note.name).toBe(said);
    }
  });

  it('CPU and memory are resized in place through the resize subresource', async () => {
    for (const note of both('pods')) expect(note.text).toContain('kubectl edit pod redis --subresource resize');
    file(
      'sized.yaml',
      `apiVersion: v1
kind: Pod
metadata: { name: sized }
spec:
  containers: [{ name: app, image: nginx, resources: { requests: { cpu: 100m }, limits: { cpu: 200m } } }]
`,
    );
    expect((await kubectl('create', '-f', 'sized.yaml')).code).toBe(0);
    const patch = { spec: { containers: [{ name: 'app', resources: { requests: { cpu: '150m' } } }] } };
    const plain = await kubectl('patch', 'pod', 'sized', '-p', JSON.stringify(patch));
    expect(plain.code, 'a plain edit of resources is refused').not.toBe(0);
    const resized = await kubectl('patch', 'pod', 'sized', '--subresource', 'resize', '-p', JSON.stringify(patch));
    // The resize subresource exists and is on (GA in 1.35): the API server takes the request and only asks
    // whether the node can resize. The local cluster's kwok nodes do not declare that they can, so there
    // the answer is "Pod running on node without support for resize"; on a kubelet node it is accepted.
    expect(resized.err).not.toMatch(/could not find the requested resource|not found|feature gate/i);
    if (resized.code !== 0) expect(resized.err).toContain('Pod running on node without support for resize');
  });

  it('every table header the notes show is one kubectl prints, and rollout status/history read as quoted', async () => {
    expect((await kubectl('create', 'deployment', 'nginx', '--image=nginx:1.26', '--replicas=2')).code).toBe(0);
    expect((await kubectl('expose', 'deployment', 'nginx', '--port=80')).code).toBe(0);
    expect((await kubectl('expose', 'deployment', 'nginx', '--name=lb', '--type=LoadBalancer', '--port=80')).code).toBe(
      0,
    );
    const status = await kubectl('rollout', 'status', 'deployment/nginx', '--timeout=60s');
    expect(status.code).toBe(0);
    const tables = await Promise.all(
      [
        ['get', 'all'],
        ['get', 'pods', '-o', 'wide'],
        ['get', 'pods', '--show-labels'],
        ['get', 'replicaset'],
        ['get', 'svc'],
        ['rollout', 'history', 'deployment/nginx'],
      ].map((args) => kubectl(...args)),
    );
    const headers = new Set(
      tables.flatMap((t) => t.out.split('\n').filter((l) => /^(NAME|REVISION)\s/.test(l))).map(normal),
    );
    const ids = ['deployment', 'deployment-rollout', 'pods', 'replicaset', 'service-clusterip', 'service-nodeport'];
    for (const id of [...ids, 'service-loadbalancer']) {
      for (const note of both(id)) {
        for (const block of blocks(note.text, '')) {
          for (const line of block.split('\n').filter((l) => /^\s*(NAME|REVISION)\s/.test(l))) {
            expect([...headers], `${note.name}: ${line.trim()}`).toContain(normal(line));
          }
        }
      }
    }
    for (const note of both('deployment-rollout')) {
      const quoted = quotes(note.text, 'successfully rolled out').filter((l) => l.startsWith('deployment "'));
      expect(quoted, `${note.name} quotes kubectl rollout status`).not.toEqual([]);
      for (const q of quoted) expect(status.out.trim().split('\n').at(-1), note.name).toBe(q);
    }
  });
});
