import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, runPlanned, spawnPlannedAsync } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';
import { InputError } from '../errors.js';
import { prepareRun } from './launch.js';
import { findOnPath } from './probe-cache.js';
import { entryPoint } from './run.js';

const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', SECRET_TOKEN: 'do-not-pass', KEEP_ME: 'yes' };

const readApp = `
const fs = require('fs');
console.log('data:', fs.readFileSync(__dirname + '/data.txt', 'utf8').trim());
console.log('env:', process.env.KEEP_ME, process.env.SECRET_TOKEN);
try { fs.readFileSync(process.argv[2] ?? '/etc/hostname'); console.log('outside: read'); }
catch (error) { console.log('outside:', error.code, error.resource); }
`;

test('a granted read passes, a read outside the policy fails with ERR_ACCESS_DENIED, and only listed variables are passed', (t) => {
  const app = createTestApp({ 'app.js': readApp, 'data.txt': 'hello\n', 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, env: ['KEEP_ME'] }) });
  t.after(() => app.remove());
  const plan = prepareRun({ cwd: app.dir, env, command: ['node', 'app.js', '/etc/passwd'], usePermissions: true });
  const result = runPlanned(plan, app.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /data: hello/);
  assert.match(result.stdout, /env: yes undefined/);
  assert.match(result.stdout, /outside: ERR_ACCESS_DENIED \/etc\/passwd/);
  assert.ok(plan.boundaries.some((line) => /file system.*Node's permission model/.test(line)));
});

test('a child Node process inherits the policy, even when the application hands it a fresh environment', (t) => {
  const app = createTestApp({
    'app.js': `
const { execFileSync } = require('child_process');
const out = execFileSync(process.execPath, ['-e', 'try { require("fs").readFileSync("/etc/passwd"); console.log("child read") } catch (e) { console.log("child", e.code) }'], { env: { PATH: process.env.PATH } });
process.stdout.write(out);`,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: true, env: ['PATH'] }),
  });
  t.after(() => app.remove());
  const result = runPlanned(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true }), app.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /child ERR_ACCESS_DENIED/);
});

test('the in-process guard refuses a network destination outside the allow-list', async (t) => {
  const server = createServer((socket) => socket.end('hi'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const app = createTestApp({
    'app.js': `
const net = require('net');
const [allowed, other] = process.argv.slice(2).map(Number);
net.connect(allowed, '127.0.0.1').on('data', (data) => {
  console.log('allowed:', String(data));
  net.connect({ port: other, host: '127.0.0.1' }).on('error', (error) => console.log('other:', error.code, error.message)).on('connect', () => console.log('other: connected'));
});`,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, net: [`127.0.0.1:${port}`] }),
  });
  t.after(() => {
    app.remove();
    server.close();
  });
  const plan = prepareRun({ cwd: app.dir, env, command: ['node', 'app.js', String(port), String(port + 1)], usePermissions: true });
  // Asynchronous: the server (and, in a sandbox, the launcher's network proxy) lives in this process.
  const result = await spawnPlannedAsync(plan, app.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /allowed: hi/);
  assert.match(result.stdout, new RegExp(`other: ERR_ACCESS_DENIED vigil: network access to 127\\.0\\.0\\.1:${port + 1} is not allowed by .*vigil-permissions\\.json`));
  // With bubblewrap the allow-list also has an outer boundary (net-boundary.test.ts); without it, only the guard.
  assert.ok(plan.boundaries.some((line) => /1 destination\(s\) (\(and the DNS names among them\) allowed by Vigil's in-process guard|allowed; outer boundary: the bubblewrap sandbox)/.test(line)), plan.boundaries.join('\n'));
});

test('a missing permissions file, an unknown command and an entry point without a policy are refused', (t) => {
  const app = createTestApp({ 'app.js': 'console.log(1)' });
  t.after(() => app.remove());
  assert.throws(() => prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true }), /vigil-permissions\.json: permissions file not found; refusing to start without it/);
  assert.throws(() => prepareRun({ cwd: app.dir, env, command: ['no-such-command-vigil', 'x'], usePermissions: true }), (error: Error) => error instanceof InputError && /command not found: no-such-command-vigil/.test(error.message));
  assert.throws(() => prepareRun({ cwd: app.dir, env, command: ['node', '-e', '1'], usePermissions: true }), /give the permissions file with --permissions/);
});

test('a permissions file in a parent directory is never used (no fall-through): none beside the entry point is refused', (t) => {
  const app = createTestApp({ 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['/'] } }), 'src/app.js': 'console.log(1)' });
  t.after(() => app.remove());
  assert.throws(() => prepareRun({ cwd: app.dir, env, command: ['node', 'src/app.js'], usePermissions: true }), new RegExp(`${join(app.dir, 'src', 'vigil-permissions\\.json')}: permissions file not found`));
  assert.throws(() => prepareRun({ cwd: join(app.dir, 'src'), env, command: ['node', 'app.js'], usePermissions: true }), /src\/vigil-permissions\.json: permissions file not found/);
});

