import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { findSnapshotObject, readEtcdSnapshot, SnapshotFormatError } from '../../../src/checks/etcd-snapshot-file.js';

/**
 * tests/fixtures/check-kinds/etcd-backup/, from the local cluster (etcd 3.6.5, kube-apiserver 1.35):
 * after `kubectl apply -f manifests/etcd-backup/setup/payments.yaml -n lab-etcd-backup` (ConfigMap
 * payments-config, Deployment payments), etcd compacted and defragmented (a small file), then
 * `etcdctl snapshot save backup.db` (backup.db.gz); `kubectl get -o json` of the ConfigMap and the
 * Deployment (objects.json: cm, deploy); then `kubectl delete deployment payments` and the same
 * manifest applied again (deploy-recreated: a new uid), and `kubectl create configmap after-backup`
 * (cm-after, resourceVersion above the snapshot's revision). restored-db.gz is `member/snap/db` of
 * `etcdutl snapshot restore backup.db --data-dir restored`. etcdutl 3.6.5 `snapshot status -w json`
 * said: backup.db {"hash":1030549085,"revision":1106,"totalKey":242,"totalSize":380928}, the
 * restored db {"hash":2053436804,"revision":1106,"totalKey":242,"totalSize":380928}. later.db.gz is a
 * snapshot taken after that (revision 1197), holding the recreated Deployment and after-backup.
 */
