import { forgeOf } from '../forge/context.js';
import type { ForgeIssue } from '../forge/types.js';
import type { CheckContext, CheckDefinition, CheckDetail, CheckResult, RepoView } from '../types.js';
import { inconclusive, info, normalizeReason, proportionalScore, scored, warn } from './result.js';
import { COMMITS_TO_ANALYZE } from './code-review.js';

const NAME = 'Maintained';
const LOOK_BACK_DAYS = 90;
/** One activity a week over 90 days: 90·1/7 = 12 in Go's integer arithmetic. */
const EXPECTED_ACTIVITY = Math.trunc((1 * LOOK_BACK_DAYS) / 7);
const MEMBER_OR_HIGHER = new Set(['COLLABORATOR', 'MEMBER', 'OWNER']);

export interface MaintainedFacts {
  commitDates: Date[] | null;
  /** Null without a forge: issue activity, archive state and creation date are then not measured. */
  forge: { archived: boolean; createdAt: Date; issues: ForgeIssue[] } | null;
  unavailable?: string;
}

/** Scorecard's issueActivityByProjectMember: opened or commented by a collaborator or higher within the window. */
function issueActive(issue: ForgeIssue, threshold: Date): boolean {
  if (issue.authorAssociation && MEMBER_OR_HIGHER.has(issue.authorAssociation) && issue.createdAt > threshold) return true;
  return issue.comments.some((comment) => comment.authorAssociation !== null && MEMBER_OR_HIGHER.has(comment.authorAssociation) && comment.createdAt > threshold);
}

/** evaluation/maintained.go: archived 0, created in the last 90 days 0, else (commits + active issues) / 12. */
export function evaluateMaintained(facts: MaintainedFacts, now: Date): CheckResult {
  const measured: CheckResult['measured'] = facts.forge ? 'forge' : 'history';
  if (facts.commitDates === null) return inconclusive(NAME, measured, facts.unavailable ?? 'no history');
  const threshold = new Date(now.getTime() - LOOK_BACK_DAYS * 24 * 3600 * 1000);
  const details: CheckDetail[] = [];
  if (facts.forge?.archived) return scored(NAME, measured, 0, 'project is archived', [warn('Repository is archived.')]);
  if (facts.forge && facts.forge.createdAt > threshold) {
    return scored(NAME, measured, 0, 'project was created within the last 90 days. Please review its contents carefully', [warn(`Repository was created within the last ${LOOK_BACK_DAYS} days.`)]);
  }
  const commits = facts.commitDates.filter((date) => date > threshold).length;
  const issues = facts.forge ? facts.forge.issues.filter((issue) => issueActive(issue, threshold)).length : 0;
  if (!facts.forge) details.push(info('commit term measured from git history; issue activity, archived status and creation date need a forge token (not counted)'));
  const score = proportionalScore(commits + issues, EXPECTED_ACTIVITY);
  return scored(NAME, measured, score, normalizeReason(`${commits} commit(s) and ${issues} issue activity found in the last ${LOOK_BACK_DAYS} days`, score), details);
}

async function collectMaintained(_view: RepoView, context: CheckContext): Promise<MaintainedFacts> {
  const forge = forgeOf(context);
  if (forge) {
    const facts = await forge.facts();
    return { commitDates: facts.commitDates, forge: { archived: facts.archived, createdAt: facts.createdAt, issues: facts.issues } };
  }
  if (!context.history) return { commitDates: null, forge: null, unavailable: 'git history unavailable: not a git repository, and no forge token' };
  const commits = await context.history.commits(COMMITS_TO_ANALYZE);
  if (context.history.shallow && commits.length < COMMITS_TO_ANALYZE) {
    return { commitDates: null, forge: null, unavailable: `shallow clone: only ${commits.length} commits of history; fetch at least ${COMMITS_TO_ANALYZE} or give a forge token` };
  }
  return { commitDates: commits.map((commit) => commit.date), forge: null };
}

export const maintained: CheckDefinition<MaintainedFacts> = {
  name: NAME,
  risk: 'High',
  measured: 'history',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#maintained',
  collect: collectMaintained,
  evaluate: (facts, context) => evaluateMaintained(facts, context.now),
};
