/**
 * Reading and parsing the graph's files. A file's loads are cached per content within a run: the same package version installed at several paths is parsed once (loads that name a path,
 * `__dirname` folded, are not cached).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseModule, type ParseOptions } from './parse.js';
import type { ModuleInfo } from './types.js';

/**
 * Text a file must contain to load anything: a re-export (`export * from`, `export {…} from`)
 * counts, and `Function` (`new Function(code)` can import() without either word in the file).
 */
export const MAY_LOAD = /require|import|eval|\bFunction\b|\bexport\s*[*{]/;

/** Files a graph reaches that are never parsed: data, assets, type declarations. */
export const NOT_CODE = /\.(?:json|node|wasm|css|scss|less|svg|png|jpe?g|gif|txt|md|html)$|\.d\.[cm]?ts$/i;

/** What reading one file gave: its loads, nothing to parse (no load word), or why it could not be read. */
/** `key`: the content key under which the loads may be kept (null: they name a path, see pathFree). */
export type FileResult = { kind: 'parsed'; info: ModuleInfo; key: string | null } | { kind: 'no-loads' } | { kind: 'unreadable'; error: string };

/** Loads that do not depend on where the file is: no folded absolute path, no createRequire base. */
function pathFree(info: ModuleInfo): boolean {
  return info.loads.every((site) => site.base === undefined && !(site.specifier ?? site.prefix).startsWith('/'));
}

/** Where loads are kept by content key: a Map, or FileParser's run over the loads kept from earlier runs. */
export interface LoadsByContent {
  get(key: string): ModuleInfo | undefined;
  set(key: string, info: ModuleInfo): unknown;
}

/** Read and parse one file, through `cache` (content hash and extension → loads). */
export function readAndParse(file: string, cache: LoadsByContent, options: ParseOptions = {}): FileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { kind: 'unreadable', error: (error as Error).message };
  }
  // Only files that can load something are parsed: most of a tree's leaves are data and helpers.
  // `export * from './x'` and `export { a } from 'b'` load without the words require or import.
  if (!MAY_LOAD.test(text)) return { kind: 'no-loads' };
  // The extension picks the dialect (TypeScript or JavaScript with JSX).
  const key = `${extname(file)}:${createHash('sha1').update(text).digest('base64')}`;
  const cached = cache.get(key);
  if (cached) return { kind: 'parsed', info: cached, key };
  const info = parseModule(file, text, options);
  if (!pathFree(info)) return { kind: 'parsed', info, key: null };
  cache.set(key, info);
  return { kind: 'parsed', info, key };
}

/**
 * Reads and parses on the calling thread, with one content cache for a graph's run: this run's
 * loads over `known` (loads kept from earlier runs, loads-cache.ts), which is read, never copied
 * (up to 100,000 entries) nor changed.
 */
export class FileParser {
  private readonly cache: LoadsByContent;
  constructor(known: ReadonlyMap<string, ModuleInfo> = new Map()) {
    const found = new Map<string, ModuleInfo>();
    this.cache = { get: (key) => found.get(key) ?? known.get(key), set: (key, info) => found.set(key, info) };
  }
  take(file: string): FileResult {
    return readAndParse(file, this.cache);
  }
}

/** This module decides cached loads: the disk cache (loads-cache.ts) is named after its text. */
export const SOURCE_URL = import.meta.url;
