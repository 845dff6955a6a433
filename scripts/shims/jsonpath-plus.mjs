// Stands in for jsonpath-plus inside the bundle. @kubernetes/client-node's legacy azure and
// gcp auth providers import it at start-up and call JSONPath synchronously when refreshing
// a token, so the real package (~25 KB) is required on first use: bundled, not evaluated.
export function JSONPath(...args) {
  return require('jsonpath-plus-real').JSONPath(...args);
}
