import { ExternalHostError, VigilError } from '../errors.js';
import { addSecret, safeExcerpt } from './redact.js';

/**
 * The one fetch every network client goes through (HttpClient and Octokit's `request.fetch`):
 * redirects followed by hand so credentials never cross origins, bounded retries with backoff that
 * honour Retry-After and GitHub's x-ratelimit-* headers and say that they retry, network failures
 * that name the host and what to do, and a host that cannot be reached at all tried once per run.
 */

/** Headers that carry credentials: dropped on a redirect to another origin or from https to http. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'apikey', 'api-key', 'x-api-key', 'private-token', 'x-auth-token']);

export interface RetryInfo {
  url: string;
  host: string;
  status: number | undefined;
  waitMs: number;
  attempt: number;
  /** Attempts allowed in all. */
  of: number;
  /** Why: `HTTP 503`, `rate limit`, `timeout`, `connection reset`. */
  reason: string;
}

/**
 * Run-wide defaults for every client that does not set its own: the first backoff step and the
 * longest wait. The CLI sets them from the `network` config section (`VIGIL_HTTP_RETRY_DELAY_MS`,
 * `VIGIL_HTTP_MAX_RETRY_WAIT_MS`), so a test run against local servers retries in milliseconds
 * through the same code path as production, and an impatient user can shorten the waits.
 */
export interface HttpDefaults {
  /** First backoff step in ms, doubled per attempt (default 500). */
  backoffMs: number;
  /** Longest single wait in ms, Retry-After included; a longer one gives up instead (default 60 s). */
  maxRetryWaitMs: number;
}
const BUILT_IN_DEFAULTS: HttpDefaults = { backoffMs: 500, maxRetryWaitMs: 60_000 };
let defaults: HttpDefaults = { ...BUILT_IN_DEFAULTS };
export function setHttpDefaults(next: Partial<HttpDefaults> | undefined): void {
  defaults = { ...BUILT_IN_DEFAULTS, ...next };
}
export function httpDefaults(): HttpDefaults {
  return { ...defaults };
}

/** Where warnings go when a client was given no `onRetry`: the CLI points this at its logger. */
let notifier: ((message: string) => void) | undefined;
export function setHttpNotifier(warn: ((message: string) => void) | undefined): void {
  notifier = warn;
}

