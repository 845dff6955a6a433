import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { ObjectRef } from './fields.js';
import { defineCheckKind, type CheckData, type CheckProblem } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { resolveLearnerPath, formatSize } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';
import {
  findSnapshotObject,
  readEtcdSnapshot,
  SnapshotFormatError,
  type EtcdSnapshot,
  type SnapshotObject,
} from '../etcd-snapshot-file.js';

/** The largest snapshot read, in bytes (the local cluster's etcd holds a few MB). */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

const fields = {
  /** The snapshot file (or, with `dataDir`, the data folder), relative to the learner's working folder. */
  path: v.string(),
  /** `path` is an etcd data folder (`etcdutl snapshot restore --data-dir`); its database is `member/snap/db`. */
  dataDir: v.optional(v.boolean(), false),
  /**
   * A snapshot file in the working folder that `path` was restored from: each object of `holds` is in
   * both, as the same object (uid). The cluster is then not compared.
   */
  restoredFrom: v.optional(v.string()),
  /** Objects of the lab namespace the snapshot must hold: the same objects (uid) the cluster has, when it has them. */
  holds: v.optional(v.array(ObjectRef), () => []),
  /** Each object of `holds` must be in the cluster now, as the very object the snapshot holds (same uid). */
  restored: v.optional(v.boolean(), false),
};
type EtcdSnapshotCheck = CheckData<'etcd-snapshot', typeof fields>;

/** The `etcd-snapshot` check kind; its `description` says what it checks. */
export const etcdSnapshotKind = defineCheckKind({
  type: 'etcd-snapshot',
  description:
    "A file in the lab's working folder is an etcd v3 snapshot (`etcdctl snapshot save`): a bbolt database, its " +
    'SHA-256 right when it has one, read as `etcdutl snapshot status` reads it (hash, revision, keys). Each object ' +
    'of `holds` (in the lab namespace) is in it, and is the same object (uid) as the one in the cluster when the ' +
    'cluster has it: a snapshot of before the lab, or of another cluster, fails. With `restored: true` each of ' +
    'them must also be in the cluster now, as the snapshot holds it (restored, not created again). With ' +
    '`dataDir: true` the path is a data folder (`etcdutl snapshot restore --data-dir`), and with `restoredFrom` ' +
    'its objects are compared with that snapshot file instead of the cluster.',
  fields,
  reads: (check) => check.holds.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind })),
  readsFiles: true,
  problem: (check): CheckProblem | undefined =>
    check.restoredFrom !== undefined && check.restored
      ? {
          path: ['restored'],
          problem: 'restoredFrom compares with a snapshot file, restored with the cluster: use one',
        }
      : check.restoredFrom !== undefined && check.holds.length === 0
        ? { path: ['holds'], problem: 'restoredFrom needs the objects to compare in holds' }
        : undefined,
  run: checkEtcdSnapshot,
});

/**
 * `etcd-snapshot`: reads the learner's snapshot file or data folder (see {@link readEtcdSnapshot})
 * and compares the objects it holds with the cluster's (or with the snapshot it was restored from),
 * by uid: a uid is made when an object is created, so the same uid means the snapshot was taken of
 * this cluster after the object was made (and, after a restore, that the object came back from it
 * rather than being created again).
 */
export async function checkEtcdSnapshot(check: EtcdSnapshotCheck, view: NamespaceView): Promise<Outcome> {
  const { lang } = view;
  const path = check.path;
  const from = check.restoredFrom;
  const snapshot = readLearnerSnapshot(path, check.dataDir, view, from);
  if (!('keys' in snapshot)) return snapshot;
  const source = from === undefined ? undefined : readLearnerSnapshot(from, false, view);
  if (source !== undefined && !('keys' in source)) return source;

  const problems: Problem[] = [];
  const found: string[] = [];
  for (const ref of check.holds) {
    const what = `${ref.kind} ${ref.name}`;
    const key = { kind: ref.kind, namespace: view.namespace, name: ref.name };
    const inSnapshot = findSnapshotObject(snapshot, key);
    const problem =
      source !== undefined
        ? compareWithSource(path, from!, what, inSnapshot, findSnapshotObject(source, key), source.revision, view)
        : await compareWithCluster(check, what, snapshot, inSnapshot, view);
    if (problem) problems.push(problem);
    else found.push(what);
  }
  if (problems.length > 0) return failed(problems[0]!.message, problems);
  const summary = t(lang, check.dataDir ? 'etcdSnapshot.passedDataDir' : 'etcdSnapshot.passed', {
    path,
    revision: snapshot.revision,
    keys: snapshot.totalKey,
    hash: snapshot.hash,
  });
  if (found.length === 0) return passed(summary);
  const objects = found.join(', ');
  const tail =
    from !== undefined
      ? t(lang, 'etcdSnapshot.passedFrom', { objects, from })
      : t(lang, check.restored ? 'etcdSnapshot.passedRestored' : 'etcdSnapshot.passedHolds', { objects });
  return passed(summary + tail);
}

