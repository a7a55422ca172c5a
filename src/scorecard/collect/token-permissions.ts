/**
 * Raw facts for Token-Permissions (Scorecard's checks/raw/permissions.go): every `permissions:`
 * setting at the top and in each job, classified as Scorecard does, plus the workflow kinds
 * (publishing, releasing, GitHub Pages, SARIF upload) whose write scopes are expected.
 */
import type { RepoView } from '../types.js';
import type { Workflow, WorkflowJob, WorkflowPermissions } from '../workflow/parse.js';
import { scorableWorkflows } from './workflow-files.js';
import type { ProcessingError } from '../pinning-types.js';
import { anyJobMatches, GITHUB_PAGES, PACKAGING, RELEASING, SARIF_UPLOADERS } from '../workflow/job-matchers.js';

export type PermissionLevel = 'write' | 'read' | 'none' | 'unknown' | 'undeclared';
/** Scorecard's PermissionLocation values. */
export type PermissionLocation = 'topLevel' | 'jobLevel';

export interface TokenPermission {
  path: string;
  line?: number;
  /** Null for facts about the workflow as a whole (its kind). */
  location: PermissionLocation | null;
  level: PermissionLevel;
  /** The scope (`contents`), absent for `permissions: <all>` forms. */
  name?: string;
  value?: string;
  message?: string;
}

export interface TokenPermissionFacts {
  /** Workflows read (with commands); zero makes the check inconclusive. */
  workflows: number;
  permissions: TokenPermission[];
  errors: ProcessingError[];
}

const OF_INTEREST = ['statuses', 'checks', 'security-events', 'deployments', 'contents', 'packages', 'actions'];

export async function collectTokenPermissions(view: RepoView): Promise<TokenPermissionFacts> {
  const facts: TokenPermissionFacts = { workflows: 0, permissions: [], errors: [] };
  for (const file of await scorableWorkflows(view, facts.errors)) {
    facts.workflows++;
    collectWorkflow(file.workflow, facts.permissions);
  }
  return facts;
}

function collectWorkflow(workflow: Workflow, out: TokenPermission[]): void {
  const path = workflow.path;
  if (workflow.permissions === null) out.push({ path, location: 'topLevel', level: 'undeclared' });
  else classify(path, workflow.permissions, 'topLevel', new Set(), out);

  const ignored = new Set<string>();
  const kind = (matched: ReturnType<typeof anyJobMatches>): boolean => {
    out.push({ path, location: null, level: 'unknown', message: matched.message, ...(matched.line ? { line: matched.line } : {}) });
    return matched.matched;
  };
  if (kind(anyJobMatches(workflow, PACKAGING, 'not a publishing workflow'))) ignored.add('packages');
  // Scorecard asks "releasing || GitHub Pages": the second is not looked at when the first holds.
  if (kind(anyJobMatches(workflow, RELEASING, 'not a releasing workflow')) || kind(anyJobMatches(workflow, GITHUB_PAGES, 'not a GitHub Pages deployment workflow'))) {
    ignored.add('contents');
  }
  if (sarifUpload(workflow, out)) ignored.add('security-events');

  for (const job of workflow.jobs) {
    if (job.permissions === null) {
      out.push({ path, line: job.line, location: 'jobLevel', level: 'undeclared', message: 'no jobLevel permission defined' });
    } else classify(path, job.permissions, 'jobLevel', ignored, out);
  }
}

function sarifUpload(workflow: Workflow, out: TokenPermission[]): boolean {
  for (const job of workflow.jobs as WorkflowJob[]) {
    for (const step of job.steps) {
      if (step.uses === null) continue;
      if (SARIF_UPLOADERS.includes(step.uses.value.split('@')[0] ?? '')) {
        out.push({ path: workflow.path, line: step.uses.line, location: null, level: 'unknown', message: 'allowed SARIF workflow detected' });
        return true;
      }
    }
  }
  out.push({ path: workflow.path, location: null, level: 'unknown', message: 'not a SARIF workflow, or not an allowed one' });
  return false;
}

function levelOf(value: string): PermissionLevel {
  if (value === 'read' || value === 'read-all') return 'read';
  if (value === 'none') return 'none';
  return 'unknown';
}

function classify(path: string, permissions: WorkflowPermissions, location: PermissionLocation, ignored: Set<string>, out: TokenPermission[]): void {
  const all = permissions.all;
  const allSet = all !== null && all.value !== '';
  if (!allSet && permissions.scopes.length === 0) out.push({ path, location, level: 'none', value: 'none' });
  if (allSet) {
    const value = all.value;
    // Anything but read-all (write-all, or an invalid word) counts as write.
    const level = value.toLowerCase() !== 'read-all' ? 'write' : levelOf(value);
    out.push({ path, line: all.line, location, level, value });
    return;
  }
  for (const { name, value } of permissions.scopes) {
    if (value.value.toLowerCase() === 'write') {
      const interesting = OF_INTEREST.includes(name.toLowerCase()) && !ignored.has(name.toLowerCase());
      out.push({ path, line: value.line, location, level: interesting ? 'write' : 'unknown', name, value: value.value });
    } else out.push({ path, line: value.line, location, level: levelOf(value.value), name, value: value.value });
  }
}
