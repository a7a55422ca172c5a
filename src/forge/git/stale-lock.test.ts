import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { judgeLock, lockInMessage } from './stale-lock.js';

/**
 * A git process killed mid-operation leaves `.git/index.lock` (issue #20). The next Vigil run
 * removes it when it is surely stale, and refuses (exit 2, naming it) while a git still runs there.
 * The kills are real: `git commit -a` holds index.lock while its editor runs, and is killed with -9.
 */
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function repository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
  writeFileSync(join(repo, 'a.txt'), 'two\n');
  return repo;
}

/** `git commit -a` waiting in its editor: it holds index.lock until the editor returns. */
async function gitHoldingTheLock(repo: string): Promise<ChildProcess> {
  const child = spawn('git', ['commit', '-a'], { cwd: repo, env: { ...env, GIT_EDITOR: 'sleep 60; true' }, stdio: 'ignore', detached: true });
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(repo, '.git', 'index.lock'))) {
    if (Date.now() > deadline) throw new Error('git commit never took index.lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

/** A new Vigil run (its own process, started after the kill) running `git add -A` in the repository. */
function vigilGitAdd(repo: string): { status: number; stdout: string; stderr: string } {
  const script = `import { git } from ${JSON.stringify(cli)};\ntry { await git(${JSON.stringify(repo)}, ['add', '-A']); console.log('added'); } catch (error) { console.log(error.constructor.name, error.message, '|', error.hint); process.exitCode = 2; }\n`;
  const file = join(repo, '..', `${repo.split('/').pop()}-run.mts`);
  writeFileSync(file, script);
  try {
    const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('a stale git lock left by a killed git process', () => {
  const made: string[] = [];
  after(() => {
    for (const repo of made) rmSync(repo, { recursive: true, force: true });
  });

  it('reads the lock from git\'s own message', () => {
    assert.equal(lockInMessage("fatal: Unable to create '/r/.git/index.lock': File exists.\n\nAnother git process seems to be running"), '/r/.git/index.lock');
    assert.equal(lockInMessage("error: cannot lock ref 'refs/heads/x': Unable to create '/r/.git/refs/heads/x.lock': File exists."), '/r/.git/refs/heads/x.lock');
    assert.equal(lockInMessage('fatal: not a git repository'), null);
  });

  it('while the git that holds it runs: kept, and the next run refuses naming it (exit 2)', async () => {
    const repo = repository();
    made.push(repo);
    const holder = await gitHoldingTheLock(repo);
    try {
      const run = vigilGitAdd(repo);
      assert.equal(run.status, 2, run.stdout + run.stderr);
      assert.match(run.stdout, /^InputError .*index\.lock exists and was kept, because git process \d+ is running in /);
      assert.match(run.stdout, /remove .*index\.lock and run again/);
      assert.ok(existsSync(join(repo, '.git', 'index.lock')), 'a live lock is never removed');
    } finally {
      process.kill(-holder.pid!, 'SIGKILL');
    }
  });

  it('after kill -9 of that git: the next run removes it with a message and its git command succeeds', async () => {
    const repo = repository();
    made.push(repo);
    const holder = await gitHoldingTheLock(repo);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    process.kill(-holder.pid!, 'SIGKILL');
    await exited;
    assert.ok(existsSync(join(repo, '.git', 'index.lock')), 'the kill left the lock');
    // Without the fix, git itself refuses every later command:
    assert.throws(() => execFileSync('git', ['add', '-A'], { cwd: repo, env, stdio: 'pipe' }), /index\.lock': File exists/);
    const run = vigilGitAdd(repo);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /warning: removed .*\.git\/index\.lock: a stale lock left by an interrupted git process/);
    assert.ok(!existsSync(join(repo, '.git', 'index.lock')));
    assert.match(execFileSync('git', ['status', '--porcelain'], { cwd: repo, env, encoding: 'utf8' }), /^M {2}a\.txt/m, 'the add went through');
  });

  it('a lock made after this run started, or held open by any process, is not stale', async () => {
    const repo = repository();
    made.push(repo);
    const lock = join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    assert.deepEqual(judgeLock(lock, [repo, join(repo, '.git')], Date.now() - 60_000), { stale: false, reason: 'it was made after this run started: another git process is running' });
    const holder = spawn('sh', ['-c', `exec 3>>'${lock}'; exec sleep 60`], { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 10_000;
      let verdict = judgeLock(lock, [repo, join(repo, '.git')], Date.now() + 1000);
      while (verdict.stale && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        verdict = judgeLock(lock, [repo, join(repo, '.git')], Date.now() + 1000);
      }
      assert.match((verdict as { reason: string }).reason, /^process \d+ \((sh|sleep)\) holds it open$/);
    } finally {
      holder.kill('SIGKILL');
    }
    assert.deepEqual(judgeLock(join(tmpdir(), 'elsewhere.lock'), [repo]), { stale: false, reason: 'it is gone already' });
    writeFileSync(join(repo, 'outside.lock'), '');
    assert.deepEqual(judgeLock(join(repo, 'outside.lock'), [join(repo, '.git')], Date.now() + 1000), { stale: false, reason: 'it is not a lock of this repository' });
  });
});
