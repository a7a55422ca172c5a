import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { InputError } from '../../errors.js';
import { checkWriteTarget } from '../../util/atomic-write.js';
import { describeFileKind } from '../../util/read-input.js';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from '../migrations/index.js';
import { loadSqliteDriver, type SqliteDriver } from './driver.js';

let driver: SqliteDriver | undefined;
/** A connection to `file` through the one driver (loaded at the first open). */
function connect(file: string, options: Database.Options): Database.Database {
  driver ??= loadSqliteDriver();
  return new driver.Database(file, driver.nativeBinding === undefined ? options : { ...options, nativeBinding: driver.nativeBinding });
}

interface SqliteCode {
  code?: string;
}

/**
 * Turn SQLite's failures into errors a user can act on. A busy or corrupt file is reported,
 * never deleted or recreated: it may hold months of synced data.
 */
export function sqliteError(file: string, error: unknown): Error {
  const code = (error as SqliteCode).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new InputError(`${file}: the store is locked by another process (${code})`, {
      file,
      cause: error,
      hint: 'wait for the other vigil command to finish, or point --db / VIGIL_DB at another file',
    });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new InputError(`${file}: not a usable SQLite database (${code}); vigil will not overwrite it`, {
      file,
      cause: error,
      hint: 'move the file away (or restore a backup) and run `vigil db sync` / `vigil db import` again',
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new InputError(`${file}: cannot open the store for writing (${code})`, { file, cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The applied migration version; files from before the one history count their adopted tables. */
function appliedVersion(db: Database.Database): number {
  const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (hasTable('store_migrations')) return Number((db.prepare('SELECT max(version) AS v FROM store_migrations').get() as { v: number | null }).v ?? 0);
  return 0;
}

/** Refuse a file written by a newer vigil (its tables may mean something this one does not know). */
function refuseNewer(db: Database.Database, file: string, version: number): void {
  const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'advisory_meta'").get()
    ? Number((db.prepare("SELECT value FROM advisory_meta WHERE key = 'schema_version'").get() as { value: string } | undefined)?.value ?? 0)
    : 0;
  if (version > LATEST_VERSION || legacy > 1) {
    throw new InputError(`${file}: the store is schema version ${Math.max(version, legacy)}; this vigil knows up to ${LATEST_VERSION}`, { file, hint: 'upgrade vigil, or use another --db' });
  }
}

/** Apply every pending migration in one immediate transaction (a second process waits, then finds nothing to do). */
export function migrateSqlite(db: Database.Database, file: string): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(MIGRATIONS_TABLE);
    const version = appliedVersion(db);
    refuseNewer(db, file, version);
    const record = db.prepare('INSERT INTO store_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS.filter((step) => step.version > version)) {
      db.exec(migration.sqlite);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return LATEST_VERSION;
}

/**
 * Refuse a store path SQLite would mishandle or that leads out of where it is meant (issue #20): a
 * FIFO made SQLite fail with "disk I/O error" (exit 3), and a `vigil.db` in the working directory
 * that is a symbolic link out of it had the store (and its -wal/-shm files) written there. A
 * directory, device or socket is refused the same way. Missing files are fine: they are created.
 */
function checkStorePath(file: string, readonly: boolean): void {
  if (file === ':memory:' || file === '' || file.startsWith('file:')) return;
  let info: ReturnType<typeof statSync> | undefined;
  try {
    info = statSync(file);
  } catch {
    // Not there (or a dangling link): created on open, after the containment check below.
  }
  if (info !== undefined && !info.isFile()) {
    throw new InputError(`${file} is ${describeFileKind(info)}; the store must be a SQLite database file`, {
      file,
      code: 'not-regular-file',
      hint: 'point --db / VIGIL_DB at a regular file (it is created when absent)',
    });
  }
  if (readonly) return;
  // A write inside the working directory must stay inside it (the same rule as every writer).
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) checkWriteTarget(path);
}

const SIDECARS = ['-wal', '-shm'];

/**
 * A read-only connection to a WAL file creates `<db>-wal` and `<db>-shm` and, unable to checkpoint,
 * leaves them behind when it closes: every `vigil review`, `scorecard` or `updates` with a SQLite
 * --db, failing or not, left them beside the store (issue #17). When this connection made them,
 * closing it opens the file read-write once and closes that: SQLite then checkpoints the (empty)
 * WAL and removes both files itself, and only when no other connection (a running `db sync`) has
 * the store open. Nothing is migrated or written; a write-protected file keeps them, as before.
 */
function tidyOnClose(db: Database.Database, file: string, busyTimeoutMs = 5_000): void {
  const close = db.close.bind(db);
  db.close = () => {
    close();
    if (!SIDECARS.some((suffix) => existsSync(`${file}${suffix}`))) return db;
    try {
      const writer = connect(file, { timeout: busyTimeoutMs, fileMustExist: true });
      // A connection reads the header (and so takes part in the WAL) only at its first statement.
      writer.prepare('SELECT count(*) FROM sqlite_master').get();
      writer.close();
    } catch {
      // Locked, write-protected or gone: the files stay, which is harmless (SQLite reuses them).
    }
    return db;
  };
}

/**
 * Open a store file (created with its directory when absent) and bring its tables up to date. A
 * read-only open never migrates: it reports the version found, and readers of missing tables
 * answer empty. A busy or corrupt file is an InputError naming it; it is never recreated.
 */
export function openSqliteDatabase(file: string, options: { busyTimeoutMs?: number; readonly?: boolean } = {}): { db: Database.Database; version: number } {
  let db: Database.Database | undefined;
  const readonly = options.readonly ?? false;
  checkStorePath(file, readonly);
  try {
    if (!readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sidecarsBefore = readonly ? SIDECARS.filter((suffix) => existsSync(`${file}${suffix}`)) : [];
    db = connect(file, { timeout: options.busyTimeoutMs ?? 5_000, readonly, fileMustExist: readonly });
    if (readonly && sidecarsBefore.length === 0) tidyOnClose(db, file, options.busyTimeoutMs);
    // The first statement reads the header: a file that is not SQLite fails here, before any write.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (readonly) {
      const version = appliedVersion(db);
      refuseNewer(db, file, version);
      // A file from before the one history holds advisory tables without a migrations row.
      const adopted = version === 0 && db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'advisories'").get() !== undefined;
      return { db, version: adopted ? 1 : version };
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A 250,000-record import is one transaction; with SQLite's 2 MB default cache it spills
    // pages to the WAL over and over. 64 MB keeps the hot B-tree pages in memory.
    db.pragma('cache_size = -65536');
    return { db, version: migrateSqlite(db, file) };
  } catch (error) {
    db?.close();
    throw sqliteError(file, error);
  }
}
