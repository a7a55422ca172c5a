import type { BranchProtection } from '../forge/types.js';
import type { CheckDetail } from '../types.js';
import { contentFiles } from '../collect/listing.js';
import { forgeCheck } from './forge-check.js';
import { debug, inconclusive, info, scored, warn } from './result.js';

const NAME = 'Branch-Protection';
/** Tier weights of evaluation/branch_protection.go. */
const LEVELS = { basic: 3, adminNonAdminReview: 3, context: 2, thoroughReview: 1, adminThoroughReview: 1 };
const MIN_REVIEWS = 2;

export interface BranchProtectionFacts {
  branches: BranchProtection[];
  /** CODEOWNERS files of the clone: code-owner review only counts when one exists. */
  codeowners: string[];
}

type Outcome = 'true' | 'false' | 'na';
const fromBool = (value: boolean | null): Outcome => (value === null ? 'na' : value ? 'true' : 'false');

interface Tally {
  basic: [number, number];
  review: [number, number];
  adminReview: [number, number];
  context: [number, number];
  thoroughReview: [number, number];
  codeownerReview: [number, number];
  adminThoroughReview: [number, number];
}

/** One branch's probes, scored as the evaluation does (score, max) per tier, with its log lines. */
function tallyBranch(branch: BranchProtection, codeowners: string[], details: CheckDetail[]): Tally {
  const log = branch.protected;
  const say = (outcome: Outcome, yes: string, no: string, unknown?: string): void => {
    if (!log) return;
    if (outcome === 'true') details.push(info(yes));
    else if (outcome === 'false') details.push(warn(no, { remediation: `Enable this setting in the branch protection rule of '${branch.name}'.` }));
    else if (unknown) details.push(debug(unknown));
  };
  const t: Tally = { basic: [0, 0], review: [0, 0], adminReview: [0, 0], context: [0, 0], thoroughReview: [0, 0], codeownerReview: [0, 0], adminThoroughReview: [0, 0] };
  const add = (tier: keyof Tally, outcome: Outcome, countNa: boolean): void => {
    if (outcome === 'true') t[tier][0] += 1;
    if (countNa || outcome !== 'na') t[tier][1] += 1;
  };
  const name = branch.name;
  // Tier 1: deletion and force push blocked.
  const deletions = branch.allowDeletions === null ? 'na' : branch.allowDeletions ? 'false' : 'true';
  const forcePush = branch.allowForcePushes === null ? 'na' : branch.allowForcePushes ? 'false' : 'true';
  say(deletions, `'allow deletion' disabled on branch '${name}'`, `'allow deletion' enabled on branch '${name}'`);
  say(forcePush, `'force pushes' disabled on branch '${name}'`, `'force pushes' enabled on branch '${name}'`);
  add('basic', deletions, true);
  add('basic', forcePush, true);
  // Tier 2: pull requests with approvers, admin review settings.
  const reviewers = branch.requiredApprovingReviewCount;
  const approvers: Outcome = reviewers === null ? 'na' : reviewers > 0 ? 'true' : 'false';
  if (approvers === 'true' && (reviewers ?? 0) >= MIN_REVIEWS) say('true', `required approving review count is ${reviewers} on branch '${name}'`, '');
  else if (approvers !== 'na') say('false', '', approvers === 'true' ? `required approving review count is ${reviewers} on branch '${name}'` : `branch '${name}' does not require approvers`);
  t.thoroughReview[0] += approvers === 'true' && (reviewers ?? 0) >= MIN_REVIEWS ? 1 : 0;
  t.thoroughReview[1] += 1;
  t.review[0] += approvers === 'true' && (reviewers ?? 0) > 0 ? 2 : 0;
  t.review[1] += 2;
  for (const [value, yes, no] of [
    [branch.upToDateBeforeMerge, `status checks require up-to-date branches for '${name}'`, `status checks do not require up-to-date branches for '${name}'`],
    [branch.requireLastPushApproval, `last push approval enabled on branch '${name}'`, `last push approval disabled on branch '${name}'`],
    [branch.pullRequestsRequired, `PRs are required in order to make changes on branch '${name}'`, `PRs are not required to make changes on branch '${name}'`],
  ] as const) {
    say(fromBool(value), yes, no, `could not determine this setting on branch '${name}' (needs admin token)`);
    add('adminReview', fromBool(value), false);
  }
  // Tier 3: status checks.
  const context: Outcome = branch.statusCheckContexts.length > 0 ? 'true' : 'false';
  say(context, `status check found to merge onto on branch '${name}'`, `no status checks found to merge onto branch '${name}'`);
  add('context', context, true);
  // Tier 4: code owners (only with a CODEOWNERS file).
  const owners: Outcome = branch.requireCodeOwnerReviews === null ? 'na' : !branch.requireCodeOwnerReviews || codeowners.length === 0 ? 'false' : 'true';
  if (owners === 'true') say('true', `codeowner review is required on branch '${name}'`, '');
  else say('false', '', branch.requireCodeOwnerReviews && codeowners.length === 0 ? `codeowners review is required - but no codeowners file found in repo` : `codeowners review is not required on branch '${name}'`);
  if (owners === 'true') t.codeownerReview[0] += 1;
  t.codeownerReview[1] += 1;
  // Tier 5: stale reviews dismissed, rules apply to admins.
  for (const [value, yes, no] of [
    [branch.dismissStaleReviews, `stale review dismissal enabled on branch '${name}'`, `stale review dismissal disabled on branch '${name}'`],
    [branch.enforceAdmins, `settings apply to administrators on branch '${name}'`, `settings do not apply to administrators on branch '${name}'`],
  ] as const) {
    say(fromBool(value), yes, no, `unable to retrieve whether this setting applies on branch '${name}' (needs admin token)`);
    add('adminThoroughReview', fromBool(value), false);
  }
  return t;
}

