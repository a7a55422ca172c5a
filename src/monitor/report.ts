import { historyOf, type DatabaseFile, type ScoreEntry } from './formats/database.js';
import { parseReportLines, renderReport, type ReportFailure, type ReportRow } from './formats/report.js';
import { movedChecks } from './delta.js';
import type { RepoSeries } from '../store/index.js';
import { repoKey, type RepoRef } from './types.js';

/**
 * scorecard-monitor's delta (`src/index.js`): set only when the score differs from the stored
 * one, `parseFloat((score - stored).toFixed(1))`, and printed as `currentDiff || 0` (no `+`).
 */
export function upstreamDelta(score: number, stored: ScoreEntry | null): number {
  return stored && stored.score !== score ? Number.parseFloat((score - stored.score).toFixed(1)) : 0;
}

/**
 * One row by scorecard-monitor's rules: the fetched point's score, date and commit; the delta and
 * the compare link against the score the database held before the fetch (none on a first score).
 */
function upstreamRow(ref: RepoRef, fetched: ScoreEntry, stored: ScoreEntry | null): ReportRow {
  return { ref, score: fetched.score, date: fetched.date, commit: fetched.commit, previousCommit: stored?.commit ?? null, delta: upstreamDelta(fetched.score, stored), moved: [] };
}

const time = (date: string): number => Date.parse(date) || 0;

export interface RowInputs {
  /** What this run fetched, by `repoKey` lower-cased, with the database's entry before the run. */
  fetched?: Map<string, { point: ScoreEntry; stored: ScoreEntry | null }>;
  /** The report as it is on disk: a row it already shows for a point no newer is kept byte for byte. */
  existingReport?: string;
}

/**
 * The report's rows for the repositories in scope, in scope order.
 *
 * A repository scored in this run gets its row by upstream's rules. Otherwise the row is the
 * newest point known: the database's current entry (as rendered by the run that saved it), or a
 * newer point in Vigil's store with the same score (a later run that saved nothing, as upstream
 * saves only changes). When the report on disk already shows that point or a newer one with the
 * same score, its line is kept as it is: upstream records a later fetch's date and commit only in
 * the report, so re-rendering with nothing new must not move them back (issue #17).
 */
export function reportRows(database: DatabaseFile, refs: RepoRef[], series: RepoSeries[] = [], inputs: RowInputs = {}): ReportRow[] {
  const byKey = new Map(series.map((entry) => [repoKey(entry.ref).toLowerCase(), entry]));
  const existing = inputs.existingReport ? parseReportLines(inputs.existingReport) : new Map<string, never>();
  const rows: ReportRow[] = [];
  for (const ref of refs) {
    const key = repoKey(ref).toLowerCase();
    const stored = byKey.get(key)?.points ?? [];
    const fresh = inputs.fetched?.get(key);
    let entry: ReportRow;
    if (fresh) {
      entry = upstreamRow(ref, fresh.point, fresh.stored);
    } else {
      const history = historyOf(database, ref);
      const current = history.at(-1);
      if (!current) continue;
      const later = stored.find((point) => point.score === current.score && time(point.date) > time(current.date));
      entry = later ? upstreamRow(ref, later, current) : upstreamRow(ref, current, history.at(-2) ?? null);
      const shown = existing.get(`${ref.org}/${ref.repo}`.toLowerCase());
      if (shown && shown.score === entry.score && time(shown.date) >= time(entry.date)) {
        rows.push({ ...entry, date: shown.date, commit: shown.commit, verbatim: shown.line });
        continue;
      }
    }
    // The store has per-check scores, the file not: the checks that moved since the previous run.
    const [newest, before] = stored;
    if (newest && before && newest.commit === entry.commit && newest.date === entry.date) entry.moved = movedChecks(before, newest);
    rows.push(entry);
  }
  return rows;
}

export function renderMonitorReport(rows: ReportRow[], failures: ReportFailure[] = []): string {
  return renderReport(rows, failures);
}
