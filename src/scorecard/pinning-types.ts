/**
 * Raw facts of Pinned-Dependencies (Scorecard's checker.PinningDependenciesData): every
 * dependency found, pinned or not, and the places that could not be read.
 */

/** Scorecard's DependencyUseType values, verbatim (they appear in its JSON details). */
export type DependencyType =
  | 'GitHubAction'
  | 'containerImage'
  | 'downloadThenRun'
  | 'goCommand'
  | 'chocoCommand'
  | 'npmCommand'
  | 'pipCommand'
  | 'nugetCommand';

export interface Dependency {
  type: DependencyType;
  path: string;
  line: number;
  endLine: number;
  /** The `uses:` value, the FROM line, or the command as written. */
  snippet: string;
  pinned: boolean;
  /** Action or image name, and the ref or tag it is used at, when known. */
  name?: string;
  pinnedAt?: string;
  remediation?: string;
}

/** A place that could not be analysed (shell syntax error, unknown runner OS, bad file). */
export interface ProcessingError {
  path: string;
  line?: number;
  endLine?: number;
  snippet?: string;
  message: string;
}

export interface PinningFacts {
  dependencies: Dependency[];
  errors: ProcessingError[];
}
