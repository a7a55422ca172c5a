import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { GitHubClient } from '../forge/github/client.js';
import { InputError } from '../errors.js';
import { checkWriteTarget, isLexicallyInside, writeFileAtomic } from '../util/atomic-write.js';
import type { StepPlan } from './types.js';

export interface ApplyResult {
  written: string[];
  issues: { title: string; url: string; action: 'created' | 'exists' }[];
}

/**
 * Carry out a plan: files first (each atomically), vulnerabilities.json last, so an interrupted
 * step re-runs from the file's old state and finishes without duplicating anything.
 */
export async function applyPlan(plan: StepPlan & { rename?: { from: string; to: string } }, options: { github?: GitHubClient; vulnerabilitiesFile: string; roots?: string[] }): Promise<ApplyResult> {
  if (plan.refusals.length > 0) throw new InputError(`release step ${plan.step} refused:\n${plan.refusals.map((line) => `  - ${line}`).join('\n')}`);
  // Each write stays inside the directory it is meant for (the release checkout, the output
  // directory): checked for all before the first write or issue, so a refusal leaves nothing done.
  const roots = [...(options.roots ?? [])].sort((a, b) => b.length - a.length);
  const rootOf = (path: string): string | undefined => roots.find((root) => isLexicallyInside(root, path));
  for (const write of plan.writes) checkWriteTarget(write.path, rootOf(write.path));
  if (plan.rename) for (const path of [plan.rename.from, plan.rename.to]) checkWriteTarget(path, rootOf(path));
  const result: ApplyResult = { written: [], issues: [] };
  const ordered = [...plan.writes.filter((write) => write.path !== options.vulnerabilitiesFile), ...plan.writes.filter((write) => write.path === options.vulnerabilitiesFile)];
  for (const issue of plan.issues) {
    if (!options.github) throw new InputError('a GitHub token is needed to open the notification issues: set GITHUB_TOKEN');
    const { data: found } = await options.github.rest.search.issuesAndPullRequests({ q: `repo:${issue.owner}/${issue.repo} is:issue in:title "${issue.title}"` });
    const existing = found.items.find((item) => item.title === issue.title);
    if (existing) result.issues.push({ title: issue.title, url: existing.html_url, action: 'exists' });
    else {
      const { data } = await options.github.rest.issues.create({ owner: issue.owner, repo: issue.repo, title: issue.title, body: issue.body });
      result.issues.push({ title: issue.title, url: data.html_url, action: 'created' });
    }
  }
  for (const write of ordered) {
    const root = rootOf(write.path);
    await writeFileAtomic(write.path, write.content, root === undefined ? {} : { root });
    result.written.push(write.path);
  }
  if (plan.rename) {
    if (existsSync(plan.rename.to)) throw new InputError(`${plan.rename.to} already exists; not overwriting it`, { file: plan.rename.to });
    await rename(plan.rename.from, plan.rename.to);
    result.written.push(plan.rename.to);
  }
  return result;
}
