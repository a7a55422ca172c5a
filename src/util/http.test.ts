import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../../test/http-server.js';
import { ExternalHostError, InputError } from '../errors.js';
import { HttpClient, retryAfterMs } from './http.js';

describe('HttpClient', () => {
  let server: TestServer;
  let calls = 0;
  before(async () => {
    server = await startTestServer([
      { method: 'GET', path: '/flaky', handler: () => (++calls < 3 ? { status: calls === 1 ? 429 : 503, headers: { 'retry-after': '0' }, body: { message: 'slow down' } } : { body: { ok: true } }) },
      { method: 'GET', path: '/bad', handler: () => ({ body: { ok: 'yes' } }) },
      { method: 'GET', path: '/down', handler: () => ({ status: 503, body: 'down' }) },
      { method: 'GET', path: '/auth', handler: ({ headers }) => ({ body: { ok: headers.authorization === 'Bearer s3cret' } }) },
    ]);
  });
  after(() => server.close());

  it('retries 429 and 503 as Retry-After says, then succeeds', async () => {
    const waits: number[] = [];
    const client = new HttpClient({ baseUrl: server.url, onRetry: ({ waitMs }) => waits.push(waitMs) });
    assert.deepEqual(await client.getJson('/flaky', z.object({ ok: z.boolean() })), { ok: true });
    assert.deepEqual(waits, [0, 0]);
  });

  it('fails loudly when the service stays down: never an empty answer', async () => {
    const client = new HttpClient({ baseUrl: server.url, retries: 1, sleep: async () => undefined });
    await assert.rejects(client.getJson('/down', z.unknown()), ExternalHostError);
  });

  it('validates answers against the schema and names the bad key', async () => {
    const client = new HttpClient({ baseUrl: server.url });
    await assert.rejects(client.getJson('/bad', z.object({ ok: z.boolean() })), (error: unknown) => error instanceof InputError && /at ok/.test(error.message));
  });

  it('returns null on 404 only when asked to', async () => {
    const client = new HttpClient({ baseUrl: server.url, retries: 0 });
    assert.equal(await client.getJson('/missing', z.unknown(), { allow404: true }), null);
    await assert.rejects(client.getJson('/missing', z.unknown()), ExternalHostError);
  });

  it('sends the token it was built with', async () => {
    const client = new HttpClient({ baseUrl: server.url, token: 's3cret' });
    assert.deepEqual(await client.getJson('/auth', z.object({ ok: z.boolean() })), { ok: true });
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfterMs('30'), 30_000);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(retryAfterMs(null), undefined);
  });
});
