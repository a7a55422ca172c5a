import type { RepoOutcome, RepoRef } from '../types.js';

/** Where one run's scores come from: Vigil's engine on clones, the public Scorecard API, or a results file. */
export interface ScoreSource {
  /** Recorded with the run: `engine`, `api:<base URL>`, `file:<path>`. */
  name: string;
  score(ref: RepoRef): Promise<RepoOutcome>;
}
