import type Database from 'better-sqlite3';

/**
 * Vulnerability Review results as the dashboard shows them: the newest review of each project and
 * release line. `vigil review --record` writes a snapshot; the dashboard only reads.
 */
export interface FindingRow {
  id: string;
  aliases: string[];
  package: string;
  version: string | null;
  severity: string;
  summary: string;
  fixed: string | null;
}

export interface ReviewSnapshot {
  project: string;
  /** The release line or ref reviewed (`main`, `v22.x`, a work tree). */
  line: string;
  recordedAt: string;
  findings: FindingRow[];
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS review_snapshot (
  project TEXT NOT NULL, line TEXT NOT NULL, recorded_at TEXT NOT NULL, findings TEXT NOT NULL,
  PRIMARY KEY (project, line, recorded_at))`;

export function recordReviewSnapshot(db: Database.Database, snapshot: ReviewSnapshot): void {
  db.exec(SCHEMA);
  db.prepare('INSERT OR REPLACE INTO review_snapshot (project, line, recorded_at, findings) VALUES (?, ?, ?, ?)').run(snapshot.project, snapshot.line, snapshot.recordedAt, JSON.stringify(snapshot.findings));
}

/** The newest snapshot of every (project, line). */
export function latestReviewSnapshots(db: Database.Database): ReviewSnapshot[] {
  db.exec(SCHEMA);
  const rows = db
    .prepare(
      `SELECT project, line, recorded_at, findings FROM review_snapshot s
        WHERE recorded_at = (SELECT MAX(recorded_at) FROM review_snapshot t WHERE t.project = s.project AND t.line = s.line)
        ORDER BY project, line`,
    )
    .all() as { project: string; line: string; recorded_at: string; findings: string }[];
  return rows.map((row) => ({ project: row.project, line: row.line, recordedAt: row.recorded_at, findings: JSON.parse(row.findings) as FindingRow[] }));
}
