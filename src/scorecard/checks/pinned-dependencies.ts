/**
 * Pinned-Dependencies, scored as Scorecard's checks/evaluation/pinned_dependencies.go does:
 * every dependency counts one, weighted 10, except GitHub Actions, split into GitHub-owned
 * (weight 2) and third-party (weight 8) when both kinds appear; score = 10·Σ(pinned·w)/Σ(total·w),
 * integer division. No dependency at all is inconclusive.
 */
import type { CheckDefinition, CheckDetail, CheckResult } from '../types.js';
import type { Dependency, PinningFacts } from '../pinning-types.js';
import { collectPinnedDependencies } from '../collect/pinned-dependencies.js';
import { isGitHubOwnedAction } from '../collect/pinned-workflows.js';
import { checkDocumentation, unparsedWorkflowDetails } from './doc.js';

const NAME = 'Pinned-Dependencies';
const documentation = checkDocumentation(NAME, 'Determines if the project has declared and pinned the dependencies of its build process.');

interface Tally {
  pinned: number;
  total: number;
}
interface Group extends Tally {
  weight: number;
}

/** Scorecard's CreateProportionalScoreWeighted: −1 when no group has members. */
export function proportionalScore(groups: Group[]): number {
  let weighted = 0;
  let total = 0;
  let any = false;
  let allZero = true;
  for (const group of groups) {
    if (group.total === 0) continue;
    any = true;
    if (group.weight !== 0) allZero = false;
    weighted += group.pinned * group.weight;
    total += group.total * group.weight;
  }
  if (!any) return -1;
  if (allZero) return 10;
  return Math.min(Math.floor((10 * weighted) / total), 10);
}

function unpinnedMessage(dependency: Dependency): string {
  if (dependency.type !== 'GitHubAction') return `${dependency.type} not pinned by hash`;
  return `${isGitHubOwnedAction(dependency.snippet) ? 'GitHub-owned' : 'third-party'} GitHubAction not pinned by hash`;
}

function tallyLine(tally: Tally, name: string): CheckDetail {
  const pad = (n: number): string => String(n).padStart(3, ' ');
  return { type: 'Info', message: `${pad(tally.pinned)} out of ${pad(tally.total)} ${name} dependencies pinned` };
}

export function evaluatePinnedDependencies(facts: PinningFacts): CheckResult {
  const details: CheckDetail[] = unparsedWorkflowDetails(facts.errors);
  const result = (score: number, reason: string): CheckResult => ({ name: NAME, score, reason, details, measured: 'files', documentation });
  for (const error of facts.errors) {
    const detail: CheckDetail = { type: 'Info', message: error.message, path: error.path };
    if (error.line !== undefined) detail.line = error.line;
    details.push(detail);
  }
  const gitHubOwned: Tally = { pinned: 0, total: 0 };
  const thirdParty: Tally = { pinned: 0, total: 0 };
  const byType = new Map<string, Tally>();
  for (const dependency of facts.dependencies) {
    if (!dependency.pinned) {
      const detail: CheckDetail = {
        type: 'Warn',
        message: unpinnedMessage(dependency),
        path: dependency.path,
        line: dependency.line,
        endLine: dependency.endLine,
        snippet: dependency.snippet,
      };
      if (dependency.remediation !== undefined) detail.remediation = dependency.remediation;
      details.push(detail);
    }
    let tally: Tally;
    if (dependency.type === 'GitHubAction') tally = isGitHubOwnedAction(dependency.snippet) ? gitHubOwned : thirdParty;
    else {
      tally = byType.get(dependency.type) ?? { pinned: 0, total: 0 };
      byType.set(dependency.type, tally);
    }
    tally.total++;
    if (dependency.pinned) tally.pinned++;
  }
  const groups: Group[] = [];
  if (gitHubOwned.total > 0 && thirdParty.total > 0) {
    details.push(tallyLine(gitHubOwned, 'GitHub-owned GitHubAction'), tallyLine(thirdParty, 'third-party GitHubAction'));
    groups.push({ ...gitHubOwned, weight: 2 }, { ...thirdParty, weight: 8 });
  } else if (gitHubOwned.total > 0) {
    details.push(tallyLine(gitHubOwned, 'GitHub-owned GitHubAction'));
    groups.push({ ...gitHubOwned, weight: 10 });
  } else if (thirdParty.total > 0) {
    details.push(tallyLine(thirdParty, 'third-party GitHubAction'));
    groups.push({ ...thirdParty, weight: 10 });
  }
  for (const [type, tally] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    details.push(tallyLine(tally, type));
    groups.push({ ...tally, weight: 10 });
  }
  const score = proportionalScore(groups);
  if (score < 0) return result(-1, 'no dependencies found');
  if (score === 10) return result(10, 'all dependencies are pinned');
  return result(score, `dependency not pinned by hash detected -- score normalized to ${score}`);
}

export const pinnedDependencies: CheckDefinition<PinningFacts> = {
  name: NAME,
  risk: 'Medium',
  measured: 'files',
  documentation: documentation.url,
  collect: (view) => collectPinnedDependencies(view),
  evaluate: (facts) => evaluatePinnedDependencies(facts),
};
