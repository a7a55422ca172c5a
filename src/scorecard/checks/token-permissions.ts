/**
 * Token-Permissions, scored as Scorecard's checks/evaluation/permissions.go does, probe by probe
 * (unknown, then job-level, then top-level findings, whose order the rule depends on). Per
 * workflow: undeclared top-level is −0.5, or 0 overall when a job is undeclared too; top-level
 * write on contents/packages/actions −10, deployments/security-events −1, checks/statuses −0.5;
 * `write-all` −0.5, or 0 when a job also writes or is undeclared. Job-level writes only warn.
 * The result is truncated to an integer; no workflow at all is inconclusive.
 */
import type { CheckDefinition, CheckDetail, CheckResult } from '../types.js';
import { collectTokenPermissions } from '../collect/token-permissions.js';
import type { TokenPermission, TokenPermissionFacts } from '../collect/token-permissions.js';
import { checkDocumentation, unparsedWorkflowDetails } from './doc.js';

const NAME = 'Token-Permissions';
const documentation = checkDocumentation(NAME, "Determines if the project's workflows follow the principle of least privilege.");
const REMEDIATION = 'declare least-privilege permissions (vigil harden --only permissions)';
const EXCESSIVE = 'detected GitHub workflow tokens with excessive permissions';

function text(p: TokenPermission): string {
  if (p.message !== undefined) return p.message;
  if (p.level === 'none') return "found token with 'none' permissions";
  if (p.level === 'undeclared') return `no ${p.location ?? ''} permission defined`;
  if (p.name === undefined) return `${p.location ?? ''} permissions set to '${p.value ?? ''}'`;
  return `${p.location ?? ''} '${p.name}' permission set to '${p.value ?? ''}'`;
}

function detail(type: CheckDetail['type'], p: TokenPermission, remediation = false): CheckDetail {
  const out: CheckDetail = { type, message: text(p), path: p.path };
  if (p.line !== undefined) out.line = p.line;
  if (remediation) out.remediation = REMEDIATION;
  return out;
}

export function evaluateTokenPermissions(facts: TokenPermissionFacts): CheckResult {
  const details: CheckDetail[] = facts.errors.map((e) => ({ type: 'Warn', message: `Possibly incomplete results: ${e.message}`, path: e.path, ...(e.line ? { line: e.line } : {}) }));
  details.unshift(...unparsedWorkflowDetails(facts.errors));
  const result = (score: number, reason: string): CheckResult => ({ name: NAME, score, reason, details, measured: 'files', documentation });
  if (facts.workflows === 0) return result(-1, 'No tokens found');

  const unknown = facts.permissions.filter((p) => p.level === 'unknown');
  const jobLevel = facts.permissions.filter((p) => p.location === 'jobLevel');
  const topLevel = facts.permissions.filter((p) => p.location === 'topLevel');
  const undeclaredJob = new Set<string>();
  const undeclaredTop = new Set<string>();
  const writeJob = new Set<string>();
  const writeTop = new Set<string>();
  let score = 10;

  for (const p of unknown) details.push(detail('Debug', p));
  for (const p of jobLevel) {
    if (p.level === 'none' || p.level === 'read') details.push(detail('Info', p));
    else if (p.level === 'undeclared') {
      details.push(detail('Debug', p));
      undeclaredJob.add(p.path);
      // Top-level findings come later, so this never lowers the score by itself.
      if (writeTop.has(p.path) || undeclaredTop.has(p.path)) score = 0;
    } else if (p.level === 'write' && p.name !== undefined) {
      details.push(detail('Warn', p, true));
      writeJob.add(p.path);
      if (writeTop.has(p.path)) score = 0;
      else if (undeclaredTop.has(p.path)) score -= 0.5;
    }
  }
  for (const p of topLevel) {
    if (p.level === 'none' || p.level === 'read') {
      details.push(detail('Info', p));
      continue;
    }
    if (p.level === 'undeclared') {
      details.push(detail('Warn', p, true));
      undeclaredTop.add(p.path);
      score = undeclaredJob.has(p.path) ? 0 : score - 0.5;
      continue;
    }
    if (p.level !== 'write') continue;
    const token = p.value === 'write-all' ? 'write-all' : p.name;
    if (token === undefined) continue;
    writeTop.add(p.path);
    if (token !== 'write-all' && token !== 'all') {
      const reduce = ['checks', 'statuses'].includes(token) ? 0.5 : ['contents', 'packages', 'actions'].includes(token) ? 10 : ['deployments', 'security-events'].includes(token) ? 1 : 0;
      if (reduce > 0) details.push(detail('Warn', p, true));
      score -= reduce;
      continue;
    }
    details.push(detail('Warn', p, true));
    if (writeJob.has(p.path) || undeclaredJob.has(p.path)) return result(0, EXCESSIVE);
    score -= 0.5;
  }
  score = Math.max(score, 0);
  if (writeJob.size === 0) details.push({ type: 'Info', message: 'no jobLevel write permissions found' });
  if (score !== 10) return result(Math.trunc(score), EXCESSIVE);
  return result(10, 'GitHub workflow tokens follow principle of least privilege');
}

export const tokenPermissions: CheckDefinition<TokenPermissionFacts> = {
  name: NAME,
  risk: 'High',
  measured: 'files',
  documentation: documentation.url,
  collect: (view) => collectTokenPermissions(view),
  evaluate: (facts) => evaluateTokenPermissions(facts),
};
