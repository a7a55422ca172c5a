import type Database from 'better-sqlite3';
import type { CheckScore, RepoOutcome, RepoRef, ScorePoint } from '../../monitor/types.js';
import { RECORD_MANY_PROGRESS_EVERY, type MonitorStore, type RepoSeries, type RunSummary } from '../types.js';
import { redact } from '../../util/redact.js';

interface PointRow {
  id: number;
  run_id: number;
  repo_id: number;
  date: string;
  commit_sha: string;
  score: number;
}

/** Finish a queued run whose counted progress reached its total; the guard on finished_at lets one caller do it. */
export const FINISH_IF_COMPLETE = 'UPDATE monitor_run SET finished_at = ? WHERE id = ? AND finished_at IS NULL AND EXISTS (SELECT 1 FROM queue_run WHERE run_id = ? AND recorded >= total)';

/** The monitor's time series in the SQLite store (tables `monitor_*`, migration 2). */
export class SqliteMonitorStore implements MonitorStore {
  private readonly db: Database.Database;
  private readonly checkIds = new Map<string, number>();
  private readonly checkNames = new Map<number, string>();

  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Statements are prepared once per store: preparing was a fifth of a recorded score's cost. */
  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Check names are interned by any process sharing the file: reread them when one is unknown here. */
  private loadCheckNames(): void {
    for (const row of this.prepared('SELECT id, name FROM monitor_check_name').all() as { id: number; name: string }[]) {
      this.checkIds.set(row.name, row.id);
      this.checkNames.set(row.id, row.name);
    }
  }

  async version(): Promise<string> {
    const row = this.prepared('SELECT (SELECT MAX(id) FROM monitor_score) AS score, (SELECT MAX(id) FROM monitor_run) AS run, (SELECT finished_at FROM monitor_run ORDER BY id DESC LIMIT 1) AS finished').get() as Record<string, unknown>;
    return `${row.score}:${row.run}:${row.finished}`;
  }

