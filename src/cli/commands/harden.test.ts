import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';

const run = promisify(execFile);
const lock = join(projectRoot, 'src', 'harden', '__fixtures__', 'nodejs-workflows.lock');

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '', ...env },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { status: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('vigil harden', () => {
  it('prints a diff by default, writes with --apply, and then has nothing left to do', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-harden-cli-'));
    try {
      cpSync(fixture('workflows', 'citgm'), root, { recursive: true });
      const before = readFileSync(join(root, '.github', 'workflows', 'nodejs.yml'), 'utf8');
      const dry = await cli(['harden', root, '--lock', lock]);
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stdout, /^\+permissions:$/m);
      assert.equal(readFileSync(join(root, '.github', 'workflows', 'nodejs.yml'), 'utf8'), before);
      const applied = await cli(['harden', root, '--lock', lock, '--apply']);
      assert.equal(applied.status, 0, applied.stderr);
      assert.match(readFileSync(join(root, '.github', 'workflows', 'nodejs.yml'), 'utf8'), /actions\/checkout@[0-9a-f]{40} # v5\.0\.0/);
      const again = await cli(['harden', root, '--lock', lock, '--json']);
      assert.deepEqual((JSON.parse(again.stdout) as { files: unknown[] }).files, []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('colours the diff on a terminal and not when piped (issue #17)', async (t) => {
    const script = await run('script', ['--version']).catch(() => null);
    if (!script) return t.skip('util-linux `script` is not installed: no pseudo-terminal to run under');
    const root = mkdtempSync(join(tmpdir(), 'vigil-harden-tty-'));
    try {
      cpSync(fixture('workflows', 'citgm'), root, { recursive: true });
      const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_GITHUB_TOKEN: '' };
      delete env.NO_COLOR;
      delete env.FORCE_COLOR;
      const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'harden', root, '--lock', lock].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
      // `script` gives the command a pseudo-terminal, as a user's shell does.
      const tty = await run('script', ['-qec', command, '/dev/null'], { cwd: projectRoot, env });
      const esc = '\u001b';
      assert.ok(tty.stdout.includes(`${esc}[32m+permissions:${esc}[39m`), `added lines are green: ${JSON.stringify(tty.stdout.slice(0, 300))}`);
      assert.ok(tty.stdout.includes(`${esc}[31m-        uses: actions/checkout@v5${esc}[39m`), 'removed lines are red');
      const piped = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'harden', root, '--lock', lock], { cwd: projectRoot, env });
      assert.match(piped.stdout, /^\+permissions:$/m);
      assert.ok(!piped.stdout.includes('\u001b['), 'no escape codes in a pipe');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad --only or a malformed pin file', async () => {
    assert.equal((await cli(['harden', '.', '--only', 'everything'])).status, 2);
    const bad = await cli(['harden', fixture('workflows', 'citgm'), '--lock', join(projectRoot, 'package.json')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /package\.json:1/);
    const missing = await cli(['harden', join(tmpdir(), 'vigil-no-such-checkout'), '--lock', lock]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /vigil-no-such-checkout: no such directory/);
  });

  it('--pr stops before any work without a token, or when the checkout is not on GitHub', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-harden-pr-'));
    try {
      cpSync(fixture('workflows', 'citgm'), root, { recursive: true });
      await run('git', ['init', '-q', root]);
      await run('git', ['-C', root, 'remote', 'add', 'origin', 'https://gitlab.com/nodejs/citgm.git']);
      const noToken = await cli(['harden', root, '--lock', lock, '--pr', '--yes']);
      assert.equal(noToken.status, 2);
      assert.match(noToken.stderr, /--pr needs a GitHub token/);
      assert.equal(noToken.stdout, '', 'no diff printed before the refusal');
      const elsewhere = await cli(['harden', root, '--lock', lock, '--pr', '--yes'], { GITHUB_TOKEN: 'test-token' });
      assert.equal(elsewhere.status, 2);
      assert.match(elsewhere.stderr, /origin \(https:\/\/gitlab\.com\/nodejs\/citgm\.git\) is not a repository on github\.com; give --repo owner\/name/);
      assert.equal(elsewhere.stdout, '');
      assert.doesNotMatch(elsewhere.stderr, /test-token/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
