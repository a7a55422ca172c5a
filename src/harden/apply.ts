/**
 * Carrying out a plan: write the changed files (atomically: never a half-written workflow), or
 * commit them on a branch and open or update the pull request through src/forge.
 */
import { dirname, join } from 'node:path';
import { assertInside, removeStaleTemporariesIn, writeFileAtomic } from '../util/atomic-write.js';
import { proposeChange } from '../forge/index.js';
import type { GitHubClient, ProposalResult } from '../forge/index.js';
import type { HardenPlan } from './types.js';

/**
 * Remove what a killed earlier `--apply` left (`.<name>.<pid>-<hex>.tmp` beside workflows,
 * Dockerfiles, dependabot.yml), also when this run has nothing left to write (issue #20).
 * Answers the removed files, relative to the root.
 */
export function removeStaleWrites(plan: HardenPlan): string[] {
  const dirs = new Set([join(plan.root, '.github', 'workflows'), join(plan.root, '.github'), plan.root]);
  for (const file of [...plan.files.map((changed) => changed.path), ...plan.skipped.map((skip) => skip.path)]) dirs.add(dirname(join(plan.root, file)));
  const removed: string[] = [];
  for (const dir of dirs) {
    // Never through a link out of the repository.
    try {
      assertInside(plan.root, dir);
    } catch {
      continue;
    }
    removed.push(...removeStaleTemporariesIn(dir).map((file) => file.slice(plan.root.length + 1)));
  }
  return removed;
}

export async function writePlan(plan: HardenPlan): Promise<string[]> {
  // Every target is checked before the first write: a refused one leaves nothing half applied.
  for (const file of plan.files) assertInside(plan.root, join(plan.root, file.path));
  for (const file of plan.files) await writeFileAtomic(join(plan.root, file.path), file.after, { root: plan.root });
  return plan.files.map((file) => file.path);
}

/** The pull request's text: what changed, file by file, and what was left and why. */
export function pullRequestBody(plan: HardenPlan): string {
  const lines = ['Hardening proposed by `vigil harden` (OpenSSF Scorecard: Pinned-Dependencies, Token-Permissions, Dependency-Update-Tool).', ''];
  for (const file of plan.files) {
    lines.push(`### \`${file.path}\``);
    for (const change of file.changes) lines.push(`- line ${change.line}: ${change.description}`);
    lines.push('');
  }
  if (plan.skipped.length > 0) {
    lines.push('### Left as it was', '');
    for (const skip of plan.skipped) lines.push(`- \`${skip.path}${skip.line ? `:${skip.line}` : ''}\` (${skip.fix}): ${skip.reason}`);
  }
  return lines.join('\n');
}

export interface ProposeOptions {
  owner: string;
  repo: string;
  branch?: string;
  base?: string;
}

export function proposePlan(client: GitHubClient, plan: HardenPlan, options: ProposeOptions): Promise<ProposalResult> {
  return proposeChange(client, {
    owner: options.owner,
    repo: options.repo,
    branch: options.branch ?? 'vigil/harden',
    ...(options.base ? { base: options.base } : {}),
    title: 'Harden GitHub workflows: pinned actions, least-privilege tokens, update tool',
    body: pullRequestBody(plan),
    commitMessage: 'Harden workflows: pin actions and images, least-privilege token permissions, Dependabot\n\nProposed by vigil harden.',
    files: plan.files.map((file) => ({ path: file.path, content: file.after })),
  });
}
