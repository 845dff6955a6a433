// Stands in for openid-client inside the bundle. @kubernetes/client-node imports it at
// start-up for its OIDC auth provider, which calls only these two functions, both async,
// so the real package (with oauth4webapi, ~20 KB) loads when a kubeconfig user needs it.
export async function discovery(...args) {
  return (await import('openid-client-real')).discovery(...args);
}
export async function refreshTokenGrant(...args) {
  return (await import('openid-client-real')).refreshTokenGrant(...args);
}
