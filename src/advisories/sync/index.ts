import { toVigilError, type VigilError } from '../../errors.js';
import { feeds } from './registry.js';
import type { FeedId, SourceSyncResult, SyncContext } from './types.js';

export type { FeedId, SourceSyncResult, SyncContext } from './types.js';
export { feeds } from './registry.js';

export interface FeedOutcome {
  feed: FeedId;
  results: SourceSyncResult[];
  /** Set when the feed failed; what it had committed before failing stays, and resumes next time. */
  error?: VigilError;
}

/**
 * Run the named feeds in registry order. A failing feed does not stop the others, but its
 * failure is returned (and the CLI exits non-zero): a feed that timed out never reads as
 * "no advisories" (STYLE.md rule 4).
 */
export async function syncFeeds(context: SyncContext, ids: FeedId[]): Promise<FeedOutcome[]> {
  const outcomes: FeedOutcome[] = [];
  for (const feed of feeds.filter((candidate) => ids.includes(candidate.id))) {
    try {
      outcomes.push({ feed: feed.id, results: await feed.sync(context) });
    } catch (error) {
      outcomes.push({ feed: feed.id, results: [], error: toVigilError(error) });
    }
  }
  return outcomes;
}
