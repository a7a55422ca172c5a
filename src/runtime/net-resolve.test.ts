// #18: inside the proxy sandbox a library that looks a listed name up (dns.lookup) and then
// connects to the address works: the launcher resolves the name outside and the proxy lets that
// address through at the ports the name is allowed, and nowhere else. UDP to a listed destination
// fails at the send with ENETUNREACH saying why (the proxy carries TCP only), never silently and
// never as a crash. Real programs (net, http, fetch) on Node 20, 22, 24 and 25 (testNodes),
// resolving `localhost` through this machine's /etc/hosts; skipped without bwrap.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDnsServer } from '../../test/dns-server.js';
import { allowedAndForbidden, askProxy, countingServer, createTestApp, spawnPlannedAsync, spawnPlannedChild, testNodes, type PlannedResult } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';
import { startNetProxy } from './net-proxy.js';
import { parseQuery, parseResolve, resolveAnswer, resolverQuery, systemResolve, type Query, type Resolve } from './net-resolve.js';
import { arrange, lookupOptions, parseAddresses } from './preload/guard-resolve.cjs';
import { parseNetRule } from './preload/net-match.cjs';
import { PRELOAD_DIR, type RunPlan } from './run.js';
import { cachedBubblewrap } from './sandbox.js';
import type { NetRule } from './types.js';