export function retryMessage(info: RetryInfo): string {
  return `${info.host}: ${info.reason}; retrying in ${formatWait(info.waitMs)} (attempt ${info.attempt + 1} of ${info.of})`;
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** GitHub's primary rate limit: remaining 0 and a reset time in epoch seconds. */
export function rateLimitWaitMs(headers: Headers, now = Date.now()): number | undefined {
  if (headers.get('x-ratelimit-remaining') !== '0') return undefined;
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}

/** Hosts that could not be reached at all in this run: later requests fail at once, warned once. */
const unreachable = new Map<string, ExternalHostError>();
export function forgetUnreachableHosts(): void {
  unreachable.clear();
  failures.clear();
}

/**
 * Hosts whose failure left a result incomplete in this run (a row "unknown", a pin skipped),
 * noted by the code that catches the error and goes on, so the CLI can say so once per host
 * and exit 2 instead of one warning per request, or none.
 */
const failures = new Map<string, { count: number; reason: string }>();

/** The host a caught error blames: an ExternalHostError's, or the URL an answer came from (a bad answer is an InputError naming it). */
export function failedHost(error: unknown): string | undefined {
  if (error instanceof ExternalHostError) return error.host;
  if (error instanceof VigilError && error.file && /^https?:\/\//.test(error.file) && URL.canParse(error.file)) return new URL(error.file).host;
  return undefined;
}

/** Note a host failure that the caller turns into a partial result; false when the error blames no host. */
export function noteHostFailure(error: unknown): boolean {
  const host = failedHost(error);
  if (host === undefined) return false;
  const known = failures.get(host);
  if (known) known.count += 1;
  else failures.set(host, { count: 1, reason: (error as Error).message });
  return true;
}

/** The failures noted so far, one entry per host, and forget them. */
export function takeHostFailures(): { host: string; count: number; reason: string }[] {
  const list = [...failures].map(([host, entry]) => ({ host, ...entry }));
  failures.clear();
  return list;
}

export interface FetchPolicy {
  /** Milliseconds before one attempt is abandoned. */
  timeoutMs?: number;
  /** Extra attempts after the first, for retryable answers and transient network errors. */
  retries?: number;
  /** Which statuses are retried (default 429, 500, 502, 503, 504 and GitHub's exhausted rate limit). */
  retryStatus?: (status: number, headers: Headers) => boolean;
  /** Upper bound on one wait, so a hostile Retry-After cannot park us for hours. */
  maxRetryWaitMs?: number;
  /** First backoff step; doubled per attempt. */
  backoffMs?: number;
  maxRedirects?: number;
  /**
   * A redirect to another origin: `strip` follows it without credentials (fetch's rule, applied to
   * every credential header, not only Authorization); `refuse` fails (API clients whose answers
   * never legitimately move to another host).
   */
  crossOrigin?: 'strip' | 'refuse' | ((target: URL) => 'strip' | 'refuse');
  /** Largest body read, in bytes; a bigger answer is an error, never an out-of-memory abort. */
  maxBodyBytes?: number;
  onRetry?: (info: RetryInfo) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 512 * 1024 * 1024;
const DEFAULT_RETRY_STATUS = (status: number, headers: Headers): boolean =>
  status === 429 || status === 500 || status === 502 || status === 503 || status === 504 || (status === 403 && headers.get('x-ratelimit-remaining') === '0');

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The network error code behind undici's `TypeError: fetch failed`. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const candidate = current as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown[] };
    if (candidate.name === 'TimeoutError' || candidate.name === 'AbortError') return 'ETIMEDOUT';
    if (typeof candidate.code === 'string' && candidate.code !== 'ERR_INVALID_STATE') return candidate.code;
    current = candidate.cause ?? candidate.errors?.[0];
  }
  return undefined;
}

/** A network error explained: what happened, whether it may pass, and what the user can do. */
export function explainNetworkError(error: unknown, host: string): { reason: string; transient: boolean; hostDown: boolean } {
  const code = networkCode(error);
  switch (code) {
    case 'ENOTFOUND':
      return { reason: `the name ${host.replace(/:\d+$/, '')} could not be resolved (no network, or DNS)`, transient: false, hostDown: true };
    case 'EAI_AGAIN':
      return { reason: `DNS lookup of ${host.replace(/:\d+$/, '')} failed for now`, transient: true, hostDown: true };
    case 'ECONNREFUSED':
      return { reason: `${host} refused the connection`, transient: false, hostDown: true };
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return { reason: `no route to ${host} (offline?)`, transient: false, hostDown: true };
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return { reason: `${host} did not answer in time`, transient: true, hostDown: false };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { reason: `${host} closed the connection`, transient: true, hostDown: false };
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { reason: `${host}'s TLS certificate was refused (${code})`, transient: false, hostDown: true };
    case 'UND_ERR_INVALID_ARG':
    case 'ERR_INVALID_URL':
      return { reason: `the request to ${host} is not valid (${(error as Error).message})`, transient: false, hostDown: false };
    default: {
      const message = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      return { reason: `${host} could not be reached (${message}${code ? `, ${code}` : ''})`, transient: true, hostDown: false };
    }
  }
}

export const OFFLINE_HINT = 'check the network connection, proxy (HTTPS_PROXY) and the configured URL; run `vigil <command> --verbose` to see which file set it';

function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** Read a body with a bound: a hostile server sending gigabytes is an error, not an abort. */
export async function readBounded(response: Response, limit: number, url: string, host: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ExternalHostError(host, `${url}: the answer is ${declared} bytes, more than the ${limit} Vigil reads`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new ExternalHostError(host, `${url}: the answer broke off (${explainNetworkError(error, host).reason})`, { cause: error, hint: OFFLINE_HINT });
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ExternalHostError(host, `${url}: the answer is more than the ${limit} bytes Vigil reads`);
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export interface GuardedResponse {
  response: Response;
  /** The URL that answered, after redirects. */
  url: string;
}

/**
 * Fetch with Vigil's rules. Returns the final response (any status: the caller decides what a
 * 404 means) once retries are spent; throws ExternalHostError for network failures, redirect
 * loops and refused cross-origin redirects.
 */
export async function guardedFetch(input: string, init: RequestInit & { headers?: Record<string, string> }, policy: FetchPolicy = {}): Promise<GuardedResponse> {
  const doFetch = policy.fetch ?? fetch;
  const sleep = policy.sleep ?? defaultSleep;
  const retries = policy.retries ?? 3;
  const retryStatus = policy.retryStatus ?? DEFAULT_RETRY_STATUS;
  const maxWait = policy.maxRetryWaitMs ?? defaults.maxRetryWaitMs;
  const backoff = policy.backoffMs ?? defaults.backoffMs;
  const origin = new URL(input);
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase())) {
      addSecret(value);
      addSecret(value.replace(/^(token|bearer|basic)\s+/i, ''));
    }
  }

  for (let attempt = 1; ; attempt++) {
    let url = new URL(input);
    let method = init.method ?? 'GET';
    let body = init.body;
    let headers: Record<string, string> = { ...init.headers };
    const visited = new Set<string>();
    let response: Response;
    let wait: { ms: number; reason: string; status: number | undefined } | undefined;
    try {
      for (let hop = 0; ; hop++) {
        const known = unreachable.get(url.host);
        if (known) throw known;
        visited.add(`${method} ${url.href}`);
        response = await doFetch(url.href, { ...init, method, body, headers, redirect: 'manual', signal: init.signal ?? AbortSignal.timeout(policy.timeoutMs ?? 30_000) });
        const location = response.status >= 300 && response.status < 400 && response.status !== 304 ? response.headers.get('location') : null;
        if (location === null) break;
        await response.body?.cancel().catch(() => undefined);
        let target: URL;
        try {
          target = new URL(location, url);
        } catch {
          throw new ExternalHostError(url.host, `${url.href} redirected to an invalid location ${safeExcerpt(location)}`);
        }
        if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new ExternalHostError(url.host, `${url.href} redirected to ${target.protocol} URL; only http and https are followed`);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        if (visited.has(`${method} ${target.href}`)) throw new ExternalHostError(url.host, `${origin.href} is a redirect loop (${target.href} again after ${hop + 1} redirects)`);
        if (hop + 1 > (policy.maxRedirects ?? 5)) throw new ExternalHostError(url.host, `${origin.href}: more than ${policy.maxRedirects ?? 5} redirects (last to ${target.href})`);
        if (!sameOrigin(target, origin) || (origin.protocol === 'https:' && target.protocol === 'http:')) {
          const rule = typeof policy.crossOrigin === 'function' ? policy.crossOrigin(target) : (policy.crossOrigin ?? 'strip');
          if (rule === 'refuse') {
            throw new ExternalHostError(origin.host, `${origin.href} redirected to another host (${target.origin}); Vigil does not follow API answers to other hosts`, {
              hint: 'if the service moved, configure its new URL',
            });
          }
          headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase())));
        }
        url = target;
      }
      response = response!;
      if (response.status >= 400 && attempt <= retries && retryStatus(response.status, response.headers)) {
        const limited = rateLimitWaitMs(response.headers);
        const after = retryAfterMs(response.headers.get('retry-after'));
        const ms = after ?? limited ?? backoff * 2 ** (attempt - 1);
        if (ms > maxWait) {
          // Waiting longer than the bound: say so and give up rather than hang.
          return { response, url: url.href };
        }
        const reason = limited !== undefined || response.status === 429 ? `rate limited (HTTP ${response.status})` : `answered HTTP ${response.status}`;
        await response.body?.cancel().catch(() => undefined);
        wait = { ms, reason, status: response.status };
      } else {
        return { response, url: url.href };
      }
    } catch (error) {
      if (error instanceof ExternalHostError) throw error;
      const host = url.host;
      const explained = explainNetworkError(error, host);
      if (!explained.transient || attempt > retries) {
        const failure = new ExternalHostError(host, `${method} ${url.href} failed: ${explained.reason}${attempt > 1 ? ` (${attempt} attempts)` : ''}`, { cause: error, hint: OFFLINE_HINT });
        if (explained.hostDown) {
          unreachable.set(host, new ExternalHostError(host, `${host} could not be reached earlier in this run (${explained.reason}); not asked again`, { cause: error, hint: OFFLINE_HINT, reported: true }));
        }
        throw failure;
      }
      wait = { ms: backoff * 2 ** (attempt - 1), reason: explained.reason, status: undefined };
    }
    const info: RetryInfo = { url: url.href, host: url.host, status: wait.status, waitMs: Math.min(wait.ms, maxWait), attempt, of: retries + 1, reason: wait.reason };
    if (policy.onRetry) policy.onRetry(info);
    else notifier?.(retryMessage(info));
    await sleep(info.waitMs);
  }
}
