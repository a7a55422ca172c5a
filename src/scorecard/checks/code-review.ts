import { changesetsFromHistory, type Changeset } from '../collect/code-review.js';
import type { CheckContext, CheckDefinition, CheckResult, RepoView } from '../types.js';
import { inconclusive, normalizeReason, proportionalScore, scored, warn } from './result.js';
import { forgeOf } from '../forge/context.js';

const NAME = 'Code-Review';
/** Scorecard looks at the last 30 commits of the default branch. */
export const COMMITS_TO_ANALYZE = 30;

export interface CodeReviewFacts {
  changesets: Changeset[] | null;
  measured: CheckResult['measured'];
  unavailable?: string;
}

/** Scorecard's codeApproved probe and evaluation: approved bot changesets do not count; all approved gives 10. */
export function evaluateCodeReview(facts: CodeReviewFacts): CheckResult {
  if (facts.changesets === null) return inconclusive(NAME, facts.measured, facts.unavailable ?? 'no history');
  if (facts.changesets.length === 0) return inconclusive(NAME, facts.measured, 'no changesets detected');
  let changes = 0;
  let approved = 0;
  let human = false;
  const details = [];
  for (const changeset of facts.changesets) {
    if (changeset.approved && changeset.authorIsBot) continue;
    changes += 1;
    if (!changeset.authorIsBot) human = true;
    if (changeset.approved) approved += 1;
    else details.push(warn(`changeset ${changeset.revision} (${changeset.platform}) was not approved by another reviewer`, { remediation: 'Require an approving review from someone other than the author before merging.' }));
  }
  if (approved !== changes) {
    const score = proportionalScore(approved, changes);
    return scored(NAME, facts.measured, score, normalizeReason(`Found ${approved}/${changes} approved changesets`, score), details);
  }
  if (!human) return inconclusive(NAME, facts.measured, `Found no human activity in the last ${facts.changesets.length} changesets`);
  return scored(NAME, facts.measured, 10, 'all changesets reviewed', details);
}

/** Forge data when a token was given (pull requests and their reviews); otherwise review trailers in the history. */
async function collectCodeReview(_view: RepoView, context: CheckContext): Promise<CodeReviewFacts> {
  const forge = forgeOf(context);
  if (forge) return { changesets: (await forge.facts()).changesets, measured: 'forge' };
  if (!context.history) return { changesets: null, measured: 'history', unavailable: 'git history unavailable: not a git repository, and no forge token' };
  const commits = await context.history.commits(COMMITS_TO_ANALYZE);
  if (context.history.shallow && commits.length < COMMITS_TO_ANALYZE) {
    return { changesets: null, measured: 'history', unavailable: `shallow clone: only ${commits.length} commits of history; fetch at least ${COMMITS_TO_ANALYZE} (git fetch --deepen) or give a forge token` };
  }
  return { changesets: changesetsFromHistory(commits), measured: 'history' };
}

export const codeReview: CheckDefinition<CodeReviewFacts> = {
  name: NAME,
  risk: 'High',
  measured: 'history',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#code-review',
  collect: collectCodeReview,
  evaluate: (facts) => evaluateCodeReview(facts),
};
