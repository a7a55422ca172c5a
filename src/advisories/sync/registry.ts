import { ghsaFeed } from './ghsa.js';
import { nvdFeed } from './nvd.js';
import { osvFeed } from './osv.js';
import { securityWgFeed } from './security-wg.js';
import type { FeedSync } from './types.js';

/** Every live feed, in the order `vigil db sync` runs them (STYLE.md rule 2: a table, not a switch). */
export const feeds: FeedSync[] = [osvFeed, ghsaFeed, nvdFeed, securityWgFeed];
