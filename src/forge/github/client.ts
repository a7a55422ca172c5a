import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

/** How a GitHub client is built: a base URL (GitHub Enterprise or a local test server), a token, a timeout. */
export interface GitHubClientOptions {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs?: number;
  /** Shown to the user when GitHub asks us to wait (rate limits), e.g. "rate limited, waiting 30 s". */
  onWait?: (message: string) => void;
  /** Retries after a rate limit or a 5xx; tests set it low. */
  retries?: number;
  /**
   * `false` turns off Octokit's throttling: searches are no longer spaced 2 s apart and writes
   * 1 s apart (GitHub's secondary-limit advice), and rate-limit answers are not waited out. Only
   * for a local test server, where that pacing is pure waiting.
   */
  throttle?: boolean;
}

const VigilOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof VigilOctokit>;

/**
 * One Octokit with retries and GitHub's rate-limit rules (primary and secondary), waiting as
 * GitHub says (Retry-After, x-ratelimit-reset) with a visible note. Counts requests so commands
 * can report the API calls they used.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient & { requestCount: () => number } {
  const retries = options.retries ?? 3;
  let count = 0;
  const client = new VigilOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'vigil',
    request: { timeout: options.timeoutMs ?? 30_000 },
    // Octokit logs every failed request to the console; a 404 is often an answer, not an error.
    log: { debug: () => undefined, info: () => undefined, warn: (message: string) => options.onWait?.(message), error: () => undefined },
    retry: { retries },
    throttle: {
      enabled: options.throttle ?? true,
      onRateLimit: (retryAfter: number, requestOptions: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.onWait?.(`GitHub rate limit reached on ${requestOptions.method} ${requestOptions.url}; waiting ${retryAfter} s as GitHub asks`);
        return retryCount < retries;
      },
      onSecondaryRateLimit: (retryAfter: number, requestOptions: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        options.onWait?.(`GitHub secondary rate limit on ${requestOptions.method} ${requestOptions.url}; waiting ${retryAfter} s`);
        return retryCount < retries;
      },
    },
  });
  client.hook.before('request', () => {
    count += 1;
  });
  return Object.assign(client, { requestCount: () => count });
}
