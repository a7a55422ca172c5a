import type pg from 'pg';
import { numbered, recordsOver } from '../records.js';
import type { Store } from '../types.js';
import { PostgresAdvisoryStore } from './advisories.js';
import { connectionError, openPostgresPool, redactUrl } from './database.js';
import { PostgresMonitorStore } from './monitor.js';
import { PostgresQueueState } from './queue.js';

/** The shared store: the same tables as SQLite on a PostgreSQL server, for several machines. */
export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store & { pool: pg.Pool; queue: PostgresQueueState }> {
  const pool = await openPostgresPool(url, { max: options.poolSize ?? 4 });
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw connectionError(url, error);
    }
  };
  return {
    backend: 'postgres',
    location: redactUrl(url),
    pool,
    queue: new PostgresQueueState(pool, url),
    advisories: new PostgresAdvisoryStore(pool, url),
    monitor: new PostgresMonitorStore(pool, url),
    records: recordsOver({
      all: <T>(sql: string, values: unknown[]) => guard(async () => (await pool.query(numbered(sql), values)).rows as T[]),
      run: (sql, values) => guard(async () => void (await pool.query(numbered(sql), values))),
      transaction: (lockKey, work) =>
        guard(async () => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
            const result = await work({
              all: async <T>(sql: string, values: unknown[]) => (await client.query(numbered(sql), values)).rows as T[],
              run: async (sql, values) => void (await client.query(numbered(sql), values)),
            });
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          } finally {
            client.release();
          }
        }),
    }),
    async schemaVersion() {
      const { rows } = await pool.query<{ v: number }>('SELECT max(version) AS v FROM store_migrations');
      return Number(rows[0]?.v ?? 0);
    },
    async close() {
      await pool.end();
    },
  };
}
