import type { KubeClient } from '../kube/client.js';
import type { KubeObject, TypeRef } from '../kube/types.js';

/**
 * A read-only view of one namespace during one check run: each type is listed at
 * most once (one request per kind per run, however many checks and objects), and
 * every check sees the same snapshot.
 */
export class NamespaceView {
  private readonly lists = new Map<string, Promise<KubeObject[]>>();

  /**
   * @param workDir the learner's working folder, where `file` checks look (default: the current folder)
   */
  constructor(
    readonly client: KubeClient,
    readonly namespace: string,
    readonly workDir: string = process.cwd(),
  ) {}

  /** All objects of a type in the namespace. */
  list(ref: TypeRef): Promise<KubeObject[]> {
    const key = `${ref.apiVersion}/${ref.kind}`;
    let list = this.lists.get(key);
    if (!list) {
      list = this.client.list(ref, this.namespace);
      this.lists.set(key, list);
    }
    return list;
  }

  /** One object by name, or undefined. */
  async find(ref: TypeRef, name: string): Promise<KubeObject | undefined> {
    return (await this.list(ref)).find((o) => o.metadata?.name === name);
  }
}
