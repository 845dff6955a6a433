import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { AccessError, ClusterError } from '../errors.js';
import { apiBase, knownResource, resourcePath, type ResourceInfo } from './resources.js';
import type { KubeObject, TypeRef } from './types.js';
import { sleep } from '../util/poll.js';
import { say } from '../i18n/current.js';

/** An HTTP error answer from the API server, with its Status reason. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Options for {@link KubeClient}. */
export interface KubeClientOptions {
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Retries for reads refused or reset by the server (default 2), 250 ms apart; timeouts are not retried. */
  retries?: number;
  /**
   * Connections to the API server at most (default 1: a command's requests share one kept-alive
   * connection). Many concurrent callers (`lab validate`'s cases, tests) go faster with a few more.
   */
  maxSockets?: number;
  /** Counts every request, for benchmarks (requests per check). */
  onRequest?: (method: string, path: string) => void;
}

const FIELD_MANAGER = 'cka-lab';

/** How the authorizer words a denial: `User "x" cannot list resource "pods" …`, `… cannot get path "/api"`. */
const RBAC_DENIAL = /\bcannot \S+ (resource|path)\b/;

/**
 * A small JSON REST client over the connection settings of a kubeconfig
 * (@kubernetes/client-node supplies TLS, tokens and exec credentials). Objects come
 * back as the API server's JSON, untouched, so checks compare exactly what
 * `kubectl get -o json` shows.
 */
