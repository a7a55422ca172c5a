import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { HttpClient } from '../../util/http.js';

/** A remembered response: its ETag and body, so an unchanged upstream costs one 304. */
export interface CachedResponse {
  etag: string;
  body: string;
}

/** Where ETags and bodies are kept between runs (a JSON file) or within one (memory). */
export interface EtagCache {
  get(url: string): CachedResponse | undefined;
  set(url: string, value: CachedResponse): void;
  /** Persist, when the cache has a file; a no-op for the memory cache. */
  save(): Promise<void>;
}

/** A cache that lives as long as the process (tests, `--no-cache`). */
export function memoryEtagCache(): EtagCache {
  const entries = new Map<string, CachedResponse>();
  return { get: (url) => entries.get(url), set: (url, value) => void entries.set(url, value), save: async () => undefined };
}

/** A cache kept in one JSON file, written atomically; an unreadable file starts the cache afresh. */
export function fileEtagCache(path: string): EtagCache {
  let entries: Record<string, CachedResponse> = {};
  if (existsSync(path)) {
    try {
      entries = JSON.parse(readFileSync(path, 'utf8')) as Record<string, CachedResponse>;
    } catch {
      entries = {};
    }
  }
  let dirty = false;
  return {
    get: (url) => entries[url],
    set(url, value) {
      entries[url] = value;
      dirty = true;
    },
    async save() {
      if (dirty) await writeFileAtomic(path, JSON.stringify(entries));
    },
  };
}

/** The outcome of a conditional GET. */
export interface ConditionalResult {
  body: string;
  notModified: boolean;
}

/**
 * GET with `If-None-Match` from the cache: a 304 answers from the cached body (on GitHub it does
 * not count against the rate limit). `null` on 404.
 */
export async function conditionalGet(client: HttpClient, url: string, cache: EtagCache, headers: Record<string, string> = {}): Promise<ConditionalResult | null> {
  const cached = cache.get(url);
  const result = await client.request(url, { headers: { ...headers, ...(cached ? { 'if-none-match': cached.etag } : {}) }, allow404: true });
  if (result === null) return null;
  if (result.response.status === 304 && cached) return { body: cached.body, notModified: true };
  const body = new TextDecoder().decode(result.body);
  const etag = result.response.headers.get('etag');
  if (etag) cache.set(url, { etag, body });
  return { body, notModified: false };
}