  private repoId(ref: RepoRef): number {
    const found = this.prepared('SELECT id FROM monitor_repo WHERE platform = ? AND org = ? AND repo = ?').get(ref.platform, ref.org, ref.repo) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.prepared('INSERT INTO monitor_repo (platform, org, repo) VALUES (?, ?, ?)').run(ref.platform, ref.org, ref.repo).lastInsertRowid);
  }

  private checkId(name: string): number {
    let id = this.checkIds.get(name);
    if (id === undefined) {
      this.prepared('INSERT OR IGNORE INTO monitor_check_name (name) VALUES (?)').run(name);
      id = Number(this.prepared('SELECT id FROM monitor_check_name WHERE name = ?').pluck().get(name));
      this.checkIds.set(name, id);
      this.checkNames.set(id, name);
    }
    return id;
  }

  async beginRun(source: string, startedAt: string, expected?: number): Promise<number> {
    return this.db.transaction(() => {
      const runId = Number(this.prepared('INSERT INTO monitor_run (source, started_at) VALUES (?, ?)').run(source, startedAt).lastInsertRowid);
      if (expected !== undefined) this.prepared("INSERT INTO queue_run (run_id, kind, total, enqueued_at) VALUES (?, 'monitor', ?, ?)").run(runId, expected, new Date().toISOString());
      return runId;
    }).immediate();
  }

  async finishIfComplete(runId: number, finishedAt: string): Promise<boolean> {
    return this.prepared(FINISH_IF_COMPLETE).run(finishedAt, runId, runId).changes > 0;
  }

  async finishRun(runId: number, finishedAt: string): Promise<void> {
    this.prepared('UPDATE monitor_run SET finished_at = ? WHERE id = ?').run(finishedAt, runId);
  }

  /** Record one repository's outcome, replacing what this run recorded for it (a retried job); a failure is recorded too. */
  async record(runId: number, outcome: RepoOutcome, runDate: string): Promise<void> {
    this.db.transaction(() => {
      const repoId = this.repoId(outcome.ref);
      const old = this.prepared('SELECT id, error FROM monitor_score WHERE run_id = ? AND repo_id = ?').all(runId, repoId) as { id: number; error: string | null }[];
      for (const { id } of old) {
        this.prepared('DELETE FROM monitor_check WHERE score_id = ?').run(id);
        this.prepared('DELETE FROM monitor_score WHERE id = ?').run(id);
      }
      this.insert(runId, [outcome], runDate);
      // A queued run's progress (step 7), as postgres/monitor.ts counts it: a retry does not count twice.
      const failed = (outcome.ok ? 0 : 1) - (old.some((row) => row.error !== null) ? 1 : 0);
      this.prepared('UPDATE queue_run SET recorded = recorded + ?, failed = failed + ? WHERE run_id = ?').run(old.length ? 0 : 1, failed, runId);
    }).immediate();
  }

  /** Record many outcomes in one transaction (imports and benchmarks write thousands). */
  async recordMany(runId: number, outcomes: RepoOutcome[], runDate: string, onProgress?: (done: number, total: number) => void): Promise<void> {
    this.db.transaction(() => this.insert(runId, outcomes, runDate, onProgress)).immediate();
  }

  private insert(runId: number, outcomes: RepoOutcome[], runDate: string, onProgress?: (done: number, total: number) => void): void {
    const insertScore = this.prepared('INSERT INTO monitor_score (run_id, repo_id, date, commit_sha, score, error) VALUES (?, ?, ?, ?, ?, ?)');
    const insertCheck = this.prepared('INSERT OR REPLACE INTO monitor_check (score_id, check_id, score, reason, details) VALUES (?, ?, ?, ?, ?)');
    for (const [index, outcome] of outcomes.entries()) {
      // The transaction is synchronous: progress is drawn from inside it (the logger throttles).
      if (onProgress && index > 0 && index % RECORD_MANY_PROGRESS_EVERY === 0) onProgress(index, outcomes.length);
      const repoId = this.repoId(outcome.ref);
      if (!outcome.ok) {
        insertScore.run(runId, repoId, runDate, null, null, redact(outcome.error));
        continue;
      }
      const scoreId = Number(insertScore.run(runId, repoId, outcome.date, outcome.commit, outcome.score, null).lastInsertRowid);
      for (const check of outcome.checks) {
        insertCheck.run(scoreId, this.checkId(check.name), check.score, check.reason, check.details ? JSON.stringify(check.details) : null);
      }
    }
    onProgress?.(outcomes.length, outcomes.length);
  }

  async repos(): Promise<RepoRef[]> {
    return this.prepared('SELECT platform, org, repo FROM monitor_repo ORDER BY org, repo').all() as RepoRef[];
  }

  private checksOf(scoreIds: number[], withDetails: boolean): Map<number, CheckScore[]> {
    const byScore = new Map<number, CheckScore[]>(scoreIds.map((id) => [id, []]));
    if (scoreIds.length === 0) return byScore;
    const rows = this.db
      .prepare(`SELECT score_id, check_id, score, reason${withDetails ? ', details' : ''} FROM monitor_check WHERE score_id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(scoreIds)) as { score_id: number; check_id: number; score: number; reason: string; details?: string | null }[];
    if (rows.some((row) => !this.checkNames.has(row.check_id))) this.loadCheckNames();
    for (const row of rows) {
      byScore.get(row.score_id)!.push({
        name: this.checkNames.get(row.check_id) ?? `#${row.check_id}`,
        score: row.score,
        reason: row.reason,
        ...(row.details ? { details: JSON.parse(row.details) as string[] } : {}),
      });
    }
    return byScore;
  }

  private toPoints(rows: PointRow[], withDetails: boolean, checksOnly?: Set<number>): ScorePoint[] {
    const checks = this.checksOf(rows.map((row) => row.id).filter((id) => !checksOnly || checksOnly.has(id)), withDetails);
    return rows.map((row) => ({ runId: row.run_id, date: row.date, commit: row.commit_sha, score: row.score, checks: checks.get(row.id) ?? [] }));
  }

  /** The newest `count` successful points of every repository, newest first (what reports need). */
  async latest(count = 2, withDetails = false, checksFor = count): Promise<RepoSeries[]> {
    // One indexed query per repository beats a window over the whole table (104k rows in the bench).
    const newest = this.prepared('SELECT id, run_id, repo_id, date, commit_sha, score FROM monitor_score WHERE repo_id = ? AND error IS NULL ORDER BY date DESC, id DESC LIMIT ?');
    const repos = this.prepared('SELECT id, platform, org, repo FROM monitor_repo ORDER BY id').all() as (RepoRef & { id: number })[];
    const perRepo = repos.map((repo) => ({ ref: { platform: repo.platform, org: repo.org, repo: repo.repo }, rows: newest.all(repo.id, count) as PointRow[] }));
    const points = this.toPoints(perRepo.flatMap((entry) => entry.rows), withDetails, new Set(perRepo.flatMap((entry) => entry.rows.slice(0, checksFor).map((row) => row.id))));
    let index = 0;
    return perRepo.map((entry) => ({ ref: entry.ref, points: entry.rows.map(() => points[index++]!) })).filter((entry) => entry.points.length > 0);
  }

  /** Every successful point of one repository, oldest first. */
  async history(ref: RepoRef, withChecks = true): Promise<ScorePoint[]> {
    const found = this.prepared('SELECT id FROM monitor_repo WHERE platform = ? AND org = ? AND repo = ?').get(ref.platform, ref.org, ref.repo) as { id: number } | undefined;
    if (!found) return [];
    const rows = this.prepared('SELECT * FROM monitor_score WHERE repo_id = ? AND error IS NULL ORDER BY date, id').all(found.id) as PointRow[];
    if (!withChecks) return rows.map((row) => ({ runId: row.run_id, date: row.date, commit: row.commit_sha, score: row.score, checks: [] }));
    const points = this.toPoints(rows, false);
    // Details are kept for the newest point only: that is the one the dashboard explains.
    const newest = rows.at(-1);
    if (newest) points[points.length - 1] = this.toPoints([newest], true)[0]!;
    return points;
  }

  async runs(limit = 20): Promise<RunSummary[]> {
    const runs = this.prepared('SELECT id, source, started_at, finished_at FROM monitor_run ORDER BY id DESC LIMIT ?').all(limit) as { id: number; source: string; started_at: string; finished_at: string | null }[];
    return runs.map((run) => {
      const rows = this.db
        .prepare('SELECT r.platform, r.org, r.repo, s.error FROM monitor_score s JOIN monitor_repo r ON r.id = s.repo_id WHERE s.run_id = ?')
        .all(run.id) as (RepoRef & { error: string | null })[];
      return {
        id: run.id,
        source: run.source,
        startedAt: run.started_at,
        finishedAt: run.finished_at,
        scored: rows.filter((row) => row.error === null).length,
        failed: rows.filter((row) => row.error !== null).map((row) => ({ ref: { platform: row.platform, org: row.org, repo: row.repo }, error: row.error! })),
      };
    });
  }
}
