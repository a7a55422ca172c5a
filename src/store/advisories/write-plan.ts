import type { WriteSummary } from './types.js';

/** What a write does with one offered record. */
export type WriteVerdict = 'inserted' | 'updated' | 'unchanged' | 'older';

/**
 * Newer `modified` wins (issue #3); an older one never overwrites what a fresher feed wrote. At an
 * equal time the content decides: identical is a re-import that changes nothing, different is
 * taken (security-wg entries carry no timestamps, so an edit there shows up only as new content).
 * Shared by both backends so they agree.
 */
export function writeVerdict(stored: { modifiedMs: number; json: string } | undefined, offeredMs: number, offeredJson: string): WriteVerdict {
  if (stored === undefined) return 'inserted';
  if (offeredMs > stored.modifiedMs) return 'updated';
  if (offeredMs < stored.modifiedMs) return 'older';
  return offeredJson === stored.json ? 'unchanged' : 'updated';
}

export function emptySummary(): WriteSummary {
  return { inserted: 0, updated: 0, unchanged: 0, older: 0 };
}
