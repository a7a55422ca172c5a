// #18: non-Node children a policy allows run inside a bubblewrap sandbox (sandbox.ts) where the
// machine has one; where it has none, the launch says so. The tests that run bwrap are skipped,
// with the reason, on machines without it (CI installs nothing by hand).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTestApp, pathWithOnly, runPlanned, runThenTerminate, testNodes } from '../../test/runtime-apps.js';
import { projectRoot } from '../../test/fixtures.js';
import { prepareRun } from './launch.js';
import { findOnPath } from './probe-cache.js';
import { bubblewrapArgs, cachedBubblewrap, type SandboxRequest } from './sandbox.js';

const BASE: SandboxRequest = {
  bwrap: '/usr/bin/bwrap',
  system: [{ path: '/usr' }, { path: '/bin', link: 'usr/bin' }],
  reads: ['/tmp/app', '/srv/data'],
  writes: ['/tmp/app/out'],
  cwd: '/tmp/app',
  tmp: '/tmp',
  offline: true,
};

/** The words after each occurrence of `flag`, as [source, target] pairs or single values. */
function after(args: string[], flag: string, count = 2): string[][] {
  return args.flatMap((word, index) => (word === flag ? [args.slice(index + 1, index + 1 + count)] : []));
}

test('the sandbox shows the system read-only, the policy read-only or writable (parents first), a private /tmp, and no network when none is allowed', () => {
  const args = bubblewrapArgs(BASE);
  assert.deepEqual(after(args, '--ro-bind'), [['/usr', '/usr']]);
  assert.deepEqual(after(args, '--symlink'), [['usr/bin', '/bin']]);
  // Every namespace bwrap has (network included), and the sandbox dies with the launcher, in a session of its own.
  assert.ok(args.includes('--unshare-all') && !args.includes('--share-net') && args.includes('--unshare-user'));
  assert.ok(args.includes('--die-with-parent') && args.includes('--new-session'));
  assert.deepEqual(after(args, '--proc', 1), [['/proc']]);
  // A private, empty /tmp first, then what the policy shows inside it: the app read-only, its out/ writable.
  const order = args.map((word, index) => `${word} ${args[index + 1] ?? ''}`);
  const at = (line: string) => order.indexOf(line);
  assert.ok(at('--tmpfs /tmp') >= 0 && at('--tmpfs /tmp') < at('--ro-bind-try /tmp/app') && at('--ro-bind-try /tmp/app') < at('--bind-try /tmp/app/out'), args.join(' '));
  assert.ok(at('--ro-bind-try /srv/data') >= 0);
  assert.deepEqual(args.slice(-3), ['--chdir', '/tmp/app', '--']);
  // With network allowed the sandbox keeps the host's network (the in-process guard narrows it for Node only).
  assert.ok(bubblewrapArgs({ ...BASE, offline: false }).includes('--share-net'));
  // A policy granting the temporary directory sees the real one; a path both read and written is writable.
  const tmpGranted = bubblewrapArgs({ ...BASE, reads: ['/tmp'], writes: ['/tmp'] });
  assert.ok(!tmpGranted.includes('--tmpfs'));
  assert.deepEqual(after(tmpGranted, '--bind-try'), [['/tmp', '/tmp']]);
  assert.deepEqual(after(tmpGranted, '--ro-bind-try').filter(([path]) => path === '/tmp'), []);
  // A working directory nothing shows exists (empty), so the launch can start there; system paths are not bound twice.
  const elsewhere = bubblewrapArgs({ ...BASE, cwd: '/work/x', reads: ['/usr/share/doc'] });
  assert.deepEqual(after(elsewhere, '--dir', 1), [['/work/x']]);
  assert.ok(!elsewhere.includes('/usr/share/doc'));
});


test('with no bwrap on PATH, a policy that lets a non-Node program start says it runs unconfined and how to confine it', (t) => {
  const app = createTestApp({ 'app.js': '', 'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: ['cat /etc/hostname'] }) });
  t.after(() => app.remove());
  const cache = mkdtempSync(join(tmpdir(), 'vigil-sbx-cache-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const env = { PATH: pathWithOnly(cache, ['cat', 'unshare']), XDG_CACHE_HOME: cache };
  const plan = prepareRun({ cwd: app.dir, env, command: [process.execPath, 'app.js'], usePermissions: true });
  assert.notEqual(plan.executable, 'bwrap');
  assert.equal(plan.infoFd, undefined);
  const warning = plan.warnings.find((line) => line.includes('cat /etc/hostname')) ?? '';
  assert.match(warning, /allows 1 command\(s\) that are not Node \(cat \/etc\/hostname\): they run outside Node's permission model, so the file, network and environment rules do not confine what they do once started.*; install bubblewrap \(bwrap\) to confine them; no bwrap on PATH$/);
  assert.ok(plan.boundaries.some((line) => /other children: not confined by the file rules/.test(line)), plan.boundaries.join('\n'));
  // childProcess: true says the same, louder.
  app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: true }));
  const any = prepareRun({ cwd: app.dir, env, command: [process.execPath, 'app.js'], usePermissions: true });
  assert.match(any.warnings.join('\n'), /allows ANY child process \(childProcess: true\): a child that is not Node runs outside every file, network and environment rule \(install bubblewrap \(bwrap\) to confine them; no bwrap on PATH\)/);
  // A policy whose only children are Node needs no sandbox and asks for none.
  app.write('vigil-permissions.json', JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: ['node'] }));
  const nodeOnly = prepareRun({ cwd: app.dir, env, command: [process.execPath, 'app.js'], usePermissions: true });
  assert.ok(!nodeOnly.warnings.some((line) => /bubblewrap/.test(line)), nodeOnly.warnings.join('\n'));
});

