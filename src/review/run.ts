// runReview on its own, so `vigil review` loads the review and not the rest of the area (issue
// sync, Octokit, the security-wg triage reader): index.ts re-exports it for everyone else.
import type { AdvisoryLookup } from '../advisories/types.js';
import type { Inventory } from '../inventory/types.js';
import { applyTriage } from './triage/apply.js';
import { reviewInventory, type ReviewOptions } from './review.js';
import type { ReviewReport, TriageEntry } from './types.js';

export interface RunReviewInput {
  /** One inventory per release line (the work tree, or each --ref). */
  inventories: { inventory: Inventory; product?: string }[];
  lookup: AdvisoryLookup;
  triage: { file: string | null; entries: TriageEntry[] };
  now: Date;
  oracle?: ReviewOptions['oracle'];
}

/** Review every inventory, then apply the triage file across all of them (so "unused" means unused in every line). */
export async function runReview(input: RunReviewInput): Promise<ReviewReport> {
  const targets = [];
  for (const { inventory, product } of input.inventories) {
    targets.push(await reviewInventory(inventory, input.lookup, { ...(product ? { product } : {}), ...(input.oracle ? { oracle: input.oracle } : {}) }));
  }
  const { unused, expired } = applyTriage(targets, input.triage.entries, input.now);
  // Unused and expired entries are housekeeping for the triage file. Entries that are not in it
  // (line 0: the WG's vuln/deps decisions from the store, --wg-triage) are about other versions
  // as often as not; listing them as "null:0: matched no finding" would only be noise.
  const inFile = (entry: TriageEntry): boolean => entry.line > 0;
  return { generatedAt: input.now.toISOString(), targets, triage: { file: input.triage.file, unused: unused.filter(inFile), expired: expired.filter(inFile) } };
}

