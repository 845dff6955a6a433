import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { dropStalePidFile, livePid, pidFile, readComponents, type ComponentSpec } from './components.js';
import { killProcess } from '../../util/process.js';
import { firstBackOff, type BackOff } from './restart-backoff.js';

/**
 * The control-plane components whose configuration the local cluster keeps as static-Pod-style
 * manifests, as a kubeadm node keeps them in /etc/kubernetes/manifests.
 */
export const STATIC_COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type StaticComponent = (typeof STATIC_COMPONENTS)[number];

/** Whether `name` is one of {@link STATIC_COMPONENTS}. */
export const isStaticComponent = (name: string): name is StaticComponent =>
  (STATIC_COMPONENTS as readonly string[]).includes(name);

/** The folder of the manifests in a cluster's state folder: `<state>/manifests`. */
export const manifestsDir = (stateDir: string): string => join(stateDir, 'manifests');

/** The manifest file of one component: `<state>/manifests/<component>.yaml`. */
export const manifestFile = (stateDir: string, component: string): string =>
  join(manifestsDir(stateDir), `${component}.yaml`);

/** The log of a component, as kwokctl's binary runtime writes it (truncated at each start). */
export const componentLog = (spec: ComponentSpec): string => join(spec.workDir, 'logs', `${basename(spec.binary)}.log`);

/**
 * What cka-lab remembers about the manifests, in `<state>/control-plane.json`:
 * - `defaults`: each component's command as cka-lab made it (binary, then flags), to restore;
 * - `failed`: the command a component last failed to start with, and why (the end of its log);
 * - `lab`: the lab whose setup changed manifests, and which (undone on its reset and when another lab starts);
 * - `backOff`: the restart back-off of each component that failed with its manifest's command
 *   (src/cluster/local/restart-backoff.ts), which the manifest watcher starts again.
 */
export interface ManifestRecord {
  defaults: Record<string, string[]>;
  failed?: Record<string, { command: string[]; reason: string }>;
  lab?: { id: string; components: string[] };
  backOff?: Record<string, BackOff>;
}

const recordFile = (stateDir: string): string => join(stateDir, 'control-plane.json');

/** The record of a state folder, or undefined when the cluster has no manifests yet. */
export function readRecord(stateDir: string): ManifestRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(stateDir), 'utf8')) as ManifestRecord;
  } catch {
    return undefined;
  }
}

