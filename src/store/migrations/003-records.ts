/**
 * What the other areas record: review snapshots per project and release line (the dashboard's
 * /findings), triage decisions, update checks and release state. Payloads are JSON text, keyed by
 * what readers ask for; the same DDL runs on both backends.
 */
export const RECORDS = `
CREATE TABLE IF NOT EXISTS review_snapshot (
  project TEXT NOT NULL, line TEXT NOT NULL, recorded_at TEXT NOT NULL, findings TEXT NOT NULL,
  PRIMARY KEY (project, line, recorded_at));
CREATE TABLE IF NOT EXISTS triage_decision (
  project TEXT NOT NULL, vulnerability TEXT NOT NULL, package TEXT NOT NULL, status TEXT NOT NULL,
  reason TEXT NOT NULL, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, expires TEXT,
  PRIMARY KEY (project, vulnerability, package));
CREATE TABLE IF NOT EXISTS update_check (
  project TEXT NOT NULL, dependency TEXT NOT NULL, checked_at TEXT NOT NULL, current TEXT, latest TEXT,
  error TEXT, detail TEXT NOT NULL,
  PRIMARY KEY (project, dependency, checked_at));
CREATE TABLE IF NOT EXISTS release_state (
  release TEXT PRIMARY KEY, updated_at TEXT NOT NULL, state TEXT NOT NULL);
`;
