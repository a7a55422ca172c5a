import { existsSync } from 'node:fs';
import type { AdvisoryLookup } from '../advisories/types.js';

/**
 * The advisory store Vulnerabilities reads (`vigil db sync` or `db import`), opened read-only and
 * never created; undefined when it is missing or empty (the check is then inconclusive). One
 * function for `vigil scorecard` and `monitor run`, so both score the same commit the same way.
 */
export async function openAdvisoryDb(location: string): Promise<{ lookup: AdvisoryLookup; close: () => Promise<void> } | undefined> {
  const advisories = await import('../advisories/index.js');
  if (!advisories.isPostgresUrl(location) && !existsSync(location)) return undefined;
  const store = await advisories.openAdvisoryStore(location, { readonly: true });
  if (await store.isEmpty()) {
    await store.close();
    return undefined;
  }
  return { lookup: store, close: () => store.close() };
}
