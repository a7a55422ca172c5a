import { packagingFacts } from '../collect/packaging.js';
import { collectWorkflows, type WorkflowFacts } from '../collect/workflows.js';
import type { CheckDefinition, CheckDetail } from '../types.js';
import { debug, inconclusive, info, scored } from './result.js';

const NAME = 'Packaging';

/** 10 when a publishing workflow is found, otherwise −1, never 0 (evaluation/packaging.go). */
export function evaluatePackaging(workflows: WorkflowFacts) {
  const facts = packagingFacts(workflows);
  const problems: CheckDetail[] = facts.problems.map((problem) => debug(`workflow not parsed: ${problem.message}`, { path: problem.path, ...(problem.line ? { line: problem.line } : {}) }));
  if (facts.matches.length === 0) {
    return inconclusive(NAME, 'files', 'packaging workflow not detected', [
      ...problems,
      { type: 'Warn', message: 'no GitHub/GitLab publishing workflow detected.', remediation: 'Publish releases from a GitHub Actions workflow (e.g. actions/setup-node with registry-url and npm publish --provenance).' },
    ]);
  }
  const details = facts.matches.map((match) => info('Project packages its releases by way of GitHub Actions.', { path: match.path, line: match.line, snippet: match.message }));
  return scored(NAME, 'files', 10, 'packaging workflow detected', [...problems, ...details]);
}

export const packaging: CheckDefinition<WorkflowFacts> = {
  name: NAME,
  risk: 'Medium',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#packaging',
  collect: collectWorkflows,
  evaluate: (workflows) => evaluatePackaging(workflows),
};
