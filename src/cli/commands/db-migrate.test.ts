import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { projectRoot } from '../../../test/fixtures.js';
import { freshSchema, skipWithoutPostgres } from '../../../test/postgres.js';
import { LATEST_VERSION, MIGRATIONS, MIGRATIONS_TABLE } from '../../store/migrations/index.js';

const cli = (db: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VIGIL_DB: db } });

interface Migrated {
  version: number;
  latest: number;
  pending: { version: number; name: string }[];
  applied: { version: number; name: string }[];
}

const previous = MIGRATIONS.at(-2)!;
const last = MIGRATIONS.at(-1)!;
/** The store as the previous vigil left it: every step but the last. */
const olderSchema = (dialect: 'sqlite' | 'postgres') =>
  [MIGRATIONS_TABLE, ...MIGRATIONS.filter((step) => step.version <= previous.version).map((step) => `${step[dialect]};INSERT INTO store_migrations (version, name, applied_at) VALUES (${step.version}, '${step.name}', '2026-11-01')`)].join(';\n');

describe('vigil db migrate and the schema in db status', () => {
  it('sqlite: a missing file is version 0 under --dry-run (exit 1) and is not created', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vigil-migrate-')), 'vigil.db');
    const dry = cli(db, 'db', 'migrate', '--dry-run', '--json');
    assert.equal(dry.status, 1, dry.stderr);
    const parsed = JSON.parse(dry.stdout) as Migrated;
    assert.equal(parsed.version, 0);
    assert.equal(parsed.pending.length, LATEST_VERSION);
    assert.equal(existsSync(db), false, 'a dry run creates nothing');
  });

  it('sqlite: an older file lists the pending step, migrates it (exit 0), then is up to date; status shows the schema', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vigil-migrate-')), 'vigil.db');
    const old = new Database(db);
    old.exec(olderSchema('sqlite'));
    old.close();
    const dry = cli(db, 'db', 'migrate', '--dry-run');
    assert.equal(dry.status, 1, dry.stderr);
    assert.match(dry.stdout, new RegExp(`schema version ${previous.version} of ${LATEST_VERSION}; pending: ${last.version} ${last.name} \\(dry run: nothing changed\\)`));
    const done = cli(db, 'db', 'migrate', '--json');
    assert.equal(done.status, 0, done.stderr);
    assert.deepEqual((JSON.parse(done.stdout) as Migrated).applied, [{ version: last.version, name: last.name }]);
    const again = cli(db, 'db', 'migrate', '--dry-run');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`schema version ${LATEST_VERSION}, up to date`));
    const status = cli(db, 'db', 'status', '--json');
    assert.equal(status.status, 0, status.stderr);
    assert.deepEqual((JSON.parse(status.stdout) as { schema: unknown }).schema, { version: LATEST_VERSION, latest: LATEST_VERSION, pending: [] });
    assert.match(cli(db, 'db', 'status').stdout, new RegExp(`schema version ${LATEST_VERSION} of ${LATEST_VERSION}\\n`));
  });

  it('sqlite: a file from a newer vigil and a file that is not SQLite are exit 2, untouched', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vigil-migrate-')), 'vigil.db');
    const newer = new Database(db);
    newer.exec(`${MIGRATIONS_TABLE}; INSERT INTO store_migrations VALUES (${LATEST_VERSION + 1}, 'future', '2030-01-01')`);
    newer.close();
    for (const args of [['--dry-run'], []]) {
      const result = cli(db, 'db', 'migrate', ...args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`schema version ${LATEST_VERSION + 1}; this vigil knows up to ${LATEST_VERSION}`));
    }
    const notes = join(projectRoot, 'package.json');
    const refused = cli(notes, 'db', 'migrate', '--dry-run');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /package\.json: not a usable SQLite database/);
  });

  it('postgres: an older schema migrates; an unreachable server is exit 2 with the password masked', { skip: skipWithoutPostgres }, async () => {
    const schema = await freshSchema('dbmigrate');
    try {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      await client.query(olderSchema('postgres'));
      await client.end();
      const dry = cli(schema.url, 'db', 'migrate', '--dry-run', '--json');
      assert.equal(dry.status, 1, dry.stderr);
      assert.deepEqual((JSON.parse(dry.stdout) as Migrated).pending, [{ version: last.version, name: last.name }]);
      const done = cli(schema.url, 'db', 'migrate');
      assert.equal(done.status, 0, done.stderr);
      assert.match(done.stdout, new RegExp(`schema version ${previous.version} → ${LATEST_VERSION}; applied: ${last.version} ${last.name}`));
      assert.doesNotMatch(done.stdout, /vigil_ci:vigil_ci@/, 'the password is never printed');
      assert.equal(cli(schema.url, 'db', 'migrate', '--dry-run').status, 0);
      const status = cli(schema.url, 'db', 'status', '--json');
      assert.deepEqual((JSON.parse(status.stdout) as { schema: unknown }).schema, { version: LATEST_VERSION, latest: LATEST_VERSION, pending: [] });
    } finally {
      await schema.drop();
    }
    const down = cli('postgres://vigil:s3cret-pass@127.0.0.1:1/vigil', 'db', 'migrate', '--dry-run');
    assert.equal(down.status, 2, down.stderr);
    assert.match(down.stderr, /cannot use the PostgreSQL store/);
    assert.doesNotMatch(down.stderr, /s3cret-pass/);
  });
});
