import { existsSync } from 'node:fs';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.js';
import { isPostgresUrl } from './open.js';

/** Where a store's tables stand against this vigil's migration history (`vigil db migrate`, `db status`). */
export interface SchemaState {
  backend: 'sqlite' | 'postgres';
  /** The file path, or the URL with its password masked. */
  location: string;
  /** The applied version; 0 for a file or database without the store's tables. */
  version: number;
  latest: number;
  /** Steps this vigil would apply, oldest first. */
  pending: { version: number; name: string }[];
}

function state(backend: SchemaState['backend'], location: string, version: number): SchemaState {
  return { backend, location, version, latest: LATEST_VERSION, pending: MIGRATIONS.filter((step) => step.version > version).map(({ version: v, name }) => ({ version: v, name })) };
}

/**
 * Read the applied version without migrating or creating anything: a missing SQLite file is
 * version 0, a file or database written by a newer vigil is an InputError (exit 2), an unreachable
 * server an ExternalHostError with the password masked.
 */
export async function inspectSchema(location: string): Promise<SchemaState> {
  if (isPostgresUrl(location)) {
    const [{ default: pg }, { connectionError, redactUrl }] = await Promise.all([import('pg'), import('./postgres/database.js')]);
    const client = new pg.Client({ connectionString: location });
    client.on('error', () => undefined);
    try {
      await client.connect();
      // to_regclass follows search_path, as the store's own queries do.
      const { rows: found } = await client.query<{ t: string | null }>("SELECT to_regclass('store_migrations')::text AS t");
      const version = found[0]?.t ? Number((await client.query<{ v: number | null }>('SELECT max(version) AS v FROM store_migrations')).rows[0]?.v ?? 0) : 0;
      if (version > LATEST_VERSION) {
        const { InputError } = await import('../errors.js');
        throw new InputError(`${redactUrl(location)}: the store is schema version ${version}; this vigil knows up to ${LATEST_VERSION}`, { hint: 'upgrade vigil' });
      }
      return state('postgres', redactUrl(location), version);
    } catch (error) {
      throw connectionError(location, error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  if (!existsSync(location)) return state('sqlite', location, 0);
  const { openSqliteDatabase } = await import('./sqlite/database.js');
  const { db, version } = openSqliteDatabase(location, { readonly: true });
  db.close();
  return state('sqlite', location, version);
}

/** Apply what is pending (opening the store migrates it, under its lock) and answer what was applied since `before`. */
export async function migrateStore(location: string, before: SchemaState): Promise<SchemaState & { applied: { version: number; name: string }[] }> {
  const { openStore } = await import('./open.js');
  const store = await openStore(location);
  try {
    const version = await store.schemaVersion();
    return { ...state(before.backend, before.location, version), applied: before.pending.filter((step) => step.version <= version) };
  } finally {
    await store.close();
  }
}
