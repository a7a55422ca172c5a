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
}

/** What a check needs besides the view: the forge (when a token was given) and the clock. */
export interface CheckContext {
  now: Date;
  /** Set when a forge token was given; forge-only checks return −1 without it. */
  forge?: unknown;
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