/** What is wrong with an object of `holds` in a snapshot compared with the cluster, or undefined. */
async function compareWithCluster(
  check: EtcdSnapshotCheck,
  what: string,
  snapshot: EtcdSnapshot,
  inSnapshot: SnapshotObject | undefined,
  view: NamespaceView,
): Promise<Problem | undefined> {
  const { lang } = view;
  const path = check.path;
  const ref = check.holds.find((r) => `${r.kind} ${r.name}` === what)!;
  const live = await view.find({ apiVersion: ref.apiVersion, kind: ref.kind }, ref.name);
  const liveUid = live?.metadata?.uid;
  if (!inSnapshot) {
    const liveRevision = Number(live?.metadata?.resourceVersion ?? 0);
    return {
      message: t(lang, liveRevision > snapshot.revision ? 'etcdSnapshot.lacksOlder' : 'etcdSnapshot.lacks', {
        path,
        what,
        namespace: view.namespace,
        revision: snapshot.revision,
        objectRevision: liveRevision,
      }),
      path: ref.name,
      expected: what,
      actual: 'absent',
    };
  }
  if (liveUid !== undefined && inSnapshot.uid !== liveUid) {
    return {
      message: t(lang, check.restored ? 'etcdSnapshot.recreated' : 'etcdSnapshot.otherObject', {
        path,
        what,
        snapshotUid: inSnapshot.uid ?? '?',
        uid: liveUid,
      }),
      path: `${ref.name}.metadata.uid`,
      expected: inSnapshot.uid,
      actual: liveUid,
    };
  }
  if (check.restored && liveUid === undefined) {
    return {
      message: t(lang, 'etcdSnapshot.notInCluster', { path, what }),
      path: ref.name,
      expected: inSnapshot.uid,
      actual: 'absent',
    };
  }
  return undefined;
}

/** What is wrong with an object of `holds` in a restored data folder compared with its snapshot, or undefined. */
function compareWithSource(
  path: string,
  from: string,
  what: string,
  restored: SnapshotObject | undefined,
  original: SnapshotObject | undefined,
  revision: number,
  view: NamespaceView,
): Problem | undefined {
  const { lang } = view;
  if (!original) {
    return {
      message: t(lang, 'etcdSnapshot.lacks', { path: from, what, namespace: view.namespace, revision }),
      path: what,
      expected: what,
      actual: 'absent',
    };
  }
  if (restored?.uid !== original.uid) {
    return {
      message: t(lang, 'etcdSnapshot.notRestoredFrom', { path, from, what }),
      path: what,
      expected: original.uid,
      actual: restored?.uid ?? 'absent',
    };
  }
  return undefined;
}

/**
 * Reads a snapshot file, or the database of a data folder, from the learner's folder; a failed
 * outcome says in one sentence why it cannot be read.
 * @param from the snapshot a data folder should have been restored from (named in the messages)
 */
function readLearnerSnapshot(
  path: string,
  dataDir: boolean,
  view: NamespaceView,
  from = 'backup.db',
): EtcdSnapshot | Outcome {
  const { lang } = view;
  const resolved = resolveLearnerPath(view.workDir, path);
  if (resolved.problem !== undefined) return failed(t(lang, 'file.unchecked', { path, problem: resolved.problem }));
  let bytes: Buffer;
  let key: string;
  try {
    const st = statSync(resolved.path);
    if (dataDir && !st.isDirectory()) return failed(t(lang, 'etcdSnapshot.notDataDir', { path, from }));
    if (!dataDir && st.isDirectory()) return failed(t(lang, 'etcdSnapshot.folder', { path }));
    const file = dataDir ? join(resolved.path, 'member', 'snap', 'db') : resolved.path;
    const fst = dataDir ? statSync(file) : st;
    if (!fst.isFile()) return failed(t(lang, 'file.notRegular', { path }));
    if (fst.size > MAX_SNAPSHOT_BYTES)
      return failed(
        t(lang, 'etcdSnapshot.tooBig', { path, size: formatSize(fst.size), max: formatSize(MAX_SNAPSHOT_BYTES) }),
      );
    key = `${file}\0${fst.size}\0${fst.mtimeMs}`;
    const known = readSnapshots.get(key);
    if (known) return known;
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOENT') {
      const message = dataDir
        ? t(lang, existsAt(resolved.path) ? 'etcdSnapshot.notDataDir' : 'etcdSnapshot.noDataDir', { path, from })
        : t(lang, 'etcdSnapshot.missing', { path, dir: view.workDir });
      return failed(message, [{ message, path }]);
    }
    return failed(t(lang, 'file.unreadable', { path, code }));
  }
  if (bytes.length === 0) return failed(t(lang, 'etcdSnapshot.empty', { path }));
  try {
    const snapshot = readEtcdSnapshot(bytes);
    if (readSnapshots.size >= 4) readSnapshots.delete(readSnapshots.keys().next().value!);
    readSnapshots.set(key, snapshot);
    return snapshot;
  } catch (err) {
    if (!(err instanceof SnapshotFormatError)) throw err;
    if (err.reason === 'not-bbolt' || err.reason === 'no-key-bucket') {
      return failed(t(lang, looksLikeText(bytes) ? 'etcdSnapshot.text' : 'etcdSnapshot.notSnapshot', { path }));
    }
    return failed(t(lang, 'etcdSnapshot.damaged', { path, detail: err.message }));
  }
}

/**
 * Snapshots already read, by file, size and modification time: the checks of one `lab check` (and
 * the runs of `lab check --watch`) read the same file (a few ms per MB) once.
 */
const readSnapshots = new Map<string, EtcdSnapshot>();

const existsAt = (path: string): boolean => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

/** Whether the file's first bytes are printable text (YAML, JSON, a shell's error message). */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512);
  return head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}
