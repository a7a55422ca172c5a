/**
 * Dangerous-Workflow, as Scorecard's checks/evaluation/dangerous_workflow.go: 0 when any
 * untrusted checkout or script injection is found, 10 otherwise, −1 without workflows.
 */
import type { CheckDefinition, CheckDetail, CheckResult } from '../types.js';
import { collectDangerousWorkflow } from '../collect/dangerous-workflow.js';
import type { DangerousWorkflowFacts } from '../collect/dangerous-workflow.js';
import { checkDocumentation, unparsedWorkflowDetails } from './doc.js';

const NAME = 'Dangerous-Workflow';
const documentation = checkDocumentation(NAME, "Determines if the project's GitHub Action workflows avoid dangerous patterns.");

const MESSAGES = {
  untrustedCheckout: 'untrusted code checkout',
  scriptInjection: 'script injection with untrusted input',
} as const;
const REMEDIATIONS = {
  untrustedCheckout: 'do not check out the pull request head in a privileged workflow (pull_request_target, workflow_run)',
  scriptInjection: 'pass the value through an environment variable (env:) instead of expanding ${{ }} in the script',
} as const;

export function evaluateDangerousWorkflow(facts: DangerousWorkflowFacts): CheckResult {
  const details: CheckDetail[] = facts.errors.map((e) => ({ type: 'Warn', message: `Possibly incomplete results: ${e.message}`, path: e.path, ...(e.line ? { line: e.line } : {}) }));
  details.unshift(...unparsedWorkflowDetails(facts.errors));
  const result = (score: number, reason: string): CheckResult => ({ name: NAME, score, reason, details, measured: 'files', documentation });
  if (facts.workflows === 0) return result(-1, 'no workflows found');
  // Scorecard logs script injections first (its probes run in that order).
  const ordered = [...facts.patterns.filter((p) => p.type === 'scriptInjection'), ...facts.patterns.filter((p) => p.type === 'untrustedCheckout')];
  for (const pattern of ordered) {
    details.push({
      type: 'Warn',
      message: `${MESSAGES[pattern.type]}: job '${pattern.job}'`,
      path: pattern.path,
      line: pattern.line,
      snippet: pattern.snippet,
      remediation: REMEDIATIONS[pattern.type],
    });
  }
  if (facts.patterns.length > 0) return result(0, 'dangerous workflow patterns detected');
  return result(10, 'no dangerous workflow patterns detected');
}

export const dangerousWorkflow: CheckDefinition<DangerousWorkflowFacts> = {
  name: NAME,
  risk: 'Critical',
  measured: 'files',
  documentation: documentation.url,
  collect: (view) => collectDangerousWorkflow(view),
  evaluate: (facts) => evaluateDangerousWorkflow(facts),
};
