import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fixture, projectRoot } from '../../test/fixtures.js';
import { freshSchema, postgresUrl } from '../../test/postgres.js';
import { ExternalHostError, InputError } from '../errors.js';
import type { Advisory } from '../advisories/types.js';
import { MemoryAdvisoryStore } from './advisories/memory.js';
import { PostgresAdvisoryStore } from './postgres/advisories.js';
import { SqliteAdvisoryStore } from './sqlite/advisories.js';
import type { AdvisoryStore } from './advisories/types.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'vigil-store-')), 'vigil.db');

function advisory(id: string, name: string, extra: Partial<Advisory> = {}): Advisory {
  return {
    id,
    aliases: [],
    modified: '2025-01-01T00:00:00Z',
    severity: [],
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }],
    references: [],
    source: 'osv',
    ...extra,
  };
}

const source = { id: 'test', kind: 'import', location: '/dev/null' };

/**
 * The PostgreSQL backend runs the same tests when VIGIL_TEST_POSTGRES_URL names a server; each
 * store gets a schema of its own (dropped when the store closes). Without it they are skipped.
 */
async function freshPostgres(): Promise<AdvisoryStore> {
  const schema = await freshSchema('advisories');
  const store = await PostgresAdvisoryStore.open(schema.url);
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await schema.drop();
  };
  return store;
}

