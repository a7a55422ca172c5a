// #18, Node 25: its permission model counts Unix sockets as network, and `vigil run` passes
// --allow-net only when the policy allows a destination or net.listen. A policy with no network
// that lets the application write a directory allows a Unix socket there (the guard's rule):
// Node 20/22/24 serve it; a Node with --allow-net refuses it, and its refusal, which listen()
// throws, must reach the application as an `error` event saying why, never as a crash. Which of
// the two a binary does is read from its own flags (probeNode), not from its version number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp, spawnPlannedAsync, testNodes } from '../../test/runtime-apps.js';
import { prepareRun } from './launch.js';
import { probeNode } from './node-probe.js';

const APP = `
const net = require('node:net');
const path = require('node:path').join(__dirname, 'out', 's.sock');
// After the outcome, the next turn of the event loop: the process is still running (not crashed).
const alive = () => setImmediate(() => console.log(JSON.stringify({ alive: true })));
const server = net.createServer((client) => client.end('hi'));
server.on('error', (error) => { console.log(JSON.stringify({ listen: error.code, message: error.message })); alive(); });
server.listen(path, () => {
  net.connect(path)
    .on('data', (data) => { console.log(JSON.stringify({ got: String(data) })); server.close(); alive(); })
    .on('error', (error) => { console.log(JSON.stringify({ connect: error.code })); server.close(); alive(); });
});
`;

for (const node of testNodes()) {
  test(`Node ${node.major}: a Unix socket under fs.write with no network granted is served, or refused as an error event saying why`, { skip: node.path ? false : node.missing }, async (t) => {
    const app = createTestApp({ 'app.js': APP, 'out/.keep': '' });
    t.after(() => app.remove());
    app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'], write: ['${project}/out'] } }));
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js'], usePermissions: true });
    const result = await spawnPlannedAsync(plan, app.dir);
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(lines.at(-1), { alive: true }, result.stdout);
    if (probeNode(node.path as string).flags.has('--allow-net')) {
      assert.equal(lines[0]?.listen, 'ERR_ACCESS_DENIED', result.stdout);
      assert.match(String(lines[0]?.message), /^vigil: listening on .*\/out\/s\.sock is not allowed by .*vigil-permissions\.json \(node v\d+\.\d+\.\d+ counts Unix sockets as network/);
    } else {
      assert.deepEqual(lines[0], { got: 'hi' }, result.stdout);
    }
  });
}
