import type Database from 'better-sqlite3';
import { recordsOver } from '../records.js';
import type { RecordsStore, Store } from '../types.js';
import { SqliteAdvisoryStore } from './advisories.js';
import { openSqliteDatabase, sqliteError } from './database.js';
import { SqliteMonitorStore } from './monitor.js';

/** Reads of tables a read-only, not yet migrated file lacks answer empty rather than fail. */
function missingTable(error: unknown): boolean {
  return /no such table/.test((error as Error).message ?? '');
}

function sqliteRecords(db: Database.Database, file: string): RecordsStore {
  const door = {
    async all<T>(sql: string, values: unknown[]): Promise<T[]> {
      try {
        return db.prepare(sql).all(...values) as T[];
      } catch (error) {
        if (missingTable(error)) return [];
        throw sqliteError(file, error);
      }
    },
    async run(sql: string, values: unknown[]): Promise<void> {
      try {
        db.prepare(sql).run(...values);
      } catch (error) {
        throw sqliteError(file, error);
      }
    },
  };
  // better-sqlite3 has one connection: a second transaction started while the first awaits would
  // be nested into it. Transactions of this process queue here; other processes wait on the lock.
  let queue: Promise<unknown> = Promise.resolve();
  return recordsOver({
    ...door,
    // BEGIN IMMEDIATE takes the file's write lock at once (waiting up to the busy timeout), so a
    // second process's read-then-write never interleaves with this one.
    transaction<T>(_lockKey: string, work: (tx: typeof door) => Promise<T>): Promise<T> {
      const turn = queue.then(() => transactionNow(work));
      queue = turn.catch(() => undefined);
      return turn;
    },
  });

  async function transactionNow<T>(work: (tx: typeof door) => Promise<T>): Promise<T> {
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw sqliteError(file, error);
    }
    try {
      const result = await work(door);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

/** The embedded store: every table in one SQLite file (WAL), no server. */
export function openSqliteStore(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Store {
  const { db, version } = openSqliteDatabase(file, options);
  return {
    backend: 'sqlite',
    location: file,
    advisories: new SqliteAdvisoryStore(file, db, version >= 1),
    monitor: new SqliteMonitorStore(db),
    records: sqliteRecords(db, file),
    async schemaVersion() {
      return version;
    },
    async close() {
      db.close();
    },
  };
}
