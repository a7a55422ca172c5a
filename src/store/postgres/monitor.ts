import type pg from 'pg';
import type { CheckScore, RepoOutcome, RepoRef, ScorePoint } from '../../monitor/types.js';
import { RECORD_MANY_PROGRESS_EVERY, type MonitorStore, type RepoSeries, type RunSummary } from '../types.js';
import { redact } from '../../util/redact.js';
import { connectionError } from './database.js';

interface PointRow {
  id: string;
  run_id: string;
  repo_id: string;
  date: string;
  commit_sha: string;
  score: number;
}

/**
 * A queued run's progress moves in the recording statement (step 7): a repository recorded for the
 * first time in the run counts once, a retry replacing an earlier attempt does not, and `failed`
 * follows whether the newest attempt failed. The queue_run row's lock orders concurrent writers.
 */
const COUNT_PROGRESS = `UPDATE queue_run SET
    recorded = recorded + CASE WHEN EXISTS (SELECT 1 FROM old) THEN 0 ELSE 1 END,
    failed = failed + (CASE WHEN $8::text IS NULL THEN 0 ELSE 1 END) - (CASE WHEN EXISTS (SELECT 1 FROM old WHERE error IS NOT NULL) THEN 1 ELSE 0 END)
  WHERE run_id = $4`;

/** Locks per (run, repository) so two workers retrying the same job cannot both insert. */
const RECORD_LOCK = 0x6d6f6e;

