// kill -9 during `vigil updates apply c-ares --yes` on a local clone (issue #20): the real CLI,
// its archive served by a local mirror, killed 10 times at random moments of the download, the
// unpack, the directory swap, the branch switch and the commit. After each kill, deps/cares is
// whole (old or new, or the old one moved aside for the next run to put back); the re-run puts the
// clone back on main, makes the update branch again under the same name (saying so when the kill
// had left the clone on it), commits exactly what an uninterrupted run commits, and leaves no
// temporary behind (its own, or the killed run's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tar from 'tar';
import { startFakeUpstream } from '../fake-upstream.js';
import { fixture } from '../fixtures.js';
import { startTestServer } from '../http-server.js';
import { killTarget, randomMoments, runAndKill, runToEndAsync, type KillTarget } from './harness.js';

const KILLS = 10;
/** Files in the new c-ares: enough that copying and committing them take a while to hit. */
const FILES = 40;
const BRANCH = 'actions/tools-update-c-ares';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** Every file under a directory and its text, or undefined when it is not there. */
function tree(dir: string): Record<string, string> | undefined {
  if (!existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) out[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  return out;
}

async function caresRelease(work: string): Promise<Buffer> {
  const top = join(work, 'c-ares-1.34.5');
  mkdirSync(join(top, 'include'), { recursive: true });
  writeFileSync(join(top, 'include', 'ares_version.h'), '#define ARES_VERSION_STR "1.34.5"\n');
  for (let i = 0; i < FILES; i++) {
    mkdirSync(join(top, 'src', `d${i % 20}`), { recursive: true });
    writeFileSync(join(top, 'src', `d${i % 20}`, `f${i}.c`), `/* c-ares 1.34.5, file ${i} */\n${'x'.repeat(2000)}\n`);
  }
  await tar.c({ gzip: true, file: join(work, 'c-ares.tar.gz'), cwd: work, portable: true }, ['c-ares-1.34.5']);
  return readFileSync(join(work, 'c-ares.tar.gz'));
}

test('kill -9 during updates apply on a local clone: deps whole, the re-run restores main, remakes the branch and cleans up', { timeout: 600_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-kill-apply-'));
  const archive = await caresRelease(dir);
  const downloads = await startTestServer([{ method: 'GET', path: '/:path*', handler: ({ url }) => (url.pathname === '/c-ares/c-ares/releases/download/v1.34.5/c-ares-1.34.5.tar.gz' ? { body: archive } : { status: 404, body: 'Not Found' }) }]);
  const upstream = await startFakeUpstream({ releases: { 'c-ares/c-ares': [{ tag: 'cares-1_19_1' }, { tag: 'v1.34.5' }] } });
  t.after(async () => {
    await downloads.close();
    await upstream.close();
  });
  // The runs' temporary directory, private, so what a killed run leaves there can be seen.
  const temp = join(dir, 'tmp');
  mkdirSync(temp);
  const base = await killTarget(dir);
  const target: KillTarget = { ...base, env: { ...base.env, TMPDIR: temp, XDG_CACHE_HOME: join(dir, 'cache'), XDG_CONFIG_HOME: join(dir, 'config'), VIGIL_DB: join(dir, 'none.db'), VIGIL_GITHUB_API_URL: upstream.url } };
  const argv = (clone: string) => ['updates', 'apply', 'c-ares', '--root', clone, '--mirror', downloads.url, '--no-cache', '--yes'];

  const pristine = join(dir, 'pristine');
  // What the inventory needs to see a Node checkout with c-ares in it, and no more: each kill copies it.
  for (const path of ['common.gypi', join('src', 'node_version.h'), join('deps', 'cares')]) cpSync(fixture('node-tree', path), join(pristine, path), { recursive: true });
  git(pristine, 'init', '-q', '-b', 'main');
  git(pristine, 'add', '-A');
  git(pristine, 'commit', '-q', '-m', 'v20.5.1');
  const oldCares = tree(join(pristine, 'deps', 'cares'));
  const mainCommit = git(pristine, 'rev-parse', 'HEAD');

  // An uninterrupted run: what the branch must hold, and how long a run takes.
  const reference = join(dir, 'reference');
  cpSync(pristine, reference, { recursive: true });
  const started = performance.now();
  const done = await runToEndAsync(target, argv(reference));
  const duration = performance.now() - started;
  assert.equal(done.status, 0, done.stderr);
  const wantedTree = git(reference, 'rev-parse', `${BRANCH}^{tree}`);
  git(reference, 'checkout', '-q', BRANCH);
  const newCares = tree(join(reference, 'deps', 'cares'));
  assert.notDeepEqual(newCares, oldCares);
  assert.deepEqual(readdirSync(temp), [], 'an uninterrupted run leaves nothing in the temporary directory');

  // Where a kill may fall: at a random moment, or when a step's trace appears on disk.
  const clone = join(dir, 'clone');
  const marks = [
    (c: string) => existsSync(join(c, '.git', 'vigil-apply.json')),
    (c: string) => existsSync(join(c, 'deps', 'cares.vigil-new')),
    (c: string) => existsSync(join(c, 'deps', 'cares.vigil-old')),
    (c: string) => existsSync(join(c, '.git', 'refs', 'heads', ...BRANCH.split('/'))),
    (c: string) => existsSync(join(c, '.git', 'index.lock')),
    () => readdirSync(temp).length > 0,
  ];
  const seen = { onBranch: 0, movedAside: 0, temporaries: 0, committed: 0, exited: 0 };
  for (const [i, moment] of randomMoments(KILLS, 0, duration).entries()) {
    rmSync(clone, { recursive: true, force: true });
    cpSync(pristine, clone, { recursive: true });
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
    // Half the kills at a random moment, half at a random step's trace.
    const mark = i % 2 === 1 ? marks[Math.floor(Math.random() * marks.length)] : undefined;
    const kill = await runAndKill(target, argv(clone), { afterMs: moment, ...(mark ? { when: () => mark(clone) } : {}), waitForChildren: true });
    if (!kill.killed) seen.exited++;

    // Whole: deps/cares is the old or the new tree, or missing with the old one moved aside whole.
    const now = tree(join(clone, 'deps', 'cares'));
    const aside = tree(join(clone, 'deps', 'cares.vigil-old'));
    if (now === undefined) {
      assert.deepEqual(aside, oldCares, `kill ${i}: deps/cares is missing and the old tree is not whole beside it`);
      seen.movedAside++;
    } else assert.ok([JSON.stringify(oldCares), JSON.stringify(newCares)].includes(JSON.stringify(now)), `kill ${i}: deps/cares is neither the old nor the new tree`);
    const head = git(clone, 'rev-parse', '--abbrev-ref', 'HEAD');
    assert.ok(head === 'main' || head === BRANCH, `kill ${i}: HEAD is ${head}`);
    if (head === BRANCH) seen.onBranch++;
    if (git(clone, 'branch', '--list', BRANCH) !== '' && git(clone, 'rev-parse', BRANCH) !== mainCommit) seen.committed++;
    if (readdirSync(temp).length > 0) seen.temporaries++;

    const rerun = await runToEndAsync(target, argv(clone));
    assert.equal(rerun.status, 0, `kill ${i}: ${rerun.stderr}`);
    if (head === BRANCH) assert.match(rerun.stderr, new RegExp(`had left ${clone.replaceAll('/', '\\/')} on ${BRANCH.replace('/', '\\/')} \\(.*main is checked out again.*${BRANCH.replace('/', '\\/')} is made again from main`), `kill ${i}: the re-run says where the clone was left`);
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main', `kill ${i}: the clone is back on main`);
    assert.equal(git(clone, 'rev-parse', 'HEAD'), mainCommit, `kill ${i}: main did not move`);
    assert.equal(git(clone, 'status', '--porcelain', '--untracked-files=all'), '', `kill ${i}: the work tree is clean`);
    assert.equal(git(clone, 'rev-parse', `${BRANCH}^{tree}`), wantedTree, `kill ${i}: the branch (same name) holds what an uninterrupted run commits`);
    assert.equal(git(clone, 'rev-parse', `${BRANCH}^`), mainCommit, `kill ${i}: one commit on main, not stacked on a killed run's`);
    assert.deepEqual(tree(join(clone, 'deps', 'cares')), oldCares, `kill ${i}: main's deps/cares is the old one`);
    assert.ok(!existsSync(join(clone, 'deps', 'cares.vigil-new')) && !existsSync(join(clone, 'deps', 'cares.vigil-old')) && !existsSync(join(clone, '.git', 'vigil-apply.json')), `kill ${i}: the swap's leftovers are gone`);
    assert.deepEqual(readdirSync(temp), [], `kill ${i}: the killed run's temporary directories are removed`);
  }
  t.diagnostic(`one run: ${(duration / 1000).toFixed(1)} s; of ${KILLS} kills, ${seen.onBranch} left the clone on the update branch, ${seen.committed} after its commit, ${seen.movedAside} with deps/cares moved aside, ${seen.temporaries} with temporaries; ${seen.exited} run(s) finished first`);
});
