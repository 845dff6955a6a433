import { createHash } from 'node:crypto';

/**
 * Reads an etcd v3 snapshot file (what `etcdctl snapshot save` writes) without etcd: the file is a
 * bbolt database (go.etcd.io/bbolt: meta pages 0 and 1, then B+tree pages of buckets), followed by
 * the SHA-256 of the database when etcd sent it (the file's size is then 32 more than a multiple
 * of 512, which is how etcdutl tells). The `key` bucket holds etcd's MVCC history: keys are
 * revisions (8 bytes main, `_`, 8 bytes sub, and `t` for a deletion), values are
 * `mvccpb.KeyValue` protobufs (key, create_revision, mod_revision, version, value, lease).
 * Kubernetes stores its objects under `/registry/...` as protobuf (`k8s\0` + runtime.Unknown) or
 * JSON (custom resources).
 *
 * Sources: bbolt's page layout (go.etcd.io/bbolt/internal/common/{page,meta,bucket}.go, v1.4),
 * etcd's revision keys (server/storage/mvcc/revision.go) and `etcdutl snapshot status`
 * (etcdutl/snapshot/v3_snapshot.go), whose hash, revision and key count {@link readEtcdSnapshot}
 * reproduces.
 */

/** A file that is not an etcd snapshot, or a damaged one; `reason` says what is wrong. */
export class SnapshotFormatError extends Error {
  constructor(
    readonly reason: 'not-bbolt' | 'damaged' | 'hash-mismatch' | 'no-key-bucket',
    detail: string,
  ) {
    super(detail);
    this.name = 'SnapshotFormatError';
  }
}

/** One live key of the snapshot (its latest revision, not deleted). */
export interface SnapshotKey {
  key: string;
  createRevision: number;
  modRevision: number;
  value: Buffer;
}

/** A Kubernetes object found in a snapshot, decoded as far as its identity. */
export interface SnapshotObject {
  /** The etcd key, e.g. `/registry/configmaps/lab-x/settings`. */
  key: string;
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  /** etcd's revision of its last change: the object's resourceVersion. */
  modRevision: number;
  createRevision: number;
}

/** What `etcdutl snapshot status` says of a snapshot, plus its live keys. */
export interface EtcdSnapshot {
  /** CRC-32C (Castagnoli) of every bucket name, key and value, as etcdutl's `hash`. */
  hash: number;
  /** The highest main revision in the `key` bucket, as etcdutl's `revision`. */
  revision: number;
  /** Keys alive at `revision` (not deleted), as etcdutl's `totalKey`. */
  totalKey: number;
  /** Bytes of the database (pages up to the high-water mark), as etcdutl's `totalSize`. */
  totalSize: number;
  /** Whether the file ended with the database's SHA-256 (checked: a mismatch throws). */
  hashChecked: boolean;
  /** The keys alive at `revision`, by key. */
  keys: Map<string, SnapshotKey>;
}

const MAGIC = 0xed0cdaed;
const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const BUCKET_LEAF_FLAG = 0x01;
const META_CHECKSUM_AT = 56; // bytes of the meta fields before its checksum

/**
 * Reads a snapshot from its bytes: checks the trailing SHA-256 when there is one, picks the
 * newer valid meta page, walks every bucket (computing etcdutl's hash) and replays the `key`
 * bucket's revisions into the keys alive at the snapshot's revision (etcdutl's key count).
 * @throws SnapshotFormatError when the bytes are not a bbolt database, are damaged, fail their
 *   SHA-256, or hold no `key` bucket (a bbolt file that is not etcd's)
 */
export function readEtcdSnapshot(file: Buffer): EtcdSnapshot {
  let db = file;
  let hashChecked = false;
  if (file.length % 512 === 32 && file.length > 32) {
    db = file.subarray(0, file.length - 32);
    const want = file.subarray(file.length - 32);
    if (!createHash('sha256').update(db).digest().equals(want))
      throw new SnapshotFormatError('hash-mismatch', 'the SHA-256 at the end of the file does not match its contents');
    hashChecked = true;
  }
  const meta = readMeta(db);
  try {
    return walkDatabase(db, meta, hashChecked);
  } catch (err) {
    if (err instanceof SnapshotFormatError) throw err;
    throw new SnapshotFormatError(
      'damaged',
      err instanceof RangeError ? 'a page runs past the end of the file' : (err as Error).message,
    );
  }
}

interface Meta {
  pageSize: number;
  root: bigint;
  highWater: bigint;
  txid: bigint;
}

