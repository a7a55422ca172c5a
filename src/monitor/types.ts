/**
 * The monitor's model. A repository is named as the upstream scorecard-monitor names it
 * (platform / org / repo), so its scope and database files read unchanged.
 */

export interface RepoRef {
  platform: string;
  org: string;
  repo: string;
}

/** One check's score in one run: what lets a delta say which checks moved. */
export interface CheckScore {
  name: string;
  /** 0–10, or −1 when inconclusive. */
  score: number;
  reason: string;
  /** Scorecard's details lines, kept for the newest result so the dashboard can show remediation. */
  details?: string[];
}

/** What one source returned for one repository in one run. */
export type RepoOutcome =
  | { ref: RepoRef; ok: true; score: number; date: string; commit: string; checks: CheckScore[] }
  /** `permanent`: trying again cannot help (the repository is gone); a queued job is not retried. */
  | { ref: RepoRef; ok: false; error: string; permanent?: boolean };

/** A recorded point of the time series. */
export interface ScorePoint {
  runId: number;
  date: string;
  commit: string;
  score: number;
  checks: CheckScore[];
}

/** How a repository moved between its two newest points. */
export interface RepoDelta {
  ref: RepoRef;
  current: ScorePoint;
  previous: ScorePoint | null;
  /** current − previous, one decimal; 0 without a previous point. */
  delta: number;
  /** Checks whose score changed, biggest move first. */
  moved: { name: string; from: number; to: number }[];
}

export const repoKey = (ref: RepoRef): string => `${ref.platform}/${ref.org}/${ref.repo}`;
export const repoLabel = (ref: RepoRef): string => `${ref.org}/${ref.repo}`;
