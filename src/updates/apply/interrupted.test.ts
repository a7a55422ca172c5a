import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../errors.js';
import { recoverInterruptedBranch } from './interrupted.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();

/** A clone on main with deps/x, and the state a run killed on its update branch leaves. */
function killedOnBranch(pid: number): { clone: string; marker: string; main: string } {
  const clone = mkdtempSync(join(tmpdir(), 'vigil-interrupted-'));
  mkdirSync(join(clone, 'deps', 'x'), { recursive: true });
  writeFileSync(join(clone, 'deps', 'x', 'a.c'), 'old\n');
  git(clone, 'init', '-q', '-b', 'main');
  git(clone, 'add', '-A');
  git(clone, 'commit', '-q', '-m', 'base');
  const main = git(clone, 'rev-parse', 'HEAD');
  git(clone, 'checkout', '-q', '-b', 'actions/tools-update-x');
  writeFileSync(join(clone, 'deps', 'x', 'a.c'), 'new\n');
  writeFileSync(join(clone, 'deps', 'x', 'added.c'), 'new\n');
  const marker = join(clone, '.git', 'vigil-apply.json');
  writeFileSync(marker, JSON.stringify({ pid, base: 'main', baseCommit: main, branch: 'actions/tools-update-x', paths: ['deps/x'] }));
  return { clone, marker, main };
}

describe('a killed updates apply left the clone on its branch (#20)', () => {
  it('a dry run reports it and changes nothing; a real run puts main back, drops the half-done edits and the note', async () => {
    // A pid that is not running: a finished child of this process.
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
    const { clone, marker, main } = killedOnBranch(dead);
    const found = await recoverInterruptedBranch(clone, { dryRun: true });
    assert.deepEqual(found, { pid: dead, base: 'main', branch: 'actions/tools-update-x', leftOn: 'actions/tools-update-x', branchCommit: main, committed: false });
    assert.ok(existsSync(marker));
    assert.equal(readFileSync(join(clone, 'deps', 'x', 'a.c'), 'utf8'), 'new\n');

    assert.equal((await recoverInterruptedBranch(clone))?.leftOn, 'actions/tools-update-x');
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD'), 'main');
    assert.equal(git(clone, 'status', '--porcelain', '--untracked-files=all'), '');
    assert.equal(readFileSync(join(clone, 'deps', 'x', 'a.c'), 'utf8'), 'old\n');
    assert.ok(!existsSync(marker));
    assert.equal(await recoverInterruptedBranch(clone), undefined, 'nothing left to recover');
  });

  it('a run that is still alive is not touched: exit 2, naming its pid', async () => {
    const { clone, marker } = killedOnBranch(process.ppid);
    await assert.rejects(recoverInterruptedBranch(clone), (error: unknown) => error instanceof UsageError && error.exitCode === 2 && error.message.includes(`pid ${process.ppid}`));
    assert.ok(existsSync(marker));
    assert.equal(git(clone, 'rev-parse', '--abbrev-ref', 'HEAD'), 'actions/tools-update-x');
  });
});
