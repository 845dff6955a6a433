// Stands in for socks-proxy-agent inside the bundle. @kubernetes/client-node imports it at
// start-up but constructs one only for a cluster with a socks5 proxy-url; the constructor
// is synchronous, so the real package (with socks, ip-address, ~80 KB) is required on
// first use: bundled, but not evaluated until then.
export function SocksProxyAgent(...args) {
  const { SocksProxyAgent: Real } = require('socks-proxy-agent-real');
  return new Real(...args);
}
