import { createHash } from 'node:crypto';
import type { PostgresQueueState } from '../store/postgres/queue.js';

/** GitHub's primary limit for a token, until a response's headers say otherwise. */
const DEFAULT_LIMIT = 5000;

/** Waiting longer than this for a window to reset fails the job instead; the queue retries it later. */
const MAX_WAIT_MS = 60_000;

export class RateLimitedError extends Error {
  constructor(
    readonly resetAt: Date,
    what: string,
  ) {
    super(`${what}: the token's rate limit is spent until ${resetAt.toISOString()} (shared by every worker)`);
  }
}

/**
 * One budget per token, shared by every worker through the database: each request takes one
 * unit first, and each response corrects the window from GitHub's headers (x-ratelimit-remaining,
 * x-ratelimit-reset, Retry-After). The token itself is never stored: its key is a SHA-256.
 */
export class RateBudget {
  constructor(
    private readonly queue: PostgresQueueState,
    private readonly options: { limit?: number; maxWaitMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  static keyOf(token: string | undefined, host: string): string {
    return `${host}:${token ? createHash('sha256').update(token).digest('hex').slice(0, 32) : 'anonymous'}`;
  }

  /** Wait for (and take) one request of the token's budget. */
  async take(key: string, what: string): Promise<void> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (;;) {
      const result = await this.queue.takeBudget(key, this.options.limit ?? DEFAULT_LIMIT);
      if (result.taken) return;
      const waitMs = result.resetAt.getTime() - Date.now();
      if (waitMs > (this.options.maxWaitMs ?? MAX_WAIT_MS)) throw new RateLimitedError(result.resetAt, what);
      await sleep(Math.max(waitMs, 50));
    }
  }

  /** Correct the budget from a response's headers. */
  async observe(key: string, headers: Headers, status: number): Promise<void> {
    const retryAfter = headers.get('retry-after');
    if ((status === 429 || status === 403) && retryAfter !== null && Number.isFinite(Number(retryAfter))) {
      await this.queue.observeBudget(key, 0, new Date(Date.now() + Number(retryAfter) * 1000));
      return;
    }
    const remaining = headers.get('x-ratelimit-remaining');
    const reset = headers.get('x-ratelimit-reset');
    if (remaining === null || reset === null || !Number.isFinite(Number(remaining)) || !Number.isFinite(Number(reset))) return;
    await this.queue.observeBudget(key, Number(remaining), new Date(Number(reset) * 1000));
  }
}
