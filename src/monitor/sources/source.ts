import type { RepoOutcome, RepoRef } from '../types.js';

/** Where one run's scores come from: Vigil's engine on clones, the public Scorecard API, or a results file. */
export interface ScoreSource {
  /** Recorded with the run: `engine`, `api:<base URL>`, `file:<path>`. */
  name: string;
  score(ref: RepoRef): Promise<RepoOutcome>;
  /**
   * Called with the scope before anything is scored or recorded: a source that can tell its input
   * is the wrong one (a results file with none of the scope's repositories) throws an InputError,
   * so the report and the database are not rewritten with nothing but failures (issue #17).
   */
  prepare?(refs: RepoRef[]): Promise<void>;
}
