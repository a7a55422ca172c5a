import { z } from 'zod';
import type { CheckScore, RepoOutcome, RepoRef } from '../types.js';

/**
 * Scorecard's JSON v2 result (what `scorecard --format json`, the public API and `vigil
 * scorecard --format json` print). Extra keys are allowed: producers add metadata.
 */
export const ScorecardJson = z.object({
  date: z.string(),
  repo: z.object({ name: z.string(), commit: z.string() }),
  score: z.number(),
  checks: z
    .array(
      z.object({
        name: z.string(),
        score: z.number(),
        reason: z.string().nullish(),
        details: z.array(z.string()).nullish(),
      }),
    )
    .default([]),
});
export type ScorecardJson = z.infer<typeof ScorecardJson>;

/** `github.com/nodejs/node` → its platform, org and repo. */
export function refFromName(name: string): RepoRef | null {
  const parts = name.replace(/^https?:\/\//, '').split('/');
  if (parts.length !== 3 || parts.some((part) => part === '')) return null;
  return { platform: parts[0]!, org: parts[1]!, repo: parts[2]! };
}

export function outcomeFromJson(ref: RepoRef, result: ScorecardJson): RepoOutcome {
  const checks: CheckScore[] = result.checks.map((check) => ({
    name: check.name,
    score: check.score,
    reason: check.reason ?? '',
    ...(check.details && check.details.length > 0 ? { details: check.details } : {}),
  }));
  return { ref, ok: true, score: result.score, date: result.date, commit: result.repo.commit, checks };
}