export class KubeClient {
  private readonly resources = new Map<string, Promise<ResourceInfo>>();
  private readonly timeoutMs: number;
  private readonly retries: number;
  /** When a request last got no answer in time (ms since the epoch): the requests queued before then fail too. */
  private silentSince?: number;

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly options: KubeClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
  }

  /** The API server URL of the current context. */
  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '(unknown server)';
  }

  /**
   * Sends one request and parses the JSON answer.
   * @param method HTTP method
   * @param path REST path with query string
   * @param body JSON body (or a string sent as is)
   * @param contentType the body's media type (default application/json)
   * @param accept the Accept header (default application/json: the answer is parsed); with any other the
   *   answer's text is resolved as is
   * @throws AccessError on 401 or an RBAC denial (403); ApiError on another HTTP error answer (an admission
   *   plugin's 403 among them); ClusterError when the
   *   server cannot be reached in time.
   */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    accept = 'application/json',
  ): Promise<T> {
    const attempts = method === 'GET' ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(method, path, body, contentType, accept);
      } catch (err) {
        // Retry quick failures (refused, reset: a restarting API server), not timeouts,
        // which already took the whole timeout.
        const code = (err as { cause?: { code?: string } }).cause?.code ?? '';
        if (err instanceof ClusterError && attempt < attempts && code !== 'ETIMEDOUT') {
          await sleep(250);
          continue;
        }
        throw err;
      }
    }
  }

  private connection?: { at: number; opts: Promise<https.RequestOptions & { headers: Record<string, string> }> };

  /**
   * TLS material, credentials and an agent, from the kubeconfig (client-node), reused for
   * a minute: one kept-alive connection serves all requests of a command instead of a TLS
   * handshake each, while exec and token credentials are still refreshed regularly. Requests
   * sent together queue on that one connection (maxSockets 1): on a local cluster a request
   * takes about 3 ms, a new connection's handshake about 12 ms of mostly CPU on both ends.
   */
  private connectionOptions(): Promise<https.RequestOptions & { headers: Record<string, string> }> {
    if (!this.connection || Date.now() - this.connection.at > 60_000) {
      const opts = (async () => {
        const o: https.RequestOptions & { headers: Record<string, string> } = { headers: {} };
        await this.kubeConfig.applyToHTTPSOptions(o);
        const proxied = Boolean(this.kubeConfig.getCurrentCluster()?.proxyUrl);
        if (!proxied) {
          const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = o;
          o.agent = this.server.startsWith('http:')
            ? new http.Agent({ keepAlive: true })
            : new https.Agent({
                ca,
                cert,
                key,
                pfx,
                passphrase,
                servername,
                keepAlive: true,
                maxSockets: this.options.maxSockets ?? 1,
                ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized }),
              });
        }
        return o;
      })();
      this.connection = { at: Date.now(), opts };
      opts.catch(() => (this.connection = undefined));
    }
    return this.connection.opts;
  }

  private async once<T>(method: string, path: string, body: unknown, contentType: string, accept: string): Promise<T> {
    this.options.onRequest?.(method, path);
    const opts = await this.connectionOptions();
    const url = new URL(this.server + path);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>), Accept: accept };
    if (payload !== undefined) {
      headers['Content-Type'] = contentType;
      // An explicit length, not chunked encoding: Go's server answers 400 to a chunked
      // DELETE body on a kept-alive connection.
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const transport = url.protocol === 'http:' ? http : https;

    return new Promise<T>((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: opts.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(this.unreachable(e)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown;
          try {
            data = text ? JSON.parse(text) : {};
          } catch {
            data = { message: text.slice(0, 200) };
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve((accept === 'application/json' ? data : text) as T);
          else reject(this.httpError(status, data));
        });
      });
      // A whole-request deadline: a socket idle timeout alone does not cover a TLS
      // handshake that never completes. It starts when the request gets its socket: time spent
      // queued behind this client's other requests (maxSockets) is not the server's silence.
      // But once the server has let a request time out, the requests that were already queued
      // end with it, or a silent server would cost one whole deadline per queued request.
      const queuedAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const silent = () => Object.assign(new Error(`no answer within ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' });
      req.once('socket', () => {
        if (this.silentSince !== undefined && queuedAt <= this.silentSince) {
          req.destroy(silent());
          return;
        }
        timer = setTimeout(() => {
          this.silentSince = Date.now();
          req.destroy(silent());
        }, this.timeoutMs);
      });
      req.on('close', () => clearTimeout(timer));
      req.on('error', (e) => reject(this.unreachable(e)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private unreachable(err: Error & { code?: string }): ClusterError {
    const code = err.code ?? '';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/.test(code) || /certificate/i.test(err.message)) {
      return new ClusterError(say('client.tls', { server: this.server, why: code || err.message }), { cause: err });
    }
    const context = this.kubeConfig.getCurrentContext();
    return new ClusterError(say('client.unreachable', { context, server: this.server, why: code || err.message }), {
      cause: err,
    });
  }

  private httpError(status: number, data: unknown): Error {
    // The error body is a meta/v1 Status as JSON; anything else has no message or reason.
    const body: { message?: string; reason?: string } =
      typeof data === 'object' && data !== null ? (data as { message?: string; reason?: string }) : {};
    const message: string = body.message ?? `HTTP ${status}`;
    if (status === 401) {
      return new AccessError(401, say('client.unauthorized', { server: this.server }));
    }
    // 403 is also what admission plugins answer (ResourceQuota, PodSecurity, a PriorityClass not
    // found, a namespace being deleted): those are about the object, not the user's rights.
    if (status === 403 && RBAC_DENIAL.test(message)) {
      return new AccessError(403, say('client.forbidden', { why: message }));
    }
    return new ApiError(status, body.reason ?? '', message);
  }

  /**
   * Finds the REST resource of a type: from a built-in table, else by API discovery
   * (one request per API group version, cached for the client's life).
   * @throws ApiError(404) when the cluster does not serve that type.
   */
  async resource(ref: TypeRef): Promise<ResourceInfo> {
    const known = knownResource(ref);
    if (known) return known;
    const key = `${ref.apiVersion}/${ref.kind}`;
    let info = this.resources.get(key);
    if (!info) {
      info = this.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
        'GET',
        apiBase(ref.apiVersion),
      ).then((list) => {
        const r = list.resources.find((x) => x.kind === ref.kind && !x.name.includes('/'));
        if (!r) throw new ApiError(404, 'NotFound', `the cluster has no kind ${ref.kind} in ${ref.apiVersion}`);
        return { plural: r.name, namespaced: r.namespaced };
      });
      info.catch(() => this.resources.delete(key));
      this.resources.set(key, info);
    }
    return info;
  }

  /**
   * Lists objects of one type in a namespace (one request).
   * @param labelSelector optional selector in kubectl syntax, e.g. `app=myapp`
   * @returns the items, each with apiVersion and kind filled in
   */
  async list(ref: TypeRef, namespace?: string, labelSelector?: string): Promise<KubeObject[]> {
    const info = await this.resource(ref);
    const query = labelSelector ? `?labelSelector=${encodeURIComponent(labelSelector)}` : '';
    const list = await this.request<{ items: KubeObject[] }>(
      'GET',
      resourcePath(ref.apiVersion, info, namespace) + query,
    );
    return (list.items ?? []).map((item) => ({ apiVersion: ref.apiVersion, kind: ref.kind, ...item }));
  }

  /**
   * The log of one container of a Pod, as `kubectl logs POD -c CONTAINER` prints it: the API server's
   * `GET /api/v1/namespaces/NS/pods/POD/log?container=C` (the Kubernetes API reference, Pod "read log"),
   * which the node's kubelet answers (kwok's ClusterLogs on the local cluster's kwok nodes). The text is
   * asked for with an Accept of any media type, as kubectl does: the API server answers 406 to text/plain.
   * @param options `previous` the last terminated instance's log (`kubectl logs -p`)
   * @returns the log text (lines ending with `\n`, without timestamps); empty for a Pod not scheduled yet
   *   (the API server has no node to ask)
   * @throws ApiError 400 when the Pod has no such container or a kubelet says it has not started yet, 404
   *   when the Pod does not exist; AccessError and ClusterError as {@link request}
   */
  async podLog(
    namespace: string,
    pod: string,
    container: string,
    options: { previous?: boolean } = {},
  ): Promise<string> {
    const query = `?container=${encodeURIComponent(container)}` + (options.previous ? '&previous=true' : '');
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    return this.request<string>('GET', path + query, undefined, undefined, '*/*');
  }

  /** Reads one object; `undefined` when it does not exist. */
  async get(ref: TypeRef, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const info = await this.resource(ref);
    try {
      return await this.request<KubeObject>('GET', resourcePath(ref.apiVersion, info, namespace, name));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /**
   * Server-side apply of one object (field manager `cka-lab`, conflicts forced),
   * like `kubectl apply --server-side --force-conflicts`.
   * @returns the object as stored
   */
  async apply(obj: KubeObject, namespace?: string): Promise<KubeObject> {
    const ref = { apiVersion: obj.apiVersion!, kind: obj.kind! };
    const info = await this.resource(ref);
    const ns = info.namespaced ? (namespace ?? obj.metadata?.namespace) : undefined;
    const body = { ...obj, metadata: { ...obj.metadata, ...(ns ? { namespace: ns } : {}) } };
    const path =
      resourcePath(ref.apiVersion, info, ns, obj.metadata!.name!) + `?fieldManager=${FIELD_MANAGER}&force=true`;
    return this.request<KubeObject>('PATCH', path, body, 'application/apply-patch+yaml');
  }

  /** Creates an object; throws ApiError(409) if it exists. */
  async create(obj: KubeObject, namespace?: string): Promise<KubeObject> {
    const ref = { apiVersion: obj.apiVersion!, kind: obj.kind! };
    const info = await this.resource(ref);
    return this.request<KubeObject>(
      'POST',
      `${resourcePath(ref.apiVersion, info, namespace)}?fieldManager=${FIELD_MANAGER}`,
      obj,
    );
  }

  /**
   * Patches one object, optionally a subresource such as `scale`.
   * @param type `merge` (RFC 7386), `strategic` (strategic merge patch, lists merged by key
   *   as kubectl does for built-in kinds) or `json` (RFC 6902 operations)
   */
  async patch(
    ref: TypeRef,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    type: 'merge' | 'strategic' | 'json' = 'merge',
    subresource?: string,
  ): Promise<KubeObject> {
    const info = await this.resource(ref);
    const path = resourcePath(ref.apiVersion, info, namespace, name) + (subresource ? `/${subresource}` : '');
    const contentType = {
      merge: 'application/merge-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      json: 'application/json-patch+json',
    }[type];
    return this.request<KubeObject>('PATCH', `${path}?fieldManager=${FIELD_MANAGER}`, patch, contentType);
  }

  /**
   * Deletes one object in the background (dependents are garbage-collected).
   * @returns false when it did not exist
   */
  async delete(ref: TypeRef, name: string, namespace?: string): Promise<boolean> {
    const info = await this.resource(ref);
    try {
      await this.request('DELETE', resourcePath(ref.apiVersion, info, namespace, name), {
        propagationPolicy: 'Background',
      });
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    }
  }
}
