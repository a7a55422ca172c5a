/**
 * Scorecard's model, as ossf/scorecard defines it (checker/check_result.go): a check scores
 * 0–10, or −1 when it cannot decide ("inconclusive"), with a reason and details.
 */

/** Scorecard's risk levels; the aggregate weighs checks 10 / 7.5 / 5 / 2.5 by these. */
export type Risk = 'Critical' | 'High' | 'Medium' | 'Low';

export const INCONCLUSIVE = -1;
export const MAX_SCORE = 10;
export const MIN_SCORE = 0;

/** One line of a check's details, as Scorecard prints them (`Warn: … file:line`). */
export interface CheckDetail {
  type: 'Info' | 'Warn' | 'Debug';
  message: string;
  /** Repository-relative file, with 1-based lines, when the detail points somewhere. */
  path?: string;
  line?: number;
  endLine?: number;
  snippet?: string;
  remediation?: string;
}

export interface CheckResult {
  /** Verbatim Scorecard names: `Pinned-Dependencies`, `Token-Permissions`, … */
  name: string;
  /** 0–10, or −1 when inconclusive (then it leaves the aggregate). */
  score: number;
  reason: string;
  details: CheckDetail[];
  /** Where the facts came from: the clone's files, its git history, or the forge's API. */
  measured: 'files' | 'history' | 'forge';
  /** Scorecard's documentation URL for the check. */
  documentation: { short: string; url: string };
}

/** A repository's whole result, ready for the JSON v2, SARIF and table writers. */
export interface ScorecardResult {
  date: string;
  repo: { name: string; commit: string };
  scorecard: { version: string; commit: string };
  /** Aggregate 0–10 with one decimal, or −1 when every check was inconclusive. */
  score: number;
  checks: CheckResult[];
  /** API calls made to the forge for this result. */
  apiCalls: number;
  /** Processing errors that did not stop the run (invalid YAML in a workflow, …). */
  problems: { path: string; line?: number; message: string }[];
  /** Hosts that failed (forge down, DNS, 5xx): their checks are inconclusive; one entry per host. */
  hostErrors?: { host: string; message: string; checks: string[] }[];
}

/** One tracked file of the commit being scored. */
export interface RepoFile {
  path: string;
  /** Bytes when known without reading (git ls-tree --long); null otherwise. */
  size: number | null;
  /** Git mode: 100644, 100755, 120000 (symlink, never followed), 160000 (submodule). */
  mode: string;
}

/**
 * What collectors read: the tracked files of one commit (never untracked files, never
 * node_modules that git does not track), with reads memoised so that no file is read twice.
 */
export interface RepoView {
  /** `github.com/owner/repo`, or the directory name for a local path. */
  name: string;
  /** The commit scored, or null when the path is not a git repository. */
  commit: string | null;
  files: RepoFile[];
  /** The file's bytes; null when absent, a symlink, or a submodule. */
  read(path: string): Promise<Buffer | null>;
  /** The file as UTF-8 text; null as for read(). */
  readText(path: string): Promise<string | null>;
  /**
   * At most the first `bytes` bytes of a file (Binary-Artifacts looks at 1,024, as Scorecard
   * does); a view on disk reads only those bytes. Optional: callers fall back to read().
   */
  readHead?(path: string, bytes: number): Promise<Buffer | null>;
  /**
   * Look at many files once each, in the order given: `visit` gets each regular file's bytes (or
   * only its first `head` bytes) and must not keep the buffer, which the next file may reuse. For
   * sweeps over a whole tree (Binary-Artifacts, Fuzzing) where a buffer, a promise and a cache
   * entry per file cost more than the read (issue #16). Optional: `sweepFiles` falls back to read().
   */
  sweep?(paths: string[], visit: (path: string, bytes: Buffer) => void, options?: { head?: number }): Promise<void>;
  /** Where the facts came from and what is missing (not a git repository, shallow clone). */
  source?: RepoSource;
}

/** How a view was opened, so history checks can say what they could not measure. */
export interface RepoSource {
  /** Absolute directory scored. */
  root: string;
  kind: 'git' | 'directory';
  /** True for a shallow clone: history is cut, history-based results say so. */
  shallow: boolean;
}

/** One commit of the scored branch, as `git log` gives it (newest first). */
export interface HistoryCommit {
  sha: string;
  /** Committer date. */
  date: Date;
  authorEmail: string;
  committerEmail: string;
  /** Parent commits (two or more: a merge). */
  parents: string[];
  /** Full message: subject, body and trailers (`Reviewed-By:`, `PR-URL:`). */
  message: string;
}

/** The branch's history, read once for every history check. */
export interface HistorySource {
  /** Newest first; at most `limit` commits. */
  commits(limit: number): Promise<HistoryCommit[]>;
  shallow: boolean;
}

/** One known, unfixed vulnerability of the repository's dependencies (OSV id and aliases). */
export interface RepoVulnerability {
  id: string;
  aliases: string[];
  /** The package and the file it was found in, for details. */
  package?: string;
  path?: string;
}

/** How the Vulnerabilities check learns what is vulnerable: inventory × advisories, computed outside the check. */
export interface VulnerabilitySource {
  unfixed(view: RepoView): Promise<RepoVulnerability[]>;
}

/** What a check needs besides the view: the forge (when a token was given) and the clock. */
export interface CheckContext {
  now: Date;
  /** Set when a forge token was given; forge-only checks return −1 without it. */
  forge?: unknown;
  /** Git history of the scored commit; absent when the path is not a git repository. */
  history?: HistorySource;
  /** Inventory × advisories; absent when no advisory store is configured (Vulnerabilities is then −1). */
  vulnerabilities?: VulnerabilitySource;
}

/**
 * A registry entry (STYLE.md rules 2–3): collect raw facts once from the view, then evaluate
 * them with no I/O. `collect` may be shared by several checks through `facts` keys.
 */
export interface CheckDefinition<Facts = unknown> {
  name: string;
  risk: Risk;
  measured: CheckResult['measured'];
  documentation: string;
  collect(view: RepoView, context: CheckContext): Promise<Facts>;
  evaluate(facts: Facts, context: CheckContext): CheckResult;
}