const normalise = (score: number, max: number, level: number): number => (max === 0 ? level : (score * level) / max);

/** computeFinalScore: tiers in order, each counted only when every earlier tier is complete. */
export function branchProtectionScore(tallies: Tally[]): number {
  const sum = (tier: keyof Tally, index: 0 | 1): number => tallies.reduce((total, tally) => total + tally[tier][index], 0);
  // Scorecard multiplies the first branch's maxima by the branch count.
  const first = tallies[0];
  if (!first) return 0;
  const max = (tier: keyof Tally): number => first[tier][1] * tallies.length;
  let score = 0;
  const basic = sum('basic', 0);
  score += normalise(basic, max('basic'), LEVELS.basic);
  if (basic < max('basic')) return Math.trunc(score);
  const tier2 = sum('review', 0) + sum('adminReview', 0);
  score += normalise(tier2, max('review') + max('adminReview'), LEVELS.adminNonAdminReview);
  if (tier2 < max('review') + max('adminReview')) return Math.trunc(score);
  const context = sum('context', 0);
  score += normalise(context, max('context'), LEVELS.context);
  if (context < max('context')) return Math.trunc(score);
  const tier4 = sum('thoroughReview', 0) + sum('codeownerReview', 0);
  score += normalise(tier4, max('thoroughReview') + max('codeownerReview'), LEVELS.thoroughReview);
  if (tier4 < max('thoroughReview') + max('codeownerReview')) return Math.trunc(score);
  score += normalise(sum('adminThoroughReview', 0), max('adminThoroughReview'), LEVELS.adminThoroughReview);
  return Math.trunc(score);
}

/** evaluation/branch_protection.go over the default branch and the branches releases are cut from. */
export function evaluateBranchProtection(facts: BranchProtectionFacts) {
  if (facts.branches.length === 0) return inconclusive(NAME, 'forge', 'unable to detect any development/release branches');
  const details: CheckDetail[] = [];
  for (const branch of facts.branches) if (!branch.protected) details.push(warn(`branch protection not enabled for branch '${branch.name}'`, { remediation: `Add a branch protection rule (or ruleset) for '${branch.name}'.` }));
  const score = branchProtectionScore(facts.branches.map((branch) => tallyBranch(branch, facts.codeowners, details)));
  if (score === 0) return scored(NAME, 'forge', 0, 'branch protection not enabled on development/release branches', details);
  if (score === 10) return scored(NAME, 'forge', 10, 'branch protection is fully enabled on development and all release branches', details);
  return scored(NAME, 'forge', score, 'branch protection is not maximal on development and all release branches', details);
}

const SHA = /^[0-9a-f]{40}$/i;

export const branchProtection = forgeCheck<BranchProtectionFacts>({
  name: NAME,
  risk: 'High',
  async load(forge, view) {
    const facts = await forge.facts();
    const releaseBranches = [...new Set((await forge.releases()).map((release) => release.targetCommitish).filter((target) => target && !SHA.test(target) && target !== facts.defaultBranch))];
    const others = releaseBranches.length > 0 ? await forge.branches(releaseBranches) : [];
    // Scorecard (raw/branch_protection.go) matches the name `CODEOWNERS`, with case, at any depth
    // outside test data, not only where GitHub reads it.
    const codeowners = contentFiles(view).filter((file) => file.path === 'CODEOWNERS' || file.path.endsWith('/CODEOWNERS')).map((file) => file.path);
    return { branches: [facts.defaultBranchProtection, ...others], codeowners };
  },
  evaluate: evaluateBranchProtection,
});
