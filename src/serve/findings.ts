import type Database from 'better-sqlite3';
import { PackageURL } from 'packageurl-js';
import type { ReviewReport, ReviewTarget } from '../review/types.js';

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
  /** The triage decision, when the triage file decided about it (`not_affected`, …). */
  triage?: string;
  /** The reachability verdict (`reachable`, `unknown`, `not-reachable`) and its evidence, when the review computed one. */
  reachability?: string;
  reachabilityEvidence?: string;
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

/** `pkg:generic/nodejs/node@v22.1.0` → `nodejs/node`: the project a review is about. */
export function projectName(target: ReviewTarget): string {
  try {
    const purl = PackageURL.fromString(target.product);
    return purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
  } catch {
    return target.product;
  }
}

/** What the dashboard keeps of a review: one snapshot per reviewed target (release line). */
export function snapshotsFromReport(report: ReviewReport): ReviewSnapshot[] {
  return report.targets.map((target) => ({
    project: projectName(target),
    line: target.line ?? 'work tree',
    recordedAt: report.generatedAt,
    findings: target.findings.map((finding) => ({
      id: finding.id,
      aliases: finding.aliases.filter((alias) => alias !== finding.id),
      package: finding.package,
      version: finding.version,
      severity: finding.severity.score === null ? finding.severity.level : `${finding.severity.level} ${finding.severity.score}`,
      summary: finding.summary,
      fixed: finding.nearestFix,
      ...(finding.triage ? { triage: finding.triage.status } : {}),
      ...(finding.reachability ? { reachability: finding.reachability.status, reachabilityEvidence: finding.reachability.evidence } : {}),
    })),
  }));
}
