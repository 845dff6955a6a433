import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import type { Lang } from '../../i18n/text.js';
import { explainMissing } from '../describe.js';
import { compareQuantities, parseQuantity } from '../quantity.js';
import { eventsAbout } from '../events.js';

const PVC = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;
const PV = { apiVersion: 'v1', kind: 'PersistentVolume' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;
const STORAGE_CLASS = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' } as const;

/** The annotation the PersistentVolume controller puts on a volume a StorageClass provisioned. */
const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
/** The annotation that makes a StorageClass the default one. */
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

/** A quantity as the API writes it (src/checks/quantity.ts reads it). */
const Quantity = v.pipe(
  v.string(),
  v.regex(
    /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/,
    'expected a quantity such as 100Mi or 1Gi',
  ),
);
const AccessMode = v.picklist(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);

const fields = {
  /** A PersistentVolumeClaim of the lab namespace: it must be Bound, and its volume is judged. */
  claim: v.optional(v.string()),
  /** The PersistentVolume: the claim must be bound to it; without `claim`, this volume is judged. */
  volume: v.optional(v.string()),
  /** The volume's capacity is exactly this amount (`100Mi` equals `104857600`). */
  capacity: v.optional(Quantity),
  /** The claim requests at least this much, and its volume offers at least this much. */
  minCapacity: v.optional(Quantity),
  /** The claim asks for exactly these access modes (without `claim`: the volume offers exactly these). */
  accessModes: v.optional(v.pipe(v.array(AccessMode), v.minLength(1))),
  /** Filesystem or Block, on the claim and its volume (Filesystem when left out). */
  volumeMode: v.optional(v.picklist(['Filesystem', 'Block'])),
  /** The class of the claim and its volume; `""` for none. */
  storageClassName: v.optional(v.string()),
  /** The volume's persistentVolumeReclaimPolicy. */
  reclaimPolicy: v.optional(v.picklist(['Retain', 'Delete', 'Recycle'])),
  /** true: the volume was provisioned by its StorageClass; false: created by hand. */
  provisioned: v.optional(v.boolean()),
  /** The volume is a hostPath volume with this path (a trailing slash is the same path). */
  hostPath: v.optional(v.string()),
  /**
   * A container of Pod `pod` mounts the claim (through whatever volume name) at `path`, whole,
   * read-write unless `readOnly`.
   */
  mountedBy: v.optional(
    v.strictObject({ pod: v.string(), path: v.string(), readOnly: v.optional(v.boolean(), false) }),
  ),
};
type VolumeCheck = CheckData<'volume', typeof fields>;

/** The `volume` check kind; its `description` says what it checks. */
export const volumeKind = defineCheckKind({
  type: 'volume',
  description:
    'With `claim`: the PersistentVolumeClaim is Bound (else its latest Event says why), to `volume` if given, ' +
    'and the claim and its PersistentVolume meet what is asked: `minCapacity` requested and offered (quantities ' +
    'compared as amounts), exactly `accessModes`, `volumeMode`, `storageClassName` ("" for none), ' +
    '`reclaimPolicy`, `provisioned` by a StorageClass or not, `hostPath`; with `mountedBy`, a container of that ' +
    'Pod mounts the claim at `path` through any volume name. Without `claim`: the PersistentVolume `volume` ' +
    'exists, is not Released or Failed, and has exactly `capacity`, `accessModes` and the rest.',
  fields,
  reads: (check) => [PVC, PV, EVENT, STORAGE_CLASS, ...(check.mountedBy ? [POD] : [])],
  problem: (check) =>
    !check.claim && !check.volume
      ? { path: ['claim'], problem: 'give claim, volume, or both' }
      : check.mountedBy && !check.claim
        ? { path: ['mountedBy'], problem: 'mountedBy needs claim' }
        : undefined,
  run: checkVolume,
});

const classOf = (obj: KubeObject): string => (obj.spec?.storageClassName as string | undefined) ?? '';
const modesOf = (obj: KubeObject): string[] => (obj.spec?.accessModes as string[] | undefined) ?? [];
const volumeModeOf = (obj: KubeObject): string => (obj.spec?.volumeMode as string | undefined) ?? 'Filesystem';
const sameSet = (a: string[], b: string[]): boolean => a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
const showModes = (modes: string[]): string => (modes.length ? modes.join(', ') : '-');
const showClass = (name: string): string => JSON.stringify(name);
/** `/var/log/nginx/` and `/var/log//nginx` are `/var/log/nginx`. */
const normalPath = (path: string): string => path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
/** `100Mi (104857600 bytes)`. */
const amount = (q: unknown): string => `${String(q)} (${parseQuantity(q) ?? '?'} bytes)`;

/**
 * `volume`: a claim Bound to a volume that meets the task (or one volume on its own), and
 * optionally a Pod that mounts the claim. Every difference is one problem; the summary is the first.
 */
async function checkVolume(check: VolumeCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  if (!check.claim) {
    const ref = { ...PV, name: check.volume! };
    const pv = await view.find(PV, check.volume!);
    if (!pv) return failed(await explainMissing(view, ref));
    const problems = [...phaseProblems(pv, lang), ...volumeProblems(pv, check, false, lang)];
    if (problems.length) return failed(problems[0]!.message, problems);
    return passed(
      t(lang, 'volume.passedVolume', {
        volume: check.volume,
        capacity: pv.spec?.capacity?.storage,
        modes: showModes(modesOf(pv)),
        class: showClass(classOf(pv)),
        phase: pv.status?.phase ?? '',
      }),
    );
  }
  const ref = { ...PVC, name: check.claim };
  const pvc = await view.find(PVC, check.claim);
  if (!pvc) return failed(await explainMissing(view, ref));
  const problems = await claimProblems(pvc, check, view);
  const phase = (pvc.status?.phase as string | undefined) ?? 'Pending';
  if (phase !== 'Bound') {
    const latest = (await eventsAbout(view, pvc))[0];
    const why = latest
      ? t(lang, 'volume.event', { reason: latest.reason, message: latest.message })
      : t(lang, 'volume.noEvents', { claim: check.claim });
    const message = t(lang, 'volume.claimNotBound', { claim: check.claim, phase, why });
    // The Pod's mount is judged too: it is the learner's other mistake, if any, whatever the claim waits for.
    const mount = check.mountedBy ? await mountProblems(check.claim, check.mountedBy, view) : [];
    return failed(message, [
      { message, path: 'status.phase', expected: 'Bound', actual: phase },
      ...problems,
      ...mount,
    ]);
  }
  const volumeName = pvc.spec?.volumeName as string;
  if (check.volume && volumeName !== check.volume) {
    const message = t(lang, 'volume.boundElsewhere', {
      claim: check.claim,
      actual: volumeName,
      expected: check.volume,
    });
    problems.unshift({ message, path: 'spec.volumeName', expected: check.volume, actual: volumeName });
  }
  const pv = await view.find(PV, volumeName);
  if (pv) problems.push(...volumeProblems(pv, check, true, lang));
  else problems.push({ message: t(lang, 'volume.pvMissing', { claim: check.claim, volume: volumeName }) });
  if (check.mountedBy) problems.push(...(await mountProblems(check.claim, check.mountedBy, view)));
  if (problems.length) return failed(problems[0]!.message, problems);
  const bound = t(lang, 'volume.passedClaim', {
    claim: check.claim,
    volume: volumeName,
    capacity: pv?.spec?.capacity?.storage,
    modes: showModes(modesOf(pv!)),
    class: showClass(classOf(pv!)),
  });
  const mounted = check.mountedBy
    ? t(lang, 'volume.passedMount', { pod: check.mountedBy.pod, path: check.mountedBy.path })
    : '';
  return passed(bound + mounted);
}

/** What the claim itself asks that differs from the task (these decide which volume it can bind). */
async function claimProblems(pvc: KubeObject, check: VolumeCheck, view: NamespaceView): Promise<Problem[]> {
  const lang = view.lang;
  const claim = check.claim!;
  const problems: Problem[] = [];
  if (check.storageClassName !== undefined && classOf(pvc) !== check.storageClassName) {
    const actual = classOf(pvc);
    const classes = await view.list(STORAGE_CLASS).catch(() => [] as KubeObject[]);
    const isDefault = classes.some(
      (c) => c.metadata?.name === actual && c.metadata?.annotations?.[DEFAULT_CLASS] === 'true',
    );
    const message =
      t(lang, 'volume.claimClass', { claim, actual: showClass(actual), expected: showClass(check.storageClassName) }) +
      (isDefault ? t(lang, 'volume.defaultClass', { class: actual }) : '');
    problems.push({ message, path: 'spec.storageClassName', expected: check.storageClassName, actual });
  }
  if (check.accessModes && !sameSet(modesOf(pvc), check.accessModes)) {
    const message = t(lang, 'volume.claimModes', {
      claim,
      actual: showModes(modesOf(pvc)),
      expected: showModes(check.accessModes),
    });
    problems.push({ message, path: 'spec.accessModes', expected: check.accessModes, actual: modesOf(pvc) });
  }
  const requested = pvc.spec?.resources?.requests?.storage as string | undefined;
  if (check.minCapacity && !((compareQuantities(requested, check.minCapacity) ?? -1) >= 0)) {
    const message = t(lang, 'volume.claimRequest', { claim, actual: requested ?? '-', expected: check.minCapacity });
    problems.push({ message, path: 'spec.resources.requests.storage', expected: check.minCapacity, actual: requested });
  }
  if (check.volumeMode && volumeModeOf(pvc) !== check.volumeMode) {
    const message = t(lang, 'volume.claimVolumeMode', { claim, actual: volumeModeOf(pvc), expected: check.volumeMode });
    problems.push({ message, path: 'spec.volumeMode', expected: check.volumeMode, actual: volumeModeOf(pvc) });
  }
  const asked = pvc.spec?.volumeName as string | undefined;
  if (check.volume && asked && asked !== check.volume && pvc.status?.phase !== 'Bound') {
    const message = t(lang, 'volume.claimVolumeName', { claim, actual: asked, expected: check.volume });
    problems.push({ message, path: 'spec.volumeName', expected: check.volume, actual: asked });
  }
  return problems;
}

/** A volume a claim cannot use: Released (its claim deleted) or Failed (its reclaim failed). */
function phaseProblems(pv: KubeObject, lang: Lang): Problem[] {
  const phase = pv.status?.phase as string | undefined;
  const volume = pv.metadata?.name;
  if (phase === 'Released') {
    const claim = pv.spec?.claimRef?.name as string | undefined;
    const message = t(lang, 'volume.released', { volume, claim: claim ?? '-' });
    return [{ message, path: 'status.phase', expected: 'Available', actual: phase }];
  }
  if (phase === 'Failed') {
    const message = t(lang, 'volume.failedPhase', { volume, why: pv.status?.message ?? '' });
    return [{ message, path: 'status.phase', expected: 'Available', actual: phase }];
  }
  return [];
}

/**
 * How the volume differs from the task. With a claim (`ofClaim`), `accessModes` are the claim's
 * (already judged there) and the volume need only offer them; without, the volume has exactly these.
 */
function volumeProblems(pv: KubeObject, check: VolumeCheck, ofClaim: boolean, lang: Lang): Problem[] {
  const volume = pv.metadata?.name;
  const problems: Problem[] = [];
  const capacity = pv.spec?.capacity?.storage as string | undefined;
  if (check.capacity && compareQuantities(capacity, check.capacity) !== 0) {
    const message = t(lang, 'volume.capacity', {
      volume,
      actual: capacity === undefined ? '-' : amount(capacity),
      expected: amount(check.capacity),
    });
    problems.push({ message, path: 'spec.capacity.storage', expected: check.capacity, actual: capacity });
  }
  if (check.minCapacity && !((compareQuantities(capacity, check.minCapacity) ?? -1) >= 0)) {
    const message = t(lang, 'volume.tooSmall', { volume, actual: capacity ?? '-', expected: check.minCapacity });
    problems.push({ message, path: 'spec.capacity.storage', expected: check.minCapacity, actual: capacity });
  }
  const modes = modesOf(pv);
  if (check.accessModes) {
    const fits = ofClaim ? check.accessModes.every((m) => modes.includes(m)) : sameSet(modes, check.accessModes);
    if (!fits) {
      const message = t(lang, 'volume.modes', {
        volume,
        actual: showModes(modes),
        expected: showModes(check.accessModes),
      });
      problems.push({ message, path: 'spec.accessModes', expected: check.accessModes, actual: modes });
    }
  }
  if (check.volumeMode && volumeModeOf(pv) !== check.volumeMode) {
    const message = t(lang, 'volume.volumeMode', { volume, actual: volumeModeOf(pv), expected: check.volumeMode });
    problems.push({ message, path: 'spec.volumeMode', expected: check.volumeMode, actual: volumeModeOf(pv) });
  }
  if (check.storageClassName !== undefined && classOf(pv) !== check.storageClassName) {
    const message = t(lang, 'volume.class', {
      volume,
      actual: showClass(classOf(pv)),
      expected: showClass(check.storageClassName),
    });
    problems.push({ message, path: 'spec.storageClassName', expected: check.storageClassName, actual: classOf(pv) });
  }
  const policy = pv.spec?.persistentVolumeReclaimPolicy as string | undefined;
  if (check.reclaimPolicy && policy !== check.reclaimPolicy) {
    const message = t(lang, 'volume.reclaim', { volume, actual: policy ?? '-', expected: check.reclaimPolicy });
    problems.push({
      message,
      path: 'spec.persistentVolumeReclaimPolicy',
      expected: check.reclaimPolicy,
      actual: policy,
    });
  }
  const provisioner = pv.metadata?.annotations?.[PROVISIONED_BY];
  if (check.provisioned === true && !provisioner) {
    const message = t(lang, 'volume.notProvisioned', { volume });
    problems.push({ message, path: `metadata.annotations.${PROVISIONED_BY}` });
  } else if (check.provisioned === false && provisioner) {
    const message = t(lang, 'volume.provisioned', { volume, provisioner, class: classOf(pv) });
    problems.push({ message, path: `metadata.annotations.${PROVISIONED_BY}`, actual: provisioner });
  }
  if (check.hostPath !== undefined) {
    const path = pv.spec?.hostPath?.path as string | undefined;
    if (path === undefined) {
      const source = Object.keys(pv.spec ?? {}).find((k) => SOURCES.has(k)) ?? '-';
      const message = t(lang, 'volume.notHostPath', { volume, source, expected: check.hostPath });
      problems.push({ message, path: 'spec.hostPath.path', expected: check.hostPath });
    } else if (normalPath(path) !== normalPath(check.hostPath)) {
      const message = t(lang, 'volume.hostPath', { volume, actual: path, expected: check.hostPath });
      problems.push({ message, path: 'spec.hostPath.path', expected: check.hostPath, actual: path });
    }
  }
  return problems;
}

/** PersistentVolume sources a learner may write instead of hostPath (the API reference, PersistentVolumeSpec). */
const SOURCES = new Set(['local', 'nfs', 'csi', 'iscsi', 'fc', 'cephfs', 'rbd', 'glusterfs', 'emptyDir']);

interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  [source: string]: unknown;
}
interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  subPathExpr?: string;
  readOnly?: boolean;
}
interface Container {
  name: string;
  restartPolicy?: string;
  volumeMounts?: VolumeMount[];
}

