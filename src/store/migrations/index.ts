import { SQLITE_ADVISORIES } from './001-advisories.js';
import { POSTGRES_ADVISORIES } from './001-advisories-postgres.js';
import { POSTGRES_MONITOR, SQLITE_MONITOR } from './002-monitor.js';
import { RECORDS } from './003-records.js';
import { POSTGRES_WORKERS, SQLITE_WORKERS } from './004-workers.js';
import { TRIAGE_SCOPE } from './005-triage-scope.js';
import { RELEASE_STEPS } from './006-release-steps.js';
import { UPDATE_LOCATIONS_RUN_PROGRESS } from './007-update-locations-run-progress.js';

/** One step of the store's single migration history, in each backend's dialect. */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/**
 * Every table Vigil records in, oldest first; a step is never edited once released, a change is a
 * new step. Steps use IF NOT EXISTS so files written before this history (advisory and monitor
 * tables created by their areas) are adopted as they are.
 */
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'advisories', sqlite: SQLITE_ADVISORIES, postgres: POSTGRES_ADVISORIES },
  { version: 2, name: 'monitor', sqlite: SQLITE_MONITOR, postgres: POSTGRES_MONITOR },
  { version: 3, name: 'records', sqlite: RECORDS, postgres: RECORDS },
  { version: 4, name: 'workers', sqlite: SQLITE_WORKERS, postgres: POSTGRES_WORKERS },
  { version: 5, name: 'triage-scope', sqlite: TRIAGE_SCOPE, postgres: TRIAGE_SCOPE },
  { version: 6, name: 'release-steps', sqlite: RELEASE_STEPS, postgres: RELEASE_STEPS },
  { version: 7, name: 'update-locations-run-progress', sqlite: UPDATE_LOCATIONS_RUN_PROGRESS, postgres: UPDATE_LOCATIONS_RUN_PROGRESS },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

/** The bookkeeping table, the same on both backends. */
export const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS store_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)';

export { POSTGRES_ADVISORY_TABLES } from './001-advisories-postgres.js';
