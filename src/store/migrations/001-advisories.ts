/**
 * The advisory tables, version 1. Records are stored whole as JSON (the Advisory model) and
 * indexed by what lookups ask: (ecosystem, name), CPE (vendor, product), alias. Table names carry
 * an `advisory_` prefix because the same file is the store other areas write to (DESIGN.md `store/`).
 * `advisories` is a rowid table (its rows are ~1 KB of JSON, too large for WITHOUT ROWID's B-tree
 * pages); the small index tables are WITHOUT ROWID. `advisory_meta` is kept for files written before
 * the store had one migration history (it held `schema_version`).
 */
export const SQLITE_ADVISORIES = `
CREATE TABLE IF NOT EXISTS advisory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisories (
  id TEXT PRIMARY KEY,
  feed TEXT NOT NULL,
  source_id TEXT NOT NULL,
  modified TEXT NOT NULL,
  modified_ms INTEGER NOT NULL,
  withdrawn TEXT,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS advisory_packages (
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (ecosystem, name, advisory_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS advisory_packages_by_advisory ON advisory_packages (advisory_id);
CREATE TABLE IF NOT EXISTS advisory_cpes (
  vendor TEXT NOT NULL,
  product TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (vendor, product, advisory_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS advisory_cpes_by_advisory ON advisory_cpes (advisory_id);
CREATE TABLE IF NOT EXISTS advisory_aliases (
  alias TEXT NOT NULL,
  advisory_id TEXT NOT NULL,
  PRIMARY KEY (alias, advisory_id)
) WITHOUT ROWID;
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

