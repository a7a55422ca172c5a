import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../../test/fixtures.js';
import { UsageError } from '../errors.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/index.js';
import { checkExposure, isLoopback } from './access.js';
import { startDashboard, type Dashboard } from './server.js';

/** A raw GET: fetch() would normalise `..` and `%2e%2e` before the server ever saw them. */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path, headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

const hostile = { platform: 'github.com', org: '<img src=x onerror=alert(1)>', repo: '<script>alert("repo")</script>' };

async function seeded(): Promise<Store> {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'vigil-serve-sec-')), 'vigil.db'));
  const run = await store.monitor.beginRun('test', '2026-11-23T00:00:00Z');
  const outcome = (ref: typeof hostile, score: number) => ({ ref, ok: true as const, score, date: '2026-11-23T00:00:00Z', commit: 'c'.repeat(40), checks: [{ name: 'Pinned-Dependencies', score: 3, reason: '<b>not pinned</b>', details: ['Warn: <iframe src=//evil>'] }] });
  await store.monitor.recordMany(run, [outcome(hostile, 4.2), ...Array.from({ length: 50 }, (_, index) => outcome({ platform: 'github.com', org: 'acme', repo: `repo-${index}` }, 6))], '2026-11-23T00:00:00Z');
  await store.monitor.finishRun(run, '2026-11-23T00:10:00Z');
  await store.records.recordReview({ project: 'acme/<svg onload=alert(2)>', line: 'v1.x', recordedAt: '2026-11-23T00:00:00Z', findings: [{ id: 'GHSA-xxxx', aliases: [], package: 'left-pad', version: '1.0.0', severity: 'HIGH 8.1', summary: 'Prototype pollution via <script>alert("advisory")</script> & "quotes"', fixed: '1.0.1' }] });
  return store;
}

describe('vigil serve: exposure, escaping, traversal, load', () => {
  let store: Store;
  let dashboard: Dashboard;
  before(async () => {
    store = await seeded();
    dashboard = await startDashboard(store, { port: 0 });
  });
  after(async () => {
    await dashboard.close();
    await store.close();
  });

  it('binds to loopback by default; anything else needs a token of 16+ characters', async () => {
    assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.1.2.3']) assert.ok(isLoopback(host), host);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'dashboard.example.org', '::ffff:10.0.0.1']) {
      assert.ok(!isLoopback(host), host);
      assert.throws(() => checkExposure(host, undefined), (error: unknown) => error instanceof UsageError && /would expose the dashboard.*VIGIL_SERVE_TOKEN/.test(error.message));
      assert.throws(() => checkExposure(host, 'short'), /too short/);
      checkExposure(host, 'a'.repeat(32));
    }
    await assert.rejects(startDashboard(store, { host: '0.0.0.0', port: 0 }), UsageError, 'refused before anything listens');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--host', '0.0.0.0', '--port', '0', '--db', join(mkdtempSync(join(tmpdir(), 'vigil-serve-cli-')), 'v.db')], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, VIGIL_SERVE_TOKEN: '', NO_COLOR: '1' }, timeout: 30_000 });
    assert.equal(cli.status, 2, cli.stderr);
    assert.match(cli.stderr, /--host 0\.0\.0\.0 would expose the dashboard/);
  });

  it('with a token, a request without it is refused; the bearer header or ?token= (then an HttpOnly cookie) gets in', async () => {
    const token = 'tok-0123456789abcdef';
    const guarded = await startDashboard(store, { port: 0, token });
    try {
      assert.equal((await get(guarded.url, '/')).status, 401);
      assert.equal((await get(guarded.url, '/', { authorization: 'Bearer wrong-token-0123456789' })).status, 401);
      assert.equal((await get(guarded.url, '/', { authorization: `Bearer ${token}` })).status, 200);
      const login = await get(guarded.url, `/checks?token=${token}`);
      assert.equal(login.status, 303);
      assert.equal(login.headers.location, '/checks', 'the token leaves the address bar');
      const cookie = String((login.headers['set-cookie'] as string[])[0]);
      assert.match(cookie, /HttpOnly; SameSite=Strict/);
      assert.equal((await get(guarded.url, '/checks', { cookie: cookie.split(';')[0]! })).status, 200);
      assert.doesNotMatch((await get(guarded.url, '/')).body, new RegExp(token), 'the refusal does not echo the token');
    } finally {
      await guarded.close();
    }
  });

  it('escapes what the store holds: a repository named <script> and an advisory summary with HTML render as text', async () => {
    const pages = [await get(dashboard.url, '/'), await get(dashboard.url, '/checks'), await get(dashboard.url, '/findings'), await get(dashboard.url, `/repo/github.com/${encodeURIComponent(hostile.org)}/${encodeURIComponent(hostile.repo)}`)];
    for (const page of pages) {
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /<script|<img src=x|<svg onload|<iframe|<b>not pinned/i, 'no markup from the store reaches the page');
      assert.equal(page.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'");
    }
    assert.match(pages[0]!.body, /&lt;script&gt;alert\(&quot;repo&quot;\)&lt;\/script&gt;/);
    assert.match(pages[2]!.body, /Prototype pollution via &lt;script&gt;alert\(&quot;advisory&quot;\)&lt;\/script&gt; &amp; &quot;quotes&quot;/);
    assert.match(pages[3]!.body, /Warn: &lt;iframe src=\/\/evil&gt;/);
    const missing = await get(dashboard.url, '/repo/github.com/%3Cscript%3E/x');
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.body, /<script>/);
  });

  it('serves its static files and refuses every way out of static/', async () => {
    const icon = await get(dashboard.url, '/static/favicon.svg');
    assert.equal(icon.status, 200);
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    for (const path of ['/static/../../package.json', '/static/..%2f..%2fpackage.json', '/static/%2e%2e%2f%2e%2e%2fpackage.json', '/static/%2e%2e/server.ts', '/static/..\\server.ts', '/static/%00favicon.svg', '/static//etc/passwd', '/static/%2fetc%2fpasswd', '/static/.hidden', '/static/server.ts', '/static/%E0%A4%A', '/../../../../etc/passwd']) {
      const response = await get(dashboard.url, path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(response.body, /"name": "vigil"|root:x:0|import /, `${path} leaks nothing`);
    }
  });

  it('answers 200 concurrent requests on loopback, and still answers after', async () => {
    const paths = ['/', '/checks', '/findings', '/repo/github.com/acme/repo-7', '/static/favicon.svg'];
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => get(dashboard.url, paths[index % paths.length]!)));
    assert.deepEqual([...new Set(responses.map((response) => response.status))], [200]);
    assert.equal((await get(dashboard.url, '/')).status, 200);
  });
});
