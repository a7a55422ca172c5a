import { historyOf, type DatabaseFile } from './formats/database.js';
import { renderReport, type ReportFailure, type ReportRow } from './formats/report.js';
import { movedChecks } from './delta.js';
import type { RepoSeries } from '../store/index.js';
import { repoKey, type RepoRef } from './types.js';

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/**
 * The report's rows, from the database file (what the WG's workflow carries) for the repositories
 * in scope, in scope order. The checks that moved come from Vigil's store when its two newest
 * points are the database's two newest (same commits): the store has per-check scores, the file not.
 */
export function reportRows(database: DatabaseFile, refs: RepoRef[], series: RepoSeries[] = []): ReportRow[] {
  const byKey = new Map(series.map((entry) => [repoKey(entry.ref).toLowerCase(), entry]));
  const rows: ReportRow[] = [];
  for (const ref of refs) {
    const history = historyOf(database, ref);
    const current = history.at(-1);
    if (!current) continue;
    const previous = history.at(-2) ?? null;
    const stored = byKey.get(repoKey(ref).toLowerCase())?.points ?? [];
    const [storedCurrent, storedPrevious] = stored;
    const moved =
      storedCurrent && storedPrevious && storedCurrent.commit === current.commit && storedCurrent.date === current.date && (!previous || storedPrevious.commit === previous.commit)
        ? movedChecks(storedPrevious, storedCurrent)
        : [];
    rows.push({
      ref,
      score: current.score,
      date: current.date,
      commit: current.commit,
      previousCommit: previous?.commit ?? null,
      delta: previous ? oneDecimal(current.score - previous.score) : 0,
      moved,
    });
  }
  return rows;
}

export function renderMonitorReport(database: DatabaseFile, refs: RepoRef[], series: RepoSeries[], failures: ReportFailure[] = []): string {
  return renderReport(reportRows(database, refs, series), failures);
}
