import type { Changeset } from '../collect/code-review.js';

/** An issue's activity as Maintained reads it: who opened or commented, and when. */
export interface ForgeIssue {
  createdAt: Date;
  /** GitHub author associations of the opener and commenters: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, … */
  authorAssociation: string | null;
  comments: { createdAt: Date; authorAssociation: string | null }[];
}

/** What the forge knows that a clone cannot, fetched once per repository (GraphQL first, REST where GraphQL has no field). */
export interface ForgeFacts {
  archived: boolean;
  createdAt: Date;
  defaultBranch: string;
  /** Committer dates of the last 30 commits of the default branch. */
  commitDates: Date[];
  issues: ForgeIssue[];
  /** Changesets of the last 30 commits, from their associated pull requests and reviews. */
  changesets: Changeset[];
}

/** The forge as checks see it: facts fetched once, and how many API calls they took. */
export interface ScorecardForge {
  /** `owner/repo` on the forge. */
  repo: string;
  facts(): Promise<ForgeFacts>;
  apiCalls(): number;
}
