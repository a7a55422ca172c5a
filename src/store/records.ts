import type { FindingRow, ReleaseStepRecord, ReviewSnapshot, TriageDecision, UpdateCheck } from './types.js';

/**
 * Row ↔ record mapping shared by both backends: the SQL differs only in placeholders, so each
 * backend passes its own `all`/`run` and these statements stay written once.
 */
export interface SqlDoor {
  all<T>(sql: string, values: unknown[]): Promise<T[]>;
  run(sql: string, values: unknown[]): Promise<void>;
  /**
   * `work` in one transaction on a door of its own; writers passing the same `lockKey` are
   * serialised (PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE already
   * admits one writer at a time).
   */
  transaction<T>(lockKey: string, work: (door: Omit<SqlDoor, 'transaction'>) => Promise<T>): Promise<T>;
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
  lines: string;
  status: TriageDecision['status'];
  justification: string | null;
  reason: string;
  decided_by: string;
  decided_at: string;
  expires: string | null;
}

interface UpdateRow {
  project: string;
  dependency: string;
  location: string;
  checked_at: string;
  current: string | null;
  latest: string | null;
  error: string | null;
  detail: string;
}

interface StepRow {
  release: string;
  step: string;
  recorded_at: string;
  outcome: ReleaseStepRecord['outcome'];
  detail: string;
}

function updateFromRow(row: UpdateRow): UpdateCheck {
  return { project: row.project, dependency: row.dependency, location: row.location, checkedAt: row.checked_at, current: row.current, latest: row.latest, error: row.error, detail: JSON.parse(row.detail) as unknown };
}

const UPSERT_CHECK = `INSERT INTO update_check (project, dependency, location, checked_at, current, latest, error, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (project, dependency, location, checked_at) DO UPDATE SET current = excluded.current, latest = excluded.latest, error = excluded.error, detail = excluded.detail`;

function checkValues(check: UpdateCheck): unknown[] {
  return [check.project, check.dependency, check.location ?? '', check.checkedAt, check.current, check.latest, check.error, JSON.stringify(check.detail ?? null)];
}

/**
 * The rows that are current (step 7): a vendored dependency's newest check (location ''), and the
 * project's newest lockfile snapshot (every row with a location at the project's newest time).
 * Two branches, so each correlated MAX is answered from an index (the key, update_check_by_project).
 */
/**
 * What a vendored check says when the dependency was no longer in the tree a snapshot read
 * (`recordVendoredChecks`): the dependency's newest row, so its older checks stop being current.
 * A fixed text, compared as stored on both backends (detail is kept as text, never jsonb).
 */
export const REMOVED_FROM_TREE = '{"removedFromTree":true}';

const CURRENT_CHECKS = (where: string) => `
  SELECT * FROM update_check u WHERE ${where} AND location = '' AND detail <> '${REMOVED_FROM_TREE}'
    AND checked_at = (SELECT MAX(checked_at) FROM update_check v WHERE v.project = u.project AND v.dependency = u.dependency AND v.location = '')
  UNION ALL
  SELECT * FROM update_check u WHERE ${where} AND location <> ''
    AND checked_at = (SELECT MAX(checked_at) FROM update_check v WHERE v.project = u.project AND v.location <> '')`;

const UPSERT_TRIAGE = `INSERT INTO triage_decision (project, vulnerability, package, lines, status, justification, reason, decided_by, decided_at, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (project, vulnerability, package, lines) DO UPDATE SET status = excluded.status, justification = excluded.justification,
    reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at, expires = excluded.expires`;

/** The lines column: a JSON array of the sorted, distinct lines (`[]`: every line). */
function linesText(lines: string[]): string {
  return JSON.stringify([...new Set(lines)].sort());
}

function compareKeys(a: string[], b: string[]): number {
  for (let index = 0; index < a.length; index += 1) {
    if (a[index] !== b[index]) return (a[index] as string) < (b[index] as string) ? -1 : 1;
  }
  return 0;
}

