/**
 * What workers share besides the job queue (graphile-worker keeps its own schema): queued monitor
 * runs and how far they got, worker heartbeats (a dead worker's jobs are unlocked by the living),
 * and the rate-limit budget of each token (keyed by a SHA-256 of the token, never the token).
 */
export const SQLITE_WORKERS = `
CREATE TABLE IF NOT EXISTS queue_run (
  run_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, total INTEGER NOT NULL, enqueued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS worker_heartbeat (
  id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, queue_workers TEXT NOT NULL, seen_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rate_budget (
  token_key TEXT PRIMARY KEY, remaining INTEGER NOT NULL, reset_at TEXT NOT NULL, updated_at TEXT NOT NULL);
`;

export const POSTGRES_WORKERS = `
CREATE TABLE IF NOT EXISTS queue_run (
  run_id BIGINT PRIMARY KEY, kind TEXT NOT NULL, total INTEGER NOT NULL, enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS worker_heartbeat (
  id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, queue_workers TEXT NOT NULL, seen_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS rate_budget (
  token_key TEXT PRIMARY KEY, remaining INTEGER NOT NULL, reset_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
`;
