// #18: a policy that listens keeps an outer network boundary. The application runs in the
// bubblewrap sandbox with loopback only; vigil binds the policy's listen address on this machine
// and hands each connection in (net-inbound.ts), outbound connections still go through the
// allow-list proxy, and nothing started inside (Node bypassing nothing, curl bypassing the guard)
// reaches a port that is not listed. Node 20, 22, 24 and 25 (testNodes); skipped without bwrap/curl.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { HTTP_GET, allowedAndForbidden, createTestApp, freePort, processesWith, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';
import { prepareRun } from './launch.js';
import { CONTROL_LINE, inboundListens, startInbound, type InboundListen, type NetInbound } from './net-inbound.js';
import { parseNetRule } from './preload/net-match.cjs';
import { findOnPath } from './probe-cache.js';
import { cachedBubblewrap } from './sandbox.js';

test('listen rules become host addresses to bind and loopback addresses to reach inside; a run-time port or another interface cannot', () => {
  const rules = (...texts: string[]) => texts.map((text) => parseNetRule(text));
  assert.deepEqual(inboundListens(rules('127.0.0.1:8080', '*:3000', '[::1]:9000', 'localhost:81')), {
    listens: [
      { rule: '127.0.0.1:8080', bind: ['127.0.0.1'], port: 8080, inside: ['127.0.0.1'] },
      { rule: '*:3000', bind: ['::', '0.0.0.0'], port: 3000, inside: ['127.0.0.1', '::1'] },
      { rule: '[::1]:9000', bind: ['::1'], port: 9000, inside: ['::1'] },
      { rule: 'localhost:81', bind: ['127.0.0.1'], port: 81, inside: ['127.0.0.1', '::1'] },
    ],
  });
  assert.match((inboundListens(rules('127.0.0.1:*')) as { reason: string }).reason, /a port chosen at run time \(net\.listen 127\.0\.0\.1:\*\)/);
  assert.match((inboundListens(rules('127.0.0.1:0')) as { reason: string }).reason, /a port chosen at run time/);
  assert.match((inboundListens(rules('10.1.2.3:80')) as { reason: string }).reason, /10\.1\.2\.3:80, an address that does not exist inside the loopback-only sandbox/);
});

/** Everything a socket receives until it closes, and how it closed. */
function drain(socket: Socket): Promise<{ text: string; error?: string }> {
  return new Promise((resolve) => {
    let text = '';
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => (text += String(chunk)));
    socket.on('error', (problem: NodeJS.ErrnoException) => (error = problem.code));
    socket.on('close', () => resolve({ text, ...(error ? { error } : {}) }));
  });
}

/** One line from a socket. */
function line(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      if (text.includes('\n')) {
        socket.off('data', onData);
        resolve(text.slice(0, text.indexOf('\n')));
      }
    };
    socket.on('data', onData);
  });
}

