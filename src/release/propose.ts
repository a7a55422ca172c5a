import { relative, sep } from 'node:path';
import type { GitHubClient } from '../forge/github/client.js';
import { proposeChange, type ProposalResult } from '../forge/github/pull-requests.js';
import type { StepPlan } from './types.js';

/** Where `finalize --pull-request` sends the security-wg files. */
export interface ProposalTarget {
  owner: string;
  repo: string;
  /** The pull request's base; the repository's default branch when omitted. */
  base?: string;
  /** The local security-wg checkout the paths are relative to (the parent of `--vuln-dir`). */
  checkoutRoot: string;
}

/** A plan split in two: writes inside the checkout become the pull request, the rest stay local. */
export interface SplitPlan {
  local: StepPlan;
  proposed: { path: string; content: string }[];
  branch: string;
}

/** The branch a release's security-wg changes live on, one per release date: updated in place on a re-run. */
export function proposalBranch(releaseDate: string | undefined): string {
  return `vigil/security-release-${(releaseDate ?? 'next').replaceAll('/', '-')}`;
}

/**
 * Take the writes that land in the security-wg checkout out of the plan: they are proposed on a
 * branch and pull request (never committed to the default branch), and the checkout is left as
 * it was. vulnerabilities.json and anything outside the checkout are still written locally.
 */
export function splitForProposal(plan: StepPlan, target: ProposalTarget): SplitPlan {
  const inside = (path: string): string | null => {
    const rel = relative(target.checkoutRoot, path);
    return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel.split(sep).join('/') : null;
  };
  const proposed = plan.writes.flatMap((write) => {
    const rel = inside(write.path);
    return rel === null ? [] : [{ path: rel, content: write.content }];
  });
  const local = { ...plan, writes: plan.writes.filter((write) => inside(write.path) === null) };
  const branch = proposalBranch(plan.data?.releaseDate);
  local.actions = [...plan.actions, `propose ${proposed.length} file(s) to ${target.owner}/${target.repo} on branch ${branch} with a pull request (the local checkout is left as it is)`];
  return { local, proposed, branch };
}

/** `139, 140`: the entry numbers a proposal adds or changes. */
function entryIds(split: SplitPlan): string {
  return split.proposed.flatMap((file) => /\/(\d+)\.json$/.exec(file.path)?.[1] ?? []).join(', ');
}

/** Commit the proposed files on the release's branch and open (or update in place) its pull request. */
export async function proposeSecurityWgChanges(client: GitHubClient, target: ProposalTarget, split: SplitPlan, summary: string[]): Promise<ProposalResult> {
  return proposeChange(client, {
    owner: target.owner,
    repo: target.repo,
    ...(target.base ? { base: target.base } : {}),
    branch: split.branch,
    title: `Security release: vuln/core ${entryIds(split) || 'data'}`,
    body: ['Written by `vigil release finalize` from the release\'s vulnerabilities.json.', '', ...summary.map((line) => `- ${line}`)].join('\n'),
    commitMessage: 'vuln: add the security release entries',
    files: split.proposed,
  });
}
