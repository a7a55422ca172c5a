import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { packageKeyString, type Advisory, type PackageKey } from '../../advisories/types.js';
import { advisoryKeys, groupLookupRows, type LookupRow } from '../advisories/keys.js';
import { openSqliteDatabase, sqliteError } from './database.js';
import type { Assessment } from '../../advisories/node-core.js';
import type { AdvisoryCoverage, AdvisoryStore, AdvisoryStream, SourceInfo, SourceStatus, StoreStatus, WriteOptions, WriteSummary } from '../advisories/types.js';
import { emptySummary, writeVerdict } from '../advisories/write-plan.js';

/** Lookups go out in chunks so a 5,000-package lockfile is a dozen statements, within SQLite's parameter limit. */
const CHUNK = 400;
/** Above this many names asked, a small store's named packages are listed first (namedPackages). */
const FEW_ASKED = 100;
/** The most advisory_packages rows listed to narrow a lookup; a bigger store is asked name by name. */
const NAMED_LISTED = 5000;

/** The embedded advisory store: tables in one SQLite file in WAL mode, so `vigil review` reads while a sync writes. */
export class SqliteAdvisoryStore implements AdvisoryStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly lookupStatements = new Map<string, Database.Statement>();
  /** False when opened read-only on a file with no advisory tables yet (another area's store): reads answer empty. */
  private hasTables = true;

  /** Over an open, migrated database (`openSqliteStore`); `hasTables` is false on a read-only file not yet migrated. */
  constructor(file: string, db: Database.Database, hasTables = true, private readonly owned = false) {
    this.file = file;
    this.db = db;
    this.hasTables = hasTables;
  }

  /** Open (creating the file and every store table when absent); `busyTimeoutMs` is how long to wait for a writer. */
  static open(file: string, options: { busyTimeoutMs?: number; readonly?: boolean } = {}): SqliteAdvisoryStore {
    const { db, version } = openSqliteDatabase(file, options);
    return new SqliteAdvisoryStore(file, db, version >= 1, true);
  }

  async write(source: SourceInfo, records: AdvisoryStream, options: WriteOptions = {}): Promise<WriteSummary> {
    const db = this.db;
    const summary = emptySummary();
    let offered = 0;
    const existing = db.prepare('SELECT modified_ms AS ms, json FROM advisories WHERE id = ?');
    const upsert = db.prepare(
      'INSERT OR REPLACE INTO advisories (id, feed, source_id, modified, modified_ms, withdrawn, json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const clear = [
      db.prepare('DELETE FROM advisory_packages WHERE advisory_id = ?'),
      db.prepare('DELETE FROM advisory_cpes WHERE advisory_id = ?'),
      db.prepare('DELETE FROM advisory_aliases WHERE advisory_id = ?'),
    ];
    const addPackage = db.prepare('INSERT OR IGNORE INTO advisory_packages (ecosystem, name, advisory_id) VALUES (?, ?, ?)');
    const addCpe = db.prepare('INSERT OR IGNORE INTO advisory_cpes (vendor, product, advisory_id) VALUES (?, ?, ?)');
    const addAlias = db.prepare('INSERT OR IGNORE INTO advisory_aliases (alias, advisory_id) VALUES (?, ?)');

    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw sqliteError(this.file, error);
    }
    try {
      for await (const advisory of records) {
        offered++;
        const modifiedMs = Date.parse(advisory.modified);
        const json = JSON.stringify(advisory);
        const stored = existing.get(advisory.id) as { ms: number; json: string } | undefined;
        const verdict = writeVerdict(stored ? { modifiedMs: stored.ms, json: stored.json } : undefined, modifiedMs, json);
        summary[verdict]++;
        if (verdict !== 'inserted' && verdict !== 'updated') continue;
        if (verdict === 'updated') for (const statement of clear) statement.run(advisory.id);
        upsert.run(advisory.id, advisory.source, source.id, advisory.modified, modifiedMs, advisory.withdrawn ?? null, json);
        const keys = advisoryKeys(advisory);
        for (const key of keys.packages) addPackage.run(key.ecosystem, key.name, advisory.id);
        for (const key of keys.cpes) addCpe.run(key.vendor, key.product, advisory.id);
        for (const alias of keys.aliases) addAlias.run(alias, advisory.id);
      }
      if (options.assessments) {
        db.prepare('DELETE FROM advisory_assessments WHERE source_id = ?').run(source.id);
        const addAssessment = db.prepare('INSERT OR REPLACE INTO advisory_assessments (id, source_id, json) VALUES (?, ?, ?)');
        for (const assessment of options.assessments) addAssessment.run(assessment.id, source.id, JSON.stringify(assessment));
      }
      db.prepare(
        'INSERT OR REPLACE INTO advisory_sources (id, kind, location, last_sync, records, cursor) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(source.id, source.kind, source.location, new Date().toISOString(), offered, options.cursor ?? null);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw sqliteError(this.file, error);
    }
    return summary;
  }

  async assessments(): Promise<Assessment[]> {
    if (!this.hasTables) return [];
    const rows = this.guard(() => this.db.prepare('SELECT json FROM advisory_assessments ORDER BY id').pluck().all()) as string[];
    return rows.map((json) => JSON.parse(json) as Assessment);
  }

  async source(id: string): Promise<SourceStatus | null> {
    if (!this.hasTables) return null;
    const row = this.guard(() => this.db.prepare('SELECT * FROM advisory_sources WHERE id = ?').get(id)) as SourceRow | undefined;
    return row ? sourceFromRow(row) : null;
  }

  async forPackages(packages: PackageKey[]): Promise<Map<string, Advisory[]>> {
    const result = new Map<string, Advisory[]>();
    if (!this.hasTables) return result;
    const byString = new Map(packages.map((key) => [packageKeyString(key), key]));
    // Many names asked of a store that names few packages (security-wg's ~400): list those once
    // and ask only for the names it has (~3 ms less for a 2,000-package lockfile, #15).
    const named = byString.size > FEW_ASKED ? this.namedPackages() : null;
    const unique = named === null ? [...byString.values()] : [...byString].flatMap(([string, key]) => (named.has(string) ? [key] : []));
    const parsed = new Map<string, Advisory>();
    for (let start = 0; start < unique.length; start += CHUNK) {
      const chunk = unique.slice(start, start + CHUNK);
      const statement = this.lookup('packages', chunk.length, (values) =>
        `SELECT p.ecosystem AS a, p.name AS b, v.id AS id, v.json AS json FROM advisory_packages p JOIN advisories v ON v.id = p.advisory_id
         WHERE v.withdrawn IS NULL AND (p.ecosystem, p.name) IN (VALUES ${values}) ORDER BY v.id`,
      );
      const rows = this.guard(() => statement.all(...chunk.flatMap((key) => [key.ecosystem, key.name]))) as LookupRow[];
      groupLookupRows(rows, (row) => packageKeyString({ ecosystem: row.a, name: row.b }), result, parsed);
    }
    return result;
  }

  /**
   * Every (ecosystem, name) the store has an advisory row for, when it has at most
   * NAMED_LISTED rows; null for a bigger store (a full OSV or GitHub import), which is asked name
   * by name. Withdrawn advisories' names are in it too: it only narrows what is asked.
   */
  private namedPackages(): Set<string> | null {
    const rows = this.guard(() => this.db.prepare('SELECT ecosystem AS a, name AS b FROM advisory_packages LIMIT ?').all(NAMED_LISTED + 1)) as { a: string; b: string }[];
    if (rows.length > NAMED_LISTED) return null;
    const named = new Set<string>();
    for (const row of rows) named.add(packageKeyString({ ecosystem: row.a, name: row.b }));
    return named;
  }

  async forCpes(products: { vendor: string; product: string }[]): Promise<Map<string, Advisory[]>> {
    const result = new Map<string, Advisory[]>();
    if (!this.hasTables) return result;
    const unique = [...new Map(products.map((key) => [`${key.vendor}:${key.product}`, { vendor: key.vendor.toLowerCase(), product: key.product.toLowerCase(), asked: `${key.vendor}:${key.product}` }])).values()];
    const parsed = new Map<string, Advisory>();
    for (let start = 0; start < unique.length; start += CHUNK) {
      const chunk = unique.slice(start, start + CHUNK);
      const statement = this.lookup('cpes', chunk.length, (values) =>
        `SELECT c.vendor AS a, c.product AS b, v.id AS id, v.json AS json FROM advisory_cpes c JOIN advisories v ON v.id = c.advisory_id
         WHERE v.withdrawn IS NULL AND (c.vendor, c.product) IN (VALUES ${values}) ORDER BY v.id`,
      );
      const rows = this.guard(() => statement.all(...chunk.flatMap((key) => [key.vendor, key.product]))) as LookupRow[];
      const askedAs = new Map(chunk.map((key) => [`${key.vendor}:${key.product}`, key.asked]));
      groupLookupRows(rows, (row) => askedAs.get(`${row.a}:${row.b}`) ?? `${row.a}:${row.b}`, result, parsed);
    }
    return result;
  }

  async get(id: string): Promise<Advisory | null> {
    if (!this.hasTables) return null;
    const row = this.guard(
      () =>
        this.db
          .prepare('SELECT json FROM advisories WHERE id = ? UNION ALL SELECT v.json FROM advisory_aliases a JOIN advisories v ON v.id = a.advisory_id WHERE a.alias = ? LIMIT 1')
          .get(id, id) as { json: string } | undefined,
    );
    return row ? (JSON.parse(row.json) as Advisory) : null;
  }

  async coverage(): Promise<AdvisoryCoverage> {
    if (!this.hasTables) return { ecosystems: {}, cpe: 0 };
    return this.guard(() => {
      const ecosystems = this.db.prepare('SELECT p.ecosystem AS e, count(DISTINCT p.advisory_id) AS n FROM advisory_packages p JOIN advisories v ON v.id = p.advisory_id WHERE v.withdrawn IS NULL GROUP BY p.ecosystem').all() as { e: string; n: number }[];
      const cpe = this.db.prepare('SELECT count(DISTINCT c.advisory_id) AS n FROM advisory_cpes c JOIN advisories v ON v.id = c.advisory_id WHERE v.withdrawn IS NULL').get() as { n: number };
      return { ecosystems: Object.fromEntries(ecosystems.map((row) => [row.e, row.n])), cpe: cpe.n };
    });
  }

  async isEmpty(): Promise<boolean> {
    return this.guard(() => !this.hasTables || this.db.prepare('SELECT 1 FROM advisories LIMIT 1').get() === undefined);
  }

  async status(): Promise<StoreStatus> {
    return this.guard(() => {
      if (!this.hasTables) return { backend: 'sqlite' as const, location: this.file, advisories: 0, withdrawn: 0, byFeed: {}, sources: [], sizeBytes: statSync(this.file).size };
      const feeds = this.db.prepare('SELECT feed, count(*) AS n, sum(withdrawn IS NOT NULL) AS w FROM advisories GROUP BY feed ORDER BY feed').all() as { feed: string; n: number; w: number }[];
      const sources = (this.db.prepare('SELECT * FROM advisory_sources ORDER BY id').all() as SourceRow[]).map(sourceFromRow);
      let sizeBytes = 0;
      for (const suffix of ['', '-wal']) {
        try {
          sizeBytes += statSync(this.file + suffix).size;
        } catch {
          // No WAL file between checkpoints is normal.
        }
      }
      return {
        backend: 'sqlite' as const,
        location: this.file,
        advisories: feeds.reduce((total, row) => total + row.n, 0),
        withdrawn: feeds.reduce((total, row) => total + row.w, 0),
        byFeed: Object.fromEntries(feeds.map((row) => [row.feed, row.n])),
        sources,
        sizeBytes,
      };
    });
  }

  /** Closes the file only when this store opened it; otherwise the owning `Store` does. */
  async close(): Promise<void> {
    if (this.owned) this.db.close();
  }

  private lookup(kind: string, size: number, sql: (values: string) => string): Database.Statement {
    const key = `${kind}:${size}`;
    let statement = this.lookupStatements.get(key);
    if (!statement) {
      statement = this.guard(() => this.db.prepare(sql(Array.from({ length: size }, () => '(?, ?)').join(', '))));
      this.lookupStatements.set(key, statement);
    }
    return statement;
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw sqliteError(this.file, error);
    }
  }
}

interface SourceRow {
  id: string;
  kind: string;
  location: string;
  last_sync: string;
  records: number;
  cursor: string | null;
}

function sourceFromRow(row: SourceRow): SourceStatus {
  return { id: row.id, kind: row.kind, location: row.location, lastSync: row.last_sync, records: row.records, cursor: row.cursor };
}

