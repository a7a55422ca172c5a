import type { HistoryCommit } from '../types.js';

/** Where a changeset's review happened, as Scorecard names platforms, plus Node.js-style trailers. */
export type ReviewPlatform = 'GitHub' | 'Prow' | 'Gerrit' | 'Phabricator' | 'Piper' | 'Trailers' | 'Unknown';

/** Commits that landed together (one pull request, one Gerrit change) and whether someone else approved them. */
export interface Changeset {
  platform: ReviewPlatform;
  revision: string;
  commits: string[];
  author: string;
  authorIsBot: boolean;
  approved: boolean;
}

const PHABRICATOR = /Differential Revision:[^\r\n]*(D\d+)/;
const PIPER = /PiperOrigin-RevId:\s*(\d{3,})/;
const PR_URL = /^PR-URL:\s*(\S+)\s*$/im;
const REVIEWED_BY = /^Reviewed-By:\s*(.+?)\s*$/gim;

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
  return { platform: 'Unknown', revision: commit.sha };
}

/** Group commits into changesets and decide approval from the history alone. Pure. */
export function changesetsFromHistory(commits: HistoryCommit[]): Changeset[] {
  const byRevision = new Map<string, Changeset>();
  for (const commit of commits) {
    const { platform, revision } = revisionOf(commit);
    const key = `${platform}\u0000${revision}`;
    const existing = byRevision.get(key);
    if (existing) {
      existing.commits.push(commit.sha);
      continue;
    }
    const reviewers = [...commit.message.matchAll(REVIEWED_BY)].map((match) => emailOf(match[1] ?? ''));
    const author = commit.authorEmail.toLowerCase();
    const approved = platform === 'Gerrit' || platform === 'Phabricator' || platform === 'Piper' || (platform === 'Trailers' && reviewers.some((reviewer) => reviewer !== author));
    byRevision.set(key, { platform, revision, commits: [commit.sha], author, authorIsBot: isBotEmail(commit.authorEmail), approved });
  }
  return [...byRevision.values()];
}
