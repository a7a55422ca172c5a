import type { FindingRow, ReviewSnapshot, TriageDecision, UpdateCheck } from './types.js';

/**
 * Row ↔ record mapping shared by both backends: the SQL differs only in placeholders, so each
 * backend passes its own `all`/`run` and these statements stay written once.
 */
export interface SqlDoor {
  all<T>(sql: string, values: unknown[]): Promise<T[]>;
  run(sql: string, values: unknown[]): Promise<void>;
}

/** `?` placeholders → `$1, $2…` for PostgreSQL. */
export function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

interface ReviewRow {
  project: string;
  line: string;
  recorded_at: string;
  findings: string;
}

interface TriageRow {
  project: string;
  vulnerability: string;
  package: string;
  status: TriageDecision['status'];
  reason: string;
  decided_by: string;
  decided_at: string;
  expires: string | null;
}

interface UpdateRow {
  project: string;
  dependency: string;
  checked_at: string;
  current: string | null;
  latest: string | null;
  error: string | null;
  detail: string;
}

/** The records store over either backend's door (STYLE rule 10: one interface, two backends). */
export function recordsOver(door: SqlDoor) {
  return {
    async recordReview(snapshot: ReviewSnapshot): Promise<void> {
      await door.run(
        'INSERT INTO review_snapshot (project, line, recorded_at, findings) VALUES (?, ?, ?, ?) ON CONFLICT (project, line, recorded_at) DO UPDATE SET findings = excluded.findings',
        [snapshot.project, snapshot.line, snapshot.recordedAt, JSON.stringify(snapshot.findings)],
      );
    },
    async latestReviews(): Promise<ReviewSnapshot[]> {
      const rows = await door.all<ReviewRow>(
        `SELECT project, line, recorded_at, findings FROM review_snapshot s
          WHERE recorded_at = (SELECT MAX(recorded_at) FROM review_snapshot t WHERE t.project = s.project AND t.line = s.line)
          ORDER BY project, line`,
        [],
      );
      return rows.map((row) => ({ project: row.project, line: row.line, recordedAt: row.recorded_at, findings: JSON.parse(row.findings) as FindingRow[] }));
    },
    async recordTriage(decision: TriageDecision): Promise<void> {
      await door.run(
        `INSERT INTO triage_decision (project, vulnerability, package, status, reason, decided_by, decided_at, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (project, vulnerability, package) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           decided_by = excluded.decided_by, decided_at = excluded.decided_at, expires = excluded.expires`,
        [decision.project, decision.vulnerability, decision.package, decision.status, decision.reason, decision.decidedBy, decision.decidedAt, decision.expires],
      );
    },
    async triage(project: string): Promise<TriageDecision[]> {
      const rows = await door.all<TriageRow>('SELECT * FROM triage_decision WHERE project = ? ORDER BY vulnerability, package', [project]);
      return rows.map((row) => ({ project: row.project, vulnerability: row.vulnerability, package: row.package, status: row.status, reason: row.reason, decidedBy: row.decided_by, decidedAt: row.decided_at, expires: row.expires }));
    },
    async recordUpdateCheck(check: UpdateCheck): Promise<void> {
      await door.run(
        `INSERT INTO update_check (project, dependency, checked_at, current, latest, error, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (project, dependency, checked_at) DO UPDATE SET current = excluded.current, latest = excluded.latest, error = excluded.error, detail = excluded.detail`,
        [check.project, check.dependency, check.checkedAt, check.current, check.latest, check.error, JSON.stringify(check.detail ?? null)],
      );
    },
    async latestUpdateChecks(project: string): Promise<UpdateCheck[]> {
      const rows = await door.all<UpdateRow>(
        `SELECT * FROM update_check u WHERE project = ?
          AND checked_at = (SELECT MAX(checked_at) FROM update_check v WHERE v.project = u.project AND v.dependency = u.dependency)
          ORDER BY dependency`,
        [project],
      );
      return rows.map((row) => ({ project: row.project, dependency: row.dependency, checkedAt: row.checked_at, current: row.current, latest: row.latest, error: row.error, detail: JSON.parse(row.detail) as unknown }));
    },
    async saveRelease(release: string, state: unknown, updatedAt: string): Promise<void> {
      await door.run('INSERT INTO release_state (release, updated_at, state) VALUES (?, ?, ?) ON CONFLICT (release) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state', [release, updatedAt, JSON.stringify(state)]);
    },
    async release(release: string): Promise<{ state: unknown; updatedAt: string } | null> {
      const rows = await door.all<{ updated_at: string; state: string }>('SELECT updated_at, state FROM release_state WHERE release = ?', [release]);
      return rows[0] ? { state: JSON.parse(rows[0].state) as unknown, updatedAt: rows[0].updated_at } : null;
    },
  };
}
