import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { ExternalHostError, forgeHttpError, VigilError } from '../../errors.js';
import { guardedFetch, readBounded, retryMessage } from '../../util/fetch-policy.js';
import { addSecret, safeExcerpt } from '../../util/redact.js';
import { checkAnswer, routeOf } from './answers.js';

/** How a GitHub client is built: a base URL (GitHub Enterprise or a local test server), a token, a timeout. */
export interface GitHubClientOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs?: number;
  /** Shown to the user when GitHub asks us to wait (rate limits) or a request is retried. */
  onWait?: (message: string) => void;
  /** Retries after a 5xx or a transient network error; tests set it low. */
  retries?: number;
  /** Told of each retry after a 5xx or a network error; defaults to onWait. Rate-limit waits always go to onWait. */
  onRetry?: (message: string) => void;
  /**
   * `false` turns off Octokit's throttling: searches are no longer spaced 2 s apart and writes
   * 1 s apart (GitHub's secondary-limit advice), and rate-limit answers are not waited out. Only
   * for a local test server, where that pacing is pure waiting.
   */
  throttle?: boolean;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
  /** First backoff step in ms (doubled per attempt); tests set it low. */
  backoffMs?: number;
}

const VigilOctokit = Octokit.plugin(throttling);
export type GitHubClient = InstanceType<typeof VigilOctokit>;

/** API answers stay on the API's host; only downloads (archives, release assets) move to GitHub's content hosts, without credentials. */
function crossOriginRule(target: URL): 'strip' | 'refuse' {
  return /(^|\.)githubusercontent\.com$/.test(target.hostname) || target.hostname === 'codeload.github.com' ? 'strip' : 'refuse';
}

/**
 * Octokit's fetch: Vigil's guardedFetch (redirects without credentials across origins, refused
 * for API answers; bounded, announced retries of 5xx and network errors; unreachable hosts tried
 * once), and every answer that should be JSON checked to be JSON before Octokit reads it, so HTML
 * or garbage is an error naming the URL instead of a string handed to code expecting an array.
 */
function githubFetch(options: GitHubClientOptions): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const { response, url: finalUrl } = await guardedFetch(url, { ...init, headers }, {
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 2,
      // Rate limits (403/429) are the throttling plugin's to wait out; without it, we wait here.
      retryStatus: (status, answer) => status >= 500 || (options.throttle === false && (status === 429 || (status === 403 && answer.get('x-ratelimit-remaining') === '0'))),
      crossOrigin: crossOriginRule,
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      onRetry: (info) => (options.onRetry ?? options.onWait)?.(retryMessage(info)),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    const host = new URL(finalUrl).host;
    const wantsJson = /json/i.test(headers.accept ?? '') && (init.method ?? 'GET') !== 'HEAD';
    if (!response.ok || response.status === 204 || !wantsJson) return withUrl(response, finalUrl);
    const body = await readBounded(response, 256 * 1024 * 1024, finalUrl, host);
    const type = response.headers.get('content-type') ?? '';
    const text = new TextDecoder().decode(body);
    let parsed = /json/i.test(type);
    if (parsed) {
      try {
        JSON.parse(text);
      } catch {
        parsed = false;
      }
    }
    if (!parsed) {
      throw new ExternalHostError(host, `${finalUrl} answered ${safeExcerpt(body, 80)} instead of JSON (content-type ${JSON.stringify(type || 'none')})`, {
        hint: 'is the GitHub API URL right? a proxy or captive portal may be answering instead',
      });
    }
    return withUrl(new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers }), finalUrl);
  }) as typeof fetch;
}

function withUrl(response: Response, url: string): Response {
  if (response.url !== url) Object.defineProperty(response, 'url', { value: url });
  return response;
}

/** Octokit's RequestError, or our own error it wrapped, as the ExternalHostError the CLI reports. */
export function toForgeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error instanceof VigilError) return error;
  if (error.cause instanceof VigilError) return error.cause;
  const failed = error as Error & { status?: unknown; request?: { url?: unknown; method?: unknown } };
  if (error.name !== 'HttpError' || typeof failed.status !== 'number') return error;
  const url = typeof failed.request?.url === 'string' ? failed.request.url : 'GitHub';
  const host = URL.canParse(url) ? new URL(url).host : 'GitHub';
  if (failed.status === 500 && !(error as { response?: unknown }).response) {
    return new ExternalHostError(host, `${url} failed: ${safeExcerpt(error.message)}`, { status: 500, cause: error });
  }
  return forgeHttpError(host, `${typeof failed.request?.method === 'string' ? `${failed.request.method} ` : ''}${url}`, failed.status, error.message, error);
}

/**
 * One Octokit with GitHub's rate-limit rules (primary and secondary, waiting as GitHub says with a
 * visible note), Vigil's fetch for everything else, and errors that name the host. Counts requests
 * so commands can report the API calls they used.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient & { requestCount: () => number } {
  const retries = options.retries ?? 2;
  let count = 0;
  addSecret(options.token);
  const client = new VigilOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'vigil',
    request: { timeout: options.timeoutMs ?? 30_000, fetch: githubFetch(options) },
    // Octokit logs every failed request to the console; a 404 is often an answer, not an error.
    log: { debug: () => undefined, info: () => undefined, warn: (message: string) => options.onWait?.(message), error: () => undefined },
    throttle: {
      enabled: options.throttle ?? true,
      onRateLimit: (retryAfter: number, requestOptions: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.onWait?.(`GitHub rate limit reached on ${requestOptions.method} ${requestOptions.url}; waiting ${retryAfter} s as GitHub asks`);
        return retryCount < retries && retryAfter <= 15 * 60;
      },
      onSecondaryRateLimit: (retryAfter: number, requestOptions: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.onWait?.(`GitHub secondary rate limit on ${requestOptions.method} ${requestOptions.url}; waiting ${retryAfter} s`);
        return retryCount < retries && retryAfter <= 15 * 60;
      },
    },
  });
  client.hook.before('request', () => {
    count += 1;
  });
  // Every answer is checked against its route's schema where it enters (answers.ts).
  client.hook.wrap('request', async (request, options) => {
    const response = await request(options);
    const method = String(options.method ?? 'GET').toUpperCase();
    const accept = (options.headers as Record<string, string | undefined> | undefined)?.accept;
    checkAnswer(routeOf(method, String(options.url), String(options.baseUrl ?? '')), response.url, response.status, response.data, accept);
    return response;
  });
  client.hook.error('request', (error) => {
    throw toForgeError(error);
  });
  return Object.assign(client, { requestCount: () => count });
}
