import type { ZodType } from 'zod';
import { ExternalHostError, InputError } from '../errors.js';
import { DEFAULT_MAX_BODY_BYTES, guardedFetch, rateLimitWaitMs, readBounded, type FetchPolicy } from './fetch-policy.js';
import { addSecret, safeExcerpt } from './redact.js';

export { retryAfterMs, setHttpNotifier } from './fetch-policy.js';

/** How every network client is built (STYLE.md rule 9): never read from the environment here. */
export interface HttpClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: <scheme> <token>`, only to the base URL's origin; never logged. */
  token?: string | undefined;
  tokenScheme?: 'Bearer' | 'token' | 'Basic';
  /** Extra headers on every request (an API key header, a User-Agent). Credential headers never cross origins. */
  headers?: Record<string, string>;
  /** Milliseconds before one attempt is abandoned. */
  timeout?: number;
  /** Extra attempts on 429, 500, 502, 503, 504, GitHub's exhausted rate limit and transient network errors. */
  retries?: number;
  /** Upper bound on one wait, so a hostile Retry-After cannot park us for hours. */
  maxRetryWaitMs?: number;
  /** Called before each wait; without it the wait is announced through `setHttpNotifier`'s logger. */
  onRetry?: (info: { url: string; status: number | undefined; waitMs: number; attempt: number; reason?: string }) => void;
  /** Largest answer read (bytes); default 512 MiB. */
  maxBodyBytes?: number;
  /** A redirect to another origin: followed without credentials (default) or refused. */
  crossOrigin?: FetchPolicy['crossOrigin'];
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** First backoff step in ms (doubled per attempt); tests set it low. */
  backoffMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  url: string;
}

/** A small HTTP client: base URL, token, timeout, retries with backoff, typed JSON. All traffic goes through guardedFetch. */
export class HttpClient {
  readonly baseUrl: string;
  private readonly options: HttpClientOptions;
  private readonly host: string;
  private readonly origin: string;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    let parsed: URL;
    try {
      parsed = new URL(this.baseUrl);
    } catch {
      throw new InputError(`${safeExcerpt(options.baseUrl)} is not a URL`);
    }
    this.host = parsed.host;
    this.origin = parsed.origin;
    addSecret(options.token);
  }

  /** Resolve a path against the base URL; absolute URLs pass through (pagination links). */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  /** GET or POST with retries; throws ExternalHostError for anything but 2xx/304 (and 404 if allowed). */
  async request(
    path: string,
    init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string>; allow404?: boolean; maxBodyBytes?: number } = {},
  ): Promise<{ response: HttpResponse; body: Uint8Array } | null> {
    const url = this.url(path);
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ExternalHostError(this.host, `${safeExcerpt(url)} is not a URL (given by ${this.host})`);
    }
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { 'user-agent': 'vigil', ...init.headers };
    // Credentials go to the origin the client was built for, never to a URL an answer pointed at.
    if (target.origin === this.origin) {
      Object.assign(headers, this.options.headers);
      if (this.options.token) headers.authorization = `${this.options.tokenScheme ?? 'Bearer'} ${this.options.token}`;
    } else {
      for (const [name, value] of Object.entries(this.options.headers ?? {})) if (!/^(authorization|api-?key|x-api-key|cookie)$/i.test(name)) headers[name] = value;
    }
    const onRetry = this.options.onRetry;
    const { response, url: finalUrl } = await guardedFetch(
      url,
      { method, headers, ...(init.body === undefined ? {} : { body: init.body }) },
      {
        timeoutMs: this.options.timeout ?? 30_000,
        retries: this.options.retries ?? 3,
        ...(this.options.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: this.options.maxRetryWaitMs } : {}),
        ...(this.options.backoffMs !== undefined ? { backoffMs: this.options.backoffMs } : {}),
        ...(this.options.crossOrigin !== undefined ? { crossOrigin: this.options.crossOrigin } : {}),
        ...(onRetry ? { onRetry: (info) => onRetry({ url: info.url, status: info.status, waitMs: info.waitMs, attempt: info.attempt, reason: info.reason }) } : {}),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      },
    );
    const answered = new URL(finalUrl).host;
    if (response.ok || response.status === 304) {
      const body = await readBounded(response, init.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, finalUrl, answered);
      return { response: { status: response.status, headers: response.headers, url: finalUrl }, body };
    }
    if (response.status === 404 && init.allow404) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    const text = await readBounded(response, 64 * 1024, finalUrl, answered).catch(() => new Uint8Array(0));
    throw new ExternalHostError(answered, `${method} ${finalUrl} answered HTTP ${response.status}: ${safeExcerpt(text)}`, {
      status: response.status,
      ...statusHint(response.status, response.headers),
    });
  }

  /** GET JSON and validate it with a zod schema; `null` on 404 when allowed. */
  async getJson<T>(path: string, schema: ZodType<T>, init: { headers?: Record<string, string>; allow404?: boolean; maxBodyBytes?: number } = {}): Promise<T | null> {
    const result = await this.request(path, { maxBodyBytes: 64 * 1024 * 1024, ...init, headers: { accept: 'application/json', ...init.headers } });
    if (result === null) return null;
    return parseJsonBody(result.body, schema, result.response.url);
  }
}

/** What the user can do about a failed status. */
function statusHint(status: number, headers: Headers): { hint?: string } {
  const limited = rateLimitWaitMs(headers);
  if (limited !== undefined) return { hint: `the rate limit resets at ${new Date(Date.now() + limited).toISOString()}; a token (GITHUB_TOKEN) raises it` };
  if (status === 401) return { hint: 'the credentials were refused: check the token or API key in the environment' };
  if (status === 403) return { hint: 'the credentials lack a permission for this, or a rate limit was reached' };
  if (status >= 500) return { hint: 'the service is failing; try again later' };
  return {};
}

/** Parse bytes as JSON and validate; a schema failure names the URL and the path of the bad key. */
export function parseJsonBody<T>(body: Uint8Array, schema: ZodType<T>, source: string): T {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    // JSON.parse's own message quotes the text; say what came instead, in a short, safe excerpt.
    const what = error instanceof RangeError ? 'JSON nested too deeply' : safeExcerpt(body, 80);
    throw new InputError(`${source}: the answer is not JSON (got ${what})`, { file: source, cause: error });
  }
  let parsed: ReturnType<ZodType<T>['safeParse']>;
  try {
    parsed = schema.safeParse(data);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${source}: the answer is nested too deeply`, { file: source, cause: error });
    throw error;
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new InputError(`${source}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`, { file: source });
  }
  return parsed.data;
}
