import { InputError } from '../../errors.js';
import type { AdvisoryLookup } from '../../advisories/types.js';
import type { ScorecardResult } from '../../scorecard/types.js';
import type { CheckScore, RepoOutcome, RepoRef } from '../types.js';
import { updateClone, type CloneOptions } from './clones.js';
import type { ScoreSource } from './source.js';

/** Scorecard's JSON v2 detail line: `Warn: message: path:line`. */
function detailLine(detail: ScorecardResult['checks'][number]['details'][number]): string {
  const where = detail.path ? `: ${detail.path}${detail.line ? `:${detail.line}` : ''}` : '';
  return `${detail.type}: ${detail.message}${where}`;
}

export function outcomeFromResult(ref: RepoRef, result: ScorecardResult): RepoOutcome {
  const checks: CheckScore[] = result.checks.map((check) => ({
    name: check.name,
    score: check.score,
    reason: check.reason,
    ...(check.details.length > 0 ? { details: check.details.filter((detail) => detail.type !== 'Debug').map(detailLine) } : {}),
  }));
  return { ref, ok: true, score: result.score, date: result.date, commit: result.repo.commit, checks };
}

/**
 * Vigil's own engine: keep a shallow clone of each repository up to date and score it locally
 * (forge-only checks are inconclusive without a token and leave the aggregate, as in Scorecard).
 */
export function engineSource(options: CloneOptions & { now: Date; advisoryDb?: AdvisoryLookup | undefined }): ScoreSource {
  return {
    name: 'engine',
    async score(ref) {
      try {
        const path = await updateClone(options, ref);
        const { scoreRepository } = await import('../../scorecard/index.js');
        // The same Vulnerabilities path as `vigil scorecard`: the commit's inventory × the advisory store.
        const result = await scoreRepository(path, { name: `${ref.platform}/${ref.org}/${ref.repo}`, now: options.now, ...(options.advisoryDb ? { advisoryDb: options.advisoryDb } : {}) });
        return outcomeFromResult(ref, result);
      } catch (error) {
        // A clone that fails as the input it is (gone, private) stays failed; anything else may pass on a retry.
        return { ref, ok: false, error: error instanceof Error ? error.message : String(error), ...(error instanceof InputError ? { permanent: true } : {}) };
      }
    },
  };
}
