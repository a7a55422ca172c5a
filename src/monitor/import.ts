import type { DatabaseFile } from './formats/database.js';
import type { MonitorStore } from '../store/index.js';
import type { RepoOutcome } from './types.js';

/**
 * Bring an upstream database file into the store, so the dashboard shows the WG's history from
 * day one. Its entries carry aggregates only (no checks); points already in the store are skipped,
 * so importing twice changes nothing.
 */
export async function importDatabase(store: MonitorStore, database: DatabaseFile, now: Date, onProgress?: (done: number, total: number) => void): Promise<{ imported: number; skipped: number }> {
  const known = new Set<string>();
  for (const series of await store.latest(Number.MAX_SAFE_INTEGER)) {
    for (const point of series.points) known.add(`${series.ref.platform}/${series.ref.org}/${series.ref.repo}`.toLowerCase() + `@${point.date}@${point.commit}`);
  }
  const outcomes: RepoOutcome[] = [];
  let skipped = 0;
  for (const [platform, orgs] of Object.entries(database)) {
    for (const [org, repos] of Object.entries(orgs)) {
      for (const [repo, history] of Object.entries(repos)) {
        for (const entry of [...history.previous, history.current]) {
          const key = `${platform}/${org}/${repo}`.toLowerCase() + `@${entry.date}@${entry.commit}`;
          if (known.has(key)) {
            skipped++;
            continue;
          }
          known.add(key);
          outcomes.push({ ref: { platform, org, repo }, ok: true, score: entry.score, date: entry.date, commit: entry.commit, checks: [] });
        }
      }
    }
  }
  if (outcomes.length > 0) {
    const runId = await store.beginRun('import', now.toISOString());
    await store.recordMany(runId, outcomes, now.toISOString(), onProgress);
    await store.finishRun(runId, now.toISOString());
  }
  return { imported: outcomes.length, skipped };
}
