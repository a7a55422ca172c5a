/**
 * The advisory tables in PostgreSQL, the same shape as the SQLite ones (`001-advisories.ts`). JSON
 * is kept as text, not jsonb: jsonb reorders keys, and a re-import compares stored text exactly.
 */
export const POSTGRES_ADVISORIES = `
CREATE TABLE IF NOT EXISTS advisory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisories (
  id TEXT PRIMARY KEY,
  feed TEXT NOT NULL,
  source_id TEXT NOT NULL,
  modified TEXT NOT NULL,
  modified_ms BIGINT NOT NULL,
  withdrawn TEXT,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS advisory_packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory_id)
);
CREATE INDEX IF NOT EXISTS advisory_packages_by_advisory ON advisory_packages (advisory_id);
CREATE TABLE IF NOT EXISTS advisory_cpes (
  vendor TEXT NOT NULL,
  product TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (vendor, product, advisory_id)
);
CREATE INDEX IF NOT EXISTS advisory_cpes_by_advisory ON advisory_cpes (advisory_id);
CREATE TABLE IF NOT EXISTS advisory_aliases (
  alias TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (alias, advisory_id)
);
CREATE INDEX IF NOT EXISTS advisory_aliases_by_advisory ON advisory_aliases (advisory_id);
CREATE TABLE IF NOT EXISTS advisory_sources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  location TEXT NOT NULL,
  last_sync TEXT NOT NULL,
  records INTEGER NOT NULL,
  cursor TEXT
);
CREATE TABLE IF NOT EXISTS advisory_assessments (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  json TEXT NOT NULL
);
`;

/** Tables counted in `status().sizeBytes`. */
export const POSTGRES_ADVISORY_TABLES = ['advisories', 'advisory_packages', 'advisory_cpes', 'advisory_aliases', 'advisory_sources', 'advisory_assessments'];
