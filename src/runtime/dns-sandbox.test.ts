// #18: inside the proxy sandbox (no network but loopback) nothing can answer a DNS query. The
// launcher answers dns.lookup and the A, AAAA, CNAME, MX, SRV and TXT queries of listed names
// (net-resolve.test.ts); here for a name that resolves nowhere (.invalid, RFC 6761), so their
// errors come from outside. The other queries (ANY, NS, ...) and reverse lookups fail at once with
// an error naming the policy, rather than waiting on a resolver that cannot be reached. Connecting
// by name works (the proxy resolves it: net-boundary.test.ts). Node 20, 22, 24 and 25
// (testNodes); skipped without bwrap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';
import { cachedBubblewrap } from './sandbox.js';

// Every way an application asks DNS itself: lookup (callback, promise), reverse lookup, and
// resolvers (default servers, and a server the policy allows).
const APP = `
const dns = require('node:dns');
const settle = (start) => new Promise((resolve) => {
  try {
    start((error, answer) => resolve(error ? { code: error.code, message: error.message } : { answer }));
  } catch (error) {
    resolve({ threw: error.code, message: error.message });
  }
});
const viaPromise = (promise) => promise.then((answer) => ({ answer }), (error) => ({ code: error.code, message: error.message }));
(async () => {
  const seen = {
    lookup: await settle((done) => dns.lookup('api.vigil-test.invalid', done)),
    lookupAll: await settle((done) => dns.lookup('api.vigil-test.invalid', { all: true }, done)),
    promiseLookup: await viaPromise(dns.promises.lookup('api.vigil-test.invalid')),
    resolve4: await settle((done) => new dns.Resolver().resolve4('api.vigil-test.invalid', done)),
    promiseTxt: await viaPromise(new dns.promises.Resolver().resolveTxt('api.vigil-test.invalid')),
    promiseResolve: await viaPromise(new dns.promises.Resolver().resolveAny('api.vigil-test.invalid')),
    lookupService: await settle((done) => dns.lookupService('127.0.0.1', 443, done)),
    literal: await settle((done) => dns.lookup('127.0.0.1', done)),
  };
  console.log(JSON.stringify(seen));
})();
`;

const NO_SANDBOX = cachedBubblewrap(process.env) ? false : 'bubblewrap is not usable here (apt-get install bubblewrap): the proxy sandbox is not exercised';

for (const node of testNodes()) {
  test(`Node ${node.major}: in the proxy sandbox dns.lookup and record queries of listed names are answered from outside, other queries fail at once naming the policy`, { skip: NO_SANDBOX || (node.path ? false : node.missing), timeout: 120_000 }, async (t) => {
    const app = createTestApp({ 'app.js': APP });
    t.after(() => app.remove());
    app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: ['api.vigil-test.invalid:443', '127.0.0.1:443'] }));
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js'], usePermissions: true });
    assert.ok(plan.proxy, 'the plan has no network proxy');
    const result = await spawnPlannedAsync(plan, app.dir);
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, { code?: string; message?: string; answer?: unknown }>;
    for (const name of ['lookup', 'lookupAll', 'promiseLookup']) {
      // Asked of the launcher, which resolved it outside (this machine may have no DNS at all: EAI_AGAIN).
      assert.match(seen[name]?.code ?? '', /^(ENOTFOUND|EAI_AGAIN|EAI_FAIL)$/, `${name}: ${JSON.stringify(seen[name])}`);
      assert.match(seen[name]?.message ?? '', /^getaddrinfo \w+ api\.vigil-test\.invalid \(resolved by vigil outside the network sandbox\)$/, `${name}: ${JSON.stringify(seen[name])}`);
    }
    for (const [name, method] of [['resolve4', 'queryA'], ['promiseTxt', 'queryTxt']]) {
      // Asked of the launcher, whose resolver asked this machine's DNS servers (maybe none reachable here).
      assert.match(seen[name as string]?.message ?? '', new RegExp(`^${method} [A-Z]+ api\\.vigil-test\\.invalid$`), `${name}: ${JSON.stringify(seen[name as string])}`);
    }
    for (const name of ['promiseResolve', 'lookupService']) {
      assert.equal(seen[name]?.code, 'ENOTFOUND', `${name}: ${JSON.stringify(seen[name])}`);
      assert.ok(seen[name]?.message?.includes(plan.proxy ? `${app.dir}/vigil-permissions.json` : ''), `${name}: ${seen[name]?.message}`);
      assert.match(seen[name]?.message ?? '', /no DNS inside vigil's network sandbox/);
    }
    // An address needs no query: answered as before.
    assert.deepEqual(seen.literal, { answer: '127.0.0.1' });
  });
}
