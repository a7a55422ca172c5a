// #18: a launcher killed outright (SIGKILL: no handler runs) must not leave the application or
// its children running. The bubblewrap sandbox ends with bwrap --die-with-parent; the unshare
// namespace with setpriv --pdeathsig and unshare --kill-child. Both boundaries are checked where
// this machine has them (skipped, saying why, where it has not).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestApp, pathWithOnly, processesWith, runThenTerminate } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';
import { cachedNamespaces } from './run.js';
import { cachedBubblewrap } from './sandbox.js';

/** The app: starts a listed non-Node child (a sleep whose length is the test's marker), then says so and waits. */
const APP = `
const { spawn } = require('node:child_process');
const child = spawn('sleep', [process.argv[2]], { stdio: 'ignore' });
child.on('spawn', () => console.log('ready'));
child.on('error', (error) => console.log('spawn failed ' + error.code));
setInterval(() => {}, 1000);
`;

async function killLauncherThenLook(env: NodeJS.ProcessEnv, expectBoundary: RegExp): Promise<void> {
  const marker = String(900_000 + Math.floor(Math.random() * 99_999));
  const app = createTestApp({
    'app.js': APP,
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: [`sleep ${marker}`] }),
  });
  let launcher: ReturnType<typeof spawn> | undefined;
  try {
    launcher = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src', 'cli', 'main.ts'), 'run', '--', process.execPath, 'app.js', marker], {
      cwd: app.dir,
      env: { HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    launcher.stderr?.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const timer = setTimeout(() => launcher?.kill('SIGKILL'), 60_000);
    await new Promise<void>((resolve) => {
      launcher?.stdout?.on('data', (chunk: Buffer) => {
        stdout += String(chunk);
        if (/ready|failed/.test(stdout)) resolve();
      });
      launcher?.on('close', () => resolve());
    });
    clearTimeout(timer);
    assert.match(stdout, /ready/, stderr);
    assert.match(stderr, expectBoundary);
    // Both the application (its argv holds the marker) and its sleep child run now.
    assert.equal(processesWith(marker).length >= 2, true, processesWith(marker).join('\n'));
    launcher.kill('SIGKILL');
    await new Promise((resolve) => launcher?.on('close', resolve));
    // The kernel ends them right away; give a loaded machine time before calling it a leak.
    let left = processesWith(marker);
    for (let tries = 0; tries < 100 && left.length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = processesWith(marker);
    }
    assert.deepEqual(left, [], 'processes outlived the killed launcher');
  } finally {
    if (launcher?.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    for (const line of processesWith(marker)) process.kill(Number(line.split(':')[0]), 'SIGKILL');
    app.remove();
  }
}

const BWRAP = cachedBubblewrap(process.env);

test('a launcher killed with SIGKILL takes the bubblewrap sandbox with it: the application and its non-Node child are gone', { skip: BWRAP ? false : 'bubblewrap is not usable here (apt-get install bubblewrap)', timeout: 90_000 }, async () => {
  await killLauncherThenLook({ PATH: process.env.PATH ?? '' }, /lifetime: the sandbox ends with vigil, even when vigil is killed \(bwrap --die-with-parent\)/);
});

const cache = mkdtempSync(join(tmpdir(), 'vigil-life-'));
const noBwrapPath = pathWithOnly(cache, ['sleep', 'sh', 'true', 'unshare', 'setpriv']);
const NAMESPACES = cachedNamespaces({ PATH: noBwrapPath, XDG_CACHE_HOME: cache });
test.after(() => rmSync(cache, { recursive: true, force: true }));

test(
  'a launcher killed with SIGKILL takes the unshare namespace with it (no bwrap on PATH): the application and its non-Node child are gone',
  { skip: NAMESPACES?.[0] === 'setpriv' ? false : 'unshare with setpriv --pdeathsig is not usable here', timeout: 90_000 },
  async () => {
    await killLauncherThenLook({ PATH: noBwrapPath, XDG_CACHE_HOME: cache }, /lifetime: the namespace ends with vigil, even when vigil is killed \(setpriv --pdeathsig, unshare --kill-child\)/);
  },
);

test(
  'SIGTERM to the launcher reaches the application in the unshare namespace, whose handler runs (unshare itself ignores SIGTERM)',
  { skip: NAMESPACES ? false : 'unshare is not usable here', timeout: 90_000 },
  async (t) => {
    const app = createTestApp({
      'app.js': "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(7); }); console.log('ready'); setInterval(() => {}, 1000);",
      'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] } }),
    });
    t.after(() => app.remove());
    const { status, stdout, stderr } = await runThenTerminate(['--', process.execPath, 'app.js'], app.dir, { PATH: noBwrapPath, XDG_CACHE_HOME: cache, HOME: process.env.HOME ?? '' }, projectRoot);
    assert.match(stderr, /empty network namespace \(unshare --net\)/);
    assert.match(stdout, /got SIGTERM/, stderr);
    assert.equal(status, 7, stderr);
  },
);
