// Stands in for node-fetch inside the bundle. @kubernetes/client-node imports node-fetch at
// start-up only for `Headers` (Node's own works) and uses its `fetch` only to watch, so the
// real package (and its URL tables, ~300 KB) is loaded on the first fetch instead.
// Node's global Headers is itself loaded lazily (with undici, ~10 ms), so defer touching it.
export class Headers {
  constructor(init) {
    return new globalThis.Headers(init);
  }
}
export default async function fetch(...args) {
  const real = await import('node-fetch-real');
  return real.default(...args);
}
// Re-exported by client-node's index for its users; cka-lab never throws or catches them.
export class AbortError extends Error {}
export class FetchError extends Error {}
