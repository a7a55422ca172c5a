import type { Advisory } from '../types.js';

/** A record that could not be imported, with the file (and zip entry) it came from. */
export interface ImportProblem {
  /** `path/to/file.json`, or `all.zip:GHSA-xxxx.json` for a zip entry. */
  file: string;
  message: string;
}

/** What a feed reader yields: advisories, and problems the import reports while the rest lands. */
export type ImportItem = { advisory: Advisory } | { problem: ImportProblem };

/** One JSON document of an input: a file on disk or a zip entry, read on demand. */
export interface InputEntry {
  /** Shown in problems: the file path, or `archive.zip:entry/name.json`. */
  name: string;
  text(): Promise<string>;
}
