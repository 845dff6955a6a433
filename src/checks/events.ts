import type { KubeObject } from '../kube/types.js';
import type { NamespaceView } from './view.js';

const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

/** The fields read of a core/v1 Event (the Kubernetes API reference, Event v1). */
interface CoreEvent {
  involvedObject?: { kind?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  type?: string;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  series?: { lastObservedTime?: string };
  metadata?: { creationTimestamp?: string };
}

/** When an Event was last seen: its series, lastTimestamp, eventTime, or creation, whichever is set (RFC 3339). */
const seen = (e: CoreEvent): string =>
  e.series?.lastObservedTime ??
  e.lastTimestamp ??
  e.eventTime ??
  e.firstTimestamp ??
  e.metadata?.creationTimestamp ??
  '';

/** One Event about an object, as `kubectl describe` lists it. */
export interface ObjectEvent {
  /** Normal or Warning. */
  type: string;
  /** The controller's reason word: FailedBinding, WaitForFirstConsumer, FailedGetResourceMetric... */
  reason: string;
  message: string;
  /** When it was last seen (RFC 3339). */
  time: string;
}

/**
 * The Events about one object of the view's namespace (matched by kind, name and, when the Event
 * names one, uid, so Events of an earlier object of that name are left out), newest first:
 * what `kubectl describe` shows at its end, in the order a learner reads the latest reason.
 * @throws whatever listing Events throws
 */
export async function eventsAbout(view: NamespaceView, obj: KubeObject): Promise<ObjectEvent[]> {
  const uid = obj.metadata?.uid;
  const events = (await view.list(EVENT)) as CoreEvent[];
  return events
    .filter(
      (e) =>
        e.involvedObject?.kind === obj.kind &&
        e.involvedObject?.name === obj.metadata?.name &&
        (!uid || !e.involvedObject?.uid || e.involvedObject.uid === uid),
    )
    .map((e) => ({ type: e.type ?? 'Normal', reason: e.reason ?? '', message: e.message ?? '', time: seen(e) }))
    .sort((a, b) => b.time.localeCompare(a.time));
}
