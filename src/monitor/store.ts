import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import type { CheckScore, RepoOutcome, RepoRef, ScorePoint } from './types.js';

/**
 * The monitor's time series in the shared SQLite store: every run is recorded with its per-check
 * scores (upstream keeps a change log of aggregates only, so nobody can see which check moved).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS monitor_repo (
  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, org TEXT NOT NULL COLLATE NOCASE, repo TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (platform, org, repo));
CREATE TABLE IF NOT EXISTS monitor_run (
  id INTEGER PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS monitor_score (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES monitor_run(id), repo_id INTEGER NOT NULL REFERENCES monitor_repo(id),
  date TEXT NOT NULL, commit_sha TEXT, score REAL, error TEXT);
CREATE INDEX IF NOT EXISTS monitor_score_repo_date ON monitor_score (repo_id, date);
CREATE TABLE IF NOT EXISTS monitor_check_name (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS monitor_check (
  score_id INTEGER NOT NULL, check_id INTEGER NOT NULL, score INTEGER NOT NULL, reason TEXT NOT NULL, details TEXT,
  PRIMARY KEY (score_id, check_id)) WITHOUT ROWID;
`;

export interface RepoSeries {
  ref: RepoRef;
  points: ScorePoint[];
}

export interface RunSummary {
  id: number;
  source: string;
  startedAt: string;
  finishedAt: string | null;
  scored: number;
  failed: { ref: RepoRef; error: string }[];
}

interface PointRow {
  id: number;
  run_id: number;
  repo_id: number;
  date: string;
  commit_sha: string;
  score: number;
}

function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: 5_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db?.close();
    const code = (error as { code?: string }).code ?? '';
    const what = code === 'SQLITE_BUSY' ? 'is locked by another process' : code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'is not a usable SQLite database (corrupt?); it was left untouched' : `cannot be opened (${(error as Error).message})`;
    throw new InputError(`store ${path} ${what}`, { file: path, code: 'store', cause: error });
  }
}

export class MonitorStore {
  private readonly db: Database.Database;
  private readonly checkIds = new Map<string, number>();
  private readonly checkNames = new Map<number, string>();

  constructor(path: string) {
    this.db = openDatabase(path);
    for (const row of this.db.prepare('SELECT id, name FROM monitor_check_name').all() as { id: number; name: string }[]) {
      this.checkIds.set(row.name, row.id);
      this.checkNames.set(row.id, row.name);
    }
  }

  close(): void {
    this.db.close();
  }

  private repoId(ref: RepoRef): number {
    const found = this.db.prepare('SELECT id FROM monitor_repo WHERE platform = ? AND org = ? AND repo = ?').get(ref.platform, ref.org, ref.repo) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.db.prepare('INSERT INTO monitor_repo (platform, org, repo) VALUES (?, ?, ?)').run(ref.platform, ref.org, ref.repo).lastInsertRowid);
  }

  private checkId(name: string): number {
    let id = this.checkIds.get(name);
    if (id === undefined) {
      id = Number(this.db.prepare('INSERT INTO monitor_check_name (name) VALUES (?)').run(name).lastInsertRowid);
      this.checkIds.set(name, id);
      this.checkNames.set(id, name);
    }
    return id;
  }

  beginRun(source: string, startedAt: string): number {
    return Number(this.db.prepare('INSERT INTO monitor_run (source, started_at) VALUES (?, ?)').run(source, startedAt).lastInsertRowid);
  }

  finishRun(runId: number, finishedAt: string): void {
    this.db.prepare('UPDATE monitor_run SET finished_at = ? WHERE id = ?').run(finishedAt, runId);
  }

  /** Record one repository's outcome; a failure is recorded too, so the run says what it missed. */
  record(runId: number, outcome: RepoOutcome, runDate: string): void {
    this.recordMany(runId, [outcome], runDate);
  }

  /** Record many outcomes in one transaction (imports and benchmarks write thousands). */
  recordMany(runId: number, outcomes: RepoOutcome[], runDate: string): void {
    const insertScore = this.db.prepare('INSERT INTO monitor_score (run_id, repo_id, date, commit_sha, score, error) VALUES (?, ?, ?, ?, ?, ?)');
    const insertCheck = this.db.prepare('INSERT OR REPLACE INTO monitor_check (score_id, check_id, score, reason, details) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const outcome of outcomes) {
        const repoId = this.repoId(outcome.ref);
        if (!outcome.ok) {
          insertScore.run(runId, repoId, runDate, null, null, outcome.error);
          continue;
        }
        const scoreId = Number(insertScore.run(runId, repoId, outcome.date, outcome.commit, outcome.score, null).lastInsertRowid);
        for (const check of outcome.checks) {
          insertCheck.run(scoreId, this.checkId(check.name), check.score, check.reason, check.details ? JSON.stringify(check.details) : null);
        }
      }
    })();
  }

  repos(): RepoRef[] {
    return this.db.prepare('SELECT platform, org, repo FROM monitor_repo ORDER BY org, repo').all() as RepoRef[];
  }

  private checksOf(scoreIds: number[], withDetails: boolean): Map<number, CheckScore[]> {
    const byScore = new Map<number, CheckScore[]>();
    const select = this.db.prepare(`SELECT score_id, check_id, score, reason${withDetails ? ', details' : ''} FROM monitor_check WHERE score_id = ?`);
    for (const scoreId of scoreIds) {
      const rows = select.all(scoreId) as { score_id: number; check_id: number; score: number; reason: string; details?: string | null }[];
      byScore.set(
        scoreId,
        rows.map((row) => ({
          name: this.checkNames.get(row.check_id) ?? `#${row.check_id}`,
          score: row.score,
          reason: row.reason,
          ...(row.details ? { details: JSON.parse(row.details) as string[] } : {}),
        })),
      );
    }
    return byScore;
  }

  private toPoints(rows: PointRow[], withDetails: boolean): ScorePoint[] {
    const checks = this.checksOf(rows.map((row) => row.id), withDetails);
    return rows.map((row) => ({ runId: row.run_id, date: row.date, commit: row.commit_sha, score: row.score, checks: checks.get(row.id) ?? [] }));
  }

  /** The newest `count` successful points of every repository, newest first (what reports need). */
  latest(count = 2, withDetails = false): RepoSeries[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY repo_id ORDER BY date DESC, id DESC) AS position
           FROM monitor_score s WHERE error IS NULL) WHERE position <= ? ORDER BY repo_id, position`,
      )
      .all(count) as PointRow[];
    const refs = new Map((this.db.prepare('SELECT id, platform, org, repo FROM monitor_repo').all() as (RepoRef & { id: number })[]).map((row) => [row.id, { platform: row.platform, org: row.org, repo: row.repo }]));
    const points = this.toPoints(rows, withDetails);
    const series = new Map<number, RepoSeries>();
    rows.forEach((row, index) => {
      const entry = series.get(row.repo_id) ?? { ref: refs.get(row.repo_id)!, points: [] };
      entry.points.push(points[index]!);
      series.set(row.repo_id, entry);
    });
    return [...series.values()];
  }

  /** Every successful point of one repository, oldest first. */
  history(ref: RepoRef, withChecks = true): ScorePoint[] {
    const found = this.db.prepare('SELECT id FROM monitor_repo WHERE platform = ? AND org = ? AND repo = ?').get(ref.platform, ref.org, ref.repo) as { id: number } | undefined;
    if (!found) return [];
    const rows = this.db.prepare('SELECT * FROM monitor_score WHERE repo_id = ? AND error IS NULL ORDER BY date, id').all(found.id) as PointRow[];
    if (!withChecks) return rows.map((row) => ({ runId: row.run_id, date: row.date, commit: row.commit_sha, score: row.score, checks: [] }));
    const points = this.toPoints(rows, false);
    // Details are kept for the newest point only: that is the one the dashboard explains.
    const newest = rows.at(-1);
    if (newest) points[points.length - 1] = this.toPoints([newest], true)[0]!;
    return points;
  }

  /** Aggregate scores of every repository over time (the overview's sparklines), oldest first. */
  trends(): Map<string, { date: string; score: number }[]> {
    const rows = this.db
      .prepare(`SELECT r.platform, r.org, r.repo, s.date, s.score FROM monitor_score s JOIN monitor_repo r ON r.id = s.repo_id WHERE s.error IS NULL ORDER BY s.repo_id, s.date, s.id`)
      .all() as (RepoRef & { date: string; score: number })[];
    const trends = new Map<string, { date: string; score: number }[]>();
    for (const row of rows) {
      const key = `${row.platform}/${row.org}/${row.repo}`;
      const list = trends.get(key) ?? [];
      list.push({ date: row.date, score: row.score });
      trends.set(key, list);
    }
    return trends;
  }

  runs(limit = 20): RunSummary[] {
    const runs = this.db.prepare('SELECT id, source, started_at, finished_at FROM monitor_run ORDER BY id DESC LIMIT ?').all(limit) as { id: number; source: string; started_at: string; finished_at: string | null }[];
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
