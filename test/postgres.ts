import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use (`.ci/run` starts one); undefined skips those tests. */
export const postgresUrl = process.env.VIGIL_TEST_POSTGRES_URL || undefined;

export const skipWithoutPostgres = postgresUrl ? false : 'set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL';

/**
 * A schema of its own for one test, so tests (and other checkouts sharing the server) never see
 * each other's tables: the returned URL sets `search_path` to it. `drop()` removes it.
 */
export async function freshSchema(label: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `vigil_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = new URL(postgresUrl as string);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
