import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { compareQuantities, parseQuantity } from '../../../src/checks/quantity.js';

/**
 * tests/fixtures/check-kinds/storage-volumes.json: `kubectl get pvc,pod,event -n exp -o json` and
 * `kubectl get pv,sc -o json` on the local cluster (StorageClass standard, the default, hostPath
 * provisioner, WaitForFirstConsumer) after creating: PersistentVolume storage-pv-log (100Mi, RWX,
 * Retain, hostPath /pv/log, class manual) and storage-pv-x (100Mi, RWX, no class); StorageClasses
 * storage-fast (kubernetes.io/host-path, Immediate) and storage-local (kubernetes.io/no-provisioner);
 * claims c-ok (manual 50Mi RWX: Bound to storage-pv-log), c-big (1Gi), c-rwo (RWO), c-block (Block),
 * c-typo (class standrd), c-emptyclass (class "": Bound to storage-pv-x), c-noclass (no class: the
 * default standard, provisioned once Pod p-noclass used it), c-vn (volumeName storage-pv-x, no class),
 * c-fast and c-fast-rwx (provisioned by storage-fast), c-local-big (storage-local); Pods mounting
 * c-ok: web-ok at /var/log/nginx/, web-ro read-only, web-elsewhere at /var/log, web-unmounted (volume
 * only), web-subpath (subPath nginx), and web-emptydir (an emptyDir at /var/log/nginx). managedFields
 * and last-applied annotations removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'storage-volumes.json'), 'utf8')) as { items: KubeObject[] }).items;

describe('quantities', () => {
  it('reads binary, decimal and exponent suffixes as amounts', () => {
    expect(parseQuantity('100Mi')).toBe(104857600);
    expect(parseQuantity('104857600')).toBe(104857600);
    expect(parseQuantity('0.5Gi')).toBe(536870912);
    expect(parseQuantity('100M')).toBe(1e8);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('100MB')).toBeUndefined();
    expect(parseQuantity('')).toBeUndefined();
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('100M', '100Mi')).toBeLessThan(0);
    expect(compareQuantities('x', '1Gi')).toBeUndefined();
  });
});

describe('check kind volume', () => {
  it('passes for a claim Bound to the volume asked, with the size, modes and class asked, mounted by a Pod', async () => {
    const outcome = await run(
      'volume',
      {
        claim: 'c-ok',
        volume: 'storage-pv-log',
        minCapacity: '50Mi',
        accessModes: ['ReadWriteMany'],
        storageClassName: 'manual',
        provisioned: false,
        mountedBy: { pod: 'web-ok', path: '/var/log/nginx' },
      },
      objects(),
      { namespace: 'exp' },
    );
    expect(outcome).toEqual({
      pass: true,
      summary:
        'PersistentVolumeClaim c-ok is Bound to PersistentVolume storage-pv-log (100Mi, ReadWriteMany, class "manual")' +
        '; Pod web-ok mounts it at /var/log/nginx',
      problems: [],
    });
  });

  it('passes for a volume on its own, its capacity compared as an amount', async () => {
    const outcome = await run(
      'volume',
      {
        volume: 'storage-pv-log',
        capacity: '102400Ki',
        accessModes: ['ReadWriteMany'],
        reclaimPolicy: 'Retain',
        hostPath: '/pv/log/',
      },
      objects(),
    );
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toBe('PersistentVolume storage-pv-log (100Mi, ReadWriteMany, class "manual") is Bound');
  });

  it('fails a Pending claim with its latest Event, and names the claim fields that keep it from binding', async () => {
    const outcome = await run(
      'volume',
      { claim: 'c-big', volume: 'storage-pv-log', minCapacity: '50Mi', accessModes: ['ReadWriteMany'] },
      objects(),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'PersistentVolumeClaim c-big is Pending, not Bound: ProvisioningFailed: storageclass.storage.k8s.io "manual" not found',
    );
    const rwo = await run('volume', { claim: 'c-rwo', accessModes: ['ReadWriteMany'] }, objects());
    expect(rwo.problems.map((p) => p.message)).toEqual([
      'PersistentVolumeClaim c-rwo is Pending, not Bound: ProvisioningFailed: storageclass.storage.k8s.io "manual" not found',
      'PersistentVolumeClaim c-rwo asks for access modes ReadWriteOnce, but the task asks for ReadWriteMany',
    ]);
    expect(rwo.problems[1]).toMatchObject({
      path: 'spec.accessModes',
      expected: ['ReadWriteMany'],
      actual: ['ReadWriteOnce'],
    });
  });

  it('judges the Pod mount of a Pending claim too', async () => {
    const outcome = await run(
      'volume',
      { claim: 'c-big', mountedBy: { pod: 'web-emptydir', path: '/var/log/nginx' } },
      objects(),
    );
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'PersistentVolumeClaim c-big is Pending, not Bound: ProvisioningFailed: storageclass.storage.k8s.io "manual" not found',
      expect.stringMatching(/^Pod web-emptydir has no volume from PersistentVolumeClaim c-big/),
      'at /var/log/nginx, container nginx mounts volume logs (emptyDir), not the claim',
    ]);
  });

  it('says a claim without a class got the default StorageClass, and why a volumeName did not bind', async () => {
    const outcome = await run('volume', { claim: 'c-vn', volume: 'storage-pv-x', storageClassName: '' }, objects());
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'PersistentVolumeClaim c-vn is Pending, not Bound: FailedBinding: volume "storage-pv-x" already bound to a different claim.',
      'PersistentVolumeClaim c-vn has storageClassName "standard", but the task asks for ""' +
        ' (standard is the default StorageClass, which a claim that names no class gets; write storageClassName: "" for no class)',
    ]);
    expect(outcome.problems[1]).toMatchObject({ path: 'spec.storageClassName', expected: '', actual: 'standard' });
  });

  it('fails a claim bound to another volume than the one asked, or to a provisioned one', async () => {
    const other = await run('volume', { claim: 'c-emptyclass', volume: 'storage-pv-log' }, objects());
    expect(other.pass).toBe(false);
    expect(other.summary).toBe(
      'PersistentVolumeClaim c-emptyclass is bound to PersistentVolume storage-pv-x, not to storage-pv-log',
    );
    expect(other.problems[0]).toMatchObject({ expected: 'storage-pv-log', actual: 'storage-pv-x' });
    const provisioned = await run(
      'volume',
      { claim: 'c-noclass', provisioned: false, storageClassName: '' },
      objects(),
    );
    expect(provisioned.problems.map((p) => p.message)).toEqual([
      'PersistentVolumeClaim c-noclass has storageClassName "standard", but the task asks for ""' +
        ' (standard is the default StorageClass, which a claim that names no class gets; write storageClassName: "" for no class)',
      'PersistentVolume pvc-bee2acaf-0b3d-4ed5-8f29-75217a16c8e9 has storageClassName "standard", but the task asks for ""',
      'PersistentVolume pvc-bee2acaf-0b3d-4ed5-8f29-75217a16c8e9 was provisioned by kubernetes.io/host-path for ' +
        'StorageClass standard, but the task asks for a volume created by hand',
    ]);
  });

  it('passes a provisioned claim of a class, and fails a request below the minimum', async () => {
    const fast = await run(
      'volume',
      {
        claim: 'c-fast',
        provisioned: true,
        storageClassName: 'storage-fast',
        minCapacity: '200Mi',
        accessModes: ['ReadWriteOnce'],
      },
      objects(),
    );
    expect(fast.pass).toBe(true);
    const small = await run('volume', { claim: 'c-ok', minCapacity: '0.1Gi' }, objects());
    expect(small.problems.map((p) => p.message)).toEqual([
      'PersistentVolumeClaim c-ok requests 50Mi, less than the 0.1Gi the task asks for',
      'PersistentVolume storage-pv-log has capacity 100Mi, less than 0.1Gi',
    ]);
  });

  it('fails a volume whose capacity, modes, class, reclaim policy or path differ', async () => {
    const outcome = await run(
      'volume',
      {
        volume: 'storage-pv-x',
        capacity: '100M',
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        storageClassName: 'manual',
        reclaimPolicy: 'Delete',
        hostPath: '/pv/log',
        volumeMode: 'Block',
      },
      objects(),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'PersistentVolume storage-pv-x has capacity 100Mi (104857600 bytes), but the task asks for 100M (100000000 bytes)',
      'PersistentVolume storage-pv-x has access modes ReadWriteMany, but the task asks for ReadWriteMany, ReadWriteOnce',
      'PersistentVolume storage-pv-x has volumeMode Filesystem, but the task asks for Block',
      'PersistentVolume storage-pv-x has storageClassName "", but the task asks for "manual"',
      'PersistentVolume storage-pv-x has persistentVolumeReclaimPolicy Retain, but the task asks for Delete',
      'PersistentVolume storage-pv-x keeps its data at hostPath /pv/x, but the task asks for /pv/log',
    ]);
  });

  it('fails a Released volume, and a missing one', async () => {
    const all = objects();
    const pv = named(all, 'PersistentVolume', 'storage-pv-log');
    pv.status.phase = 'Released';
    const released = await run('volume', { volume: 'storage-pv-log' }, all);
    expect(released.summary).toBe(
      'PersistentVolume storage-pv-log is Released: its claim c-ok was deleted, and a Released volume takes no new ' +
        'claim (delete the volume and create it again)',
    );
    const missing = await run('volume', { volume: 'storage-pv-logs' }, objects(), { namespace: 'exp' });
    expect(missing.summary).toContain('did you mean PersistentVolume storage-pv-log?');
  });

  it('fails each way a Pod can miss mounting the claim at the path', async () => {
    const mount = (pod: string) =>
      run('volume', { claim: 'c-ok', mountedBy: { pod, path: '/var/log/nginx' } }, objects()).then((o) =>
        o.problems.map((p) => p.message),
      );
    expect(await mount('web-ro')).toEqual([
      'container nginx of Pod web-ro mounts claim c-ok read-only at /var/log/nginx, but it must write there',
    ]);
    expect((await mount('web-emptydir'))[0]).toMatch(
      /^Pod web-emptydir has no volume from PersistentVolumeClaim c-ok \(its volumes: logs \(emptyDir\), kube-api-access-\w+ \(projected\)\)$/,
    );
    expect((await mount('web-emptydir'))[1]).toBe(
      'at /var/log/nginx, container nginx mounts volume logs (emptyDir), not the claim',
    );
    expect(await mount('web-elsewhere')).toEqual([
      'Pod web-elsewhere mounts claim c-ok at /var/log, not at /var/log/nginx',
    ]);
    expect(await mount('web-unmounted')).toEqual([
      'Pod web-unmounted declares volume data for claim c-ok, but none of its containers mounts it',
    ]);
    expect(await mount('web-subpath')).toEqual([
      'container nginx of Pod web-subpath mounts only the folder nginx of claim c-ok at /var/log/nginx',
    ]);
    const readOnly = await run(
      'volume',
      { claim: 'c-ok', mountedBy: { pod: 'web-ro', path: '/var/log/nginx', readOnly: true } },
      objects(),
    );
    expect(readOnly.pass).toBe(true);
  });

  it('says it in Korean', async () => {
    const outcome = await run('volume', { claim: 'c-emptyclass', volume: 'storage-pv-log' }, objects(), { lang: 'ko' });
    expect(outcome.summary).toBe(
      'PersistentVolumeClaim c-emptyclass가 storage-pv-log가 아니라 PersistentVolume storage-pv-x에 바인딩되었습니다',
    );
  });
});