/** Writes the record atomically (a temporary file renamed over it). */
export function writeRecord(stateDir: string, record: ManifestRecord): void {
  const tmp = `${recordFile(stateDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, recordFile(stateDir));
}

/** The image a kubeadm node would run for a component (informational: the local cluster runs the binary). */
function imageOf(component: string, version: string | undefined): string {
  const repo = component === 'etcd' ? 'registry.k8s.io/etcd' : `registry.k8s.io/${component}`;
  return version ? `${repo}:${version}` : repo;
}

/**
 * The manifest text of a component: a Pod in kube-system whose container's `command` is the
 * binary and the flags the component runs with (kubeadm's layout, so the learner reads and edits
 * it as on the exam). A comment at the top says how it is used here.
 * @param command the binary, then its flags (each `--flag=value`)
 * @param version the Kubernetes release for the image name (v1.35.4), informational
 */
export function renderManifest(component: string, command: readonly string[], version?: string): string {
  // Plain where YAML reads it back as the same string (kubeadm's look: `- --kubeconfig=/etc/...`), else quoted.
  const q = (s: string) =>
    /^(--?)?[\w/.][\w./=,:@+-]*$/.test(s) && !/^(true|false|null|~|[\d.+-]+)$/i.test(s) ? s : JSON.stringify(s);
  return [
    `# The ${component} of cka-lab's local cluster, as a static Pod manifest (kubeadm keeps these in`,
    '# /etc/kubernetes/manifests). cka-lab runs the command below as a process on 127.0.0.1: save',
    `# a change and ${component} is restarted with it within about a second. Its log:`,
    `#   lab cluster logs ${component}`,
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${component}`,
    '  namespace: kube-system',
    '  labels:',
    `    component: ${component}`,
    '    tier: control-plane',
    'spec:',
    '  hostNetwork: true',
    '  priorityClassName: system-node-critical',
    '  containers:',
    `  - name: ${component}`,
    `    image: ${imageOf(component, component === 'etcd' ? undefined : version)}`,
    '    command:',
    ...command.map((a) => `    - ${q(a)}`),
    '',
  ].join('\n');
}

/**
 * The command a manifest runs: its first container's `command` followed by its `args`.
 * @throws Error saying what is wrong (YAML syntax, not a Pod, no command), for the learner
 */
export async function parseManifest(text: string): Promise<string[]> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const pod = doc.toJS() as {
    kind?: unknown;
    spec?: { containers?: { command?: unknown; args?: unknown }[] };
  } | null;
  if (pod?.kind !== 'Pod') throw new Error('it is not a Pod (kind: Pod)');
  const container = pod.spec?.containers?.[0];
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string' || typeof s === 'number');
  if (!container || !strings(container.command) || (container.command as unknown[]).length === 0)
    throw new Error('spec.containers[0].command is not a list of strings');
  if (container.args !== undefined && !strings(container.args))
    throw new Error('spec.containers[0].args is not a list of strings');
  return [...(container.command as unknown[]), ...((container.args as unknown[] | undefined) ?? [])].map(String);
}

/** Where a cluster keeps its manifests and its components. */
export interface ManifestCluster {
  stateDir: string;
  clusterWorkdir: string;
}

/**
 * Writes the manifest of each component from the flags it runs with now (kwok.yaml) and records
 * them as cka-lab's defaults, unless the cluster has manifests already (never overwrites an edit).
 * @param version the Kubernetes release, for the image names
 */
export async function ensureManifests(cluster: ManifestCluster, version?: string): Promise<void> {
  if (readRecord(cluster.stateDir) && existsSync(manifestsDir(cluster.stateDir))) return;
  const specs = (await readComponents(cluster.clusterWorkdir)).filter((s) => isStaticComponent(s.name));
  if (specs.length === 0) return;
  mkdirSync(manifestsDir(cluster.stateDir), { recursive: true });
  const defaults: Record<string, string[]> = {};
  for (const spec of specs) {
    defaults[spec.name] = [spec.binary, ...spec.args];
    writeFileSync(manifestFile(cluster.stateDir, spec.name), renderManifest(spec.name, defaults[spec.name]!, version));
  }
  writeRecord(cluster.stateDir, { defaults });
}

/** What {@link syncManifests} did for one component. */
export interface ManifestChange {
  component: string;
  /** `restarted`: runs with the manifest's command; `failed`: did not start (or the file is unusable). */
  outcome: 'restarted' | 'failed';
  /** For `failed`: why, in one line (the end of the component's log, or what is wrong with the file). */
  reason?: string;
}

/** How long a restarted component must stay up to count as started, in ms. */
const START_GRACE_MS = 3000;

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Brings each component in line with its manifest, as the kubelet does with static Pods: a
 * component whose manifest's command differs from the one it runs with (kwok.yaml) is stopped,
 * its kwok.yaml entry takes the new command (so every later start and repair uses it), and it is
 * started again; a component that exits within {@link START_GRACE_MS} is recorded as failed, with
 * the last error line of its log. A manifest that cannot be read leaves the component as it runs,
 * recorded as failed with what is wrong. Unchanged manifests cost a read of each file.
 * The caller holds the cluster's `up` lock (no repair runs meanwhile).
 * @param onRestarted called with the components restarted (to release their leader-election Leases)
 */
export async function syncManifests(
  cluster: ManifestCluster,
  onRestarted?: (components: string[]) => Promise<void>,
): Promise<ManifestChange[]> {
  const record = readRecord(cluster.stateDir);
  if (!record) return [];
  const specs = await readComponents(cluster.clusterWorkdir);
  const changes: ManifestChange[] = [];
  const failed = { ...record.failed };
  const backOff = { ...record.backOff };
  for (const spec of specs.filter((s) => isStaticComponent(s.name))) {
    const file = manifestFile(cluster.stateDir, spec.name);
    if (!existsSync(file)) continue;
    let command: string[];
    try {
      command = await parseManifest(readFileSync(file, 'utf8'));
    } catch (err) {
      const reason = `${file}: ${(err as Error).message}`;
      if (failed[spec.name]?.reason !== reason) changes.push({ component: spec.name, outcome: 'failed', reason });
      failed[spec.name] = { command: [], reason };
      continue;
    }
    const current = [spec.binary, ...spec.args];
    if (same(command, current)) {
      // An unreadable file fixed back to what runs: nothing to restart.
      if (failed[spec.name]?.command.length === 0) delete failed[spec.name];
      continue;
    }
    if (basename(command[0]!) !== basename(spec.binary)) {
      const reason = `${file}: the command must start with the ${basename(spec.binary)} binary (${spec.binary})`;
      changes.push({ component: spec.name, outcome: 'failed', reason });
      failed[spec.name] = { command: [], reason };
      continue;
    }
    const next: ComponentSpec = { ...spec, binary: command[0]!, args: command.slice(1) };
    await setComponentCommand(cluster.clusterWorkdir, next);
    const outcome = await restartComponent(next, 'its manifest changed');
    // A new command starts a new back-off, as a new static Pod does.
    delete backOff[spec.name];
    if (outcome.ok) delete failed[spec.name];
    else {
      failed[spec.name] = { command, reason: outcome.reason ?? 'exited' };
      backOff[spec.name] = firstBackOff(Date.now());
    }
    changes.push({ component: spec.name, outcome: outcome.ok ? 'restarted' : 'failed', reason: outcome.reason });
  }
  writeRecord(cluster.stateDir, withFailures(record, failed, backOff));
  const restarted = changes.filter((c) => c.outcome === 'restarted').map((c) => c.component);
  if (restarted.length > 0 && onRestarted) await onRestarted(restarted).catch(() => undefined);
  return changes;
}

/** `record` with `failed` and `backOff` in place of its own (each left out when empty). */
export function withFailures(
  record: ManifestRecord,
  failed: NonNullable<ManifestRecord['failed']>,
  backOff: NonNullable<ManifestRecord['backOff']>,
): ManifestRecord {
  const { failed: _f, backOff: _b, ...rest } = record;
  return {
    ...rest,
    ...(Object.keys(failed).length > 0 ? { failed } : {}),
    ...(Object.keys(backOff).length > 0 ? { backOff } : {}),
  };
}

/**
 * Stops a component (when it runs) and starts it with its spec, as kwokctl's binary runtime does
 * (its folder, `pids/<binary>.pid`, its log truncated), then waits {@link START_GRACE_MS} ms.
 * @param why when set, the log's first line says that cka-lab started it and why (`lab cluster logs`)
 * @returns whether it still runs then, else the last error line of its log
 */
export async function restartComponent(spec: ComponentSpec, why?: string): Promise<{ ok: boolean; reason?: string }> {
  const pid = livePid(spec);
  if (pid !== undefined) await killProcess(pid);
  dropStalePidFile(spec);
  mkdirSync(join(spec.workDir, 'logs'), { recursive: true });
  mkdirSync(join(spec.workDir, 'pids'), { recursive: true });
  const log = openSync(componentLog(spec), 'w');
  try {
    if (why) writeSync(log, `cka-lab: ${new Date().toISOString()} started ${spec.name}: ${why}\n`);
    const child = spawn(spec.binary, spec.args, {
      cwd: spec.workDir,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.on('error', () => undefined); // a missing binary: the process check below says so
    if (child.pid === undefined) return { ok: false, reason: `${spec.binary} could not be started` };
    writeFileSync(pidFile(spec), String(child.pid));
    child.unref();
  } finally {
    closeSync(log);
  }
  await new Promise((r) => setTimeout(r, START_GRACE_MS));
  if (livePid(spec) !== undefined) return { ok: true };
  return { ok: false, reason: lastErrorLine(spec) ?? `${spec.name} exited at once` };
}

/**
 * The most telling line of a component's log since its last start: the first error line (cobra's
 * `Error: unknown flag: --x`, which comes before the usage text, or a klog `E` or `F` line), else
 * the last line, without klog's header (`E1201 23:35:33.320552   18591 run.go:72] `).
 */
export function lastErrorLine(spec: ComponentSpec): string | undefined {
  let log: string;
  try {
    log = readFileSync(componentLog(spec), 'utf8');
  } catch {
    return undefined;
  }
  const all = log
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('cka-lab: ')); // the line restartComponent writes first
  const line = all.find((l) => /^(Error: |[EF]\d{4} )/.test(l)) ?? all[all.length - 1];
  const text = line?.replace(/^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /, '').trim();
  return text?.slice(0, 300) || undefined;
}

/**
 * Sets one component's `binary` and `args` in the cluster's kwok.yaml. Only the first document
 * (the KwokctlConfiguration kwokctl writes first) is parsed and written again; the Stage documents
 * after it, which kwok-controller reads, are kept byte for byte.
 * @throws Error when the first document is not the KwokctlConfiguration or lacks the component
 */
export async function setComponentCommand(clusterWorkdir: string, spec: ComponentSpec): Promise<void> {
  const { parseDocument } = await import('yaml');
  const file = join(clusterWorkdir, 'kwok.yaml');
  const text = readFileSync(file, 'utf8');
  const cut = text.search(/^---\s*$/m);
  const head = cut < 0 ? text : text.slice(0, cut);
  const doc = parseDocument(head);
  const components = (doc.toJS() as { kind?: string; components?: { name?: string }[] } | null) ?? {};
  const i =
    components.kind === 'KwokctlConfiguration'
      ? (components.components ?? []).findIndex((c) => c.name === spec.name)
      : -1;
  if (i < 0) throw new Error(`${file} does not list ${spec.name} first`);
  doc.setIn(['components', i, 'binary'], spec.binary);
  doc.setIn(['components', i, 'args'], doc.createNode(spec.args));
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, String(doc) + (cut < 0 ? '' : text.slice(cut)));
  renameSync(tmp, file);
}

/**
 * Components held back on purpose: the last start with the command they are to run now failed
 * (recorded by {@link syncManifests}), so a repair would only fail again. A repair leaves them
 * stopped and says so; fixing the manifest starts them.
 */
export async function heldComponents(cluster: ManifestCluster): Promise<Map<string, string>> {
  const record = readRecord(cluster.stateDir);
  const held = new Map<string, string>();
  if (!record?.failed) return held;
  for (const spec of await readComponents(cluster.clusterWorkdir)) {
    const failure = record.failed[spec.name];
    if (failure && failure.command.length > 0 && same(failure.command, [spec.binary, ...spec.args]))
      held.set(spec.name, failure.reason);
  }
  return held;
}

/**
 * Puts back cka-lab's own manifest of each component named (those a lab changed), and syncs.
 * The caller holds the cluster's `up` lock.
 */
export async function restoreManifests(
  cluster: ManifestCluster,
  components: readonly string[],
  version?: string,
  onRestarted?: (components: string[]) => Promise<void>,
): Promise<ManifestChange[]> {
  const record = readRecord(cluster.stateDir);
  if (!record) return [];
  for (const c of components) {
    const command = record.defaults[c];
    if (command) writeFileSync(manifestFile(cluster.stateDir, c), renderManifest(c, command, version));
  }
  return syncManifests(cluster, onRestarted);
}
