import { CHECK_DOCS } from './checks/result.js';
import type { CheckContext, CheckDefinition, CheckResult, RepoView, Risk, ScorecardResult } from './types.js';
import { INCONCLUSIVE } from './types.js';
import { ExternalHostError } from '../errors.js';

/** Scorecard's risk weights (pkg/scorecard/scorecard_result.go GetAggregateScore). */
export const RISK_WEIGHTS: Record<Risk, number> = { Critical: 10, High: 7.5, Medium: 5, Low: 2.5 };

/** Σ weight·score / Σ weight over conclusive checks; −1 when none is conclusive. Unrounded. */
export function aggregateScore(results: { name: string; score: number }[], riskOf: (name: string) => Risk | undefined): number {
  let total = 0;
  let sum = 0;
  for (const result of results) {
    if (result.score < 0) continue;
    const risk = riskOf(result.name);
    if (!risk) throw new Error(`no risk known for check ${result.name}`);
    total += RISK_WEIGHTS[risk];
    sum += RISK_WEIGHTS[risk] * result.score;
  }
  return total === 0 ? INCONCLUSIVE : sum / total;
}

/** Scorecard prints the aggregate with one decimal (`%.1f`). */
export const roundScore = (score: number): number => (score < 0 ? score : Math.round(score * 10) / 10);

export interface RunOptions {
  name: string;
  commit: string | null;
  /** API calls made for this repository, read after the checks ran. */
  apiCalls?: () => number;
  version?: string;
}

/**
 * Run checks over one view. Collectors run once each even when shared (the same function for
 * several checks); a collector that throws makes only its checks inconclusive, as Scorecard turns
 * a check's runtime error into −1 with the error as reason.
 */
export async function runChecks(view: RepoView, definitions: CheckDefinition<never>[], context: CheckContext, options: RunOptions): Promise<ScorecardResult> {
  const collected = new Map<unknown, Promise<unknown>>();
  const risks = new Map<string, Risk>(definitions.map((definition) => [definition.name, definition.risk]));
  const hostErrors = new Map<string, { host: string; message: string; checks: string[] }>();
  const results: CheckResult[] = await Promise.all(
    definitions.map(async (definition): Promise<CheckResult> => {
      const collect = definition.collect as (view: RepoView, context: CheckContext) => Promise<unknown>;
      let facts = collected.get(collect);
      if (!facts) {
        facts = collect(view, context);
        collected.set(collect, facts);
      }
      try {
        const evaluate = definition.evaluate as (facts: unknown, context: CheckContext) => CheckResult;
        return evaluate(await facts, context);
      } catch (error) {
        // A forge that could not be asked (no network, DNS, 5xx) leaves its checks inconclusive,
        // as Scorecard turns a check's runtime error into −1; the CLI warns once per host.
        if (error instanceof ExternalHostError) {
          const known = hostErrors.get(error.host) ?? { host: error.host, message: error.message, checks: [] };
          known.checks.push(definition.name);
          hostErrors.set(error.host, known);
        }
        return {
          name: definition.name,
          score: INCONCLUSIVE,
          reason: error instanceof ExternalHostError ? `inconclusive: could not ask ${error.host}: ${error.message}` : `internal error: ${(error as Error).message}`,
          details: [],
          measured: definition.measured,
          documentation: { short: CHECK_DOCS[definition.name]?.short ?? '', url: definition.documentation },
        };
      }
    }),
  );
  results.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const problems = results.flatMap((result) =>
    result.details.filter((detail) => detail.type === 'Debug' && detail.message.startsWith('workflow not parsed') && detail.path).map((detail) => ({ path: detail.path ?? '', ...(detail.line ? { line: detail.line } : {}), message: detail.message })),
  );
  const uniqueProblems = [...new Map(problems.map((problem) => [`${problem.path}:${problem.line ?? ''}`, problem])).values()];
  return {
    date: context.now.toISOString(),
    repo: { name: options.name, commit: options.commit ?? '' },
    scorecard: { version: options.version ?? 'vigil', commit: 'unknown' },
    score: roundScore(aggregateScore(results, (name) => risks.get(name) ?? CHECK_DOCS[name]?.risk)),
    checks: results,
    apiCalls: options.apiCalls?.() ?? 0,
    problems: uniqueProblems,
    ...(hostErrors.size > 0 ? { hostErrors: [...hostErrors.values()].map((entry) => ({ ...entry, checks: entry.checks.sort() })) } : {}),
  };
}
