// Stands in for undici inside the bundle. @kubernetes/client-node 2 imports undici (about
// 500 KB bundled) at start-up: config.js for the Agent and ProxyAgent it builds in
// applyToFetchOptions, watch.js for fetch. cka-lab sends its own requests through
// node:https (applyToHTTPSOptions) and uses undici only to watch, so the real package
// (dist/vendor/undici-real.cjs) is required on first use.
export class Agent {
  constructor(...args) {
    const { Agent: Real } = require('undici-real');
    return new Real(...args);
  }
}
export class ProxyAgent {
  constructor(...args) {
    const { ProxyAgent: Real } = require('undici-real');
    return new Real(...args);
  }
}
export function fetch(...args) {
  return require('undici-real').fetch(...args);
}
