import { InputError } from '../errors.js';
import { SqliteAdvisoryStore } from './store/sqlite.js';
import type { AdvisoryStore } from './store/types.js';

/** Is this `db` setting a PostgreSQL URL rather than a SQLite file path? */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/**
 * Open the store the `db` setting names: a SQLite file (created with its directory when absent)
 * or a postgres:// URL. A locked or corrupt file is an InputError; it is never recreated.
 */
export async function openAdvisoryStore(location: string, options: { readonly?: boolean } = {}): Promise<AdvisoryStore> {
  if (isPostgresUrl(location)) {
    const { PostgresAdvisoryStore } = await import('./store/postgres.js');
    return PostgresAdvisoryStore.open(location);
  }
  if (location.trim() === '') throw new InputError('the db setting is empty: give --db a SQLite file path or a postgres:// URL');
  return SqliteAdvisoryStore.open(location, options);
}
