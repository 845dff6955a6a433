/**
 * container-sees against real objects: tests/fixtures/check-kinds/configmaps-secrets.json is what
 * `kubectl get pods,configmaps,secrets -o json --show-managed-fields` returned on the local cluster
 * (Pods' managedFields removed) after applying ConfigMaps app-config, app-conf (with a binaryData key
 * logo.bin), changing; Secrets db-secret, db-secret-b64 (base64 values put in stringData), db-secret-nl
 * (data from `echo x | base64`); and one Pod per case, named after it. ConfigMap changing was patched
 * (LEVEL info -> debug) after Pod stale started.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOf, FIXTURES, run } from './fixtures.js';
import { CHECK_KINDS, checkProblem } from '../../../src/checks/kinds/index.js';
import { cleanPath, expand } from '../../../src/checks/container-view.js';
import type { KubeObject } from '../../../src/kube/types.js';

const NS = 'lab-fixture-cs';
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'configmaps-secrets.json'), 'utf8')) as { items: KubeObject[] }).items;
const sees = (fields: Record<string, unknown>, lang: 'en' | 'ko' = 'en') =>
  run('container-sees', fields, objects(), { namespace: NS, lang });
const messages = (o: { problems: { message: string }[] }) => o.problems.map((p) => p.message);

describe('check kind container-sees: environment', () => {
  it('passes for env vars from a ConfigMap through envFrom', async () => {
    const outcome = await sees({
      pod: 'webapp-color',
      env: {
        APP_COLOR: { value: 'blue', from: { kind: 'ConfigMap', name: 'app-config' } },
        APP_MODE: 'prod',
        CFG_APP_COLOR: null,
      },
    });
    expect(outcome).toEqual({
      pass: true,
      summary: 'container web of Pod webapp-color sees APP_COLOR="blue", APP_MODE="prod", !CFG_APP_COLOR',
      problems: [],
    });
  });

  it('applies envFrom in order, then env overriding it, with $(VAR) expansion and fieldRef', async () => {
    const outcome = await sees({
      pod: 'webapp-color-override',
      container: 'web',
      env: {
        APP_COLOR: 'blue',
        CFG_APP_COLOR: { value: 'blue', from: { kind: 'ConfigMap', name: 'app-config' } },
        APP_MODE: 'dev',
        GREETING: 'blue-dev $(APP_COLOR) $(NOPE)',
        POD_NAME: 'webapp-color-override',
        MAYBE: null,
      },
    });
    expect(outcome.problems).toEqual([]);
    expect(outcome.pass).toBe(true);
    // env wins over envFrom: APP_MODE is written in the Pod spec now.
    const source = await sees({
      pod: 'webapp-color-override',
      container: 'web',
      env: { APP_MODE: { value: 'dev', from: { kind: 'ConfigMap', name: 'app-config' } } },
    });
    expect(messages(source)).toEqual([
      'env var APP_MODE is "dev" but written in the Pod spec; the task asks for it from ConfigMap app-config',
    ]);
  });

  it('says a value written into the Pod spec does not come from the ConfigMap', async () => {
    const outcome = await sees({
      pod: 'webapp-color-literal',
      env: { APP_COLOR: { value: 'blue', from: { kind: 'ConfigMap', name: 'app-config' } } },
    });
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message:
          'env var APP_COLOR is "blue" but written in the Pod spec; the task asks for it from ConfigMap app-config',
        path: 'env.APP_COLOR',
        expected: 'ConfigMap app-config',
        actual: 'written in the Pod spec',
      },
    ]);
  });

  it('says the container cannot start, in the kubelet words, for a missing ConfigMap or key', async () => {
    const typo = await sees({ pod: 'webapp-color-typo', env: { APP_COLOR: 'blue' } });
    expect(typo.summary).toBe('container web of Pod webapp-color-typo cannot start: configmap "app-configs" not found');
    const key = await sees({ pod: 'webapp-db-badkey', env: { DB_USER: 'admin' } });
    expect(key.summary).toBe(
      `container web of Pod webapp-db-badkey cannot start: couldn't find key user in Secret ${NS}/db-secret`,
    );
  });

  it('decodes Secret data, and names a value encoded twice or with a trailing newline', async () => {
    expect((await sees({ pod: 'webapp-db', env: { DB_USER: 'admin', DB_PASSWORD: 'Pa55w0rd' } })).pass).toBe(true);
    const b64 = await sees({ pod: 'webapp-db-b64', env: { DB_PASSWORD: 'Pa55w0rd' } });
    expect(b64.problems).toEqual([
      {
        message:
          'env var DB_PASSWORD is "UGE1NXcwcmQ=" (from Secret db-secret-b64, key PASSWORD): the Secret\'s value is base64 ' +
          'of "Pa55w0rd", so it was encoded twice (data holds base64 once; stringData and kubectl create secret ' +
          '--from-literal take the plain value)',
        path: 'env.DB_PASSWORD',
        expected: 'Pa55w0rd',
        actual: 'UGE1NXcwcmQ=',
      },
    ]);
    const nl = await sees({ pod: 'webapp-db-nl', env: { DB_USER: 'admin' } });
    expect(messages(nl)).toEqual([
      'env var DB_USER is "admin\\n" (from Secret db-secret-nl, key USER): it ends with a newline that "admin" has ' +
        'not (echo adds one: use echo -n, or --from-literal)',
    ]);
  });

  it('names where a missing variable went: another name, or a file', async () => {
    const prefix = await sees({ pod: 'webapp-db', env: { USER: 'admin' } });
    expect(messages(prefix)).toEqual(['env var USER is not set; the value "admin" is in env var DB_USER instead']);
    const file = await sees({ pod: 'webapp-files', env: { PASSWORD: 'Pa55w0rd' } });
    expect(messages(file)).toEqual([
      'env var PASSWORD is not set; its value is the file /etc/db/password instead (a volume, not env)',
    ]);
    const none = await sees({ pod: 'webapp-color', env: { APP_PORT: '8080' } });
    expect(none.problems).toEqual([
      { message: 'env var APP_PORT is not set', path: 'env.APP_PORT', expected: '8080', actual: null },
    ]);
  });

  it('fails a variable set that must not be, and one only the running Pod knows', async () => {
    const outcome = await sees({
      pod: 'webapp-color-override',
      container: 'web',
      env: { CFG_APP_MODE: null, CPU: '1' },
    });
    expect(messages(outcome)).toEqual([
      'env var CFG_APP_MODE should not exist, but it is "prod" (from ConfigMap app-config, key APP_MODE)',
      'env var CPU comes from resource limits.cpu, which only the running Pod knows; expected "1"',
    ]);
  });

  it('fails env read from a ConfigMap changed after the container started, and a subPath file', async () => {
    const outcome = await sees({ pod: 'stale', env: { LEVEL: 'debug' } });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'ConfigMap changing changed at 2026-12-01T17:58:28.000Z, after container web of Pod stale started ' +
        '(2026-12-01T17:58:22.000Z): env vars are read once, at start, so it still has the old values; delete the ' +
        'Pod and create it again',
    );
    const file = await sees({ pod: 'stale', container: 'web', files: { '/etc/level.conf': 'level=debug\n' } });
    expect(messages(file)[0]).toContain('ConfigMap changing changed at');
    // The same ConfigMap, read by a Pod that started after the change, is not stale.
    expect((await sees({ pod: 'webapp-color', env: { APP_COLOR: 'blue' } })).pass).toBe(true);
  });

  it('fails a container that is not running, and says which Pod or container is missing', async () => {
    const image = await sees({ pod: 'badimage', env: { APP_COLOR: 'blue' } });
    expect(image.summary).toBe('container web of Pod badimage is not running (ImagePullBackOff)');
    const pod = await sees({ pod: 'webapp-colour', env: { APP_COLOR: 'blue' } });
    expect(pod.summary).toContain('did you mean Pod webapp-color?');
    const container = await sees({ pod: 'webapp-color-override', container: 'app', env: { A: 'b' } });
    expect(container.summary).toBe('Pod webapp-color-override has no container app (its containers: sidecar, web)');
  });
});

describe('check kind container-sees: files', () => {
  it('passes for ConfigMap keys (binaryData decoded) and a Secret item mapped to a path', async () => {
    const outcome = await sees({
      pod: 'webapp-files',
      files: {
        '/etc/app/app.conf': { value: 'color=blue\nmode=prod\n', from: { kind: 'ConfigMap', name: 'app-conf' } },
        '/etc/app/logo.bin': 'hi',
        '/etc/db/password': { value: 'Pa55w0rd', from: { kind: 'Secret', name: 'db-secret' } },
        '/etc/db/PASSWORD': null,
        '/etc/db/USER': null,
      },
    });
    expect(outcome.problems).toEqual([]);
    expect(outcome.pass).toBe(true);
  });

  it('accepts a config file without the final newline its expectation has, not a one-line value with one', async () => {
    const a = await sees({ pod: 'webapp-files', files: { '/etc/db/password': 'Pa55w0rd\n' } });
    expect(a.pass).toBe(true);
    const b = await sees({ pod: 'webapp-files', files: { '/etc/app/app.conf': 'color=blue\nmode=prod' } });
    expect(messages(b)).toEqual([
      'file /etc/app/app.conf is "color=blue\\nmode=prod\\n" (from ConfigMap app-conf, key app.conf): it ends with a ' +
        'newline that "color=blue\\nmode=prod" has not (echo adds one: use echo -n, or --from-literal)',
    ]);
  });

  it('names where a missing file is, or what the mount there holds', async () => {
    const nosub = await sees({
      pod: 'webapp-files-nosub',
      files: { '/etc/app/app.conf': 'color=blue\nmode=prod\n', '/etc/db/password': 'Pa55w0rd', '/etc/db/USER': null },
    });
    expect(messages(nosub)).toEqual([
      'there is no file /etc/app/app.conf; those contents are the file /etc/app/app.conf/app.conf instead',
      'there is no file /etc/db/password; those contents are the file /etc/db/PASSWORD instead',
      'file /etc/db/USER should not exist, but it is "admin" (from Secret db-secret, key USER)',
    ]);
    const dir = await sees({ pod: 'webapp-files-nosub', files: { '/etc/app/app.conf': 'other' } });
    expect(messages(dir)).toEqual([
      'there is no file /etc/app/app.conf: it is a directory, where volume config puts app.conf, logo.bin (mount one ' +
        'key as a file at that path with subPath, or mount the volume at the directory above)',
    ]);
    const holds = await sees({ pod: 'webapp-files', files: { '/etc/app/other.conf': 'x' } });
    expect(messages(holds)).toEqual([
      'there is no file /etc/app/other.conf; volume config mounted at /etc/app holds app.conf, logo.bin',
    ]);
    const none = await sees({ pod: 'webapp-files', files: { '/etc/nginx/app.conf': 'x' } });
    expect(messages(none)).toEqual([
      'there is no file /etc/nginx/app.conf: no ConfigMap or Secret volume is mounted at /etc/nginx or above it',
    ]);
    const env = await sees({ pod: 'webapp-db', files: { '/etc/db/password': 'Pa55w0rd' } });
    expect(messages(env)).toEqual([
      'there is no file /etc/db/password; those contents are the env var DB_PASSWORD instead (env, not a volume)',
    ]);
  });

  it('follows subPath, projected sources with items, and mounts nested in others', async () => {
    const outcome = await sees({
      pod: 'webapp-files-subpath',
      files: {
        '/etc/app/app.conf': 'color=blue\nmode=prod\n',
        '/etc/color': { value: 'blue', from: { kind: 'ConfigMap', name: 'app-config' } },
        '/etc/db/user': { value: 'admin', from: { kind: 'Secret', name: 'db-secret' } },
        '/etc/db/password': 'Pa55w0rd',
        '/etc/app/logo.bin': null,
      },
    });
    expect(outcome.problems).toEqual([]);
  });

  it('says a volume cannot be set up when an item names a key the ConfigMap lacks', async () => {
    const outcome = await sees({ pod: 'webapp-files-missing', files: { '/etc/app/app.conf': 'x' } });
    expect(outcome.summary).toBe(
      'container web of Pod webapp-files-missing cannot start: MountVolume.SetUp failed for volume "config" : ' +
        'configmap references non-existent config key: nope',
    );
  });

  it('writes its messages in Korean', async () => {
    const outcome = await sees(
      { pod: 'webapp-files-nosub', files: { '/etc/app/app.conf': 'color=blue\nmode=prod\n' } },
      'ko',
    );
    expect(outcome.summary).toBe(
      '파일 /etc/app/app.conf가 없습니다. 그 내용은 대신 파일 /etc/app/app.conf/app.conf에 있습니다',
    );
  });
});

describe('container-sees helpers and schema', () => {
  it('expands $(VAR) as the kubelet does', () => {
    const env: Record<string, string> = { A: 'x', B: 'y' };
    const lookup = (n: string) => env[n];
    expect(expand('$(A)-$(B)', lookup)).toBe('x-y');
    expect(expand('$$(A) $(C) $(A', lookup)).toBe('$(A) $(C) $(A');
    expect(expand('cost: $5', lookup)).toBe('cost: $5');
    expect(cleanPath('/etc/db/')).toBe('/etc/db');
    expect(cleanPath('/etc//app/./x/../app.conf')).toBe('/etc/app/app.conf');
  });

  it('needs env or files, and file paths that start with /', () => {
    expect(checkProblem(checkOf('container-sees', { pod: 'p' }))).toEqual({
      path: ['env'],
      problem: 'give env, files, or both',
    });
    const kind = CHECK_KINDS.find((k) => k.type === 'container-sees')!;
    expect(() => checkOf('container-sees', { pod: 'p', files: { 'etc/app.conf': 'x' } })).toThrow();
    expect(kind.reads(checkOf('container-sees', { pod: 'p', env: { A: 'b' } }))).toEqual([
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { apiVersion: 'v1', kind: 'Secret' },
    ]);
  });
});