/** The monitor's time series on PostgreSQL: the same tables and semantics as `sqlite/monitor.ts`. */
export class PostgresMonitorStore implements MonitorStore {
  private readonly checkNames = new Map<number, string>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
  ) {}

  private async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = [], client: pg.Pool | pg.PoolClient = this.pool): Promise<T[]> {
    try {
      return (await client.query<T>(sql, values)).rows;
    } catch (error) {
      throw connectionError(this.url, error);
    }
  }

  async version(): Promise<string> {
    const [row] = await this.query<Record<string, unknown>>(
      'SELECT (SELECT MAX(id) FROM monitor_score) AS score, (SELECT MAX(id) FROM monitor_run) AS run, (SELECT finished_at FROM monitor_run ORDER BY id DESC LIMIT 1) AS finished',
    );
    return `${row?.score}:${row?.run}:${row?.finished}`;
  }

  async beginRun(source: string, startedAt: string, expected?: number): Promise<number> {
    // One statement: a queued run never exists without its total.
    const [row] = await this.query<{ id: string }>(
      expected === undefined
        ? 'INSERT INTO monitor_run (source, started_at) VALUES ($1, $2) RETURNING id'
        : `WITH run AS (INSERT INTO monitor_run (source, started_at) VALUES ($1, $2) RETURNING id),
           queued AS (INSERT INTO queue_run (run_id, kind, total) SELECT id, 'monitor', $3 FROM run)
           SELECT id FROM run`,
      expected === undefined ? [source, startedAt] : [source, startedAt, expected],
    );
    return Number(row!.id);
  }

  /**
   * One indexed row read, whatever the run's size (step 7 counts progress as results are recorded).
   * Two workers recording the last results at once: the one whose call comes after both commits
   * sees the total; if both do, the row lock and `finished_at IS NULL` let exactly one finish it.
   */
  async finishIfComplete(runId: number, finishedAt: string): Promise<boolean> {
    const rows = await this.query(
      'UPDATE monitor_run SET finished_at = $1 WHERE id = $2 AND finished_at IS NULL AND EXISTS (SELECT 1 FROM queue_run WHERE run_id = $2 AND recorded >= total) RETURNING id',
      [finishedAt, runId],
    );
    return rows.length > 0;
  }

  async finishRun(runId: number, finishedAt: string): Promise<void> {
    await this.query('UPDATE monitor_run SET finished_at = $1 WHERE id = $2', [finishedAt, runId]);
  }

  /**
   * Three round trips per recorded outcome (a job's whole cost in the store, bench/workers.ts):
   * BEGIN with the (run, repository) lock in one simple query, then one statement that upserts the
   * repository, deletes what an earlier attempt recorded and inserts the score with its checks
   * (data-modifying CTEs all run once, on one snapshot), then COMMIT. The lock is keyed by the
   * repository's lower-cased name, so it is taken before the repository has an id.
   */
  async record(runId: number, outcome: RepoOutcome, runDate: string): Promise<void> {
    const checks = outcome.ok ? outcome.checks : [];
    const checkIds = await this.checkIdsOf(checks.map((check) => check.name));
    const lock = hash32(`${runId}:${outcome.ref.platform}/${outcome.ref.org}/${outcome.ref.repo}`.toLowerCase());
    // Both numbers are ours (integers), so the simple protocol's two statements cost one round trip.
    await this.transaction(async (client) => {
      await client.query(
        `WITH repo AS (
           INSERT INTO monitor_repo (platform, org, repo) VALUES ($1, $2, $3)
           ON CONFLICT (platform, lower(org), lower(repo)) DO UPDATE SET platform = EXCLUDED.platform RETURNING id),
         old AS (DELETE FROM monitor_score WHERE run_id = $4 AND repo_id = (SELECT id FROM repo) RETURNING id, error),
         old_checks AS (DELETE FROM monitor_check WHERE score_id IN (SELECT id FROM old)),
         progress AS (${COUNT_PROGRESS}),
         score AS (
           INSERT INTO monitor_score (run_id, repo_id, date, commit_sha, score, error)
           SELECT $4, id, $5, $6, $7, $8 FROM repo RETURNING id)
         INSERT INTO monitor_check (score_id, check_id, score, reason, details)
         SELECT score.id, c.* FROM score, unnest($9::bigint[], $10::int[], $11::text[], $12::text[]) AS c
         ON CONFLICT (score_id, check_id) DO UPDATE SET score = EXCLUDED.score, reason = EXCLUDED.reason, details = EXCLUDED.details`,
        [
          outcome.ref.platform,
          outcome.ref.org,
          outcome.ref.repo,
          runId,
          outcome.ok ? outcome.date : runDate,
          outcome.ok ? outcome.commit : null,
          outcome.ok ? outcome.score : null,
          outcome.ok ? null : redact(outcome.error),
          checks.map((check) => checkIds.get(check.name)),
          checks.map((check) => check.score),
          checks.map((check) => check.reason),
          checks.map((check) => (check.details ? JSON.stringify(check.details) : null)),
        ],
      );
    }, `BEGIN; SELECT pg_advisory_xact_lock(${RECORD_LOCK}, ${lock})`);
  }

  /** Check names are interned once per process: a name's id never changes (names are never deleted). */
  private readonly checkIds = new Map<string, string>();

  private async checkIdsOf(names: string[]): Promise<Map<string, string>> {
    const missing = [...new Set(names)].filter((name) => !this.checkIds.has(name));
    if (missing.length > 0) {
      await this.query('INSERT INTO monitor_check_name (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [missing]);
      for (const row of await this.query<{ id: string; name: string }>('SELECT id, name FROM monitor_check_name WHERE name = ANY($1)', [missing])) this.checkIds.set(row.name, row.id);
    }
    return this.checkIds;
  }

  async recordMany(runId: number, outcomes: RepoOutcome[], runDate: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.transaction((client) => this.insert(client, runId, outcomes, runDate, onProgress));
  }

  /** `begin` may carry more statements of the simple protocol (a lock) in the same round trip. */
  private async transaction(work: (client: pg.PoolClient) => Promise<void>, begin = 'BEGIN'): Promise<void> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw connectionError(this.url, error);
    });
    try {
      await client.query(begin);
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw connectionError(this.url, error);
    } finally {
      client.release();
    }
  }

  private async repoId(client: pg.PoolClient, ref: RepoRef): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO monitor_repo (platform, org, repo) VALUES ($1, $2, $3) ON CONFLICT (platform, lower(org), lower(repo)) DO UPDATE SET platform = EXCLUDED.platform RETURNING id`,
      [ref.platform, ref.org, ref.repo],
    );
    return rows[0]!.id;
  }

  private async insert(client: pg.PoolClient, runId: number, outcomes: RepoOutcome[], runDate: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    const names = [...new Set(outcomes.flatMap((outcome) => (outcome.ok ? outcome.checks.map((check) => check.name) : [])))];
    const checkIds = new Map<string, string>();
    if (names.length > 0) {
      await client.query('INSERT INTO monitor_check_name (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING', [names]);
      for (const row of (await client.query<{ id: string; name: string }>('SELECT id, name FROM monitor_check_name WHERE name = ANY($1)', [names])).rows) checkIds.set(row.name, row.id);
    }
    const repoIds = new Map<string, string>();
    for (const outcome of outcomes) {
      const key = `${outcome.ref.platform}/${outcome.ref.org}/${outcome.ref.repo}`.toLowerCase();
      if (!repoIds.has(key)) repoIds.set(key, await this.repoId(client, outcome.ref));
    }
    for (const [index, outcome] of outcomes.entries()) {
      if (onProgress && index > 0 && index % RECORD_MANY_PROGRESS_EVERY === 0) onProgress(index, outcomes.length);
      const repoId = repoIds.get(`${outcome.ref.platform}/${outcome.ref.org}/${outcome.ref.repo}`.toLowerCase());
      if (!outcome.ok) {
        await client.query('INSERT INTO monitor_score (run_id, repo_id, date, commit_sha, score, error) VALUES ($1, $2, $3, NULL, NULL, $4)', [runId, repoId, runDate, redact(outcome.error)]);
        continue;
      }
      const { rows } = await client.query<{ id: string }>('INSERT INTO monitor_score (run_id, repo_id, date, commit_sha, score, error) VALUES ($1, $2, $3, $4, $5, NULL) RETURNING id', [runId, repoId, outcome.date, outcome.commit, outcome.score]);
      if (outcome.checks.length === 0) continue;
      await client.query(
        `INSERT INTO monitor_check (score_id, check_id, score, reason, details) SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[])
         ON CONFLICT (score_id, check_id) DO UPDATE SET score = EXCLUDED.score, reason = EXCLUDED.reason, details = EXCLUDED.details`,
        [
          rows[0]!.id,
          outcome.checks.map((check) => checkIds.get(check.name)),
          outcome.checks.map((check) => check.score),
          outcome.checks.map((check) => check.reason),
          outcome.checks.map((check) => (check.details ? JSON.stringify(check.details) : null)),
        ],
      );
    }
    onProgress?.(outcomes.length, outcomes.length);
  }

  async repos(): Promise<RepoRef[]> {
    return this.query<RepoRef>('SELECT platform, org, repo FROM monitor_repo ORDER BY lower(org), lower(repo)');
  }

  private async checksOf(scoreIds: string[], withDetails: boolean): Promise<Map<string, CheckScore[]>> {
    const byScore = new Map<string, CheckScore[]>(scoreIds.map((id) => [id, []]));
    if (scoreIds.length === 0) return byScore;
    const rows = await this.query<{ score_id: string; check_id: string; score: number; reason: string; details: string | null }>(
      `SELECT score_id, check_id, score, reason, ${withDetails ? 'details' : 'NULL AS details'} FROM monitor_check WHERE score_id = ANY($1::bigint[])`,
      [scoreIds],
    );
    if (rows.some((row) => !this.checkNames.has(Number(row.check_id)))) {
      for (const row of await this.query<{ id: string; name: string }>('SELECT id, name FROM monitor_check_name')) this.checkNames.set(Number(row.id), row.name);
    }
    for (const row of rows) {
      byScore.get(row.score_id)!.push({
        name: this.checkNames.get(Number(row.check_id)) ?? `#${row.check_id}`,
        score: row.score,
        reason: row.reason,
        ...(row.details ? { details: JSON.parse(row.details) as string[] } : {}),
      });
    }
    return byScore;
  }

  private async toPoints(rows: PointRow[], withDetails: boolean, checksOnly?: Set<string>): Promise<ScorePoint[]> {
    const checks = await this.checksOf(rows.map((row) => row.id).filter((id) => !checksOnly || checksOnly.has(id)), withDetails);
    return rows.map((row) => ({ runId: Number(row.run_id), date: row.date, commit: row.commit_sha, score: row.score, checks: checks.get(row.id) ?? [] }));
  }

  async latest(count = 2, withDetails = false, checksFor = count): Promise<RepoSeries[]> {
    // One query for every repository: a lateral join walks each repository's series index.
    const rows = await this.query<PointRow & { platform: string; org: string; repo: string }>(
      `SELECT r.platform, r.org, r.repo, s.id, s.run_id, s.repo_id, s.date, s.commit_sha, s.score FROM monitor_repo r
       CROSS JOIN LATERAL (SELECT id, run_id, repo_id, date, commit_sha, score FROM monitor_score WHERE repo_id = r.id AND error IS NULL ORDER BY date DESC, id DESC LIMIT $1) s
       ORDER BY r.id, s.date DESC, s.id DESC`,
      [Math.min(count, 2_147_483_647)],
    );
    const series = new Map<string, { ref: RepoRef; rows: PointRow[] }>();
    for (const row of rows) {
      const entry = series.get(row.repo_id) ?? { ref: { platform: row.platform, org: row.org, repo: row.repo }, rows: [] };
      entry.rows.push(row);
      series.set(row.repo_id, entry);
    }
    const all = [...series.values()];
    const points = await this.toPoints(all.flatMap((entry) => entry.rows), withDetails, new Set(all.flatMap((entry) => entry.rows.slice(0, checksFor).map((row) => row.id))));
    let index = 0;
    return all.map((entry) => ({ ref: entry.ref, points: entry.rows.map(() => points[index++]!) }));
  }

  async history(ref: RepoRef, withChecks = true): Promise<ScorePoint[]> {
    const rows = await this.query<PointRow>(
      `SELECT s.id, s.run_id, s.repo_id, s.date, s.commit_sha, s.score FROM monitor_score s JOIN monitor_repo r ON r.id = s.repo_id
       WHERE r.platform = $1 AND lower(r.org) = lower($2) AND lower(r.repo) = lower($3) AND s.error IS NULL ORDER BY s.date, s.id`,
      [ref.platform, ref.org, ref.repo],
    );
    if (!withChecks) return rows.map((row) => ({ runId: Number(row.run_id), date: row.date, commit: row.commit_sha, score: row.score, checks: [] }));
    const points = await this.toPoints(rows, false);
    const newest = rows.at(-1);
    if (newest) points[points.length - 1] = (await this.toPoints([newest], true))[0]!;
    return points;
  }

  async runs(limit = 20): Promise<RunSummary[]> {
    const runs = await this.query<{ id: string; source: string; started_at: string; finished_at: string | null }>('SELECT id, source, started_at, finished_at FROM monitor_run ORDER BY id DESC LIMIT $1', [limit]);
    const scores = await this.query<RepoRef & { run_id: string; error: string | null }>(
      'SELECT s.run_id, r.platform, r.org, r.repo, s.error FROM monitor_score s JOIN monitor_repo r ON r.id = s.repo_id WHERE s.run_id = ANY($1::bigint[]) ORDER BY s.id',
      [runs.map((run) => run.id)],
    );
    return runs.map((run) => {
      const rows = scores.filter((row) => row.run_id === run.id);
      return {
        id: Number(run.id),
        source: run.source,
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        scored: rows.filter((row) => row.error === null).length,
        failed: rows.filter((row) => row.error !== null).map((row) => ({ ref: { platform: row.platform, org: row.org, repo: row.repo }, error: row.error! })),
      };
    });
  }
}

/** A stable 32-bit hash for advisory-lock keys. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash | 0;
}
