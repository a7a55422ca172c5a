/**
 * Raw facts for Dangerous-Workflow (Scorecard's checks/raw/dangerous_workflow.go): checkouts of
 * untrusted pull-request code in `pull_request_target`/`workflow_run` workflows, and `${{ }}`
 * expressions of attacker-controlled context inside `run:` scripts.
 */
import type { RepoView } from '../types.js';
import type { Workflow, WorkflowJob } from '../workflow/parse.js';
import { scorableWorkflows } from './workflow-files.js';
import type { ProcessingError } from '../pinning-types.js';

export interface DangerousPattern {
  type: 'untrustedCheckout' | 'scriptInjection';
  path: string;
  line: number;
  /** The checkout ref or the expression, as written. */
  snippet: string;
  job: string;
}

export interface DangerousWorkflowFacts {
  workflows: number;
  patterns: DangerousPattern[];
  errors: ProcessingError[];
}

const UNTRUSTED = new RegExp(
  '.*(issue\\.title|issue\\.body|pull_request\\.title|pull_request\\.body|discussion\\.title|discussion\\.body|' +
    'comment\\.body|review\\.body|review_comment\\.body|pages.*\\.page_name|commits.*\\.message|head_commit\\.message|' +
    'head_commit\\.author\\.email|head_commit\\.author\\.name|commits.*\\.author\\.email|commits.*\\.author\\.name|' +
    'blocked_user\\.name|blocked_user\\.email|pull_request\\.head\\.ref|pull_request\\.head\\.label|' +
    'pull_request\\.head\\.repo\\.default_branch).*',
);

/** Scorecard's containsUntrustedContextPattern, for the inside of one `${{ }}`. */
export function isUntrustedContext(expression: string): boolean {
  if (expression.includes('github.head_ref')) return true;
  if (/tojson\s*\(\s*github(\.event)?\s*\)/i.test(expression)) return true;
  return expression.includes('github.event.') && UNTRUSTED.test(expression);
}

export async function collectDangerousWorkflow(view: RepoView): Promise<DangerousWorkflowFacts> {
  const facts: DangerousWorkflowFacts = { workflows: 0, patterns: [], errors: [] };
  for (const file of await scorableWorkflows(view, facts.errors)) {
    facts.workflows++;
    untrustedCheckouts(file.workflow, facts);
    scriptInjections(file.workflow, facts);
  }
  return facts;
}

function jobName(job: WorkflowJob): string {
  return job.name ?? job.id;
}

function untrustedCheckouts(workflow: Workflow, facts: DangerousWorkflowFacts): void {
  if (!workflow.events.includes('pull_request_target') && !workflow.events.includes('workflow_run')) return;
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (step.uses === null || !step.uses.value.includes('actions/checkout')) continue;
      const ref = step.with.get('ref');
      if (ref === undefined) continue;
      if (ref.value.includes('github.event.pull_request') || ref.value.includes('github.event.workflow_run')) {
        facts.patterns.push({ type: 'untrustedCheckout', path: workflow.path, line: step.line, snippet: ref.value, job: jobName(job) });
      }
    }
  }
}

function scriptInjections(workflow: Workflow, facts: DangerousWorkflowFacts): void {
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (step.run === null) continue;
      let script = step.run.value;
      for (;;) {
        const start = script.indexOf('${{');
        if (start === -1) break;
        const end = script.slice(start).indexOf('}}');
        if (end === -1) {
          facts.errors.push({ path: workflow.path, line: step.run.line, message: 'unterminated ${{ expression in run:' });
          break;
        }
        const expression = script.slice(start + 3, start + end);
        if (isUntrustedContext(expression)) {
          facts.patterns.push({ type: 'scriptInjection', path: workflow.path, line: step.run.line, snippet: expression, job: jobName(job) });
        }
        script = script.slice(start + end);
      }
    }
  }
}