const BWRAP = cachedBubblewrap(process.env);
const NO_BWRAP = BWRAP ? false : `bubblewrap is ${findOnPath('bwrap', process.env) ? 'installed but refused here (no unprivileged user namespaces)' : 'not installed (apt-get install bubblewrap)'}: the sandbox is not exercised`;

// The application runs the non-Node programs its policy lists and reports what each could do.
const APP = `
const { execFileSync } = require('node:child_process');
const [secret, planted, made] = JSON.parse(process.argv[2]);
const run = (file, args) => {
  try {
    return 'ok ' + execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    return 'failed ' + String(error.stderr).trim();
  }
};
console.log(JSON.stringify({
  secret: run('cat', [secret]),
  planted: run('touch', [planted]),
  made: run('touch', [made]),
  interfaces: run('cat', ['/proc/net/dev']),
  processes: run('ls', ['/proc']),
}));
`;

for (const node of testNodes()) {
  test(`Node ${node.major}: a listed non-Node program runs inside the sandbox: it cannot read or write outside the policy, has no network interface but loopback, and sees no outside process`, { skip: NO_BWRAP || (node.path ? false : node.missing) }, (t) => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'vigil-sbx-outside-')));
    t.after(() => rmSync(outside, { recursive: true, force: true }));
    const secret = join(outside, 'token');
    writeFileSync(secret, 'TOPSECRET\n');
    const app = createTestApp({ 'app.js': APP, 'out/.keep': '' });
    t.after(() => app.remove());
    const planted = join(outside, 'planted');
    const made = join(app.dir, 'out', 'made');
    app.write(
      'vigil-permissions.json',
      JSON.stringify({ version: 1, fs: { read: ['${project}'], write: ['${project}/out'] }, childProcess: [`cat ${secret}`, `touch ${planted}`, `touch ${made}`, 'cat /proc/net/dev', 'ls /proc'] }),
    );
    const plan = prepareRun({ cwd: app.dir, env: { PATH: process.env.PATH ?? '' }, command: [node.path as string, 'app.js', JSON.stringify([secret, planted, made])], usePermissions: true });
    assert.equal(plan.executable, BWRAP);
    assert.equal(plan.infoFd, true);
    assert.ok(plan.args.includes('--unshare-all') && !plan.args.includes('--share-net'), 'a policy without network gets no network namespace of the host');
    const result = runPlanned(plan, app.dir);
    assert.equal(result.status, 0, result.stderr);
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    assert.match(seen.secret ?? '', /^failed cat: .*token: No such file or directory/);
    assert.match(seen.planted ?? '', /^failed touch: .*planted/);
    assert.ok(!existsSync(planted), 'a file was written outside the policy');
    assert.equal(seen.made, 'ok ');
    assert.ok(existsSync(made), 'the policy lets the program write into out/');
    const interfaces = (seen.interfaces ?? '').split('\n').slice(2).map((line) => line.trim().split(':')[0]);
    assert.deepEqual(interfaces, ['lo']);
    const pids = (seen.processes ?? '').replace(/^ok /, '').split(/\s+/).filter((entry) => /^\d+$/.test(entry));
    assert.ok(pids.length > 0 && pids.every((pid) => Number(pid) < 100), `processes outside the sandbox are visible: ${pids.join(' ')}`);
  });
}

test('vigil run in the sandbox passes SIGTERM to the application, whose handler runs (bwrap itself would die and take it down)', { skip: NO_BWRAP, timeout: 90_000 }, async (t) => {
  const app = createTestApp({
    'app.js': "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(7); }); console.log('ready'); setInterval(() => {}, 1000);",
    'vigil-permissions.json': JSON.stringify({ version: 1, fs: { read: ['${project}'] }, childProcess: ['cat /etc/hostname'] }),
  });
  t.after(() => app.remove());
  const { status, stdout, stderr } = await runThenTerminate(['-q', '--', 'node', 'app.js'], app.dir, { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, projectRoot);
  assert.match(stdout, /got SIGTERM/, stderr);
  assert.equal(status, 7, stderr);
});
