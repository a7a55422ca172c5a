import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { isNvdPage, nvdPageToAdvisories } from '../formats/nvd/read.js';
import { osvToAdvisory, type RecordResult } from '../formats/osv/read.js';
import type { Assessment } from './node-core.js';
import { inputEntries } from './sources/entries.js';
import { parseJsonInput } from '../util/read-input.js';
import { SECURITY_WG_PARTS, securityWgItems, securityWgPart, securityWgVulnDir } from './sources/security-wg/import.js';
import type { ImportProblem } from './sources/types.js';
import type { AdvisoryStore, SourceInfo, WriteSummary } from '../store/advisories/types.js';
import type { Advisory } from './types.js';

export interface ImportOptions {
  /** Called for each record that could not be imported; the import goes on. */
  onProblem?: (problem: ImportProblem) => void;
  /** Called every `progressEvery` records with the count so far. */
  onProgress?: (records: number) => void;
  progressEvery?: number;
}

export interface ImportResult {
  source: SourceInfo;
  /** What the write changed. */
  summary: WriteSummary;
  /** Records read and offered to the store. */
  records: number;
  assessments: number;
  problems: ImportProblem[];
}

/**
 * GitHub's advisory database is OSV with extras; its records say `github_reviewed`. They are
 * labelled `ghsa` so status shows where records came from; matching treats both alike.
 */
function osvFeed(raw: unknown): string {
  const specific = (raw as { database_specific?: Record<string, unknown> } | null)?.database_specific;
  return specific && 'github_reviewed' in specific ? 'ghsa' : 'osv';
}

/** One JSON document as records: an NVD page or feed, an OSV record, or an array of OSV records. */
export function documentToRecords(raw: unknown): RecordResult[] {
  if (isNvdPage(raw)) return nvdPageToAdvisories(raw);
  if (Array.isArray(raw)) return raw.map((item) => osvToAdvisory(item, osvFeed(item)));
  if (typeof raw === 'object' && raw !== null && 'id' in raw) return [osvToAdvisory(raw, osvFeed(raw))];
  return [{ problem: 'neither an OSV record nor an NVD CVE API 2.0 page' }];
}

/** Every advisory of a file, directory or zip of OSV / GitHub / NVD documents. */
async function* documentRecords(path: string, onProblem: (problem: ImportProblem) => void): AsyncGenerator<Advisory> {
  for await (const entry of inputEntries(path, onProblem)) {
    let raw: unknown;
    try {
      raw = parseJsonInput(await entry.text(), entry.name);
    } catch (error) {
      if (error instanceof InputError) {
        // A FIFO, an oversized file, a bomb or a 10,000-level document: refuse this one, keep going.
        onProblem({ file: entry.name, message: error.message.startsWith(entry.name) ? error.message.slice(entry.name.length).replace(/^:?\s*/, '') : error.message });
        continue;
      }
      onProblem({ file: entry.name, message: `not valid JSON (truncated?): ${(error as Error).message}` });
      continue;
    }
    for (const result of documentToRecords(raw)) {
      if ('advisory' in result) yield result.advisory;
      else onProblem({ file: entry.name, message: result.problem });
    }
  }
}

function nothingImported(path: string, problems: ImportProblem[]): InputError {
  const first = problems[0];
  const why = first ? `; all ${problems.length} entries were skipped, the first: ${first.file}: ${first.message}` : ': it holds no advisory file';
  return new InputError(`${path}: nothing to import${why}`, {
    file: path,
    hint: 'pass OSV records (files, a folder or all.zip), GitHub advisory database files, NVD CVE API 2.0 JSON, or a security-wg checkout, its vuln/ folder or vuln/core, vuln/npm, vuln/deps',
  });
}

/**
 * `vigil db import <file|dir|zip>`: read whatever the path holds (OSV records or all.zip dumps,
 * GitHub advisory database files, NVD 2.0 pages or feeds, a security-wg `vuln/` directory) and
 * write it as one source in one transaction. Bad records are reported and skipped.
 */
export async function importPath(store: AdvisoryStore, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const absolute = resolve(path);
  try {
    await stat(absolute);
  } catch (error) {
    throw new InputError(`${absolute}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: absolute, cause: error });
  }
  const problems: ImportProblem[] = [];
  const onProblem = (problem: ImportProblem): void => {
    problems.push(problem);
    options.onProblem?.(problem);
  };
  // A whole vuln/ directory, or one of its sub-folders (`vuln/core`): its own source, so importing
  // it does not replace what an import of the whole directory stored.
  const part = securityWgPart(absolute);
  const vulnDir = part ? part.vulnDir : securityWgVulnDir(absolute);
  const assessments: Assessment[] = [];
  const location = part ? absolute : vulnDir;
  const source: SourceInfo = vulnDir
    ? { id: `import:${location}`, kind: 'security-wg', location: location! }
    : { id: `import:${absolute}`, kind: 'import', location: absolute };
  const records = vulnDir ? securityWgItems(vulnDir, assessments, onProblem, part ? [part.part] : SECURITY_WG_PARTS) : documentRecords(absolute, onProblem);
  let count = 0;
  const every = options.progressEvery ?? 5_000;
  async function* counted(): AsyncGenerator<Advisory> {
    for await (const advisory of records) {
      count++;
      if (count % every === 0) options.onProgress?.(count);
      yield advisory;
    }
    // Nothing usable in a path the user pointed at is an input error, not an empty success:
    // thrown inside the write, so the store's transaction keeps nothing of it (issue #17).
    if (count === 0 && assessments.length === 0) throw nothingImported(absolute, problems);
  }
  const summary = await store.write(source, counted(), vulnDir ? { assessments } : {});
  return { source, summary, records: count, assessments: assessments.length, problems };
}
