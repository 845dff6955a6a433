// The module itself, not the package index: in the CommonJS bundle, the index would
// initialise every module it re-exports (watch, exec, cp...) on every start-up.
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import type { KubeClient } from './client.js';
import { resourcePath } from './resources.js';
import type { KubeObject, TypeRef } from './types.js';

const key = (ref: TypeRef): string => `${ref.apiVersion}/${ref.kind}`;

/**
 * A local copy of some kinds in one namespace, kept current by Kubernetes watches
 * (list, then watch from the list's resourceVersion; relist when a watch ends, e.g.
 * on 410 Gone). Checks read it without any request, so a re-check after an event
 * costs no round-trip.
 */
export class WatchCache {
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private readonly aborts: AbortController[] = [];
  private stopped = false;

  /**
   * @param onChange called after every watch event (ADDED, MODIFIED, DELETED) has been applied
   */
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly kinds: TypeRef[],
    private readonly onChange: (ref: TypeRef) => void,
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

  /** The cached objects of a kind, or undefined when that kind is not watched. */
  list(ref: TypeRef): KubeObject[] | undefined {
    const objects = this.store.get(key(ref));
    return objects ? [...objects.values()] : undefined;
  }

  private async listAndWatch(ref: TypeRef): Promise<void> {
    const info = await this.client.resource(ref);
    const path = resourcePath(ref.apiVersion, info, this.namespace);
    const list = await this.client.request<{ items: KubeObject[]; metadata: { resourceVersion: string } }>('GET', path);
    const objects = new Map<string, KubeObject>();
    for (const item of list.items ?? [])
      objects.set(item.metadata!.name!, { apiVersion: ref.apiVersion, kind: ref.kind, ...item });
    this.store.set(key(ref), objects);

    const restart = () => {
      if (this.stopped) return;
      setTimeout(
        () =>
          this.listAndWatch(ref)
            .then(() => this.onChange(ref))
            .catch(restart),
        500,
      );
    };
    const abort = await new Watch(this.client.kubeConfig).watch(
      path,
      { resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
      (type: string, obj: KubeObject) => {
        if (type === 'BOOKMARK' || type === 'ERROR') return;
        const name = obj.metadata!.name!;
        if (type === 'DELETED') objects.delete(name);
        else objects.set(name, { apiVersion: ref.apiVersion, kind: ref.kind, ...obj });
        this.onChange(ref);
      },
      () => restart(),
    );
    this.aborts.push(abort);
  }
}
