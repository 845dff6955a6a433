import type { KubeClient } from '../kube/client.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import type { Lang } from '../i18n/text.js';

/** Objects already in memory (a watch cache); `undefined` for a kind it does not hold. */
export interface ObjectSource {
  list(ref: TypeRef): KubeObject[] | undefined;
}

/**
 * A read-only view of one namespace during one check run: each type is listed at
 * most once (one request per kind per run, however many checks and objects), and
 * every check sees the same snapshot.
 */
export class NamespaceView {
  private readonly lists = new Map<string, Promise<KubeObject[]>>();

  /**
   * @param workDir the learner's working folder, where `file` checks look (default: the current folder)
   * @param source objects kept in memory by watches; kinds it lacks are listed from the API
   * @param lang the language check kinds write their messages in (default English)
   */
  constructor(
    readonly client: KubeClient,
    readonly namespace: string,
    readonly workDir: string = process.cwd(),
    private readonly source?: ObjectSource,
    readonly lang: Lang = 'en',
  ) {}

  /** All objects of a type in the namespace. */
  list(ref: TypeRef): Promise<KubeObject[]> {
    const key = `${ref.apiVersion}/${ref.kind}`;
    let list = this.lists.get(key);
    if (!list) {
      const cached = this.source?.list(ref);
      list = cached ? Promise.resolve(cached) : this.client.list(ref, this.namespace);
      this.lists.set(key, list);
    }
    return list;
  }

  /** One object by name, or undefined. */
  async find(ref: TypeRef, name: string): Promise<KubeObject | undefined> {
    return (await this.list(ref)).find((o) => o.metadata?.name === name);
  }
}
