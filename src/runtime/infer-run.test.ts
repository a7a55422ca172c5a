import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createTestApp, spawnPlannedAsync } from '../../test/runtime-apps.js';
import { prepareRun, policyVariables } from './launch.js';
import { serialisePolicy } from './policy/infer.js';
import { inferFromCommand } from './trace-run.js';
import type { RunPlan } from './run.js';

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', APP_MODE: 'test' };

/** Reads its data and a system file, writes a report, spawns a child Node, talks to a local server. */
const appSource = `
const fs = require('fs');
const path = require('path');
const net = require('net');
const { execFileSync } = require('child_process');
const [port, extra] = process.argv.slice(2);
console.log('mode', process.env.APP_MODE, fs.readFileSync(path.join(__dirname, 'data.txt'), 'utf8').trim());
fs.readFileSync('/etc/hostname');
fs.mkdirSync(path.join(__dirname, 'out'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'out', 'report.txt'), 'done');
console.log(String(execFileSync(process.execPath, ['-e', 'console.log("child", require("fs").existsSync("/etc/hostname"))'])).trim());
if (extra) { try { fs.readFileSync(extra); console.log('extra read'); } catch (error) { console.log('extra', error.code); } }
net.connect(Number(port), '127.0.0.1').on('data', (data) => console.log('server', String(data))).on('error', (error) => console.log('net', error.code));
`;

/** Start a plan as executeRun does (its private files, its network proxy, bwrap's descriptor 3), without blocking this process. */
async function collect(plan: RunPlan, cwd: string): Promise<{ code: number | null; out: string }> {
  const result = await spawnPlannedAsync(plan, cwd);
  return { code: result.status, out: result.stdout + result.stderr };
}

test('an inferred policy lets the recorded run pass and a different access fail', async (t) => {
  const server = createServer((socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = String((server.address() as { port: number }).port);
  const app = createTestApp({ 'app.js': appSource, 'data.txt': 'data\n' });
  t.after(() => {
    app.remove();
    server.close();
  });
  const inference = await inferFromCommand({ cwd: app.dir, env, command: ['node', 'app.js', port], stdio: 'pipe', variables: policyVariables(app.dir) });
  assert.equal(inference.exitCode, 0, inference.output);
  assert.match(inference.output, /server hello/);
  const { policy } = inference;
  // Only what was read: the project is not granted whole, and the loopback port stays exact.
  assert.ok(!policy.fs.read.includes('${project}'), JSON.stringify(policy.fs.read));
  assert.ok(policy.fs.read.includes('${project}/data.txt'));
  assert.ok(policy.fs.read.includes('/etc/hostname'));
  assert.deepEqual(policy.childProcess, ['node']);
  assert.deepEqual(policy.env, ['APP_MODE', 'PATH']);
  assert.deepEqual(policy.net, [`127.0.0.1:${port}`]);
  const app_ = inference.packages.find((entry) => entry.package === '(app)');
  assert.ok(app_?.net.includes(`127.0.0.1:${port}`));
  assert.ok(inference.modules.includes(join(app.dir, 'app.js')));
  app.write('vigil-permissions.json', serialisePolicy(policy));

  const recorded = await collect(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js', port], usePermissions: true }), app.dir);
  assert.equal(recorded.code, 0, recorded.out);
  assert.match(recorded.out, /mode test data/);
  assert.match(recorded.out, /child true/);
  assert.match(recorded.out, /server hello/);

  const different = await collect(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js', port, '/etc/passwd'], usePermissions: true }), app.dir);
  assert.match(different.out, /extra ERR_ACCESS_DENIED/);
});

test('infer refuses a command that does not exist', async () => {
  await assert.rejects(inferFromCommand({ cwd: '/', env, command: ['vigil-no-such-command'], stdio: 'pipe', variables: policyVariables('/tmp') }), /command not found: vigil-no-such-command/);
});

test('accesses made inside worker threads are traced too', async (t) => {
  const app = createTestApp({
    'app.js': `const { Worker } = require('worker_threads');\nnew Worker(require('path').join(__dirname, 'worker.js'));\n`,
    'worker.js': `require('fs').readFileSync('/etc/hostname'); require('fs').writeFileSync(require('path').join(__dirname, 'from-worker.txt'), 'x');\n`,
  });
  t.after(() => app.remove());
  const inference = await inferFromCommand({ cwd: app.dir, env, command: ['node', 'app.js'], stdio: 'pipe', variables: policyVariables(app.dir) });
  assert.equal(inference.exitCode, 0, inference.output);
  assert.equal(inference.policy.worker, true);
  assert.ok(inference.policy.fs.read.includes('/etc/hostname'));
  assert.ok(inference.policy.fs.write.includes('${project}/from-worker.txt'));
});

test('a test suite run with node --test: the runner\'s own child processes are recorded, so the inferred policy runs the suite again', async (t) => {
  const app = createTestApp({
    'node_modules/reader/index.js': "module.exports = () => require('fs').readFileSync('/etc/hostname', 'utf8').length > 0;\n",
    'app.test.js': "const { test } = require('node:test');\nconst assert = require('node:assert');\ntest('reads', () => assert.ok(require('reader')()));\n",
  });
  t.after(() => app.remove());
  const command = ['node', '--test', 'app.test.js'];
  const inference = await inferFromCommand({ cwd: app.dir, env, command, stdio: 'pipe', variables: policyVariables(app.dir) });
  assert.equal(inference.exitCode, 0, inference.output);
  assert.deepEqual(inference.policy.childProcess, ['node']);
  assert.ok(inference.packages.find((entry) => entry.package === 'reader')?.read.includes('/etc/hostname'));
  app.write('vigil-permissions.json', serialisePolicy(inference.policy));
  const rerun = await collect(prepareRun({ cwd: app.dir, env, command, usePermissions: true, permissions: join(app.dir, 'vigil-permissions.json') }), app.dir);
  assert.equal(rerun.code, 0, rerun.out);
  assert.match(rerun.out, /# pass 1/);
});