/**
 * How Pod `pod` fails to mount the claim at `path`: no volume of the claim, a volume no container
 * mounts, a mount elsewhere, only a subPath, or read-only where the task writes (or the reverse).
 * Containers are the Pod's containers and its native sidecars (init containers with restartPolicy Always).
 */
async function mountProblems(
  claim: string,
  want: NonNullable<VolumeCheck['mountedBy']>,
  view: NamespaceView,
): Promise<Problem[]> {
  const lang = view.lang;
  const podName = want.pod;
  const pod = await view.find(POD, podName);
  if (!pod) return [{ message: await explainMissing(view, { ...POD, name: podName }) }];
  const volumes = (pod.spec?.volumes as PodVolume[] | undefined) ?? [];
  const sourceOf = (vol: PodVolume) => Object.keys(vol).find((k) => k !== 'name') ?? '-';
  const ofClaim = volumes.filter((vol) => vol.persistentVolumeClaim?.claimName === claim);
  const containers = [
    ...((pod.spec?.containers as Container[] | undefined) ?? []),
    ...((pod.spec?.initContainers as Container[] | undefined) ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
  const mounts = containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => ({ container: c.name, ...m })));
  const path = normalPath(want.path);
  const atPath = mounts.filter((m) => normalPath(m.mountPath) === path);
  const others = atPath
    .filter((m) => !ofClaim.some((vol) => vol.name === m.name))
    .map((m) => {
      const vol = volumes.find((x) => x.name === m.name);
      const source = vol ? sourceOf(vol) : '-';
      return {
        message: t(lang, 'volume.otherAtPath', { path: want.path, container: m.container, volume: m.name, source }),
      };
    });
  if (ofClaim.length === 0) {
    const list = volumes.map((vol) => `${vol.name} (${sourceOf(vol)})`).join(', ') || '-';
    const message = t(lang, 'volume.noPodVolume', { pod: podName, claim, volumes: list });
    return [{ message, path: 'spec.volumes', expected: { persistentVolumeClaim: { claimName: claim } } }, ...others];
  }
  const claimMounts = mounts.filter((m) => ofClaim.some((vol) => vol.name === m.name));
  if (claimMounts.length === 0) {
    const message = t(lang, 'volume.notMounted', { pod: podName, volume: ofClaim[0]!.name, claim });
    return [{ message, path: 'spec.containers[].volumeMounts' }, ...others];
  }
  const here = claimMounts.filter((m) => normalPath(m.mountPath) === path);
  if (here.length === 0) {
    const actual = [...new Set(claimMounts.map((m) => m.mountPath))].join(', ');
    const message = t(lang, 'volume.mountedElsewhere', { pod: podName, claim, actual, expected: want.path });
    return [{ message, path: 'spec.containers[].volumeMounts[].mountPath', expected: want.path, actual }, ...others];
  }
  // One mount at the path that is right is enough (another container may mount it otherwise).
  const problemsOf = (m: (typeof here)[number]): Problem[] => {
    const vol = ofClaim.find((x) => x.name === m.name)!;
    const found: Problem[] = [];
    const sub = m.subPath || m.subPathExpr;
    if (sub)
      found.push({
        message: t(lang, 'volume.subPath', {
          container: m.container,
          pod: podName,
          subPath: sub,
          claim,
          path: want.path,
        }),
      });
    const readOnly = Boolean(m.readOnly) || Boolean(vol.persistentVolumeClaim?.readOnly);
    if (readOnly && !want.readOnly)
      found.push({
        message: t(lang, 'volume.readOnly', { container: m.container, pod: podName, claim, path: want.path }),
      });
    if (!readOnly && want.readOnly)
      found.push({
        message: t(lang, 'volume.writable', { container: m.container, pod: podName, claim, path: want.path }),
      });
    return found;
  };
  const judged = here.map(problemsOf);
  return judged.some((p) => p.length === 0) ? [] : judged[0]!;
}
