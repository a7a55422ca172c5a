import type { ScoreSource } from './sources/source.js';
import type { MonitorStore } from '../store/index.js';
import type { RepoOutcome, RepoRef } from './types.js';
import { ScoreEntry } from './formats/database.js';

export interface MonitorRunOptions {
  refs: RepoRef[];
  source: ScoreSource;
  store: MonitorStore;
  /** How many repositories are scored at once. */
  parallelism: number;
  now: Date;
  onProgress?: (done: number, total: number, outcome: RepoOutcome) => void;
}

export interface MonitorRun {
  runId: number;
  outcomes: RepoOutcome[];
}

/** Run `work` over `items` with at most `limit` at once, keeping the input order in the result. */
export async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * A score is checked before it is recorded anywhere (issue #20): one the database format cannot
 * hold (a score out of -1..10, a date or commit of the wrong shape) would be written into
 * database.json and make every later run, report and import refuse the file. It fails that
 * repository instead, with the reason.
 */
export function checkedOutcome(outcome: RepoOutcome): RepoOutcome {
  if (!outcome.ok) return outcome;
  const parsed = ScoreEntry.safeParse({ score: outcome.score, date: outcome.date, commit: outcome.commit });
  if (parsed.success) return outcome;
  const issue = parsed.error.issues[0]!;
  return { ref: outcome.ref, ok: false, error: `the result's ${issue.path.join('.')} cannot be recorded: ${issue.message}`, permanent: true };
}

/**
 * Score every repository and record each outcome as it arrives. A repository that fails (even by
 * throwing) is recorded as failed; it never aborts the others (upstream's one bad request does).
 */
export async function runMonitor(options: MonitorRunOptions): Promise<MonitorRun> {
  const startedAt = options.now.toISOString();
  const runId = await options.store.beginRun(options.source.name, startedAt);
  let done = 0;
  const outcomes = await mapBounded(options.refs, options.parallelism, async (ref) => {
    let outcome: RepoOutcome;
    try {
      outcome = checkedOutcome(await options.source.score(ref));
    } catch (error) {
      outcome = { ref, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    await options.store.record(runId, outcome, startedAt);
    options.onProgress?.(++done, options.refs.length, outcome);
    return outcome;
  });
  await options.store.finishRun(runId, new Date().toISOString());
  return { runId, outcomes };
}
