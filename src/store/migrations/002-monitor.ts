/**
 * The monitor's time series: every run with its per-check scores (upstream scorecard-monitor keeps
 * a change log of aggregates only, so nobody can see which check moved). Check names are interned.
 */
export const SQLITE_MONITOR = `
CREATE TABLE IF NOT EXISTS monitor_repo (
  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, org TEXT NOT NULL COLLATE NOCASE, repo TEXT NOT NULL COLLATE NOCASE,
  UNIQUE (platform, org, repo));
CREATE TABLE IF NOT EXISTS monitor_run (
  id INTEGER PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS monitor_score (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES monitor_run(id), repo_id INTEGER NOT NULL REFERENCES monitor_repo(id),
  date TEXT NOT NULL, commit_sha TEXT, score REAL, error TEXT);
-- Covering: a repository's series is read from the index alone (the overview reads 1,000 of them).
CREATE INDEX IF NOT EXISTS monitor_score_series ON monitor_score (repo_id, date, id, error, run_id, score, commit_sha);
CREATE TABLE IF NOT EXISTS monitor_check_name (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS monitor_check (
  score_id INTEGER NOT NULL, check_id INTEGER NOT NULL, score INTEGER NOT NULL, reason TEXT NOT NULL, details TEXT,
  PRIMARY KEY (score_id, check_id)) WITHOUT ROWID;
`;

/** PostgreSQL has no case-insensitive collation by default: org and repo are compared through lower(). */
export const POSTGRES_MONITOR = `
CREATE TABLE IF NOT EXISTS monitor_repo (
  id BIGSERIAL PRIMARY KEY, platform TEXT NOT NULL, org TEXT NOT NULL, repo TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS monitor_repo_key ON monitor_repo (platform, lower(org), lower(repo));
CREATE TABLE IF NOT EXISTS monitor_run (
  id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT);
CREATE TABLE IF NOT EXISTS monitor_score (
  id BIGSERIAL PRIMARY KEY, run_id BIGINT NOT NULL REFERENCES monitor_run(id), repo_id BIGINT NOT NULL REFERENCES monitor_repo(id),
  date TEXT NOT NULL, commit_sha TEXT, score DOUBLE PRECISION, error TEXT);
CREATE INDEX IF NOT EXISTS monitor_score_series ON monitor_score (repo_id, date, id) INCLUDE (error, run_id, score, commit_sha);
CREATE INDEX IF NOT EXISTS monitor_score_run ON monitor_score (run_id, repo_id);
CREATE TABLE IF NOT EXISTS monitor_check_name (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS monitor_check (
  score_id BIGINT NOT NULL, check_id BIGINT NOT NULL, score INTEGER NOT NULL, reason TEXT NOT NULL, details TEXT,
  PRIMARY KEY (score_id, check_id));
`;