for (const [label, make, skip] of [
  ['sqlite', async () => SqliteAdvisoryStore.open(tempFile()), false],
  ['memory', async () => new MemoryAdvisoryStore(), false],
  ['postgres', freshPostgres, postgresUrl ? false : 'set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL'],
] as [string, () => Promise<AdvisoryStore>, string | false][]) {
  describe(`${label} store`, { skip, concurrency: false }, () => {
    it('looks up 1,000 packages in one call, keyed as packageKeyString says, and finds by alias', async () => {
      const store = await make();
      const records = Array.from({ length: 1000 }, (_, index) => advisory(`MAL-2025-${index}`, `pkg-${index}`, index === 7 ? { aliases: ['CVE-2025-0007'] } : {}));
      await store.write(source, records);
      const keys = Array.from({ length: 1000 }, (_, index) => ({ ecosystem: 'npm', name: `pkg-${index}` }));
      const found = await store.forPackages([...keys, { ecosystem: 'PyPI', name: 'pkg-1' }]);
      assert.equal(found.size, 1000);
      assert.equal(found.get('npm\u0000pkg-999')?.[0]?.id, 'MAL-2025-999');
      assert.equal((await store.get('CVE-2025-0007'))?.id, 'MAL-2025-7');
      assert.equal(await store.get('CVE-0000-0000'), null);
      await store.close();
    });

    it('is empty until a record is written, withdrawn records included, as status() counts them', async () => {
      const store = await make();
      assert.equal(await store.isEmpty(), true);
      await store.write(source, [advisory('GHSA-w', 'a', { withdrawn: '2026-01-01T00:00:00Z' })]);
      assert.equal(await store.isEmpty(), false);
      assert.equal((await store.status()).advisories, 1);
      await store.close();
    });

    it('many names asked of a store that names few: the same answers as asked one by one', async () => {
      const store = await make();
      await store.write(source, [advisory('GHSA-x1', 'x'), advisory('GHSA-x2', 'x'), advisory('GHSA-y', 'y'), advisory('GHSA-z', 'z', { withdrawn: '2025-02-01T00:00:00Z' })]);
      const keys = [...Array.from({ length: 300 }, (_, index) => ({ ecosystem: 'npm', name: `other-${index}` })), { ecosystem: 'npm', name: 'y' }, { ecosystem: 'npm', name: 'z' }, { ecosystem: 'npm', name: 'x' }, { ecosystem: 'PyPI', name: 'x' }];
      const together = await store.forPackages(keys);
      const oneByOne = new Map<string, Advisory[]>();
      for (const key of keys) for (const [found, list] of await store.forPackages([key])) oneByOne.set(found, list);
      assert.deepEqual(new Map([...together].sort()), new Map([...oneByOne].sort()));
      assert.deepEqual([...together.keys()].sort(), ['npm\u0000x', 'npm\u0000y']);
      assert.deepEqual(together.get('npm\u0000x')?.map((found) => found.id), ['GHSA-x1', 'GHSA-x2']);
      await store.close();
    });

    it('applies a source whole or not at all: a failing stream leaves the previous state', async () => {
      const store = await make();
      await store.write(source, [advisory('GHSA-1', 'a')], { cursor: 'c1' });
      async function* failing(): AsyncGenerator<Advisory> {
        yield advisory('GHSA-2', 'b');
        throw new Error('connection reset');
      }
      await assert.rejects(store.write(source, failing(), { cursor: 'c2' }), /connection reset/);
      assert.equal(await store.get('GHSA-2'), null);
      assert.equal((await store.source('test'))?.cursor, 'c1');
      assert.equal((await store.status()).advisories, 1);
      await store.close();
    });

    it('replaces index rows when a record is updated, so a package it no longer names stops matching', async () => {
      const store = await make();
      await store.write(source, [advisory('GHSA-3', 'old-name')]);
      await store.write(source, [advisory('GHSA-3', 'new-name', { modified: '2025-06-01T00:00:00Z' })]);
      const found = await store.forPackages([{ ecosystem: 'npm', name: 'old-name' }, { ecosystem: 'npm', name: 'new-name' }]);
      assert.deepEqual([...found.keys()], ['npm\u0000new-name']);
      await store.write(source, [advisory('GHSA-3', 'new-name', { modified: '2025-07-01T00:00:00Z', withdrawn: '2025-07-01T00:00:00Z' })]);
      assert.equal((await store.forPackages([{ ecosystem: 'npm', name: 'new-name' }])).size, 0);
      await store.close();
    });

    it('says which ecosystems and whether CPE data it holds advisories for, withdrawn ones not counted (#17)', async () => {
      const store = await make();
      assert.deepEqual(await store.coverage(), { ecosystems: {}, cpe: 0 });
      const cpe = [{ nodes: [{ operator: 'OR' as const, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*' }] }] }];
      await store.write(source, [
        advisory('GHSA-a', 'a'),
        advisory('GHSA-b', 'b'),
        advisory('PYSEC-1', 'p', { affected: [{ package: { ecosystem: 'PyPI', name: 'p' }, ranges: [] }] }),
        advisory('GHSA-w', 'w', { withdrawn: '2025-02-01T00:00:00Z' }),
        advisory('CVE-2025-1', 'unused', { affected: [], cpeConfigurations: cpe, source: 'nvd' }),
      ]);
      assert.deepEqual(await store.coverage(), { ecosystems: { npm: 2, PyPI: 1 }, cpe: 1 });
      await store.close();
    });
  });
}

describe('sqlite store: a store naming more packages than are listed to narrow a lookup', () => {
  it('is asked name by name, with the same answers', async () => {
    const store = SqliteAdvisoryStore.open(tempFile());
    await store.write(source, Array.from({ length: 5100 }, (_, index) => advisory(`MAL-2025-${index}`, `pkg-${index}`)));
    const keys = Array.from({ length: 400 }, (_, index) => ({ ecosystem: 'npm', name: `pkg-${index * 20}` }));
    const found = await store.forPackages([...keys, { ecosystem: 'npm', name: 'absent' }]);
    assert.equal(found.size, 255);
    assert.equal(found.get('npm\u0000pkg-5080')?.[0]?.id, 'MAL-2025-5080');
    await store.close();
  });
});

describe('sqlite store: bad database files', () => {
  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const file = tempFile();
    writeFileSync(file, 'this is not a database, it is a shopping list\n'.repeat(200));
    const before = readFileSync(file);
    assert.throws(() => SqliteAdvisoryStore.open(file), (error: unknown) => error instanceof InputError && /not a usable SQLite database/.test(error.message) && error.exitCode === 2);
    assert.deepEqual(readFileSync(file), before);
  });

  it('reports a database locked by another writer instead of waiting forever', async () => {
    const file = tempFile();
    SqliteAdvisoryStore.open(file).close().catch(() => undefined);
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const store = SqliteAdvisoryStore.open(file, { busyTimeoutMs: 50 });
      await assert.rejects(store.write(source, [advisory('GHSA-4', 'x')]), (error: unknown) => error instanceof InputError && /locked by another process/.test(error.message));
      await store.close();
    } catch (error) {
      // Opening itself may already meet the lock; either way the message says so.
      assert.ok(error instanceof InputError && /locked by another process/.test(error.message), String(error));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('vigil db status exits 2 with the file named on a corrupt database', () => {
    const file = tempFile();
    writeFileSync(file, Buffer.alloc(8192, 7));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', 'status', '--db', file], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`${file}: not a usable SQLite database`));
  });
});

describe('postgres store: the same answers as SQLite on real data', { skip: postgresUrl ? false : 'set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL' }, () => {
  it('imports the security-wg data idempotently and answers lookups exactly as SQLite does', async () => {
    const { importPath } = await import('../advisories/import.js');
    const { NODE_CORE_PACKAGE } = await import('../advisories/node-core.js');
    const sqlite = SqliteAdvisoryStore.open(tempFile());
    const postgres = await freshPostgres();
    for (const store of [sqlite, postgres]) await importPath(store, fixture('security-wg'));
    const again = await importPath(postgres, fixture('security-wg'));
    assert.equal(again.summary.unchanged, again.records);
    const keys = [NODE_CORE_PACKAGE, { ecosystem: 'npm', name: 'bassmaster' }, { ecosystem: 'npm', name: 'qs' }];
    assert.deepEqual(await postgres.forPackages(keys), await sqlite.forPackages(keys));
    assert.deepEqual(await postgres.assessments(), await sqlite.assessments());
    assert.deepEqual((await postgres.status()).byFeed, (await sqlite.status()).byFeed);
    await sqlite.close();
    await postgres.close();
  });
});

describe('postgres store: unreachable server', () => {
  it('is an error naming the server with the password masked, not a crash', async () => {
    await assert.rejects(PostgresAdvisoryStore.open('postgres://vigil:hunter2@127.0.0.1:1/vigil'), (error: unknown) => {
      assert.ok(error instanceof ExternalHostError);
      assert.match(error.message, /postgres:\/\/vigil:\[redacted\]@127\.0\.0\.1:1\/vigil: cannot use the PostgreSQL store/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });
});

describe('sqlite store: read-only', () => {
  it('answers empty (not an error) on a store file another area created before any import, and writes nothing', async () => {
    const file = tempFile();
    const other = new Database(file);
    other.exec('CREATE TABLE findings (id TEXT)');
    other.close();
    const store = SqliteAdvisoryStore.open(file, { readonly: true });
    assert.equal((await store.status()).advisories, 0);
    assert.equal((await store.forPackages([{ ecosystem: 'npm', name: 'a' }])).size, 0);
    assert.deepEqual(await store.assessments(), []);
    await store.close();
    const check = new Database(file, { readonly: true });
    assert.equal((check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'advisories'").get() as { n: number }).n, 0);
    check.close();
  });
});
