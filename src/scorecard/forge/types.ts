import type { Changeset } from '../collect/code-review.js';

/** An issue's activity as Maintained reads it: who opened or commented, and when. */
export interface ForgeIssue {
  createdAt: Date;
  /** GitHub author associations of the opener and commenters: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, … */
  authorAssociation: string | null;
  comments: { createdAt: Date; authorAssociation: string | null }[];
}

/** A merged pull request of the recent history and what ran on its head commit (CI-Tests, SAST). */
export interface MergedPullRequest {
  number: number;
  headSha: string;
  statuses: { state: string; context: string; targetUrl: string }[];
  /** Check suites by app, with the counts of completed runs that succeeded or ended neutral. */
  checkSuites: { slug: string; successfulRuns: number; neutralRuns: number }[];
  /** Commits of the analysed history that belong to this pull request (SAST counts commits). */
  commits: number;
}

/** The repository facts of one GraphQL query (history, pull requests, reviews, issues, branch rules). */
export interface ForgeFacts {
  archived: boolean;
  createdAt: Date;
  defaultBranch: string;
  /** Committer dates of the last 30 commits of the default branch. */
  commitDates: Date[];
  issues: ForgeIssue[];
  /** Changesets of the last 30 commits, from their associated pull requests and reviews. */
  changesets: Changeset[];
  mergedPullRequests: MergedPullRequest[];
  /** The default branch's protection. */
  defaultBranchProtection: BranchProtection;
}

/** Branch protection as Scorecard's clients.BranchProtectionRule; null fields are "not available" (admin-only). */
export interface BranchProtection {
  name: string;
  protected: boolean;
  allowDeletions: boolean | null;
  allowForcePushes: boolean | null;
  enforceAdmins: boolean | null;
  requireLastPushApproval: boolean | null;
  dismissStaleReviews: boolean | null;
  requiredApprovingReviewCount: number | null;
  requireCodeOwnerReviews: boolean | null;
  upToDateBeforeMerge: boolean | null;
  statusCheckContexts: string[];
  pullRequestsRequired: boolean | null;
}

export interface ForgeRelease {
  tagName: string;
  url: string;
  targetCommitish: string;
  assets: { name: string; url: string }[];
}

export interface ForgeContributor {
  login: string;
  contributions: number;
  companies: string[];
  organizations: string[];
}

/** The forge as checks see it: each part fetched once, on first use, and the API calls they took. */
export interface ScorecardForge {
  /** `owner/repo` on the forge. */
  repo: string;
  facts(): Promise<ForgeFacts>;
  /** The last releases (REST: target branch and assets). */
  releases(): Promise<ForgeRelease[]>;
  /** Protection of branches releases are cut from, other than the default branch. */
  branches(names: string[]): Promise<BranchProtection[]>;
  contributors(): Promise<ForgeContributor[]>;
  /** Null when the token may not list hooks (it needs admin): Webhooks is then inconclusive. */
  webhooks(): Promise<{ url: string; usesSecret: boolean }[] | null>;
  /**
   * The organisation's default security policy: the first Security-Policy file name in the
   * `<owner>/.github` repository (GitHub's community health files), or null when that repository or
   * file does not exist. `location` is Scorecard's `github.com/<owner>/.github/<path>`.
   */
  orgSecurityPolicy(): Promise<{ location: string; content: Buffer } | null>;
  /** OpenSSF Best Practices badge level, or null when the project has none. */
  bestPracticesBadge(): Promise<string | null>;
  apiCalls(): number;
}
