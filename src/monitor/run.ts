import type { ScoreSource } from './sources/source.js';
import type { MonitorStore } from '../store/index.js';
import type { RepoOutcome, RepoRef } from './types.js';

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
      outcome = await options.source.score(ref);
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