/** The newer of the two meta pages whose magic, version and FNV-1a checksum are right. */
function readMeta(db: Buffer): Meta {
  const candidates: Meta[] = [];
  const at = (offset: number): Meta | undefined => {
    const m = offset + PAGE_HEADER;
    if (db.length < m + META_CHECKSUM_AT + 8) return undefined;
    if (db.readUInt32LE(m) !== MAGIC || db.readUInt32LE(m + 4) !== 2) return undefined;
    if (fnv64a(db.subarray(m, m + META_CHECKSUM_AT)) !== db.readBigUInt64LE(m + META_CHECKSUM_AT)) return undefined;
    return {
      pageSize: db.readUInt32LE(m + 8),
      root: db.readBigUInt64LE(m + 16),
      highWater: db.readBigUInt64LE(m + 40),
      txid: db.readBigUInt64LE(m + 48),
    };
  };
  const first = at(0);
  if (first) candidates.push(first);
  for (const size of new Set([first?.pageSize ?? 4096, 4096, 16384, 65536])) {
    const second = size > 0 ? at(size) : undefined;
    if (second && second.pageSize === size) {
      candidates.push(second);
      break;
    }
  }
  if (candidates.length === 0)
    throw new SnapshotFormatError('not-bbolt', 'it does not start with a bbolt database (etcd snapshot) header');
  return candidates.sort((a, b) => (a.txid > b.txid ? -1 : 1))[0]!;
}

/** FNV-1a, 64 bits (bbolt's meta checksum). */
function fnv64a(bytes: Buffer): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h;
}

/** A leaf entry: its key, its value, and whether the value is a nested bucket. */
type Visit = (key: Buffer, value: Buffer, isBucket: boolean) => void;

function walkDatabase(db: Buffer, meta: Meta, hashChecked: boolean): EtcdSnapshot {
  const pageSize = meta.pageSize;
  const pages = Math.floor(db.length / pageSize);
  let visited = 0;
  /** Walks the B+tree page at `offset` of `buf` (the file, or an inline bucket's value), in key order. */
  const walk = (buf: Buffer, offset: number, visit: Visit, depth = 0): void => {
    if (depth > 64 || ++visited > pages * 4 + 1024) throw new Error('a page loop');
    const flags = buf.readUInt16LE(offset + 8);
    const count = buf.readUInt16LE(offset + 10);
    for (let i = 0; i < count; i++) {
      const elem = offset + PAGE_HEADER + i * ELEMENT;
      if (flags & BRANCH) {
        const child = Number(buf.readBigUInt64LE(elem + 8));
        if (child < 2 || child >= pages) throw new Error(`page ${child} is outside the file`);
        walk(db, child * pageSize, visit, depth + 1);
      } else if (flags & LEAF) {
        const elemFlags = buf.readUInt32LE(elem);
        const pos = buf.readUInt32LE(elem + 4);
        const ksize = buf.readUInt32LE(elem + 8);
        const vsize = buf.readUInt32LE(elem + 12);
        const start = elem + pos;
        if (start + ksize + vsize > buf.length) throw new Error('an element runs past its page');
        visit(
          buf.subarray(start, start + ksize),
          buf.subarray(start + ksize, start + ksize + vsize),
          !!(elemFlags & BUCKET_LEAF_FLAG),
        );
      } else throw new Error(`page at byte ${offset} is neither a branch nor a leaf (flags ${flags})`);
    }
  };
  /** Walks a bucket from its header value (root page, or 0 and the inline page after the header). */
  const walkBucket = (header: Buffer, visit: Visit): void => {
    const root = Number(header.readBigUInt64LE(0));
    if (root === 0) walk(header, 16, visit);
    else if (root < 2 || root >= pages) throw new Error(`bucket root page ${root} is outside the file`);
    else walk(db, root * pageSize, visit);
  };

  if (Number(meta.root) < 2 || Number(meta.root) >= pages)
    throw new SnapshotFormatError('damaged', 'its root page is outside the file (was the file cut short?)');
  const crc = new Crc32c();
  let revision = 0;
  let sawKeyBucket = false;
  const keys = new Map<string, SnapshotKey>();
  walk(db, Number(meta.root) * pageSize, (name, header, isBucket) => {
    if (!isBucket) return;
    crc.update(name);
    const isKeyBucket = name.toString('latin1') === 'key';
    if (isKeyBucket) sawKeyBucket = true;
    walkBucket(header, (k, v, nested) => {
      if (nested) return; // etcd's buckets hold no nested buckets
      crc.update(k);
      crc.update(v);
      if (!isKeyBucket || k.length < 17) return;
      revision = Number(k.readBigUInt64BE(0));
      const kv = decodeKeyValue(v);
      if (k.length === 18 && k[17] === 0x74) keys.delete(kv.key);
      else keys.set(kv.key, kv);
    });
  });
  if (!sawKeyBucket) throw new SnapshotFormatError('no-key-bucket', 'it is a bbolt database, but not etcd’s');
  return {
    hash: crc.value(),
    revision,
    totalKey: keys.size,
    totalSize: Number(meta.highWater) * pageSize,
    hashChecked,
    keys,
  };
}

