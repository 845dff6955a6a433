// Stands in for socks inside the bundle. @kubernetes/client-node's config.js imports it at
// start-up but calls SocksClient.createConnection only for a cluster with a socks5
// proxy-url (through undici), so the real package (with ip-address, ~80 KB) is required on
// first use: bundled, but not evaluated until then.
export const SocksClient = {
  createConnection(...args) {
    return require('socks-real').SocksClient.createConnection(...args);
  },
};
