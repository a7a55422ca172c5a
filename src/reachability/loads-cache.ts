/**
 * Each parsed file's loads, kept on disk between runs, by content: the key is the file's
 * extension and the SHA-1 of its text (the in-run cache's key, parse-files.ts), so a changed file
 * is parsed again and the same package version installed anywhere is parsed once. Only loads that
 * do not depend on where the file is are kept (no folded absolute path, no createRequire base).
 * The file's name holds a hash of the code that decides loads (parse.ts, fold.ts, oxc-raw.ts,
 * parse-files.ts) and of the code that writes this file (loads-cache.ts), as loaded (the source
 * files, or the built files that hold them), and of oxc-parser's version: other code never reads
 * a cache it did not write. A cache that cannot be read is ignored, one that cannot be written is
 * skipped: the graph is the same either way.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_URL as FOLD } from './fold.js';
import { SOURCE_URL as RAW } from './oxc-raw.js';
import { SOURCE_URL as PARSE } from './parse.js';
import { SOURCE_URL as PARSE_FILES } from './parse-files.js';
import type { ModuleInfo } from './types.js';
import { writeFileAtomicSync } from '../util/atomic-write.js';
import { readInputTextSync } from '../util/read-input.js';

/** Entries kept at most (about 150 bytes each): those of the last run first. */
const MAX_ENTRIES = 100_000;

let codeHash: string | null = null;

/** A hash of the code that decides loads and of this file's format, and of oxc-parser's version. */
function codeIdentity(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha1');
  for (const url of new Set([PARSE, FOLD, RAW, PARSE_FILES, import.meta.url])) hash.update(readFileSync(fileURLToPath(url)));
  hash.update((createRequire(import.meta.url)('oxc-parser/package.json') as { version: string }).version);
  codeHash = hash.digest('hex').slice(0, 16);
  return codeHash;
}

/** The cache file for this code under `dir` (e.g. ~/.cache/vigil). */
export function loadsCacheFile(dir: string): string {
  return join(dir, `reachability-loads-${codeIdentity()}.json`);
}

/**
 * The entries of a cache file (empty when there is none or it cannot be read). Through the
 * project's bounded reader: a FIFO or device left at the cache's name is refused, not waited on.
 */
export function readLoadsCache(file: string): Map<string, ModuleInfo> {
  try {
    const parsed = JSON.parse(readInputTextSync(file, { kind: 'state' })) as { entries?: [string, ModuleInfo][] };
    return new Map(Array.isArray(parsed.entries) ? parsed.entries : []);
  } catch {
    return new Map();
  }
}

/**
 * Write `used` (this run's entries) and as many older entries as fit, atomically (a concurrent run
 * reads the old file or the new one, never half of one; a killed writer's temporary is removed by
 * the next). Bytes, not text: the loads hold no secret, and redacting ~15 MB of JSON would cost.
 */
export function writeLoadsCache(file: string, used: Map<string, ModuleInfo>, older: Map<string, ModuleInfo>): void {
  const entries = [...used];
  for (const entry of older) {
    if (entries.length >= MAX_ENTRIES) break;
    if (!used.has(entry[0])) entries.push(entry);
  }
  try {
    writeFileAtomicSync(file, Buffer.from(JSON.stringify({ entries: entries.slice(0, MAX_ENTRIES) })), { root: false });
  } catch {
    // A cache that cannot be written costs the next run its parse, nothing else.
  }
}
