import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { freshSchema, skipWithoutPostgres } from '../../test/postgres.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { RateBudget, RateLimitedError } from './rate-budget.js';
import { checkUpstreamJob } from './tasks/check-upstream.js';

describe('a rate limit shared by every worker on one token', { skip: skipWithoutPostgres, concurrency: false }, () => {
  it('takes one unit per request across budgets (workers), waits for the reset, and fails a job when the wait is long', async () => {
    const schema = await freshSchema('budget');
    const store = await openPostgresStore(schema.url);
    try {
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
        // The window resets while we "wait": what the server would say after its reset time.
        await store.queue.observeBudget('k', 100, new Date(Date.now() + 3_600_000));
      };
      const [a, b] = [new RateBudget(store.queue, { sleep }), new RateBudget(store.queue, { sleep })];
      await store.queue.observeBudget('k', 3, new Date(Date.now() + 30_000));
      await Promise.all([a.take('k', 'x'), b.take('k', 'x'), a.take('k', 'x')]);
      assert.deepEqual(waits, [], 'three requests fit in the three left');
      await b.take('k', 'x');
      assert.equal(waits.length, 1, 'the fourth waited for the reset');
      assert.ok(waits[0]! > 25_000 && waits[0]! <= 30_000, `until the reset (${waits[0]} ms)`);
      await store.queue.observeBudget('k', 0, new Date(Date.now() + 3_600_000));
      await store.queue.observeBudget('k', 0, new Date(Date.now() + 7_200_000));
      await assert.rejects(a.take('k', 'openssl/openssl releases'), (error: unknown) => error instanceof RateLimitedError && /openssl\/openssl releases: the token's rate limit is spent until/.test(error.message));
    } finally {
      await store.close();
      await schema.drop();
    }
  });

  it('check-upstream records the newest release and keeps the budget from GitHub\'s headers; the token is never stored', async () => {
    const schema = await freshSchema('upstream');
    const store = await openPostgresStore(schema.url);
    const reset = Math.floor(Date.now() / 1000) + 1800;
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization}`);
      if (request.url === '/repos/openssl/openssl/releases/latest') {
        response.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '41', 'x-ratelimit-reset': String(reset) });
        response.end(JSON.stringify({ tag_name: 'openssl-3.5.1', html_url: 'https://example.test/r', published_at: '2026-11-01T00:00:00Z' }));
      } else {
        response.writeHead(404, { 'x-ratelimit-remaining': '40', 'x-ratelimit-reset': String(reset) }).end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const context = { store, queue: store.queue, github: { baseUrl, token: 'ghp_secret_token_value' }, clonesDirectory: '/nonexistent', budget: new RateBudget(store.queue), log: () => undefined };
      await checkUpstreamJob.run({ project: 'nodejs/node', dependency: 'openssl', upstream: 'openssl/openssl', current: '3.0.13' }, context, { attempt: 1, maxAttempts: 5 });
      await checkUpstreamJob.run({ project: 'nodejs/node', dependency: 'zlib', upstream: 'madler/zlib', current: '1.3' }, context, { attempt: 1, maxAttempts: 5 });
      const checks = await store.records.latestUpdateChecks('nodejs/node');
      assert.deepEqual(checks.map((check) => [check.dependency, check.latest, check.error]), [['openssl', 'openssl-3.5.1', null], ['zlib', null, 'madler/zlib publishes no GitHub release']]);
      assert.ok(seen.every((line) => line.endsWith('Bearer ghp_secret_token_value')));
      const key = RateBudget.keyOf('ghp_secret_token_value', new URL(baseUrl).host);
      assert.equal((await store.queue.budget(key))?.remaining, 40, 'the lower count of the window, from the headers');
      const { rows } = await store.pool.query('SELECT token_key FROM rate_budget');
      assert.doesNotMatch(JSON.stringify(rows), /ghp_secret/, 'only a hash of the token is stored');
    } finally {
      server.close();
      await store.close();
      await schema.drop();
    }
  });
});
