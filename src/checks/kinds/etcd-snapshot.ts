import { readFileSync, statSync } from 'node:fs';
import * as v from 'valibot';
import { ObjectRef } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { resolveLearnerPath, formatSize } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';
import { findSnapshotObject, readEtcdSnapshot, SnapshotFormatError, type EtcdSnapshot } from '../etcd-snapshot-file.js';

/** The largest snapshot read, in bytes (the local cluster's etcd holds a few MB). */
export const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

const fields = {
  /** The snapshot file, relative to the learner's working folder. */
  path: v.string(),
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
    'them must also be in the cluster now, as the snapshot holds it (restored, not created again).',
  fields,
  reads: (check) => check.holds.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind })),
  readsFiles: true,
  run: checkEtcdSnapshot,
});

/**
 * `etcd-snapshot`: reads the learner's snapshot file (see {@link readEtcdSnapshot}) and compares the
 * objects it holds with the cluster's, by uid: a uid is made when an object is created, so the same
 * uid means the snapshot was taken of this cluster after the object was made (and, after a restore,
 * that the object came back from it rather than being created again).
 */
export async function checkEtcdSnapshot(check: EtcdSnapshotCheck, view: NamespaceView): Promise<Outcome> {
  const { lang } = view;
  const path = check.path;
  const resolved = resolveLearnerPath(view.workDir, path);
  if (resolved.problem !== undefined) return failed(t(lang, 'file.unchecked', { path, problem: resolved.problem }));
  let bytes: Buffer;
  try {
    const st = statSync(resolved.path);
    if (st.isDirectory()) return failed(t(lang, 'etcdSnapshot.folder', { path }));
    if (!st.isFile()) return failed(t(lang, 'file.notRegular', { path }));
    if (st.size > MAX_SNAPSHOT_BYTES)
      return failed(
        t(lang, 'etcdSnapshot.tooBig', { path, size: formatSize(st.size), max: formatSize(MAX_SNAPSHOT_BYTES) }),
      );
    bytes = readFileSync(resolved.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    if (code === 'ENOENT') {
      const message = t(lang, 'etcdSnapshot.missing', { path, dir: view.workDir });
      return failed(message, [{ message, path }]);
    }
    return failed(t(lang, 'file.unreadable', { path, code }));
  }
  if (bytes.length === 0) return failed(t(lang, 'etcdSnapshot.empty', { path }));

  let snapshot: EtcdSnapshot;
  try {
    snapshot = readEtcdSnapshot(bytes);
  } catch (err) {
    if (!(err instanceof SnapshotFormatError)) throw err;
    if (err.reason === 'not-bbolt' || err.reason === 'no-key-bucket') {
      return failed(t(lang, looksLikeText(bytes) ? 'etcdSnapshot.text' : 'etcdSnapshot.notSnapshot', { path }));
    }
    return failed(t(lang, 'etcdSnapshot.damaged', { path, detail: err.message }));
  }

  const problems: Problem[] = [];
  const found: string[] = [];
  for (const ref of check.holds) {
    const what = `${ref.kind} ${ref.name}`;
    const inSnapshot = findSnapshotObject(snapshot, { kind: ref.kind, namespace: view.namespace, name: ref.name });
    const live = await view.find({ apiVersion: ref.apiVersion, kind: ref.kind }, ref.name);
    const liveUid = live?.metadata?.uid;
    if (!inSnapshot) {
      const liveRevision = Number(live?.metadata?.resourceVersion ?? 0);
      problems.push({
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
      });
      continue;
    }
    if (liveUid !== undefined && inSnapshot.uid !== liveUid) {
      problems.push({
        message: t(lang, check.restored ? 'etcdSnapshot.recreated' : 'etcdSnapshot.otherObject', {
          path,
          what,
          snapshotUid: inSnapshot.uid ?? '?',
          uid: liveUid,
        }),
        path: `${ref.name}.metadata.uid`,
        expected: inSnapshot.uid,
        actual: liveUid,
      });
      continue;
    }
    if (check.restored && liveUid === undefined) {
      problems.push({
        message: t(lang, 'etcdSnapshot.notInCluster', { path, what }),
        path: ref.name,
        expected: inSnapshot.uid,
        actual: 'absent',
      });
      continue;
    }
    found.push(what);
  }
  if (problems.length > 0) return failed(problems[0]!.message, problems);
  const summary = t(lang, 'etcdSnapshot.passed', {
    path,
    revision: snapshot.revision,
    keys: snapshot.totalKey,
    hash: snapshot.hash,
  });
  if (found.length === 0) return passed(summary);
  const objects = found.join(', ');
  return passed(
    summary + t(lang, check.restored ? 'etcdSnapshot.passedRestored' : 'etcdSnapshot.passedHolds', { objects }),
  );
}

/** Whether the file's first bytes are printable text (YAML, JSON, a shell's error message). */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512);
  return head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}