test('RESOLVE lines and their answers', () => {
  assert.equal(parseResolve('RESOLVE Db.Example.com.'), 'db.example.com');
  assert.equal(parseResolve('RESOLVE a b'), null);
  assert.equal(parseResolve('example.com:443'), null);
  assert.equal(parseResolve(`RESOLVE ${'a'.repeat(254)}`), null);
  assert.equal(resolveAnswer([{ address: '10.0.0.1', family: 4 }, { address: '::1', family: 6 }]), 'ADDR 10.0.0.1/4 ::1/6\n');
  assert.equal(resolveAnswer([]), 'ERR ENOTFOUND\n');
  assert.equal(resolveAnswer({ code: 'EAI_AGAIN' }), 'ERR EAI_AGAIN\n');
  assert.deepEqual(parseAddresses('ADDR 10.0.0.1/4 ::1/6'), [
    { address: '10.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ]);
  assert.equal(parseAddresses('ADDR 10.0.0.1'), null);
  assert.deepEqual(parseQuery('QUERY SRV _mongodb._tcp.Cluster.example.net'), { type: 'SRV', name: '_mongodb._tcp.cluster.example.net' });
  assert.equal(parseQuery('QUERY ANY example.net'), null);
  assert.equal(parseQuery('QUERY constructor example.net'), null);
});

test("the guard's lookup keeps dns.lookup's family, all and order options", () => {
  const both = [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ];
  assert.deepEqual(arrange(both, lookupOptions(4)), [{ address: '127.0.0.1', family: 4 }]);
  assert.deepEqual(arrange(both, lookupOptions({ family: 'IPv6' })), [{ address: '::1', family: 6 }]);
  assert.deepEqual(arrange(both, lookupOptions({ order: 'ipv4first' })).map((entry) => entry.family), [4, 6]);
  assert.deepEqual(arrange(both, lookupOptions({ verbatim: true })).map((entry) => entry.family), [6, 4]);
  assert.equal(lookupOptions({ all: true }).all, true);
});

test('the proxy resolves only listed names, and lets an answered address through only at its name’s ports', async (t) => {
  const { allowed: { port: allowedPort, hits: allowedHits }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
  // The test's own resolver: db.test is 127.0.0.1, and asked names are counted (an unlisted one must never be asked).
  const asked: string[] = [];
  const resolve: Resolve = async (name) => {
    asked.push(name);
    if (name === 'db.test') return [{ address: '127.0.0.1', family: 4 }];
    throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  };
  const queried: string[] = [];
  const query: Query = async (type, name) => {
    queried.push(`${type} ${name}`);
    if (type === 'A' && name === 'db.test') return [{ address: '127.0.0.2', ttl: 60 }];
    return [];
  };
  const dir = join(mkdtempSync(join(tmpdir(), 'vigil-resolve-')), 'p');
  const proxy = startNetProxy(dir, [parseNetRule(`db.test:${allowedPort}`), parseNetRule('gone.test:443')], resolve, query);
  t.after(() => {
    proxy.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
  const request = 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  // Before any lookup the address is nobody's: refused without a byte.
  assert.equal(await askProxy(proxy.socket, `127.0.0.1:${allowedPort}\n${request}`), '');
  assert.equal(await askProxy(proxy.socket, 'RESOLVE evil.test\n'), '', 'an unlisted name is closed without a byte');
  assert.equal(await askProxy(proxy.socket, 'RESOLVE gone.test\n'), 'ERR ENOTFOUND\n');
  assert.equal(await askProxy(proxy.socket, 'RESOLVE DB.test\n'), 'ADDR 127.0.0.1/4\n');
  assert.match(await askProxy(proxy.socket, `127.0.0.1:${allowedPort}\n${request}`), /^OK\nHTTP\/1\.1 200 OK[\s\S]*allowed$/);
  assert.equal(await askProxy(proxy.socket, `127.0.0.1:${forbiddenPort}\n${request}`), '', 'the address is reachable only at its name’s port');
  assert.deepEqual(asked, ['gone.test', 'db.test']);
  assert.equal(await askProxy(proxy.socket, 'QUERY TXT evil.test\n'), '', 'an unlisted name is closed without a byte');
  assert.equal(await askProxy(proxy.socket, 'QUERY ANY db.test\n'), '', 'a type the launcher does not answer is closed too');
  assert.equal(await askProxy(proxy.socket, 'QUERY A db.test\n'), 'JSON [{"address":"127.0.0.2","ttl":60}]\n');
  assert.deepEqual(queried, ['A db.test'], 'only the listed name was asked of the DNS servers');
  assert.equal(forbiddenHits.count, 0);
  assert.equal(allowedHits.count, 1);
});

// In the apps below: one HTTP GET on a raw socket to host:port (the app requires node:net), as 'ok <body>', 'closed' or 'failed <code>'.
const RAW = `const raw = (host, port) => new Promise((resolve) => {
  const socket = net.connect({ host, port }, () => socket.write('GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n'));
  let body = '';
  socket.on('data', (chunk) => (body += chunk));
  socket.on('close', () => resolve(body ? 'ok ' + body.split('\\r\\n\\r\\n')[1] : 'closed'));
  socket.on('error', (error) => resolve('failed ' + error.code));
});`;

// Libraries' ways of resolving first: dns.lookup then net.connect to the address, dns.promises.lookup
// (all) then http.get to the address, a forbidden port of the same address; fetch by name; UDP to
// the listed destination; an ANY query (not answered by the launcher: refused at once).
const APP = `
const dns = require('node:dns');
const net = require('node:net');
const http = require('node:http');
const dgram = require('node:dgram');
const [allowed, forbidden] = process.argv.slice(2).map(Number);
const get = (options) => new Promise((resolve) => {
  http.get({ path: '/', ...options }, (res) => {
    let body = '';
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => resolve('ok ' + body));
  }).on('error', (error) => resolve('failed ' + error.code));
});
${RAW}
(async () => {
  const seen = {};
  const address = await new Promise((resolve) => dns.lookup('localhost', { family: 4 }, (error, address, family) => resolve(error ? 'failed ' + error.code + ' ' + error.message : address + '/' + family)));
  seen.lookup = address;
  const ip = address.split('/')[0];
  seen.rawToAddress = await raw(ip, allowed);
  const all = await dns.promises.lookup('localhost', { all: true }).catch((error) => error.code);
  seen.promiseAll = Array.isArray(all) && all.some((entry) => entry.address === '127.0.0.1' && entry.family === 4);
  seen.httpToAddress = await get({ host: ip, port: allowed });
  seen.addressOtherPort = await get({ host: ip, port: forbidden });
  seen.unlisted = await new Promise((resolve) => dns.lookup('example.org', (error) => resolve(error ? error.code : 'answered')));
  seen.fetchByName = await fetch('http://localhost:' + allowed + '/').then((response) => response.text().then((body) => 'ok ' + body), (error) => 'failed ' + (error.cause?.code ?? error.message));
  seen.udp = await new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.on('error', (error) => resolve('error-event ' + error.code));
    socket.send('x', allowed, 'localhost', (error) => {
      socket.close();
      resolve(error ? 'callback ' + error.code + ' ' + error.message : 'sent');
    });
  });
  seen.udpNoCallback = await new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.on('error', (error) => {
      socket.close();
      resolve('error-event ' + error.code);
    });
    socket.send('x', String(allowed), '127.0.0.1');
  });
  seen.resolveAny = await new Promise((resolve) => new dns.Resolver().resolveAny('localhost', (error) => resolve(error ? error.code + ' ' + error.message : 'answered')));
  seen.alive = true;
  console.log(JSON.stringify(seen));
})();
`;

const NO_SANDBOX = cachedBubblewrap(process.env) ? false : 'bubblewrap is not usable here (apt-get install bubblewrap): the proxy sandbox is not exercised';

for (const node of testNodes()) {
  test(`Node ${node.major}: in the proxy sandbox a listed name looked up first is connectable by address at its port only; UDP fails at the send saying why`, { skip: NO_SANDBOX || (node.path ? false : node.missing), timeout: 120_000 }, async (t) => {
    const { allowed: { port: allowedPort, hits: allowedHits }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
    const app = createTestApp({ 'app.js': APP });
    t.after(() => app.remove());
    app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: [`localhost:${allowedPort}`] }));
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js', String(allowedPort), String(forbiddenPort)], usePermissions: true });
    assert.ok(plan.proxy, 'the plan has no network proxy');
    const result = await spawnPlannedAsync(plan, app.dir);
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(seen.lookup, '127.0.0.1/4', JSON.stringify(seen));
    assert.equal(seen.rawToAddress, 'ok allowed');
    assert.equal(seen.promiseAll, true);
    assert.equal(seen.httpToAddress, 'ok allowed');
    assert.equal(seen.addressOtherPort, 'failed ERR_ACCESS_DENIED');
    assert.equal(seen.unlisted, 'ERR_ACCESS_DENIED');
    assert.equal(seen.fetchByName, 'ok allowed');
    assert.match(String(seen.udp), /^callback ENETUNREACH send ENETUNREACH localhost:\d+: UDP does not leave vigil's network sandbox \(.*vigil-permissions\.json/);
    assert.equal(seen.udpNoCallback, 'error-event ENETUNREACH');
    assert.match(String(seen.resolveAny), /^ENOTFOUND queryAny ENOTFOUND localhost: no DNS inside vigil's network sandbox/);
    assert.equal(seen.alive, true);
    assert.equal(forbiddenHits.count, 0, 'a connection reached the forbidden port');
    assert.equal(allowedHits.count, 3, 'the raw connection, http.get and fetch reach the allowed port');
  });
}

// Record queries as drivers make them: A (then a connection to the address), SRV (then its
// target's address and port), TXT; an unlisted name; ANY, which the launcher does not answer.
const QUERY_APP = `
const dns = require('node:dns');
const net = require('node:net');
const [allowed] = process.argv.slice(2).map(Number);
const settle = (promise) => promise.then((answer) => ({ answer }), (error) => ({ code: error.code, message: error.message }));
${RAW}
(async () => {
  const resolver = new dns.promises.Resolver();
  const seen = {};
  seen.a = await new Promise((resolve) => dns.resolve4('db.test', (error, addresses) => resolve(error ? error.code : addresses)));
  seen.aTtl = await settle(resolver.resolve4('db.test', { ttl: true }));
  seen.rawToA = await raw(seen.a[0], allowed);
  seen.srv = await settle(resolver.resolveSrv('_svc._tcp.db.test'));
  const target = seen.srv.answer?.[0];
  // The target's address from its A record (the proxy would resolve a connection by name with getaddrinfo, which this test's DNS server does not serve).
  seen.rawToSrv = target ? await raw((await resolver.resolve4(target.name))[0], target.port) : 'no target';
  seen.txt = await settle(resolver.resolveTxt('db.test'));
  seen.gone = await settle(resolver.resolve4('gone.test'));
  seen.unlisted = await settle(resolver.resolve4('other.test'));
  seen.any = await settle(resolver.resolveAny('db.test'));
  console.log(JSON.stringify(seen));
})();
`;

/** Run a planned launch with its proxy started here, its record queries sent to `dnsPort` (as spawnPlannedAsync, otherwise). */
async function runWithDns(plan: RunPlan, cwd: string, dnsPort: number): Promise<PlannedResult> {
  const proxy = startNetProxy((plan.proxy as { dir: string }).dir, (plan.proxy as { rules: NetRule[] }).rules, systemResolve, resolverQuery([`127.0.0.1:${dnsPort}`]));
  const result = await spawnPlannedChild(plan, cwd);
  proxy.close();
  return result;
}

for (const node of testNodes()) {
  test(`Node ${node.major}: in the proxy sandbox A, SRV and TXT queries of listed names are answered by the launcher's DNS servers, unlisted names never reach them`, { skip: NO_SANDBOX || (node.path ? false : node.missing), timeout: 120_000 }, async (t) => {
    const allowed = await countingServer('allowed');
    const allowedPort = allowed.port;
    const dns = await startDnsServer({ 'db.test': { A: ['127.0.0.1'], TXT: ['hello'] }, '_svc._tcp.db.test': { SRV: [{ target: 'db.test', port: allowedPort }] }, 'other.test': { A: ['127.0.0.1'] } });
    t.after(() => {
      allowed.close();
      dns.close();
    });
    const app = createTestApp({ 'app.js': QUERY_APP });
    t.after(() => app.remove());
    app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: [`db.test:${allowedPort}`, '_svc._tcp.db.test', 'gone.test:443'] }));
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js', String(allowedPort)], usePermissions: true });
    assert.ok(plan.proxy, 'the plan has no network proxy');
    const result = await runWithDns(plan, app.dir, dns.port);
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, { answer?: unknown; code?: string; message?: string } | unknown>;
    assert.deepEqual(seen.a, ['127.0.0.1'], result.stdout);
    assert.deepEqual(seen.aTtl, { answer: [{ address: '127.0.0.1', ttl: 300 }] });
    assert.equal(seen.rawToA, 'ok allowed');
    assert.deepEqual(seen.srv, { answer: [{ name: 'db.test', port: allowedPort, priority: 10, weight: 5 }] });
    assert.equal(seen.rawToSrv, 'ok allowed');
    assert.deepEqual(seen.txt, { answer: [['hello']] });
    assert.deepEqual(seen.gone, { code: 'ENOTFOUND', message: 'queryA ENOTFOUND gone.test' });
    assert.equal((seen.unlisted as { code?: string }).code, 'ERR_ACCESS_DENIED');
    assert.match((seen.any as { message?: string }).message ?? '', /no DNS inside vigil's network sandbox/);
    assert.deepEqual([...new Set(dns.asked)].sort(), ['_svc._tcp.db.test', 'db.test', 'gone.test'], 'only listed names reach the DNS server');
    assert.equal(allowed.hits.count, 2);
  });
}

// Without the proxy sandbox (no bwrap, or a launch that keeps the host's network) the guard alone
// decides: a listed name's answers from the system resolver are remembered as the launcher's are,
// so a library that resolves first connects to the address at the name's ports, and nowhere else.
// The guard is loaded here as `vigil run` loads it (--require, VIGIL_GUARD), without the launcher.
const GUARD_APP = `
const dns = require('node:dns');
const net = require('node:net');
const [allowed, forbidden] = process.argv.slice(2).map(Number);
const reach = (host, port) => new Promise((resolve) => {
  const socket = net.connect({ host, port }, () => { socket.destroy(); resolve('connected'); });
  socket.on('error', (error) => resolve('failed ' + error.code));
});
(async () => {
  const seen = {};
  seen.before = await reach('127.0.0.1', allowed);
  const address = await new Promise((resolve) => dns.lookup('localhost', { family: 4 }, (error, address) => resolve(error ? error.code : address)));
  seen.address = address;
  seen.after = await reach(address, allowed);
  seen.otherPort = await reach(address, forbidden);
  console.log(JSON.stringify(seen));
})();
`;

for (const node of testNodes()) {
  test(`Node ${node.major}: with the guard alone, an address is connectable after a lookup of its listed name, at that name's ports only`, { skip: node.path ? false : node.missing }, async (t) => {
    const { allowed: { port: allowedPort }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
    const app = createTestApp({ 'app.js': GUARD_APP });
    t.after(() => app.remove());
    const guard = { policy: 'the test policy', net: [parseNetRule(`localhost:${allowedPort}`)], listen: [], fsWrite: [], deny: [], childEnv: [], commands: null, nodes: [node.path], launchPath: '' };
    const child = spawn(node.path as string, ['--require', join(PRELOAD_DIR, 'guard.cjs'), 'app.js', String(allowedPort), String(forbiddenPort)], { cwd: app.dir, env: { PATH: process.env.PATH ?? '', VIGIL_GUARD: JSON.stringify(guard) } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    const status = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), { before: 'failed ERR_ACCESS_DENIED', address: '127.0.0.1', after: 'connected', otherPort: 'failed ERR_ACCESS_DENIED' });
    assert.equal(forbiddenHits.count, 0);
  });
}
