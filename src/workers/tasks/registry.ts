import type { JobDefinition, JobKind } from '../types.js';
import { checkUpstreamJob } from './check-upstream.js';
import { reviewProjectJob } from './review-project.js';
import { scoreRepositoryJob } from './score-repository.js';

/** One line per job kind (STYLE rule 2); `vigil worker` runs every one of them. */
export const jobRegistry: { [K in JobKind]: JobDefinition<K> } = {
  'score-repository': scoreRepositoryJob,
  'review-project': reviewProjectJob,
  'check-upstream': checkUpstreamJob,
};
