import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { startTestServer } from '../test/http-server.js';
import { ExternalHostError, InternalError, toVigilError } from './errors.js';
import { createGitHubClient } from './forge/github/client.js';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('toVigilError', () => {
  it('reports a GitHub that cannot be reached as the host\'s failure (exit 2), not as a bug in Vigil', async () => {
    const client = createGitHubClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, token: 't', retries: 0, throttle: false });
    const error = await client.rest.issues.listForRepo({ owner: 'nodejs', repo: 'build' }).catch((caught: unknown) => caught);
    const mapped = toVigilError(error);
    assert.ok(mapped instanceof ExternalHostError, String(mapped));
    assert.equal(mapped.exitCode, 2);
    assert.match(mapped.message, /^GET http:\/\/127\.0\.0\.1:\d+\/repos\/nodejs\/build\/issues.* failed: 127\.0\.0\.1:\d+ refused the connection/);
  });

  it('names the status GitHub answered with', async () => {
    const server = await startTestServer([{ method: 'GET', path: '/repos/:owner/:repo/issues', handler: () => ({ status: 401, body: { message: 'Bad credentials' } }) }]);
    try {
      const client = createGitHubClient({ baseUrl: server.url, token: 'expired', retries: 0, throttle: false });
      const mapped = toVigilError(await client.rest.issues.listForRepo({ owner: 'nodejs', repo: 'build' }).catch((caught: unknown) => caught));
      assert.ok(mapped instanceof ExternalHostError);
      assert.equal(mapped.status, 401);
      assert.match(mapped.message, /answered HTTP 401: "Bad credentials"/);
      assert.match(mapped.hint ?? '', /token was refused/);
      assert.doesNotMatch(mapped.message, /expired/, 'the token is never in the message');
    } finally {
      await server.close();
    }
  });

  it('keeps anything else an internal error', () => {
    assert.ok(toVigilError(new TypeError('undefined is not a function')) instanceof InternalError);
  });
});
