// #18: a server that makes no outbound connection gets a policy under which it still accepts
// connections. `net: []` alone once put it in an empty network namespace (unreachable) on 20/22/24;
// `net: { connect: [], listen: [...] }` must leave it reachable and still refuse every outbound
// connection. Runs on Node 20, 22 and 24 (testNodes; a missing one is skipped with how to get it).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { createTestApp, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';

const SERVER = `
const http = require('node:http');
const net = require('node:net');
const server = http.createServer((req, res) => {
  const out = net.connect(9, '127.0.0.1');
  out.on('error', (error) => res.end('served; outbound ' + error.code));
  out.on('connect', () => res.end('served; outbound CONNECTED'));
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
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

for (const node of testNodes()) {
  test(`Node ${node.major}: a listen-only policy (net.connect empty, net.listen 127.0.0.1:*) accepts connections and refuses outbound ones`, { skip: node.path ? false : node.missing }, async (t) => {
    const app = createTestApp({
      'server.js': SERVER,
      'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: { connect: [], listen: ['127.0.0.1:*'] } }),
    });
    t.after(() => app.remove());
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'server.js'], usePermissions: true });
    // No empty network namespace: the server must be reachable from this machine.
    assert.ok(!plan.args.includes('--net'), `unexpected network namespace: ${plan.executable} ${plan.args.join(' ')}`);
    assert.ok(plan.boundaries.some((line) => /listening on 1 address/.test(line)), plan.boundaries.join('\n'));
    let answer: Promise<string> | undefined;
    const result = await spawnPlannedAsync(plan, app.dir, (stdout, child) => {
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (port && !answer) answer = get(Number(port)).finally(() => child.kill('SIGTERM'));
    });
    assert.ok(answer, `the server never listened: ${result.stderr}`);
    assert.equal(await answer, 'served; outbound ERR_ACCESS_DENIED', result.stderr);
  });
}
