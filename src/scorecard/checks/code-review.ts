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
function evaluateKnown(facts: CodeReviewFacts & { changesets: (Changeset & { approved: boolean })[] }): CheckResult {
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

/**
 * Scorecard's evaluation, when some changesets' approval is unknown (merged through pull requests
 * whose reviews only the forge knows): the score when it is the same whichever way they went,
 * else inconclusive with the reason, never a firm 0 that lowers the aggregate.
 */
export function evaluateCodeReview(facts: CodeReviewFacts): CheckResult {
  if (facts.changesets === null) return inconclusive(NAME, facts.measured, facts.unavailable ?? 'no history');
  if (facts.changesets.length === 0) return inconclusive(NAME, facts.measured, 'no changesets detected');
  const unknown = facts.changesets.filter((changeset) => changeset.approved === null);
  const assume = (approved: boolean) => evaluateKnown({ ...facts, changesets: facts.changesets?.map((changeset) => ({ ...changeset, approved: changeset.approved ?? approved })) ?? [] });
  if (unknown.length === 0) return assume(false);
  const low = assume(false);
  const high = assume(true);
  const revisions = unknown.slice(0, 5).map((changeset) => `${changeset.platform} ${changeset.revision.startsWith('#') ? changeset.revision : changeset.revision.slice(0, 12)}`).join(', ');
  const why = `${unknown.length} of ${facts.changesets.length} changesets were merged through pull requests on the forge (${revisions}${unknown.length > 5 ? ', …' : ''}) whose reviews a clone cannot see`;
  if (low.score === high.score) return { ...low, reason: `${low.reason} (${why}; the score is the same either way)` };
  return inconclusive(NAME, facts.measured, `${why}: give a forge token (GITHUB_TOKEN) to read them`);
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
