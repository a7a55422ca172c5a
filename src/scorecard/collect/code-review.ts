import type { HistoryCommit } from '../types.js';

/** Where a changeset's review happened, as Scorecard names platforms, plus Node.js-style trailers. */
export type ReviewPlatform = 'GitHub' | 'GitLab' | 'Prow' | 'Gerrit' | 'Phabricator' | 'Piper' | 'Trailers' | 'Unknown';

/** Commits that landed together (one pull request, one Gerrit change) and whether someone else approved them. */
export interface Changeset {
  platform: ReviewPlatform;
  revision: string;
  commits: string[];
  author: string;
  authorIsBot: boolean;
  /**
   * Whether someone other than the author approved it; null when it was merged through a pull or
   * merge request on the forge, whose reviews a clone cannot see.
   */
  approved: boolean | null;
}

const PHABRICATOR = /Differential Revision:[^\r\n]*(D\d+)/;
const PIPER = /PiperOrigin-RevId:\s*(\d{3,})/;
const PR_URL = /^PR-URL:\s*(\S+)\s*$/im;
const REVIEWED_BY = /^Reviewed-By:\s*(.+?)\s*$/gim;
const MERGE_PULL_REQUEST = /^Merge pull request #(\d+) from /;
const SQUASH_PULL_REQUEST = /\(#(\d+)\)$/;
const GITLAB_MERGE_REQUEST = /^See merge request (\S+!\d+)\s*$/m;
/** GitHub commits merges, squashes and rebases made on github.com as `GitHub <noreply@github.com>` (web-flow). */
const GITHUB_WEB_FLOW = 'noreply@github.com';

/** Bots by their commit e-mail (GitHub apps commit as `<id>+name[bot]@users.noreply.github.com`). */
export const isBotEmail = (email: string): boolean => /\[bot\]@/i.test(email);

const emailOf = (trailer: string): string => (/<([^>]+)>/.exec(trailer)?.[1] ?? trailer).toLowerCase();

/** Which platform reviewed a commit and its revision id (raw/code_review.go order, without the forge-only ones). */
export function revisionOf(commit: HistoryCommit): { platform: ReviewPlatform; revision: string } {
  const phabricator = PHABRICATOR.exec(commit.message);
  if (phabricator?.[1]) return { platform: 'Phabricator', revision: phabricator[1] };
  if (commit.message.includes('Reviewed-on:') && commit.message.includes('Reviewed-by:')) return { platform: 'Gerrit', revision: commit.sha };
  const piper = PIPER.exec(commit.message);
  if (piper?.[1]) return { platform: 'Piper', revision: piper[1] };
  // Node.js lands pull requests with `PR-URL:` and one `Reviewed-By:` per approving collaborator.
  const pr = PR_URL.exec(commit.message);
  if (pr?.[1]) return { platform: 'Trailers', revision: pr[1] };
  const forge = forgeMergeOf(commit);
  if (forge) return forge;
  return { platform: 'Unknown', revision: commit.sha };
}

/**
 * A commit the forge made when merging a pull (merge) request, whose reviews live on the forge:
 * `Merge pull request #N from …`, a commit GitHub itself committed (merge, squash or rebase on
 * github.com; its pull request is `(#N)` at the end of the subject when the subject says so), or
 * GitLab's `See merge request group/project!N`. Null for any other commit.
 */
export function forgeMergeOf(commit: HistoryCommit): { platform: ReviewPlatform; revision: string } | null {
  const subject = commit.message.split('\n', 1)[0]?.trim() ?? '';
  const merged = MERGE_PULL_REQUEST.exec(subject);
  if (merged?.[1]) return { platform: 'GitHub', revision: `#${merged[1]}` };
  if (commit.committerEmail.toLowerCase() === GITHUB_WEB_FLOW) {
    const squashed = SQUASH_PULL_REQUEST.exec(subject);
    return { platform: 'GitHub', revision: squashed?.[1] ? `#${squashed[1]}` : commit.sha };
  }
  const gitlab = GITLAB_MERGE_REQUEST.exec(commit.message);
  if (gitlab?.[1] && commit.parents.length > 1) return { platform: 'GitLab', revision: gitlab[1] };
  return null;
}

/** Group commits into changesets and decide approval from the history alone. Pure. */
export function changesetsFromHistory(commits: HistoryCommit[]): Changeset[] {
  const byRevision = new Map<string, Changeset>();
  const merged = mergedBranches(commits);
  for (const commit of commits) {
    const { platform, revision } = merged.get(commit.sha) ?? revisionOf(commit);
    const key = `${platform}\u0000${revision}`;
    const existing = byRevision.get(key);
    if (existing) {
      existing.commits.push(commit.sha);
      continue;
    }
    const reviewers = [...commit.message.matchAll(REVIEWED_BY)].map((match) => emailOf(match[1] ?? ''));
    const author = commit.authorEmail.toLowerCase();
    // A forge merge's reviews are on the forge: unknown from here, never "not approved".
    const approved = platform === 'GitHub' || platform === 'GitLab' ? null : platform === 'Gerrit' || platform === 'Phabricator' || platform === 'Piper' || (platform === 'Trailers' && reviewers.some((reviewer) => reviewer !== author));
    byRevision.set(key, { platform, revision, commits: [commit.sha], author, authorIsBot: isBotEmail(commit.authorEmail), approved });
  }
  return [...byRevision.values()];
}

/**
 * Commits a forge merge brought in (reachable from its other parents but not its first, within
 * the analysed commits): the forge associates them with that pull request, so they are one
 * changeset with the merge, as Scorecard's associatedPullRequests groups them.
 */
function mergedBranches(commits: HistoryCommit[]): Map<string, { platform: ReviewPlatform; revision: string }> {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const reachable = (starts: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = starts.filter((sha) => bySha.has(sha));
    for (let sha = stack.pop(); sha !== undefined; sha = stack.pop()) {
      if (seen.has(sha)) continue;
      seen.add(sha);
      for (const parent of bySha.get(sha)?.parents ?? []) if (bySha.has(parent) && !seen.has(parent)) stack.push(parent);
    }
    return seen;
  };
  const owner = new Map<string, { platform: ReviewPlatform; revision: string }>();
  for (const commit of commits) {
    if (commit.parents.length < 2 || owner.has(commit.sha)) continue;
    const forge = forgeMergeOf(commit);
    if (!forge) continue;
    const mainline = reachable(commit.parents.slice(0, 1));
    for (const sha of reachable(commit.parents.slice(1))) if (!mainline.has(sha) && !owner.has(sha)) owner.set(sha, forge);
  }
  return owner;
}
