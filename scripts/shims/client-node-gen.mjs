// Stands in for @kubernetes/client-node's gen/index.js where its config.js imports it. The
// index re-exports every generated API and model (~300 KB); in a CommonJS bundle esbuild
// keeps all of them once the index is imported, while config.js needs only these two.
export { createConfiguration } from '@kubernetes/client-node/dist/gen/configuration.js';
export { ServerConfiguration } from '@kubernetes/client-node/dist/gen/servers.js';
