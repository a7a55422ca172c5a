import type { Advisory } from '../../advisories/types.js';
import { jsonPath } from '../vulnerabilities-json/read.js';
import { OsvRecord } from './schema.js';

/** The outcome of reading one record: an advisory, or why it was refused. */
export type RecordResult = { advisory: Advisory } | { problem: string };

/** OSV timestamps are RFC 3339; stored as given, but a record without a parseable one is refused. */
function isTimestamp(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

/**
 * Validate one parsed OSV record and normalise it into the Advisory model. `source` says which
 * feed it came from (`osv`, `ghsa`): GitHub's advisory database is OSV with extras, and the
 * extras (`last_known_affected_version_range`, `github_reviewed`, severity labels) are already
 * in `database_specific`, so both feeds share this reader.
 */
export function osvToAdvisory(raw: unknown, source: string): RecordResult {
  const parsed = OsvRecord.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `not an OSV record: ${issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid'}` };
  }
  const record = parsed.data;
  if (!isTimestamp(record.modified)) return { problem: `${record.id}: modified is not a timestamp: ${JSON.stringify(record.modified)}` };
  const advisory: Advisory = {
    id: record.id,
    aliases: [...new Set(record.aliases ?? [])].filter((alias) => alias !== record.id),
    modified: record.modified,
    severity: record.severity ?? [],
    affected: record.affected ?? [],
    references: record.references ?? [],
    source,
  };
  if (record.published) advisory.published = record.published;
  if (record.withdrawn) advisory.withdrawn = record.withdrawn;
  if (record.summary) advisory.summary = record.summary;
  if (record.details) advisory.details = record.details;
  if (record.database_specific) advisory.database_specific = record.database_specific;
  return { advisory };
}

/** Parse JSON text holding one OSV record (or, as some dumps do, an array of them). */
export function parseOsvText(text: string, source: string): RecordResult[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return [{ problem: `not valid JSON: ${(error as Error).message}` }];
  }
  return Array.isArray(raw) ? raw.map((item) => osvToAdvisory(item, source)) : [osvToAdvisory(raw, source)];
}
