// #18: allow-listed network destinations have an outer boundary, not only the in-process guard.
// Under a policy that allows one local server port, the launch runs in the bubblewrap sandbox
// with no network but loopback; Node reaches the allowed port through the launcher's proxy, and a
// raw connection that bypasses the guard (curl, a program that is not Node) reaches neither the
// forbidden port nor the allowed one. Node 20, 22, 24 and 25 (testNodes); skipped without bwrap.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HTTP_GET, allowedAndForbidden, askProxy, createTestApp, freePort, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';
import { parseDestination, startNetProxy } from './net-proxy.js';
import { parseNetRule } from './preload/net-match.cjs';
import { findOnPath } from './probe-cache.js';
import { cachedBubblewrap } from './sandbox.js';

test('the proxy reads host:port and [v6]:port destination lines and nothing else', () => {
  assert.deepEqual(parseDestination('example.com:443'), { host: 'example.com', port: 443 });
  assert.deepEqual(parseDestination('[::1]:8080'), { host: '::1', port: 8080 });
  assert.equal(parseDestination('GET / HTTP/1.1'), null);
  assert.equal(parseDestination('example.com:0'), null);
  assert.equal(parseDestination('example.com:70000'), null);
  assert.equal(parseDestination('a b:80'), null);
});

/** Send `line` to the proxy, then an HTTP request; what comes back before the proxy closes. */
function throughProxy(socket: string, line: string): Promise<string> {
  return askProxy(socket, `${line}\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
}

test("the launcher's proxy connects only to listed destinations and closes anything else without a byte", async (t) => {
  const { allowed: { port: allowedPort, hits: allowedHits }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
  const dir = join(mkdtempSync(join(tmpdir(), 'vigil-proxy-')), 'p');
  const closedPort = await freePort();
  const proxy = startNetProxy(dir, [parseNetRule(`127.0.0.1:${allowedPort}`), parseNetRule(`127.0.0.1:${closedPort}`)]);
  t.after(() => {
    proxy.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
  assert.match(await throughProxy(proxy.socket, `127.0.0.1:${allowedPort}`), /^OK\nHTTP\/1\.1 200 OK[\s\S]*allowed$/);
  assert.equal(await throughProxy(proxy.socket, `127.0.0.1:${forbiddenPort}`), '');
  assert.equal(await throughProxy(proxy.socket, `localhost:${allowedPort}`), '', 'a name the list does not hold is refused even when it resolves to a listed address');
  assert.equal(await throughProxy(proxy.socket, 'GET / HTTP/1.1'), '');
  assert.equal(await throughProxy(proxy.socket, `127.0.0.1:${closedPort}`), 'ERR ECONNREFUSED\n', 'a listed destination that refuses is reported, so the guard can raise ECONNREFUSED');
  assert.equal(forbiddenHits.count, 0);
  assert.equal(allowedHits.count, 1);
});

// The application: Node's own connections (through the guard and the proxy), then curl, which
// no guard sees, to both ports.
const APP = `
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const [allowed, forbidden, closed] = process.argv.slice(2).map(Number);
${HTTP_GET}
const curl = (port) => {
  try {
    return 'ok ' + execFileSync('curl', ['-sS', '--max-time', '10', 'http://127.0.0.1:' + port + '/'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return 'failed exit ' + error.status;
  }
};
(async () => {
  const seen = { nodeAllowed: await get(allowed), nodeForbidden: await get(forbidden), nodeAllowedAgain: await get(allowed), nodeRefused: await get(closed) };
  seen.curlForbidden = curl(forbidden);
  seen.curlAllowed = curl(allowed);
  console.log(JSON.stringify(seen));
})();
`;

const BWRAP = cachedBubblewrap(process.env);
const NO_SANDBOX = !BWRAP ? 'bubblewrap is not usable here (apt-get install bubblewrap): the network boundary is not exercised' : !findOnPath('curl', process.env) ? 'no curl on PATH' : false;

for (const node of testNodes()) {
  test(`Node ${node.major}: with one allowed local port, Node reaches it through vigil's proxy and a raw connection from a non-Node child reaches no port`, { skip: NO_SANDBOX || (node.path ? false : node.missing), timeout: 120_000 }, async (t) => {
    const { allowed: { port: allowedPort, hits: allowedHits }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
    const closedPort = await freePort();
    const app = createTestApp({ 'app.js': APP });
    t.after(() => app.remove());
    app.write(
      'vigil-permissions.json',
      JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: [`127.0.0.1:${allowedPort}`, `127.0.0.1:${closedPort}`], childProcess: [`curl -sS --max-time 10 http://127.0.0.1:${forbiddenPort}/`, `curl -sS --max-time 10 http://127.0.0.1:${allowedPort}/`] }),
    );
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js', String(allowedPort), String(forbiddenPort), String(closedPort)], usePermissions: true });
    assert.equal(plan.executable, BWRAP);
    assert.ok(plan.proxy, 'the plan has no network proxy');
    assert.ok(plan.args.includes('--unshare-all') && !plan.args.includes('--share-net'), 'the sandbox keeps the host network');
    assert.ok(plan.boundaries.some((line) => /its one way out is vigil's proxy/.test(line)), plan.boundaries.join('\n'));
    const result = await spawnPlannedAsync(plan, app.dir);
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    assert.equal(seen.nodeAllowed, 'ok allowed');
    assert.equal(seen.nodeAllowedAgain, 'ok allowed');
    assert.equal(seen.nodeForbidden, 'failed ERR_ACCESS_DENIED');
    // A listed destination that refuses: the proxy reports it and the guard raises it on the application's socket.
    assert.equal(seen.nodeRefused, 'failed ECONNREFUSED');
    // curl connects itself: inside the sandbox 127.0.0.1 is the sandbox's own loopback, and there is no route out.
    assert.match(seen.curlForbidden ?? '', /^failed exit 7$/);
    assert.match(seen.curlAllowed ?? '', /^failed exit 7$/);
    assert.equal(forbiddenHits.count, 0, 'a connection reached the forbidden port');
    assert.equal(allowedHits.count, 2, 'only the two connections through the proxy reach the allowed port');
  });
}
