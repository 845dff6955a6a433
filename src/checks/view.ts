import type { KubeClient } from '../kube/client.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import type { Lang } from '../i18n/text.js';

/**
 * Objects already in memory: a watch cache (`lab check --watch`), or fixtures of real API
 * objects in unit tests. `undefined` for a kind it does not hold.
 */
export interface ObjectSource {
  /** The objects of one type in the view's namespace, as the API server returns them. */
  list(ref: TypeRef): KubeObject[] | undefined;
  /** A container's log text held in memory (fixtures), or undefined: the view then asks the client. */
  log?(pod: string, container: string): string | undefined;
}

/**
 * A read-only view of one namespace during one check run: each type is listed at
 * most once (one request per kind per run, however many checks and objects), and
 * every check sees the same snapshot.
 */
export class NamespaceView {
  private readonly lists = new Map<string, Promise<KubeObject[]>>();
  private readonly logs = new Map<string, Promise<string>>();

  /**
   * @param client lists the kinds `source` lacks; undefined when `source` holds every kind checks read
   * @param workDir the learner's working folder, where `file` checks look (default: the current folder)
   * @param source objects kept in memory (watches, fixtures); kinds it lacks are listed from the API
   * @param lang the language check kinds write their messages in (default English)
   */
  constructor(
    readonly client: KubeClient | undefined,
    readonly namespace: string,
    readonly workDir: string = process.cwd(),
    private readonly source?: ObjectSource,
    readonly lang: Lang = 'en',
  ) {}

  /**
   * All objects of a type in the namespace.
   * @throws Error when the source lacks the type and the view has no client; the client's errors otherwise
   */
  list(ref: TypeRef): Promise<KubeObject[]> {
    const key = `${ref.apiVersion}/${ref.kind}`;
    let list = this.lists.get(key);
    if (!list) {
      const cached = this.source?.list(ref);
      if (cached) list = Promise.resolve(cached);
      else if (this.client) list = this.client.list(ref, this.namespace);
      else
        list = Promise.reject(
          new Error(`no ${ref.kind} (${ref.apiVersion}) objects in memory, and no client to list them`),
        );
      this.lists.set(key, list);
    }
    return list;
  }

  /**
   * The log of one container of a Pod of the namespace, as `kubectl logs POD -c CONTAINER` prints it
   * (see {@link KubeClient.podLog}), read once per run.
   * @throws Error when the source lacks it and the view has no client; the client's errors otherwise
   */
  log(pod: string, container: string): Promise<string> {
    const key = `log\n${pod}\n${container}`;
    let log = this.logs.get(key);
    if (!log) {
      const held = this.source?.log?.(pod, container);
      if (held !== undefined) log = Promise.resolve(held);
      else if (this.client) log = this.client.podLog(this.namespace, pod, container);
      else log = Promise.reject(new Error(`no log of ${pod}/${container} in memory, and no client to read it`));
      this.logs.set(key, log);
    }
    return log;
  }

  /** One object by name, or undefined. */
  async find(ref: TypeRef, name: string): Promise<KubeObject | undefined> {
    return (await this.list(ref)).find((o) => o.metadata?.name === name);
  }
}
