import type pg from 'pg';
import { connectionError } from './database.js';

/** How far a queued run got: what the store recorded against what was enqueued (counted as results are recorded, step 7). */
export interface RunProgress {
  runId: number;
  kind: string;
  total: number;
  recorded: number;
  failed: number;
  finishedAt: string | null;
  enqueuedAt: string;
}

/** A rate-limit window of one token as every worker sees it. */
export interface BudgetState {
  remaining: number;
  resetAt: Date;
}

/**
 * What workers share besides the job queue itself (migration 4): queued runs and their progress,
 * worker heartbeats, and the rate-limit budget per token. PostgreSQL only: SQLite has no workers.
 */
export class PostgresQueueState {
  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  private async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, values)).rows;
    } catch (error) {
      throw connectionError(this.url, error);
    }
  }

  async progress(runIds?: number[], limit = 5): Promise<RunProgress[]> {
    const rows = await this.query<{ run_id: string; kind: string; total: number; recorded: number; failed: number; finished_at: string | null; enqueued_at: Date }>(
      `SELECT q.run_id, q.kind, q.total, q.enqueued_at, r.finished_at,
              q.recorded, q.failed
         FROM queue_run q JOIN monitor_run r ON r.id = q.run_id
        WHERE $1::bigint[] IS NULL OR q.run_id = ANY($1::bigint[])
        ORDER BY q.run_id DESC LIMIT $2`,
      [runIds ?? null, limit],
    );
    return rows.map((row) => ({ runId: Number(row.run_id), kind: row.kind, total: row.total, recorded: Number(row.recorded), failed: Number(row.failed), finishedAt: row.finished_at, enqueuedAt: row.enqueued_at.toISOString() }));
  }

  /** This process is alive, running these queue workers. */
  async heartbeat(id: string, host: string, pid: number, queueWorkers: string[]): Promise<void> {
    await this.query(
      `INSERT INTO worker_heartbeat (id, host, pid, queue_workers, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET queue_workers = EXCLUDED.queue_workers, seen_at = now()`,
      [id, host, pid, JSON.stringify(queueWorkers)],
    );
  }

  /** Remove processes not seen for `staleMs` and return the queue workers they ran (their jobs need unlocking). */
  async reapStale(staleMs: number): Promise<{ id: string; queueWorkers: string[] }[]> {
    const rows = await this.query<{ id: string; queue_workers: string }>(
      "DELETE FROM worker_heartbeat WHERE seen_at < now() - ($1::double precision * interval '1 millisecond') RETURNING id, queue_workers",
      [staleMs],
    );
    return rows.map((row) => ({ id: row.id, queueWorkers: JSON.parse(row.queue_workers) as string[] }));
  }

  async leave(id: string): Promise<void> {
    await this.query('DELETE FROM worker_heartbeat WHERE id = $1', [id]);
  }

  async workers(): Promise<{ id: string; host: string; pid: number; seenAt: string }[]> {
    const rows = await this.query<{ id: string; host: string; pid: number; seen_at: Date }>('SELECT id, host, pid, seen_at FROM worker_heartbeat ORDER BY id');
    return rows.map((row) => ({ id: row.id, host: row.host, pid: row.pid, seenAt: row.seen_at.toISOString() }));
  }

  /**
   * Take one request from the token's budget, atomically across every worker: null when the
   * window is spent (the caller waits until `resetAt`). A window that has passed starts afresh at
   * `limit` until the next response's headers say otherwise.
   */
  async takeBudget(tokenKey: string, limit: number): Promise<{ taken: true; remaining: number } | { taken: false; resetAt: Date }> {
    const rows = await this.query<{ remaining: number }>(
      `INSERT INTO rate_budget AS b (token_key, remaining, reset_at) VALUES ($1, $2 - 1, now() + interval '1 hour')
       ON CONFLICT (token_key) DO UPDATE SET
         remaining = CASE WHEN b.reset_at <= now() THEN $2 - 1 ELSE b.remaining - 1 END,
         reset_at = CASE WHEN b.reset_at <= now() THEN now() + interval '1 hour' ELSE b.reset_at END,
         updated_at = now()
       WHERE b.remaining > 0 OR b.reset_at <= now()
       RETURNING remaining`,
      [tokenKey, limit],
    );
    if (rows[0]) return { taken: true, remaining: rows[0].remaining };
    const [state] = await this.query<{ reset_at: Date }>('SELECT reset_at FROM rate_budget WHERE token_key = $1', [tokenKey]);
    return { taken: false, resetAt: state?.reset_at ?? new Date() };
  }

  /**
   * What the server said about the window (GitHub's x-ratelimit-remaining / -reset, or a
   * Retry-After): a later window replaces the stored one; within the same window the lower count
   * wins, since other workers may have spent requests since this response left the server.
   */
  async observeBudget(tokenKey: string, remaining: number, resetAt: Date): Promise<void> {
    await this.query(
      `INSERT INTO rate_budget AS b (token_key, remaining, reset_at) VALUES ($1, $2, $3)
       ON CONFLICT (token_key) DO UPDATE SET
         remaining = CASE WHEN EXCLUDED.reset_at > b.reset_at + interval '1 second' THEN EXCLUDED.remaining ELSE LEAST(b.remaining, EXCLUDED.remaining) END,
         reset_at = GREATEST(b.reset_at, EXCLUDED.reset_at),
         updated_at = now()`,
      [tokenKey, remaining, resetAt],
    );
  }

  async budget(tokenKey: string): Promise<BudgetState | null> {
    const [row] = await this.query<{ remaining: number; reset_at: Date }>('SELECT remaining, reset_at FROM rate_budget WHERE token_key = $1', [tokenKey]);
    return row ? { remaining: row.remaining, resetAt: row.reset_at } : null;
  }
}