const DIR = join(FIXTURES, 'etcd-backup');
const NS = 'lab-etcd-backup';
const objects = JSON.parse(readFileSync(join(DIR, 'objects.json'), 'utf8')) as Record<string, KubeObject>;
const backup = gunzipSync(readFileSync(join(DIR, 'backup.db.gz')));
const restoredDb = gunzipSync(readFileSync(join(DIR, 'restored-db.gz')));
const holds = [
  { apiVersion: 'v1', kind: 'ConfigMap', name: 'payments-config' },
  { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments' },
];

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cka-lab-etcd-snapshot-test-'));
  writeFileSync(join(work, 'backup.db'), backup);
  mkdirSync(join(work, 'restored', 'member', 'snap'), { recursive: true });
  mkdirSync(join(work, 'restored', 'member', 'wal'), { recursive: true });
  writeFileSync(join(work, 'restored', 'member', 'snap', 'db'), restoredDb);
  writeFileSync(join(work, 'later.db'), gunzipSync(readFileSync(join(DIR, 'later.db.gz'))));
  writeFileSync(join(work, 'empty.db'), '');
  writeFileSync(join(work, 'all.yaml'), 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n');
  writeFileSync(join(work, 'cut.db'), backup.subarray(0, backup.length - 1000));
  const flipped = Buffer.from(backup);
  flipped[200_000] = flipped[200_000]! ^ 0xff;
  writeFileSync(join(work, 'flipped.db'), flipped);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const check = (fields: Record<string, unknown>, live: KubeObject[], lang: 'en' | 'ko' = 'en') =>
  run('etcd-snapshot', fields, live, { namespace: NS, workDir: work, lang });

describe('reading an etcd snapshot', () => {
  it('finds what etcdutl snapshot status finds: hash, revision, keys, size', () => {
    const s = readEtcdSnapshot(backup);
    expect({ hash: s.hash, revision: s.revision, totalKey: s.totalKey, totalSize: s.totalSize }).toEqual({
      hash: 1030549085,
      revision: 1106,
      totalKey: 242,
      totalSize: 380928,
    });
    expect(s.hashChecked).toBe(true);
    const r = readEtcdSnapshot(restoredDb);
    expect({ hash: r.hash, revision: r.revision, totalKey: r.totalKey, hashChecked: r.hashChecked }).toEqual({
      hash: 2053436804,
      revision: 1106,
      totalKey: 242,
      hashChecked: false,
    });
  });

  it('decodes the objects Kubernetes stored, with their uid and revisions', () => {
    const s = readEtcdSnapshot(backup);
    const cm = findSnapshotObject(s, { kind: 'ConfigMap', namespace: NS, name: 'payments-config' });
    expect(cm).toMatchObject({
      key: `/registry/configmaps/${NS}/payments-config`,
      apiVersion: 'v1',
      uid: objects.cm!.metadata!.uid,
      modRevision: Number(objects.cm!.metadata!.resourceVersion),
    });
    const deploy = findSnapshotObject(s, { kind: 'Deployment', namespace: NS, name: 'payments' });
    expect(deploy).toMatchObject({ key: `/registry/deployments/${NS}/payments`, uid: objects.deploy!.metadata!.uid });
    expect(findSnapshotObject(s, { kind: 'Service', namespace: 'default', name: 'kubernetes' })?.key).toBe(
      '/registry/services/specs/default/kubernetes',
    );
    expect(findSnapshotObject(s, { kind: 'ConfigMap', namespace: NS, name: 'after-backup' })).toBeUndefined();
  });

  it('refuses text, a cut file and a changed byte', () => {
    expect(() => readEtcdSnapshot(Buffer.from('apiVersion: v1\n'))).toThrow(SnapshotFormatError);
    expect(() => readEtcdSnapshot(backup.subarray(0, 10_000))).toThrow(/outside the file/);
    const flipped = Buffer.from(backup);
    flipped[200_000] = flipped[200_000]! ^ 0xff;
    expect(() => readEtcdSnapshot(flipped)).toThrow(/SHA-256/);
  });
});

describe('check kind etcd-snapshot', () => {
  it('passes for a snapshot holding the very objects the cluster has', async () => {
    const outcome = await check({ path: 'backup.db', holds }, [objects.cm!, objects.deploy!]);
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toBe(
      'backup.db is an etcd snapshot at revision 1106 with 242 keys (hash 1030549085); it holds ' +
        'ConfigMap payments-config, Deployment payments, the same objects the cluster has',
    );
  });

  it('still passes once the Deployment is deleted (the restore task deletes it)', async () => {
    expect((await check({ path: 'backup.db', holds }, [objects.cm!])).pass).toBe(true);
  });

  it('fails without the file, naming the folder and the command', async () => {
    const outcome = await check({ path: 'missing.db', holds }, [objects.cm!]);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain(`the snapshot missing.db is not in ${work}`);
    expect(outcome.summary).toContain('snapshot save missing.db');
  });

  it('fails for an empty file, a YAML dump, a cut file and a changed byte, each saying so', async () => {
    expect((await check({ path: 'empty.db' }, [])).summary).toContain('empty.db is empty');
    const yaml = await check({ path: 'all.yaml' }, []);
    expect(yaml.pass).toBe(false);
    expect(yaml.summary).toContain('all.yaml is not an etcd snapshot but text');
    const cut = await check({ path: 'cut.db' }, []);
    expect(cut.summary).toBe(
      'cut.db is a damaged etcd snapshot: its root page is outside the file (was the file cut short?); save it again',
    );
    const flipped = await check({ path: 'flipped.db' }, []);
    expect(flipped.summary).toBe(
      'flipped.db is a damaged etcd snapshot: the SHA-256 at the end of the file does not match its contents; save it again',
    );
  });

  it('fails for a snapshot of before an object was made, from its resourceVersion', async () => {
    const outcome = await check(
      { path: 'backup.db', holds: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'after-backup' }] },
      [objects['cm-after']!],
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain('whose resourceVersion is 1162: the snapshot was taken before the lab started');
    expect(outcome.problems[0]).toMatchObject({ expected: 'ConfigMap after-backup', actual: 'absent' });
  });

  it('fails for a snapshot of other objects of the same name (before a reset, or another cluster)', async () => {
    const outcome = await check({ path: 'backup.db', holds }, [objects.cm!, objects['deploy-recreated']!]);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain('backup.db holds another Deployment payments');
    expect(outcome.problems[0]).toMatchObject({
      expected: objects.deploy!.metadata!.uid,
      actual: objects['deploy-recreated']!.metadata!.uid,
    });
  });

  it('restored: passes when the cluster has the snapshot’s own objects', async () => {
    const outcome = await check({ path: 'backup.db', holds, restored: true }, [objects.cm!, objects.deploy!]);
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toContain(
      'ConfigMap payments-config, Deployment payments in the cluster came back from it',
    );
  });

  it('restored: fails when the object is gone, and when it was created again by hand', async () => {
    const gone = await check({ path: 'backup.db', holds, restored: true }, [objects.cm!]);
    expect(gone.pass).toBe(false);
    expect(gone.summary).toContain('Deployment payments is not in the cluster, though backup.db holds it');
    const again = await check({ path: 'backup.db', holds, restored: true }, [
      objects.cm!,
      objects['deploy-recreated']!,
    ]);
    expect(again.pass).toBe(false);
    expect(again.summary).toContain('is a new object');
    expect(again.summary).toContain('not restored from the snapshot');
  });

  it('dataDir: passes for a folder restored from the snapshot, whatever the cluster holds', async () => {
    const outcome = await check({ path: 'restored', dataDir: true, restoredFrom: 'backup.db', holds }, []);
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toBe(
      'restored is an etcd data folder at revision 1106 with 242 keys (hash 2053436804); it holds the same ' +
        'ConfigMap payments-config, Deployment payments as backup.db: restored from it',
    );
  });

  it('dataDir: fails for a missing folder, a file, and a folder without a database', async () => {
    const fields = { dataDir: true, restoredFrom: 'backup.db', holds };
    expect((await check({ ...fields, path: 'nowhere' }, [])).summary).toBe(
      'the data folder nowhere is not there; restore the snapshot into it with ' +
        '`etcdutl snapshot restore backup.db --data-dir nowhere`',
    );
    expect((await check({ ...fields, path: 'backup.db' }, [])).summary).toContain(
      'backup.db is not an etcd data folder',
    );
    expect((await check({ ...fields, path: 'restored/member' }, [])).summary).toContain(
      'restored/member is not an etcd data folder (it has no member/snap/db)',
    );
  });

  it('dataDir: fails for a folder restored from another snapshot, and when the snapshot lacks the object', async () => {
    const other = await check({ path: 'restored', dataDir: true, restoredFrom: 'later.db', holds }, []);
    expect(other.pass).toBe(false);
    expect(other.summary).toBe(
      'restored does not hold the Deployment payments that later.db holds: it was not restored from later.db; ' +
        'restore again into a new folder',
    );
    expect(other.problems[0]).toMatchObject({
      expected: objects['deploy-recreated']!.metadata!.uid,
      actual: objects.deploy!.metadata!.uid,
    });
    const lacking = await check(
      { path: 'restored', dataDir: true, restoredFrom: 'backup.db', holds: [{ ...holds[0]!, name: 'after-backup' }] },
      [],
    );
    expect(lacking.pass).toBe(false);
    expect(lacking.summary).toContain('backup.db (revision 1106) does not hold ConfigMap after-backup');
  });

  it('says it in Korean', async () => {
    const outcome = await check({ path: 'backup.db', holds, restored: true }, [objects.cm!], 'ko');
    expect(outcome.summary).toContain('클러스터에 없습니다');
  });
});