/** The launcher's inbound listeners for `net.listen 127.0.0.1:<port>`, in a directory of their own, closed and removed after the test. */
function inboundOn(t: TestContext, port: number): NetInbound {
  const dir = join(mkdtempSync(join(tmpdir(), 'vigil-inbound-')), 'in');
  const inbound = startInbound(dir, (inboundListens([parseNetRule(`127.0.0.1:${port}`)]) as { listens: InboundListen[] }).listens);
  t.after(() => {
    inbound.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
  return inbound;
}

test("the launcher's inbound socket only pairs a client with the dial-back that names it; anything else is closed without a byte", async (t) => {
  const port = await freePort();
  const inbound = inboundOn(t, port);
  await inbound.ready;

  // A dial-back that names no waiting client, and a line that is too long: closed, nothing sent.
  const stranger = connect({ path: inbound.socket });
  stranger.write(`${'0'.repeat(32)}\n`);
  assert.deepEqual(await drain(stranger), { text: '' });
  const flood = connect({ path: inbound.socket });
  flood.write('x'.repeat(200));
  assert.deepEqual(await drain(flood), { text: '' });

  // The forwarder's part, played here: control connection, then a dial-back per client.
  const control = connect({ path: inbound.socket });
  control.write(`${CONTROL_LINE}\n`);
  const client = connect({ host: '127.0.0.1', port });
  const ask = await line(control);
  const match = /^([0-9a-f]{32}) (\d+) (.+)$/.exec(ask);
  assert.ok(match, ask);
  assert.equal(match[2], String(port));
  assert.equal(match[3], '127.0.0.1');
  const back = connect({ path: inbound.socket });
  back.write(`${match[1]}\nhello from inside`);
  client.end('hello from outside');
  const [outside, inside] = await Promise.all([drain(client), new Promise<string>((resolve) => {
    let text = '';
    back.on('data', (chunk: Buffer) => {
      text += String(chunk);
      if (text === 'hello from outside') {
        back.end();
        resolve(text);
      }
    });
  })]);
  assert.equal(outside.text, 'hello from inside');
  assert.equal(inside, 'hello from outside');

  // The same id again is not a way in: it was used.
  const replay = connect({ path: inbound.socket });
  replay.write(`${match[1]}\n`);
  assert.deepEqual(await drain(replay), { text: '' });

  // The application refused: the client gets a reset, as from a port nobody listens on.
  const refused = connect({ host: '127.0.0.1', port });
  const second = /^([0-9a-f]{32}) /.exec(await line(control));
  control.write(`CLOSE ${second?.[1]}\n`);
  assert.deepEqual(await drain(refused), { text: '', error: 'ECONNRESET' });
  control.destroy();
});

test('an address this machine will not give is reported before the application starts, naming it and the rule', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  t.after(() => taken.close());
  const inbound = inboundOn(t, port);
  await assert.rejects(inbound.ready, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} on this machine for the application \\(net\\.listen 127\\.0\\.0\\.1:${port}\\): EADDRINUSE`));
});

// The application: a server on the listed port. GET / makes Node's own connections (through the
// guard and the proxy) and runs curl, which no guard sees, to both ports; POST /echo answers the
// size and sha256 of the body (the bytes survive the way in and out); GET /exit stops it.
const APP = `
const http = require('node:http');
const crypto = require('node:crypto');
const { execFile } = require('node:child_process');
const [listen, allowed, forbidden] = process.argv.slice(2).map(Number);
${HTTP_GET}
// Not execFileSync: the server must keep answering while curl asks its own port.
const curl = (port) => new Promise((resolve) => {
  execFile('curl', ['-sS', '--max-time', '10', 'http://127.0.0.1:' + port + '/echo'], { encoding: 'utf8' }, (error, stdout) => resolve(error ? 'failed exit ' + error.code : 'ok ' + stdout));
});
const server = http.createServer(async (req, res) => {
  if (req.url === '/echo') {
    const hash = crypto.createHash('sha256');
    let size = 0;
    req.on('data', (chunk) => { size += chunk.length; hash.update(chunk); });
    req.on('end', () => res.end(size + ' ' + hash.digest('hex')));
  } else if (req.url === '/exit') {
    res.end('bye', () => { server.close(); server.closeAllConnections(); });
  } else {
    const seen = { nodeAllowed: await get(allowed), nodeForbidden: await get(forbidden) };
    seen.curlForbidden = await curl(forbidden);
    seen.curlAllowed = await curl(allowed);
    seen.curlOwnPort = await curl(listen);
    res.end(JSON.stringify(seen));
  }
});
server.listen(listen, '127.0.0.1', () => console.log('listening ' + listen));
`;

/** Real curl from this machine (outside the sandbox): its output, or how it failed. */
function curlFromHere(args: string[], input?: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('curl', ['-sS', '--max-time', '20', ...args], { encoding: 'buffer', maxBuffer: 1 << 20 }, (error, stdout, stderr) => resolve(error ? `failed ${String(stderr)}` : String(stdout)));
    if (input) child.stdin?.end(input);
  });
}

const BWRAP = cachedBubblewrap(process.env);
const NO_SANDBOX = !BWRAP ? 'bubblewrap is not usable here (apt-get install bubblewrap): the inbound path is not exercised' : !findOnPath('curl', process.env) ? 'no curl on PATH' : false;

for (const node of testNodes()) {
  test(`Node ${node.major}: a server under net.listen + one allowed destination is reachable from this machine on its port, and neither Node nor curl inside reaches a port that is not listed`, { skip: NO_SANDBOX || (node.path ? false : node.missing), timeout: 120_000 }, async (t) => {
    const { allowed: { port: allowedPort, hits: allowedHits }, forbidden: { port: forbiddenPort, hits: forbiddenHits } } = await allowedAndForbidden(t);
    const listenPort = await freePort();
    const app = createTestApp({ 'app.js': APP });
    t.after(() => app.remove());
    const curlTo = (port: number) => `curl -sS --max-time 10 http://127.0.0.1:${port}/echo`;
    app.write(
      'vigil-permissions.json',
      JSON.stringify({
        version: 1,
        fs: { read: ['${project}'] },
        net: { connect: [`127.0.0.1:${allowedPort}`], listen: [`127.0.0.1:${listenPort}`] },
        childProcess: [curlTo(forbiddenPort), curlTo(allowedPort), curlTo(listenPort)],
      }),
    );
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js', String(listenPort), String(allowedPort), String(forbiddenPort)], usePermissions: true });
    assert.equal(plan.executable, BWRAP);
    assert.ok(plan.proxy && plan.inbound, 'the plan has no proxy or no inbound path');
    assert.ok(plan.args.includes('--unshare-all') && !plan.args.includes('--share-net'), 'the sandbox keeps the host network');
    assert.ok(plan.boundaries.some((line) => new RegExp(`listening: vigil binds 127\\.0\\.0\\.1:${listenPort} on this machine`).test(line)), plan.boundaries.join('\n'));
    assert.deepEqual(plan.warnings.filter((line) => /NO OUTER NETWORK BOUNDARY/.test(line)), []);
    // The forwarder inside runs under Node's permission model with only its own file to read.
    assert.ok(plan.args.some((word) => /^--(experimental-)?permission --allow-fs-read=\S*inbound-forwarder\.cjs/.test(word)), plan.args.join(' '));
    const body = Buffer.alloc(300_000, 7);
    let answers: Promise<string[]> | undefined;
    const result = await spawnPlannedAsync(plan, app.dir, (stdout) => {
      if (answers || !stdout.includes('listening')) return;
      const base = `http://127.0.0.1:${listenPort}`;
      answers = (async () => {
        const seen = await curlFromHere([`${base}/`]);
        const echo = await curlFromHere(['--data-binary', '@-', `${base}/echo`], body);
        await curlFromHere([`${base}/exit`]);
        return [seen, echo];
      })();
    });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(answers, `the server never listened: ${result.stderr}`);
    const [seenText, echo] = await answers;
    const seen = JSON.parse(seenText as string) as Record<string, string>;
    assert.equal(seen.nodeAllowed, 'ok allowed');
    assert.equal(seen.nodeForbidden, 'failed ERR_ACCESS_DENIED');
    // curl connects itself: inside the sandbox 127.0.0.1 is the sandbox's own loopback, with no route out.
    assert.equal(seen.curlForbidden, 'failed exit 7');
    assert.equal(seen.curlAllowed, 'failed exit 7');
    // The application's own port on the sandbox's loopback is reachable from inside: it is the application.
    assert.equal(seen.curlOwnPort, `ok 0 ${createHash('sha256').digest('hex')}`);
    assert.equal(echo, `${body.length} ${createHash('sha256').update(body).digest('hex')}`);
    assert.equal(forbiddenHits.count, 0, 'a connection reached the forbidden port');
    assert.equal(allowedHits.count, 1, 'only the connection through the proxy reaches the allowed port');
  });
}