/** Protobuf fields of one message: number → the last value (varint as number, bytes as Buffer). */
function protoFields(buf: Buffer): Map<number, number | Buffer> {
  const fields = new Map<number, number | Buffer>();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('a protobuf varint runs past its message');
      const b = buf[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
      if (shift > 63) throw new Error('a protobuf varint is too long');
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) fields.set(field, varint());
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('a protobuf field runs past its message');
      fields.set(field, buf.subarray(i, i + len));
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw new Error(`protobuf wire type ${wire} is not expected here`);
  }
  return fields;
}

const bytesOf = (v: number | Buffer | undefined): Buffer | undefined => (Buffer.isBuffer(v) ? v : undefined);
const numberOf = (v: number | Buffer | undefined): number => (typeof v === 'number' ? v : 0);
const textOf = (v: number | Buffer | undefined): string | undefined => bytesOf(v)?.toString('utf8');

/** mvccpb.KeyValue: key 1, create_revision 2, mod_revision 3, version 4, value 5, lease 6. */
function decodeKeyValue(buf: Buffer): SnapshotKey {
  const f = protoFields(buf);
  return {
    key: bytesOf(f.get(1))?.toString('utf8') ?? '',
    createRevision: numberOf(f.get(2)),
    modRevision: numberOf(f.get(3)),
    value: bytesOf(f.get(5)) ?? Buffer.alloc(0),
  };
}

const K8S_PROTOBUF = Buffer.from('k8s\0', 'latin1');

/**
 * The Kubernetes object stored under a key, decoded as far as its identity: protobuf
 * (`k8s\0`, runtime.Unknown: typeMeta 1 {apiVersion 1, kind 2}, raw 2; every object's
 * metadata is field 1, ObjectMeta: name 1, namespace 3, uid 5) or JSON. Undefined for a key
 * outside `/registry/` or a value encrypted at rest or unreadable.
 */
export function decodeObject(entry: SnapshotKey): SnapshotObject | undefined {
  if (!entry.key.startsWith('/registry/')) return undefined;
  const base = { key: entry.key, modRevision: entry.modRevision, createRevision: entry.createRevision };
  try {
    if (entry.value.subarray(0, 4).equals(K8S_PROTOBUF)) {
      const unknown = protoFields(entry.value.subarray(4));
      const typeMeta = protoFields(bytesOf(unknown.get(1)) ?? Buffer.alloc(0));
      const raw = protoFields(bytesOf(unknown.get(2)) ?? Buffer.alloc(0));
      const metadata = protoFields(bytesOf(raw.get(1)) ?? Buffer.alloc(0));
      return {
        ...base,
        apiVersion: textOf(typeMeta.get(1)),
        kind: textOf(typeMeta.get(2)),
        name: textOf(metadata.get(1)),
        namespace: textOf(metadata.get(3)),
        uid: textOf(metadata.get(5)),
      };
    }
    if (entry.value[0] === 0x7b) {
      const obj = JSON.parse(entry.value.toString('utf8')) as {
        apiVersion?: string;
        kind?: string;
        metadata?: { name?: string; namespace?: string; uid?: string };
      };
      return {
        ...base,
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata?.name,
        namespace: obj.metadata?.namespace,
        uid: obj.metadata?.uid,
      };
    }
  } catch {
    // An unreadable value: the key is there, its object is not known.
  }
  return undefined;
}

/**
 * The object of `kind` named `name` in `namespace` that the snapshot holds, whatever the
 * resource's storage path (`/registry/services/specs/...` and the like).
 */
export function findSnapshotObject(
  snapshot: EtcdSnapshot,
  ref: { kind: string; namespace: string; name: string },
): SnapshotObject | undefined {
  const suffix = `/${ref.namespace}/${ref.name}`;
  for (const entry of snapshot.keys.values()) {
    if (!entry.key.endsWith(suffix)) continue;
    const obj = decodeObject(entry);
    if (obj?.kind === ref.kind && obj.namespace === ref.namespace && obj.name === ref.name) return obj;
  }
  return undefined;
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82f63b78), as Go's crc32.MakeTable(crc32.Castagnoli). */
class Crc32c {
  private static table = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  private crc = 0xffffffff;
  update(bytes: Buffer): void {
    let c = this.crc;
    for (const b of bytes) c = Crc32c.table[(c ^ b) & 0xff]! ^ (c >>> 8);
    this.crc = c;
  }
  value(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}
