// #18: `permissions infer` on a program that looks a name up and then connects to the address (a
// DNS cache, a driver) writes the name, not the address: `vigil run` then lets the program look
// the name up and reach that address at that port (net-resolve.ts, guard-net.cjs), where a policy
// holding only the address would refuse the lookup, and would break when DNS answers differently.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createTestApp, spawnPlannedAsync } from '../../test/runtime-apps.js';
import { policyVariables, prepareRun } from './launch.js';
import { serialisePolicy } from './policy/infer.js';
import { cachedBubblewrap } from './sandbox.js';
import { inferFromCommand } from './trace-run.js';

const APP = `
const dns = require('node:dns');
const net = require('node:net');
const port = Number(process.argv[2]);
dns.lookup('localhost', { family: 4 }, (error, address) => {
  if (error) return console.log('lookup ' + error.code);
  const socket = net.connect({ host: address, port });
  socket.on('data', (data) => console.log('server ' + data));
  socket.on('error', (error) => console.log('connect ' + error.code));
});
`;

test('infer records a connection to a looked-up address by its name, and vigil run lets it through', async (t) => {
  const server = createServer((socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const app = createTestApp({ 'app.js': APP });
  t.after(() => {
    app.remove();
    server.close();
  });
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
  const inference = await inferFromCommand({ cwd: app.dir, env, command: ['node', 'app.js', String(port)], stdio: 'pipe', variables: policyVariables(app.dir) });
  assert.equal(inference.exitCode, 0, inference.output);
  assert.match(inference.output, /server hello/);
  assert.deepEqual(inference.policy.net, [`localhost:${port}`]);
  // The run needs an outer network boundary for listed destinations (the proxy sandbox): without bwrap, only the inference is checked.
  if (!cachedBubblewrap(process.env)) return t.diagnostic('bubblewrap is not usable here: the run under the inferred policy is not exercised');
  app.write('vigil-permissions.json', serialisePolicy(inference.policy));
  const result = await spawnPlannedAsync(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js', String(port)], usePermissions: true }), app.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'server hello', result.stderr);
});
