// #18: a server that makes no outbound connection gets a policy under which it still accepts
// connections. `net: []` alone once put it in an empty network namespace (unreachable) on 20/22/24;
// `net: { connect: [], listen: [...] }` must leave it reachable and still refuse every outbound
// connection. With a fixed port it keeps an outer boundary: the loopback-only sandbox, entered
// through vigil's listener (net-inbound.ts). A port chosen at run time has none: refused unless
// --accept-in-process-guard, and then reachable on the host's network with the guard alone.
// Runs on Node 20, 22, 24 and 25 (testNodes; a missing one is skipped with how to get it).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { createTestApp, freePort, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';
import type { RunPlan } from './run.js';
import { cachedBubblewrap } from './sandbox.js';

const SERVER = `
const http = require('node:http');
const net = require('node:net');
const server = http.createServer((req, res) => {
  const out = net.connect(9, '127.0.0.1');
  out.on('error', (error) => res.end('served; outbound ' + error.code));
  out.on('connect', () => res.end('served; outbound CONNECTED'));
});
server.listen(Number(process.argv[2] ?? 0), process.argv[3] ?? '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += String(chunk)));
      response.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}


/** Start the plan, ask the server once it listens, stop it; the answer and the launch's stderr. */
async function askServer(plan: RunPlan, dir: string): Promise<{ answer: string | undefined; stderr: string }> {
  let answer: Promise<string> | undefined;
  const result = await spawnPlannedAsync(plan, dir, (stdout, child) => {
    const port = /listening (\d+)/.exec(stdout)?.[1];
    if (port && !answer) answer = get(Number(port)).finally(() => child.kill('SIGTERM'));
  });
  return { answer: answer ? await answer : undefined, stderr: result.stderr };
}

const NO_SANDBOX = cachedBubblewrap(process.env) ? false : 'bubblewrap is not usable here (apt-get install bubblewrap): the inbound path is not exercised';

for (const node of testNodes()) {
  test(`Node ${node.major}: a listen-only policy on a fixed port (net.connect empty, net.listen 127.0.0.1:<port>) runs in the loopback-only sandbox, accepts connections and refuses outbound ones`, { skip: NO_SANDBOX || (node.path ? false : node.missing) }, async (t) => {
    const port = await freePort();
    const app = createTestApp({
      'server.js': SERVER,
      'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: [`127.0.0.1:${port}`] } }),
    });
    t.after(() => app.remove());
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'server.js', String(port)], usePermissions: true });
    assert.ok(plan.inbound && !plan.proxy, 'a listen-only launch has the inbound path and no outbound proxy');
    assert.ok(!plan.args.includes('--share-net'), `the sandbox keeps the host network: ${plan.args.join(' ')}`);
    assert.ok(plan.boundaries.some((line) => /no destination allowed; outer boundary: .*no way out; listening: vigil binds/.test(line)), plan.boundaries.join('\n'));
    const { answer, stderr } = await askServer(plan, app.dir);
    assert.equal(answer, 'served; outbound ERR_ACCESS_DENIED', stderr);
  });
}

test('a listen port chosen at run time (net.listen 127.0.0.1:*) has no outer boundary: refused, and with --accept-in-process-guard reachable with the guard alone', async (t) => {
  const app = createTestApp({
    'server.js': SERVER,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: ['127.0.0.1:*'] } }),
  });
  t.after(() => app.remove());
  const options = { cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [process.execPath, 'server.js'], usePermissions: true };
  assert.throws(() => prepareRun(options), (error: Error) => /^refusing to start: NO OUTER NETWORK BOUNDARY: .*vigil-permissions\.json allows 0 destination\(s\), listening on 1 address\(es\).*a port chosen at run time.*give --accept-in-process-guard$/s.test(error.message));
  const plan = prepareRun({ ...options, acceptGuardOnly: true });
  // No network namespace: the server must be reachable from this machine.
  assert.ok(!plan.args.includes('--net') && !plan.inbound, `unexpected network namespace: ${plan.executable} ${plan.args.join(' ')}`);
  assert.ok(plan.warnings.some((line) => /^NO OUTER NETWORK BOUNDARY/.test(line)), plan.warnings.join('\n'));
  assert.ok(plan.boundaries.some((line) => /listening on 1 address.*accepted with --accept-in-process-guard/.test(line)), plan.boundaries.join('\n'));
  const { answer, stderr } = await askServer(plan, app.dir);
  assert.equal(answer, 'served; outbound ERR_ACCESS_DENIED', stderr);
});

test('a server that listens on a name the policy lists (localhost:<port>) may look it up: listen() resolves it inside the sandbox, and vigil forwards the port', { skip: NO_SANDBOX }, async (t) => {
  const port = await freePort();
  const app = createTestApp({
    'server.js': SERVER,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: [`localhost:${port}`] } }),
  });
  t.after(() => app.remove());
  const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [process.execPath, 'server.js', String(port), 'localhost'], usePermissions: true });
  assert.ok(plan.inbound, 'no inbound path');
  // Before, the guard refused the lookup listen() makes ("looking up localhost is not allowed"): names were only allowed for connecting.
  const { answer, stderr } = await askServer(plan, app.dir);
  assert.equal(answer, 'served; outbound ERR_ACCESS_DENIED', stderr);
});
