import type pg from 'pg';
import type { Assessment } from '../../advisories/node-core.js';
import { packageKeyString, type Advisory, type PackageKey } from '../../advisories/types.js';
import { advisoryKeys, groupLookupRows } from '../advisories/keys.js';
import { POSTGRES_ADVISORY_TABLES } from '../migrations/index.js';
import { connectionError, openPostgresPool, redactUrl } from './database.js';
import type { AdvisoryCoverage, AdvisoryStore, AdvisoryStream, SourceInfo, SourceStatus, StoreStatus, WriteOptions, WriteSummary } from '../advisories/types.js';
import { emptySummary, writeVerdict } from '../advisories/write-plan.js';

/** Records go to the server in batches: one round trip per table per 1,000 records. */
const BATCH = 1_000;

interface Pending {
  advisory: Advisory;
  json: string;
  ms: number;
}

/**
 * The shared store, for when several machines do the work (DESIGN.md `store/`): the same tables
 * and the same write rules as SQLite (`write-plan.ts`), one transaction per source.
 */
export class PostgresAdvisoryStore implements AdvisoryStore {
  /** Over a migrated pool (`openPostgresStore`); `owned` when closing this store ends the pool. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly owned = false,
  ) {}

  static async open(url: string): Promise<PostgresAdvisoryStore> {
    return new PostgresAdvisoryStore(await openPostgresPool(url), url, true);
  }

  async write(source: SourceInfo, records: AdvisoryStream, options: WriteOptions = {}): Promise<WriteSummary> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw connectionError(this.url, error);
    });
    const summary = emptySummary();
    let offered = 0;
    let pending: Pending[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      const { rows } = await client.query<{ id: string; modified_ms: string; json: string }>('SELECT id, modified_ms, json FROM advisories WHERE id = ANY($1)', [batch.map((item) => item.advisory.id)]);
      const stored = new Map(rows.map((row) => [row.id, { modifiedMs: Number(row.modified_ms), json: row.json }]));
      const take: Pending[] = [];
      const replaced: string[] = [];
      for (const item of batch) {
        const verdict = writeVerdict(stored.get(item.advisory.id), item.ms, item.json);
        summary[verdict]++;
        if (verdict === 'updated') replaced.push(item.advisory.id);
        if (verdict === 'inserted' || verdict === 'updated') take.push(item);
      }
      if (replaced.length > 0) {
        for (const table of ['advisory_packages', 'advisory_cpes', 'advisory_aliases']) await client.query(`DELETE FROM ${table} WHERE advisory_id = ANY($1)`, [replaced]);
      }
      if (take.length === 0) return;
      await client.query(
        `INSERT INTO advisories (id, feed, source_id, modified, modified_ms, withdrawn, json)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[])
         ON CONFLICT (id) DO UPDATE SET feed = EXCLUDED.feed, source_id = EXCLUDED.source_id, modified = EXCLUDED.modified,
           modified_ms = EXCLUDED.modified_ms, withdrawn = EXCLUDED.withdrawn, json = EXCLUDED.json`,
        [
          take.map((item) => item.advisory.id),
          take.map((item) => item.advisory.source),
          take.map(() => source.id),
          take.map((item) => item.advisory.modified),
          take.map((item) => item.ms),
          take.map((item) => item.advisory.withdrawn ?? null),
          take.map((item) => item.json),
        ],
      );
      const packages: string[][] = [[], [], []];
      const cpes: string[][] = [[], [], []];
      const aliases: string[][] = [[], []];
      for (const item of take) {
        const keys = advisoryKeys(item.advisory);
        for (const key of keys.packages) packages.forEach((column, index) => column.push([key.ecosystem, key.name, item.advisory.id][index] as string));
        for (const key of keys.cpes) cpes.forEach((column, index) => column.push([key.vendor, key.product, item.advisory.id][index] as string));
        for (const alias of keys.aliases) aliases.forEach((column, index) => column.push([alias, item.advisory.id][index] as string));
      }
      await client.query('INSERT INTO advisory_packages SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', packages);
      await client.query('INSERT INTO advisory_cpes SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', cpes);
      await client.query('INSERT INTO advisory_aliases SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', aliases);
    };
    try {
      await client.query('BEGIN');
      const inBatch = new Set<string>();
      for await (const advisory of records) {
        offered++;
        // A second copy of an id in one batch is compared with the first, so flush before it.
        if (inBatch.has(advisory.id)) {
          await flush();
          inBatch.clear();
        }
        inBatch.add(advisory.id);
        pending.push({ advisory, json: JSON.stringify(advisory), ms: Date.parse(advisory.modified) });
        if (pending.length >= BATCH) {
          await flush();
          inBatch.clear();
        }
      }
      await flush();
      if (options.assessments) {
        await client.query('DELETE FROM advisory_assessments WHERE source_id = $1', [source.id]);
        const list = options.assessments;
        await client.query('INSERT INTO advisory_assessments (id, source_id, json) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (id) DO UPDATE SET source_id = EXCLUDED.source_id, json = EXCLUDED.json', [
          list.map((assessment) => assessment.id),
          list.map(() => source.id),
          list.map((assessment) => JSON.stringify(assessment)),
        ]);
      }
      await client.query(
        `INSERT INTO advisory_sources (id, kind, location, last_sync, records, cursor) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, location = EXCLUDED.location, last_sync = EXCLUDED.last_sync, records = EXCLUDED.records, cursor = EXCLUDED.cursor`,
        [source.id, source.kind, source.location, new Date().toISOString(), offered, options.cursor ?? null],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw connectionError(this.url, error);
    } finally {
      client.release();
    }
    return summary;
  }

  async assessments(): Promise<Assessment[]> {
    const { rows } = await this.query<{ json: string }>('SELECT json FROM advisory_assessments ORDER BY id');
    return rows.map((row) => JSON.parse(row.json) as Assessment);
  }

  async source(id: string): Promise<SourceStatus | null> {
    const { rows } = await this.query<{ id: string; kind: string; location: string; last_sync: string; records: number; cursor: string | null }>('SELECT * FROM advisory_sources WHERE id = $1', [id]);
    const row = rows[0];
    return row ? { id: row.id, kind: row.kind, location: row.location, lastSync: row.last_sync, records: row.records, cursor: row.cursor } : null;
  }

  async forPackages(packages: PackageKey[]): Promise<Map<string, Advisory[]>> {
    const unique = [...new Map(packages.map((key) => [packageKeyString(key), key])).values()];
    const { rows } = await this.query<{ a: string; b: string; id: string; json: string }>(
      `SELECT p.ecosystem AS a, p.name AS b, v.id, v.json FROM advisory_packages p JOIN advisories v ON v.id = p.advisory_id
       WHERE v.withdrawn IS NULL AND (p.ecosystem, p.name) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY v.id`,
      [unique.map((key) => key.ecosystem), unique.map((key) => key.name)],
    );
    return groupLookupRows(rows, (row) => packageKeyString({ ecosystem: row.a, name: row.b }));
  }

  async forCpes(products: { vendor: string; product: string }[]): Promise<Map<string, Advisory[]>> {
    const askedAs = new Map(products.map((key) => [`${key.vendor.toLowerCase()}:${key.product.toLowerCase()}`, `${key.vendor}:${key.product}`]));
    const keys = [...askedAs.keys()].map((key) => key.split(':') as [string, string]);
    const { rows } = await this.query<{ a: string; b: string; id: string; json: string }>(
      `SELECT c.vendor AS a, c.product AS b, v.id, v.json FROM advisory_cpes c JOIN advisories v ON v.id = c.advisory_id
       WHERE v.withdrawn IS NULL AND (c.vendor, c.product) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY v.id`,
      [keys.map((key) => key[0]), keys.map((key) => key[1])],
    );
    return groupLookupRows(rows, (row) => askedAs.get(`${row.a}:${row.b}`) ?? `${row.a}:${row.b}`);
  }

  async get(id: string): Promise<Advisory | null> {
    const { rows } = await this.query<{ json: string }>(
      'SELECT json FROM advisories WHERE id = $1 UNION ALL (SELECT v.json FROM advisory_aliases a JOIN advisories v ON v.id = a.advisory_id WHERE a.alias = $1 ORDER BY v.id) LIMIT 1',
      [id],
    );
    return rows[0] ? (JSON.parse(rows[0].json) as Advisory) : null;
  }

  async coverage(): Promise<AdvisoryCoverage> {
    const ecosystems = await this.query<{ e: string; n: string }>('SELECT p.ecosystem AS e, count(DISTINCT p.advisory_id) AS n FROM advisory_packages p JOIN advisories v ON v.id = p.advisory_id WHERE v.withdrawn IS NULL GROUP BY p.ecosystem');
    const cpe = await this.query<{ n: string }>('SELECT count(DISTINCT c.advisory_id) AS n FROM advisory_cpes c JOIN advisories v ON v.id = c.advisory_id WHERE v.withdrawn IS NULL');
    return { ecosystems: Object.fromEntries(ecosystems.rows.map((row) => [row.e, Number(row.n)])), cpe: Number(cpe.rows[0]?.n ?? 0) };
  }

  async isEmpty(): Promise<boolean> {
    return (await this.query('SELECT 1 FROM advisories LIMIT 1')).rows.length === 0;
  }

  async status(): Promise<StoreStatus> {
    const feeds = await this.query<{ feed: string; n: string; w: string }>('SELECT feed, count(*) AS n, count(withdrawn) AS w FROM advisories GROUP BY feed ORDER BY feed');
    const sources = await this.query<{ id: string; kind: string; location: string; last_sync: string; records: number; cursor: string | null }>('SELECT * FROM advisory_sources ORDER BY id');
    const size = await this.query<{ bytes: string }>('SELECT sum(pg_total_relation_size(t::regclass))::bigint AS bytes FROM unnest($1::text[]) AS t', [POSTGRES_ADVISORY_TABLES]);
    return {
      backend: 'postgres',
      location: redactUrl(this.url),
      advisories: feeds.rows.reduce((total, row) => total + Number(row.n), 0),
      withdrawn: feeds.rows.reduce((total, row) => total + Number(row.w), 0),
      byFeed: Object.fromEntries(feeds.rows.map((row) => [row.feed, Number(row.n)])),
      sources: sources.rows.map((row) => ({ id: row.id, kind: row.kind, location: row.location, lastSync: row.last_sync, records: row.records, cursor: row.cursor })),
      sizeBytes: Number(size.rows[0]?.bytes ?? 0),
    };
  }

  async close(): Promise<void> {
    if (this.owned) await this.pool.end();
  }

  private async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
    try {
      return await this.pool.query<T>(sql, values);
    } catch (error) {
      throw connectionError(this.url, error);
    }
  }
}

