// The module itself, not the package index (see kube/watch-cache.ts).
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import type { KubeClient } from '../kube/client.js';
import { resourcePath } from '../kube/resources.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import type { ObjectSource } from '../checks/view.js';

const key = (ref: TypeRef): string => `${ref.apiVersion}/${ref.kind}`;
/** How long to wait before listing a kind again after its watch ended, in ms. */
const REWATCH_MS = 500;

/**
 * A local copy of some kinds in a set of namespaces, kept current by one cluster-wide watch per
 * kind (list across all namespaces, then watch from the list's resourceVersion; list again when a
 * watch ends, e.g. on 410 Gone). A class of any size costs one list and one watch per kind, not
 * one per learner; objects of other namespaces are dropped as they arrive.
 */
export class ClassCache {
  /** kind -> namespace -> name -> object */
  private readonly store = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly aborts: AbortController[] = [];
  private stopped = false;

  /**
   * @param namespaces the namespaces kept; others are ignored
   * @param onChange called with the namespace after each watch event in it has been applied,
   *   and with undefined after a kind was listed again (every namespace may have changed)
   */
  constructor(
    private readonly client: KubeClient,
    private readonly namespaces: ReadonlySet<string>,
    private readonly kinds: readonly TypeRef[],
    private readonly onChange: (namespace: string | undefined) => void,
  ) {}

  /** Lists every kind, then starts its watch. Resolves once all initial lists are in. */
  async start(): Promise<void> {
    await Promise.all(this.kinds.map((ref) => this.listAndWatch(ref)));
  }

  /** Stops every watch. */
  stop(): void {
    this.stopped = true;
    for (const a of this.aborts) a.abort();
  }

  /** The cached objects of one namespace, as the check engine reads them. */
  sourceFor(namespace: string): ObjectSource {
    return {
      list: (ref) => {
        const kind = this.store.get(key(ref));
        return kind ? [...(kind.get(namespace)?.values() ?? [])] : undefined;
      },
    };
  }

  /**
   * The cached objects of a kind in every kept namespace, or undefined for a kind not watched:
   * what a check's look into other namespaces (describe.ts, "created in default?") gets here.
   */
  listAll(ref: TypeRef): KubeObject[] | undefined {
    const kind = this.store.get(key(ref));
    return kind ? [...kind.values()].flatMap((objects) => [...objects.values()]) : undefined;
  }

  private async listAndWatch(ref: TypeRef): Promise<void> {
    const info = await this.client.resource(ref);
    const path = resourcePath(ref.apiVersion, info);
    const list = await this.client.request<{ items?: KubeObject[]; metadata: { resourceVersion: string } }>(
      'GET',
      path,
    );
    const byNamespace = new Map<string, Map<string, KubeObject>>();
    const put = (obj: KubeObject) => {
      const ns = obj.metadata?.namespace ?? '';
      if (!this.namespaces.has(ns)) return false;
      let objects = byNamespace.get(ns);
      if (!objects) byNamespace.set(ns, (objects = new Map()));
      objects.set(obj.metadata!.name!, { apiVersion: ref.apiVersion, kind: ref.kind, ...obj });
      return true;
    };
    for (const item of list.items ?? []) put(item);
    this.store.set(key(ref), byNamespace);

    const restart = () => {
      if (this.stopped) return;
      setTimeout(
        () =>
          this.listAndWatch(ref)
            .then(() => this.onChange(undefined))
            .catch(restart),
        REWATCH_MS,
      );
    };
    const abort = await new Watch(this.client.kubeConfig).watch(
      path,
      { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
      (type: string, obj: KubeObject) => {
        if (type === 'BOOKMARK' || type === 'ERROR') return;
        const ns = obj.metadata?.namespace ?? '';
        if (type === 'DELETED') {
          if (!byNamespace.get(ns)?.delete(obj.metadata!.name!)) return;
        } else if (!put(obj)) return;
        this.onChange(ns);
      },
      () => restart(),
    );
    if (this.stopped) abort.abort();
    this.aborts.push(abort);
  }
}
