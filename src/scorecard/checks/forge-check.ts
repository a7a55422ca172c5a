import { forgeOf } from '../forge/context.js';
import type { ScorecardForge } from '../forge/types.js';
import type { CheckContext, CheckDefinition, CheckResult, RepoView, Risk } from '../types.js';
import { inconclusive } from './result.js';

/** Facts of a check that only the forge can give; null when no token was given. */
export interface ForgeOnly<T> {
  facts: T | null;
}

/**
 * A check measured on the forge: without a token it is −1 and leaves the aggregate, as Scorecard
 * does when it cannot reach the API; with one, `load` reads what it needs (each part fetched once).
 */
export function forgeCheck<T>(definition: {
  name: string;
  risk: Risk;
  load: (forge: ScorecardForge, view: RepoView) => Promise<T>;
  evaluate: (facts: T, context: CheckContext) => CheckResult;
}): CheckDefinition<ForgeOnly<T>> {
  return {
    name: definition.name,
    risk: definition.risk,
    measured: 'forge',
    documentation: `https://github.com/ossf/scorecard/blob/main/docs/checks.md#${definition.name.toLowerCase()}`,
    async collect(view, context) {
      const forge = forgeOf(context);
      return { facts: forge ? await definition.load(forge, view) : null };
    },
    evaluate(facts, context) {
      if (facts.facts === null) return inconclusive(definition.name, 'forge', 'needs the GitHub API: give a token (GITHUB_TOKEN) to measure it');
      return definition.evaluate(facts.facts, context);
    },
  };
}
