import { collectSast, type SastFacts } from '../collect/sast.js';
import type { CheckDefinition, CheckDetail } from '../types.js';
import { aggregateScoresWithWeight, info, inconclusive, normalizeReason, proportionalScore, scored, warn } from './result.js';

const NAME = 'SAST';
const REMEDIATION = 'Run CodeQL (github/codeql-action/analyze) or another SAST tool on every pull request.';

/**
 * Scorecard's evaluation/sast.go, including its quirks: a non-CodeQL tool gives 10 at once;
 * CodeQL's score starts at 0, never −1; with forge data, 3:7 weights of run ratio and CodeQL.
 */
export function evaluateSast(facts: SastFacts) {
  const details: CheckDetail[] = facts.configs.map((config) =>
    info(`SAST configuration detected: ${config.tool}`, { path: config.path, line: config.line, ...(config.endLine ? { endLine: config.endLine } : {}), ...(config.snippet ? { snippet: config.snippet } : {}) }),
  );
  for (const problem of facts.problems) details.unshift({ type: 'Debug', message: `workflow not parsed: ${problem.message}`, path: problem.path, ...(problem.line ? { line: problem.line } : {}) });
  const codeQlScore = facts.configs.some((config) => config.tool === 'CodeQL') ? 10 : 0;
  if (facts.configs.some((config) => config.tool !== 'CodeQL')) return scored(NAME, 'files', 10, 'SAST tool detected', details);
  if (facts.configs.length === 0) details.push(warn('no SAST configuration files detected', { remediation: REMEDIATION }));

  let sastScore = -1;
  if (facts.commits !== null && facts.commits.length > 0) {
    const analysed = facts.commits.filter((commit) => commit.compliant).length;
    const total = facts.commits.length;
    sastScore = proportionalScore(analysed, total);
    details.push(analysed === total ? info(`all commits (${total}) are checked with a SAST tool`) : warn(`${analysed} commits out of ${total} are checked with a SAST tool`, { remediation: REMEDIATION }));
  } else {
    details.push(warn('no pull requests merged into dev branch'));
  }
  const measured = facts.commits === null ? 'files' : 'forge';
  if (sastScore !== -1) {
    if (sastScore === 10) return scored(NAME, measured, 10, 'SAST tool is run on all commits', details);
    if (codeQlScore === 0) return scored(NAME, measured, sastScore, normalizeReason('SAST tool is not run on all commits', sastScore), details);
    const score = aggregateScoresWithWeight([
      { score: sastScore, weight: 3 },
      { score: codeQlScore, weight: 7 },
    ]);
    return scored(NAME, measured, score, 'SAST tool detected but not run on all commits', details);
  }
  if (codeQlScore === 10) return scored(NAME, measured, 10, 'SAST tool detected: CodeQL', details);
  return codeQlScore === 0 ? scored(NAME, measured, 0, 'no SAST tool detected', details) : inconclusive(NAME, measured, 'internal error', details);
}

export const sast: CheckDefinition<SastFacts> = {
  name: NAME,
  risk: 'Medium',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#sast',
  collect: collectSast,
  evaluate: (facts) => evaluateSast(facts),
};
