import { InputError } from '../errors.js';
import type { AdvisoryStore } from './advisories/types.js';
import { SqliteAdvisoryStore } from './sqlite/advisories.js';
import { isPostgresUrl } from './location.js';
import type { Store } from './types.js';

export { isPostgresUrl };

/**
 * Open the store the `db` setting names (`--db`, `VIGIL_DB`, config `db`): a SQLite file (created
 * with its directory when absent) or a postgres:// URL. Its tables are migrated on open (never on
 * a read-only open). A locked or corrupt file is an InputError; it is never recreated.
 */
export async function openStore(location: string, options: { readonly?: boolean } = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import('./postgres/index.js');
    return openPostgresStore(location);
  }
  if (location.trim() === '') throw new InputError('the db setting is empty: give --db a SQLite file path or a postgres:// URL');
  // Loaded here, not at the top: `vigil review` opens only the advisory part and need not load the monitor's and records' code.
  const { openSqliteStore } = await import('./sqlite/index.js');
  return openSqliteStore(location, options);
}

/** Only the advisory part of the store (what `vigil db` and `vigil review` use). */
export async function openAdvisoryStore(location: string, options: { readonly?: boolean } = {}): Promise<AdvisoryStore> {
  if (isPostgresUrl(location)) {
    const { PostgresAdvisoryStore } = await import('./postgres/advisories.js');
    return PostgresAdvisoryStore.open(location);
  }
  if (location.trim() === '') throw new InputError('the db setting is empty: give --db a SQLite file path or a postgres:// URL');
  return SqliteAdvisoryStore.open(location, options);
}