/** Can this process bind 127.0.0.1:port now? */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('a launcher killed with SIGKILL frees the port it listened on and takes the application and the forwarder with it', { skip: NO_SANDBOX, timeout: 90_000 }, async (t) => {
  const port = await freePort();
  const marker = `lifetime-${port}-${process.pid}`;
  const app = createTestApp({
    'server.js': `require('node:http').createServer((req, res) => res.end('up')).listen(${port}, '127.0.0.1', () => console.log('listening'));`,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: [`127.0.0.1:${port}`] } }),
  });
  t.after(() => app.remove());
  const launcher = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts'), 'run', '-q', '--', process.execPath, 'server.js', marker], {
    cwd: app.dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
  });
  let stderr = '';
  launcher.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  await new Promise<void>((resolve) => {
    let stdout = '';
    launcher.stdout.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      if (stdout.includes('listening')) resolve();
    });
    launcher.on('close', () => resolve());
  });
  assert.equal(await curlFromHere([`http://127.0.0.1:${port}/`]), 'up', stderr);
  // The forwarder's socket directory is named after the launcher's process id.
  const forwarder = `vigil-in-${launcher.pid}-`;
  assert.equal(processesWith(forwarder).filter((line) => /^\d+: \S*node \S*inbound-forwarder\.cjs /.test(line)).length, 1, processesWith(forwarder).join('\n'));
  assert.ok(processesWith(marker).length >= 1);
  assert.equal(await bindable(port), false, 'the launcher does not hold the port');
  launcher.kill('SIGKILL');
  await new Promise((resolve) => launcher.on('close', resolve));
  // The kernel ends them right away; give a loaded machine time before calling it a leak.
  let left = [...processesWith(marker), ...processesWith(forwarder)];
  for (let tries = 0; tries < 100 && (left.length > 0 || !(await bindable(port))); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = [...processesWith(marker), ...processesWith(forwarder)];
  }
  assert.deepEqual(left, [], 'processes outlived the killed launcher');
  assert.equal(await bindable(port), true, 'the port is still held after the launcher was killed');
  // A launcher killed outright cannot remove its socket directory (as with the proxy's): this test removes it.
  for (const entry of readdirSync(tmpdir()).filter((name) => name.startsWith(forwarder))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
});
