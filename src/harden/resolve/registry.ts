/**
 * Image tags resolved to digests through the OCI Distribution / Docker Registry HTTP API v2:
 * `HEAD /v2/<name>/manifests/<tag>` answers the digest in `Docker-Content-Digest`. Registries
 * that want a token answer 401 with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`; an
 * anonymous token is fetched from the realm and the request repeated, as `docker pull` does.
 */
import { z } from 'zod';
import { ExternalHostError } from '../../errors.js';
import { guardedFetch, readBounded } from '../../util/fetch-policy.js';
import { safeExcerpt } from '../../util/redact.js';
import type { ImageResolver } from '../types.js';

/** The anonymous token answer (Docker token authentication spec): `token` or OAuth's `access_token`. */
const TokenAnswer = z.looseObject({ token: z.string().optional(), access_token: z.string().optional() }).refine((answer) => answer.token !== undefined || answer.access_token !== undefined, 'no token');

export interface RegistryOptions {
  /** Registry host → base URL, to reach a mirror or a local test server. */
  hosts?: Record<string, string>;
  timeout?: number;
  fetch?: typeof fetch;
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
].join(', ');

/** `node:20` → registry-1.docker.io, `library/node`, `20`, as Docker normalises names. */
export function parseImageReference(image: string): { host: string; name: string; tag: string } | null {
  const match = /^(?:([a-z0-9.-]+(?::\d+)?|localhost)\/)?([a-z0-9._/-]+?)(?::([\w][\w.-]{0,127}))?$/.exec(image);
  if (match === null) return null;
  let host = match[1];
  let name = match[2] ?? '';
  // A first component without a dot or port is a Docker Hub namespace, not a host.
  if (host !== undefined && !host.includes('.') && !host.includes(':') && host !== 'localhost') {
    name = `${host}/${name}`;
    host = undefined;
  }
  if (host === undefined || host === 'docker.io' || host === 'index.docker.io') {
    host = 'registry-1.docker.io';
    if (!name.includes('/')) name = `library/${name}`;
  }
  return { host, name, tag: match[3] ?? 'latest' };
}

function challenge(header: string | null): Record<string, string> | null {
  if (header === null || !/^Bearer\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) params[match[1] ?? ''] = match[2] ?? '';
  return params;
}

export function registryImageResolver(options: RegistryOptions = {}): ImageResolver {
  const doFetch = options.fetch ?? fetch;
  const timeout = options.timeout ?? 30_000;
  const memo = new Map<string, Promise<string | null>>();
  // Through the one fetch: redirects without credentials across origins, bounded retries, unreachable hosts tried once.
  const request = async (url: string, headers: Record<string, string>, method = 'HEAD'): Promise<Response> =>
    (await guardedFetch(url, { method, headers }, { timeoutMs: timeout, retries: 2, fetch: doFetch })).response;
  const failed = (url: string, message: string): ExternalHostError => new ExternalHostError(new URL(url).host, `${url}: ${message}`);

  const resolve = async (image: string): Promise<string | null> => {
    const reference = parseImageReference(image);
    if (reference === null) return null;
    const base = options.hosts?.[reference.host] ?? `https://${reference.host}`;
    const url = `${base}/v2/${reference.name}/manifests/${reference.tag}`;
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'vigil' };
    let response = await request(url, headers);
    if (response.status === 401) {
      const params = challenge(response.headers.get('www-authenticate'));
      if (params?.realm === undefined || !URL.canParse(params.realm)) throw failed(url, '401 without a Bearer challenge');
      const tokenUrl = new URL(params.realm);
      if (params.service) tokenUrl.searchParams.set('service', params.service);
      tokenUrl.searchParams.set('scope', params.scope ?? `repository:${reference.name}:pull`);
      const tokenResponse = await request(tokenUrl.toString(), { accept: 'application/json' }, 'GET');
      if (!tokenResponse.ok) throw failed(tokenUrl.origin, `token request answered ${tokenResponse.status}`);
      const text = new TextDecoder().decode(await readBounded(tokenResponse, 1024 * 1024, tokenUrl.origin, tokenUrl.host));
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw failed(tokenUrl.origin, `the token answer is not JSON (got ${safeExcerpt(text, 80)})`);
      }
      const parsed = TokenAnswer.safeParse(json);
      if (!parsed.success) throw failed(tokenUrl.origin, 'the token answer holds no token');
      const body = parsed.data;
      response = await request(url, { ...headers, authorization: `Bearer ${body.token ?? body.access_token ?? ''}` });
    }
    if (response.status === 404) return null;
    if (!response.ok) throw failed(url, `registry answered HTTP ${response.status}`);
    const digest = response.headers.get('docker-content-digest');
    return digest !== null && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : null;
  };
  return {
    resolveImage(image) {
      let found = memo.get(image);
      if (found === undefined) {
        found = resolve(image);
        memo.set(image, found);
      }
      return found;
    },
  };
}
