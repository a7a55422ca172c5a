import { join } from 'node:path';
import { engineSource } from '../../monitor/sources/engine.js';
import { scorecardApiSource } from '../../monitor/sources/api.js';
import type { ScoreSource } from '../../monitor/sources/source.js';
import type { RepoOutcome } from '../../monitor/types.js';
import type { JobDefinition, ScoreSourceSpec, WorkerContext } from '../types.js';

async function sourceOf(spec: ScoreSourceSpec, context: WorkerContext, runDate: string): Promise<ScoreSource> {
  // The queue retries with backoff, so the HTTP client does not retry on its own as well.
  if (spec.kind === 'api') return scorecardApiSource({ baseUrl: spec.baseUrl, retries: 0 });
  // Vulnerabilities from the shared store, as `vigil scorecard` reads it; an empty store leaves the check inconclusive.
  const advisoryDb = !(await context.store.advisories.isEmpty()) ? context.store.advisories : undefined;
  return engineSource({ directory: join(context.clonesDirectory, 'clones'), gitBaseUrl: spec.gitBaseUrl, depth: spec.depth, now: new Date(runDate), advisoryDb });
}

/**
 * Score one repository for a queued run. A failure that may pass (a 5xx, a timeout, a broken
 * fetch) throws, so the queue retries it with backoff; on the last attempt the failure is recorded
 * first (the run's report lists it) and the job then fails into the dead-letter state with its
 * error. A permanent failure (the repository is gone) is recorded at once. `record` replaces what
 * an earlier attempt recorded, so a worker killed after recording never records twice.
 */
export const scoreRepositoryJob: JobDefinition<'score-repository'> = {
  id: 'score-repository',
  summary: 'score a repository (local engine on a shallow clone, or the Scorecard API) and record it in its run',
  async run(payload, context, attempt) {
    const source = await sourceOf(payload.source, context, payload.runDate);
    let outcome: RepoOutcome;
    try {
      outcome = await source.score(payload.ref);
    } catch (error) {
      outcome = { ref: payload.ref, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const last = attempt.attempt >= attempt.maxAttempts;
    if (!outcome.ok && !outcome.permanent && !last) throw new Error(outcome.error);
    await context.store.monitor.record(payload.runId, outcome, payload.runDate);
    if (await context.store.monitor.finishIfComplete(payload.runId, new Date().toISOString())) context.log(`run ${payload.runId} finished`);
    if (!outcome.ok && !outcome.permanent) throw new Error(`${outcome.error} (attempt ${attempt.attempt} of ${attempt.maxAttempts}; recorded as failed)`);
  },
};
