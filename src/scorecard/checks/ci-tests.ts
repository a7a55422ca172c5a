import type { MergedPullRequest } from '../forge/types.js';
import { forgeCheck } from './forge-check.js';
import { debug, inconclusive, normalizeReason, proportionalScore, scored } from './result.js';

const NAME = 'CI-Tests';
const TEST_PATTERNS = ['appveyor', 'buildkite', 'circleci', 'e2e', 'github-actions', 'jenkins', 'mergeable', 'packit-as-a-service', 'semaphoreci', 'test', 'travis-ci', 'flutter-dashboard', 'cirrus-ci', 'Cirrus CI', 'azure-pipelines', 'ci/woodpecker', 'vstfs:///build/build'];

/** probes/testsRunInCI isTest; "Cirrus CI" can never match a lower-cased string, as upstream. */
export const isTest = (text: string): boolean => TEST_PATTERNS.some((pattern) => text.toLowerCase().includes(pattern));

/** A merged pull request was tested when a successful status or completed successful check run looks like CI. */
export function pullRequestTested(pull: MergedPullRequest): boolean {
  if (pull.statuses.some((status) => status.state === 'success' && (isTest(status.context) || isTest(status.targetUrl)))) return true;
  return pull.checkSuites.some((suite) => suite.successfulRuns > 0 && isTest(suite.slug));
}

/** evaluation/ci_tests.go: tested / merged pull requests of the last 30 commits; none is inconclusive. */
export function evaluateCiTests(pulls: MergedPullRequest[]) {
  if (pulls.length === 0) return inconclusive(NAME, 'forge', 'no pull request found');
  const tested = pulls.filter(pullRequestTested);
  const details = pulls.map((pull) => debug(tested.includes(pull) ? `CI test found: pr: ${pull.number}` : `merged PR ${pull.number} without CI test at HEAD: ${pull.headSha}`));
  const score = proportionalScore(tested.length, pulls.length);
  return scored(NAME, 'forge', score, normalizeReason(`${tested.length} out of ${pulls.length} merged PRs checked by a CI test`, score), details);
}

export const ciTests = forgeCheck<MergedPullRequest[]>({ name: NAME, risk: 'Low', load: async (forge) => (await forge.facts()).mergedPullRequests, evaluate: evaluateCiTests });
