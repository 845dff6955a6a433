/**
 * Container image references compared as references, not as text: the normalisation of
 * distribution/reference (normalize.go, `ParseNormalizedNamed` and `TagNameOnly`) that
 * containerd, CRI-O and the kubelet apply before pulling. `nginx`, `nginx:latest`,
 * `docker.io/library/nginx:latest` and `index.docker.io/library/nginx` name one image;
 * `nginx:1.27` and `nginx:1.26` name two.
 */

/** A parsed, normalised image reference: `docker.io/library/nginx:latest`. */
export interface ImageRef {
  /** The registry host (and port): `docker.io`, `registry.k8s.io`, `localhost:5000`. */
  domain: string;
  /** The repository path below the registry: `library/nginx`. */
  path: string;
  /** The tag; `latest` when neither a tag nor a digest is written. Undefined for a digest-only reference. */
  tag?: string;
  /** The digest, `sha256:<64 hex>`, when one is written. */
  digest?: string;
}

// The grammar of distribution/reference (regexp.go), simplified to what normalisation needs.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/** Docker Hub's names for itself; every one of them is `docker.io`. */
const HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Parses and normalises an image reference as a container runtime does.
 * @returns the reference, or undefined when `text` is not a valid reference (an upper-case
 *   repository, an empty tag...)
 */
export function parseImageRef(text: string): ImageRef | undefined {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    // A first component with a dot or a port, `localhost`, or upper case is a registry host.
    if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase()) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (!DOMAIN_RE.test(domain) || !PATH_RE.test(path)) return undefined;
  if (HUB.has(domain.toLowerCase())) {
    domain = 'docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { domain, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** The full normalised form, `docker.io/library/nginx:latest`; the text itself when it is not a reference. */
export function normalizeImage(text: string): string {
  const ref = parseImageRef(text);
  if (!ref) return text;
  return `${ref.domain}/${ref.path}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * Whether two references name the same image. With a digest on both sides, the repository
 * and the digest decide (a runtime pulls by digest and ignores the tag); with a digest on one
 * side only they differ (which tag the digest belongs to cannot be known here). Otherwise the
 * repository and the tag (default `latest`) decide. Text that is not a reference equals only
 * the same text.
 */
export function sameImage(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseImageRef(a);
  const y = parseImageRef(b);
  if (!x || !y) return false;
  if (x.domain !== y.domain || x.path !== y.path) return false;
  if (x.digest || y.digest) return x.digest === y.digest;
  return x.tag === y.tag;
}
