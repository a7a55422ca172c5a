import type { ZodType } from 'zod';
import { ExternalHostError, InputError } from '../errors.js';

/** How every network client is built (STYLE.md rule 9): never read from the environment here. */
export interface HttpClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: <scheme> <token>`; never logged. */
  token?: string | undefined;
  tokenScheme?: 'Bearer' | 'token' | 'Basic';
  /** Extra headers on every request (an API key header, a User-Agent). */
  headers?: Record<string, string>;
  /** Milliseconds before one attempt is abandoned. */
  timeout?: number;
  /** Attempts on 429, 503, 502, 504 and network errors, honouring Retry-After. */
  retries?: number;
  /** Upper bound on one wait, so a hostile Retry-After cannot park us for hours. */
  maxRetryWaitMs?: number;
  /** Called before each wait, so the CLI can show "rate limited, waiting 30 s". */
  onRetry?: (info: { url: string; status: number | undefined; waitMs: number; attempt: number }) => void;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  url: string;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A small HTTP client: base URL, token, timeout, retries with backoff, typed JSON. */
export class HttpClient {
  readonly baseUrl: string;
  private readonly options: HttpClientOptions;
  private readonly host: string;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.host = new URL(this.baseUrl).host;
  }

  /** Resolve a path against the base URL; absolute URLs pass through (pagination links). */
  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
  }

  /** GET or POST with retries; throws ExternalHostError for anything but 2xx/304 (and 404 if allowed). */
  async request(
    path: string,
    init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string>; allow404?: boolean } = {},
  ): Promise<{ response: HttpResponse; body: Uint8Array } | null> {
    const url = this.url(path);
    const retries = this.options.retries ?? 4;
    const doFetch = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? defaultSleep;
    const headers: Record<string, string> = { 'user-agent': 'vigil', ...this.options.headers, ...init.headers };
    if (this.options.token) headers.authorization = `${this.options.tokenScheme ?? 'Bearer'} ${this.options.token}`;

    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let waitMs: number;
      try {
        const response = await doFetch(url, {
          method: init.method ?? 'GET',
          headers,
          body: init.body,
          signal: AbortSignal.timeout(this.options.timeout ?? 30_000),
          redirect: 'follow',
        });
        status = response.status;
        if (response.ok || response.status === 304) {
          const body = new Uint8Array(await response.arrayBuffer());
          return { response: { status: response.status, headers: response.headers, url: response.url || url }, body };
        }
        if (response.status === 404 && init.allow404) {
          await response.body?.cancel();
          return null;
        }
        const text = await response.text().catch(() => '');
        if (!RETRYABLE.has(response.status) && !(response.status === 403 && response.headers.get('x-ratelimit-remaining') === '0')) {
          throw new ExternalHostError(this.host, `${init.method ?? 'GET'} ${url} answered ${response.status}: ${text.slice(0, 200)}`, {
            status: response.status,
          });
        }
        const reset = response.headers.get('x-ratelimit-reset');
        waitMs =
          retryAfterMs(response.headers.get('retry-after')) ??
          (reset ? Math.max(0, Number(reset) * 1000 - Date.now()) : 1000 * 2 ** (attempt - 1));
      } catch (error) {
        if (error instanceof ExternalHostError) throw error;
        waitMs = 500 * 2 ** (attempt - 1);
        if (attempt > retries) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ExternalHostError(this.host, `${init.method ?? 'GET'} ${url} failed: ${reason}`, { cause: error });
        }
      }
      if (attempt > retries) {
        throw new ExternalHostError(this.host, `${init.method ?? 'GET'} ${url} still answered ${status} after ${attempt} attempts`, {
          status,
        });
      }
      waitMs = Math.min(waitMs, this.options.maxRetryWaitMs ?? 120_000);
      this.options.onRetry?.({ url, status, waitMs, attempt });
      await sleep(waitMs);
    }
  }

  /** GET JSON and validate it with a zod schema; `null` on 404 when allowed. */
  async getJson<T>(path: string, schema: ZodType<T>, init: { headers?: Record<string, string>; allow404?: boolean } = {}): Promise<T | null> {
    const result = await this.request(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
    if (result === null) return null;
    return parseJsonBody(result.body, schema, this.url(path));
  }
}

/** Parse bytes as JSON and validate; a schema failure names the URL and the path of the bad key. */
export function parseJsonBody<T>(body: Uint8Array, schema: ZodType<T>, source: string): T {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new InputError(`${source}: the answer is not JSON (${(error as Error).message})`, { file: source, cause: error });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new InputError(`${source}: unexpected answer at ${where}: ${issue?.message ?? 'invalid'}`, { file: source });
  }
  return parsed.data;
}
