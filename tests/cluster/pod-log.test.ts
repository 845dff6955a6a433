import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { ApiError } from '../../src/kube/client.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// KubeClient.podLog reads what `kubectl logs POD -c CONTAINER` prints (the Pod log endpoint, as text), and the
// local cluster's ClusterLogs that select Pods by name (cluster/logs/shop-logs.yaml, for troubleshoot-monitoring)
// win over the templates chosen by container name alone (src/cluster/local/stages.ts orders them).

const client = testClient();
const namespaces: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const run = promisify(execFile);

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const pod = (name: string, containers: string[], nodeSelector?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: containers.map((c) => ({ name: c, image: 'busybox:1.36' })), nodeSelector },
});

/** The lines of a log template in cluster/logs, without the CRI prefix (time, stream, F). */
const template = (file: string): string =>
  readFileSync(join(import.meta.dirname, '../../cluster/logs', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(3).join(' '))
    .join('\n') + '\n';

describe('KubeClient.podLog on the local cluster', () => {
  it('reads what kubectl logs prints; a Pod selected by name gets its own log', async () => {
    const ns = freshNamespace('podlog');
    namespaces.push(ns);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await client.create(pod('api', ['log-shipper', 'api']), ns);
    await client.create(pod('other-api', ['api']), ns);
    await client.create(pod('stuck', ['api'], { 'no-such-node': 'true' }), ns);
    await until(
      () => client.list(POD, ns),
      (pods) => pods.filter((p) => p.status?.phase === 'Running').length === 2,
    );

    const api = await client.podLog(ns, 'api', 'api');
    expect(api).toBe(template('shop-api.log'));
    expect(api.split('\n').filter((l) => l.includes('ERROR'))).toHaveLength(4);
    const kubectl = await run(binaryPath('kubectl'), [
      '--kubeconfig',
      inject('kubeconfig'),
      'logs',
      '-n',
      ns,
      'api',
      '-c',
      'api',
    ]);
    expect(api).toBe(kubectl.stdout);
    expect(await client.podLog(ns, 'api', 'log-shipper')).toBe(template('shop-api-log-shipper.log'));
    // Another Pod with a container of the same name: the template of that name (here the generic one).
    expect(await client.podLog(ns, 'other-api', 'api')).toBe(template('generic.log'));

    // A Pod not scheduled yet has an empty log; a container the Pod lacks is a 400, a Pod that does not exist a 404.
    expect(await client.podLog(ns, 'stuck', 'api')).toBe('');
    const noContainer = await client.podLog(ns, 'api', 'nosuch').catch((e: unknown) => e);
    expect(noContainer).toBeInstanceOf(ApiError);
    expect((noContainer as ApiError).status).toBe(400);
    const missing = await client.podLog(ns, 'nobody', 'api').catch((e: unknown) => e);
    expect((missing as ApiError).status).toBe(404);
  });
});