function triageKey(decision: TriageDecision): string {
  return JSON.stringify([decision.project, decision.vulnerability, decision.package, linesText(decision.lines)]);
}

function triageValues(decision: TriageDecision): unknown[] {
  return [decision.project, decision.vulnerability, decision.package, linesText(decision.lines), decision.status, decision.justification, decision.reason, decision.decidedBy, decision.decidedAt, decision.expires];
}

function rowOf(decision: TriageDecision): TriageRow {
  return {
    project: decision.project,
    vulnerability: decision.vulnerability,
    package: decision.package,
    lines: linesText(decision.lines),
    status: decision.status,
    justification: decision.justification,
    reason: decision.reason,
    decided_by: decision.decidedBy,
    decided_at: decision.decidedAt,
    expires: decision.expires,
  };
}

function triageFromRow(row: TriageRow): TriageDecision {
  return {
    project: row.project,
    vulnerability: row.vulnerability,
    package: row.package,
    lines: JSON.parse(row.lines) as string[],
    status: row.status,
    justification: row.justification,
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    expires: row.expires,
  };
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
      await door.run(UPSERT_TRIAGE, triageValues(decision));
    },
    async replaceTriage(project: string, decisions: TriageDecision[]) {
      const wanted = new Map(decisions.map((decision) => [triageKey({ ...decision, project }), { ...decision, project }]));
      return door.transaction(`triage:${project}`, async (tx) => {
        const stored = (await tx.all<TriageRow>('SELECT * FROM triage_decision WHERE project = ?', [project])).map(triageFromRow);
        const before = new Map(stored.map((decision) => [triageKey(decision), decision]));
        let added = 0;
        let changed = 0;
        let removed = 0;
        for (const [key, decision] of before) {
          if (wanted.has(key)) continue;
          await tx.run('DELETE FROM triage_decision WHERE project = ? AND vulnerability = ? AND package = ? AND lines = ?', [project, decision.vulnerability, decision.package, linesText(decision.lines)]);
          removed += 1;
        }
        for (const [key, decision] of wanted) {
          const old = before.get(key);
          // The same decision recorded again keeps the date it was first recorded.
          if (old && JSON.stringify({ ...old, decidedAt: '' }) === JSON.stringify({ ...triageFromRow(rowOf(decision)), decidedAt: '' })) continue;
          await tx.run(UPSERT_TRIAGE, triageValues(decision));
          if (old) changed += 1;
          else added += 1;
        }
        return { added, changed, removed };
      });
    },
    async triage(project: string): Promise<TriageDecision[]> {
      const rows = await door.all<TriageRow>('SELECT * FROM triage_decision WHERE project = ?', [project]);
      // Sorted here, by code unit: PostgreSQL's ORDER BY follows the server's collation, SQLite's does not.
      const key = (row: TriageRow) => [row.vulnerability, row.package, row.lines];
      return rows.sort((a, b) => compareKeys(key(a), key(b))).map(triageFromRow);
    },
    async recordUpdateCheck(check: UpdateCheck): Promise<void> {
      await door.run(UPSERT_CHECK, checkValues(check));
    },
    async recordLockfileChecks(project: string, checks: UpdateCheck[]): Promise<void> {
      for (const check of checks) {
        if (check.project !== project || !check.location) throw new Error(`recordLockfileChecks(${project}): ${check.project} ${check.dependency} needs this project and a location`);
      }
      await door.transaction(`updates:${project}`, async (tx) => {
        for (const check of checks) await tx.run(UPSERT_CHECK, checkValues(check));
      });
    },
    async recordVendoredChecks(project: string, checks: UpdateCheck[], checkedAt: string): Promise<void> {
      for (const check of checks) {
        if (check.project !== project || check.location) throw new Error(`recordVendoredChecks(${project}): ${check.project} ${check.dependency} needs this project and no location`);
      }
      await door.transaction(`updates:${project}`, async (tx) => {
        for (const check of checks) await tx.run(UPSERT_CHECK, checkValues(check));
        // A dependency whose current check this snapshot does not renew left the tree: its newest
        // row says so, and the older checks stop being current (the lockfile snapshot's rule).
        const present = new Set(checks.map((check) => check.dependency));
        const current = await tx.all<UpdateRow>(CURRENT_CHECKS('u.project = ?'), [project, project]);
        for (const row of current) {
          if (row.location !== '' || present.has(row.dependency) || row.checked_at >= checkedAt) continue;
          await tx.run(UPSERT_CHECK, [project, row.dependency, '', checkedAt, null, null, null, REMOVED_FROM_TREE]);
        }
      });
    },
    async latestUpdateChecks(project: string): Promise<UpdateCheck[]> {
      const rows = await door.all<UpdateRow>(CURRENT_CHECKS('u.project = ?'), [project, project]);
      // Sorted here, by code unit, for the same order on both backends (see triage()).
      return rows.sort((a, b) => compareKeys([a.dependency, a.location], [b.dependency, b.location])).map(updateFromRow);
    },
    async dependencyChecks(dependency: string): Promise<UpdateCheck[]> {
      // update_check_by_dependency answers the outer scans; the key and update_check_by_project the MAX.
      const rows = await door.all<UpdateRow>(CURRENT_CHECKS('u.dependency = ?'), [dependency, dependency]);
      return rows.sort((a, b) => compareKeys([a.project, a.location], [b.project, b.location])).map(updateFromRow);
    },
    async saveRelease(release: string, state: unknown, updatedAt: string): Promise<void> {
      await door.run('INSERT INTO release_state (release, updated_at, state) VALUES (?, ?, ?) ON CONFLICT (release) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state', [release, updatedAt, JSON.stringify(state)]);
    },
    async release(release: string): Promise<{ state: unknown; updatedAt: string } | null> {
      const rows = await door.all<{ updated_at: string; state: string }>('SELECT updated_at, state FROM release_state WHERE release = ?', [release]);
      return rows[0] ? { state: JSON.parse(rows[0].state) as unknown, updatedAt: rows[0].updated_at } : null;
    },
    async recordReleaseStep(step: ReleaseStepRecord, state?: unknown): Promise<void> {
      const insert = (run: SqlDoor['run']) =>
        run(
          'INSERT INTO release_step (release, step, recorded_at, outcome, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT (release, recorded_at, step) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail',
          [step.release, step.step, step.recordedAt, step.outcome, JSON.stringify(step.detail)],
        );
      if (state === undefined) return void (await insert(door.run.bind(door)));
      // The step and where the release stands after it, together or not at all (a kill between
      // the two left a step recorded with the state of before it, issue #20).
      await door.transaction(`release:${step.release}`, async (tx) => {
        await insert(tx.run.bind(tx));
        await tx.run('INSERT INTO release_state (release, updated_at, state) VALUES (?, ?, ?) ON CONFLICT (release) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state', [step.release, step.recordedAt, JSON.stringify(state)]);
      });
    },
    async releaseSteps(release?: string): Promise<ReleaseStepRecord[]> {
      const rows = release === undefined
        ? await door.all<StepRow>('SELECT * FROM release_step', [])
        : await door.all<StepRow>('SELECT * FROM release_step WHERE release = ?', [release]);
      // Sorted here, by code unit, for the same order on both backends (see triage()).
      const key = (row: StepRow) => [row.recorded_at, row.release, row.step];
      return rows
        .sort((a, b) => compareKeys(key(a), key(b)))
        .map((row) => ({ release: row.release, step: row.step, recordedAt: row.recorded_at, outcome: row.outcome, detail: JSON.parse(row.detail) as ReleaseStepRecord['detail'] }));
    },
  };
}