test('the policy is looked for beside the entry point, after node options', () => {
  assert.equal(entryPoint(['node', '--import', 'x.mjs', '--trace-warnings', 'src/app.js', '--port', '1'], '/srv'), '/srv/src/app.js');
  assert.equal(entryPoint(['node', '-e', 'x'], '/srv'), null);
  assert.equal(entryPoint(['npm', 'test'], '/srv'), null);
});

test('vigil run passes the exit code through and reports the boundaries', (t) => {
  const app = createTestApp({ 'app.js': 'process.exitCode = 7', 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }) });
  t.after(() => app.remove());
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), 'run', '--', 'node', 'app.js'], { cwd: app.dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(result.status, 7, result.stderr);
  assert.match(result.stderr, /vigil: file system, child processes, workers, addons, WASI: Node's permission model/);
});

test('worker threads get the guard too', (t) => {
  const app = createTestApp({
    'app.js': `const { Worker } = require('worker_threads');
new Worker("require('net').connect(9, '192.0.2.1').on('error', (error) => console.log('worker net', error.code))", { eval: true });`,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, worker: true, net: ['example.com:443'] }),
  });
  t.after(() => app.remove());
  const result = runPlanned(prepareRun({ cwd: app.dir, env, command: ['node', 'app.js'], usePermissions: true }), app.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /worker net ERR_ACCESS_DENIED/);
});

test('allowed commands that are not Node are warned about: they run outside the permission model (#18)', (t) => {
  const app = createTestApp({ 'app.js': '', 'vigil-permissions.json': JSON.stringify({ version: 1, childProcess: ['git --version', 'node'] }) });
  t.after(() => app.remove());
  // A PATH with git and node but no bwrap: the children are not confined (sandbox.test.ts covers the sandbox).
  const bin = app.write('bin/.keep', '').replace(/\/\.keep$/, '');
  for (const [name, target] of [['node', process.execPath], ['git', findOnPath('git', process.env)]] as const) if (target) symlinkSync(target, join(bin, name));
  // Nor unshare: the policy's "no network" has no outer boundary, refused unless accepted (#18).
  assert.throws(() => prepareRun({ cwd: app.dir, env: { PATH: bin }, command: ['node', 'app.js'], usePermissions: true }), /refusing to start: .*allows no network.*no empty network namespace on this machine.*--accept-in-process-guard/);
  const plan = prepareRun({ cwd: app.dir, env: { PATH: bin }, command: ['node', 'app.js'], usePermissions: true, acceptGuardOnly: true });
  const warned = plan.warnings.filter((line) => /not Node/.test(line));
  assert.equal(warned.length, 1, plan.warnings.join('\n'));
  assert.match(warned[0] ?? '', /allows 1 command\(s\) that are not Node \(git --version\): they run outside Node's permission model/);
  const nodeOnly = createTestApp({ 'app.js': '', 'vigil-permissions.json': JSON.stringify({ version: 1, childProcess: ['node'] }) });
  t.after(() => nodeOnly.remove());
  assert.deepEqual(prepareRun({ cwd: nodeOnly.dir, env: { PATH: process.env.PATH ?? '' }, command: ['node', 'app.js'], usePermissions: true }).warnings.filter((line) => /not Node/.test(line)), []);
});
