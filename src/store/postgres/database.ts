import pg from 'pg';
import { ExternalHostError, InputError } from '../../errors.js';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from '../migrations/index.js';

/** Serialises migrations when several machines start at once. */
const MIGRATION_LOCK = 0x76_69_67_69;

/** The URL with its password masked, for status and messages (a token is never printed). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Connection failures (refused, unknown host, bad password, no database) are the server's problem, not a Vigil bug. */
export function connectionError(url: string, error: unknown): Error {
  const code = (error as { code?: string }).code;
  const where = redactUrl(url);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === '28P01' || code === '3D000' || code === '28000' || code === '57P01' || code === '57P03') {
    let host = 'the PostgreSQL server';
    try {
      host = new URL(url).host;
    } catch {
      // keep the generic name
    }
    return new ExternalHostError(host, `${where}: cannot use the PostgreSQL store: ${(error as Error).message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Apply pending migrations under an advisory lock, in one transaction. */
async function migrate(pool: pg.Pool, url: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM store_migrations');
    const version = Number(rows[0]?.v ?? 0);
    if (version > LATEST_VERSION) throw new InputError(`${redactUrl(url)}: the store is schema version ${version}; this vigil knows up to ${LATEST_VERSION}`, { hint: 'upgrade vigil' });
    for (const migration of MIGRATIONS.filter((step) => step.version > version)) {
      await client.query(migration.postgres);
      await client.query('INSERT INTO store_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A pool on the server the URL names, its tables migrated. An idle client that loses its
 * connection (the server restarted) is dropped by the pool rather than crashing the process; the
 * next query opens a new one.
 */
export async function openPostgresPool(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  pool.on('error', () => undefined);
  // A client that loses its server between queries emits 'error' on itself too; the query that
  // used it fails and is reported, the process must not crash on the event.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  try {
    await migrate(pool, url);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw connectionError(url, error);
  }
  return pool;
}
