import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../../../test/fixtures.js';
import { git } from './cli.js';
import { GitObjectReader } from './object-reader.js';
import { parseFilterDrivers, safeArguments } from './safety.js';

/**
 * A repository whose own config names a program for every key that executes (issue #20). Each
 * program appends its key to `marks`; a positive control proves plain git runs each one, then
 * nothing Vigil does may.
 */
function hostileRepository(): { repo: string; marks: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-hostile-'));
  const repo = join(dir, 'repo');
  const marks = join(dir, 'marks');
  const evil = join(dir, 'evil');
  // Appends its first argument; as gpg it also answers with a status line so git goes on.
  writeFileSync(evil, `#!/bin/sh\necho "$1" >> '${marks}'\ncat >/dev/null 2>&1 || true\nexit 0\n`);
  chmodSync(evil, 0o755);
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const run = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env });
  run('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'package.json'), '{"name":"hostile","version":"1.0.0","dependencies":{}}\n');
  writeFileSync(join(repo, 'package-lock.json'), '{"name":"hostile","lockfileVersion":3,"requires":true,"packages":{"":{"name":"hostile","version":"1.0.0"}}}\n');
  writeFileSync(join(repo, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n');
  writeFileSync(join(repo, '.gitattributes'), '* filter=evil diff=evil\n');
  writeFileSync(join(repo, 'README.md'), 'one\n');
  run('add', '-A');
  run('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'one');
  writeFileSync(join(repo, 'README.md'), 'two\n');
  run('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-am', 'two');
  // A commit carrying a signature, so log.showSignature has something to verify.
  const tree = run('rev-parse', 'HEAD^{tree}').toString().trim();
  const parent = run('rev-parse', 'HEAD').toString().trim();
  const signed = `tree ${tree}\nparent ${parent}\nauthor t <t@t> 1700000000 +0000\ncommitter t <t@t> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ==\n -----END PGP SIGNATURE-----\n\nsigned\n`;
  const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo, input: signed, env }).toString().trim();
  run('update-ref', 'refs/heads/main', sha);
  run('remote', 'add', 'origin', repo);
  const hooks = join(dir, 'hooks');
  mkdirSync(hooks);
  for (const hook of ['pre-commit', 'post-commit', 'post-checkout', 'reference-transaction', 'post-index-change', 'pre-auto-gc', 'fsmonitor-watchman']) {
    for (const where of [hooks, join(repo, '.git', 'hooks')]) {
      writeFileSync(join(where, hook), `#!/bin/sh\n'${evil}' hook-${hook}\n`);
      chmodSync(join(where, hook), 0o755);
    }
  }
  const config: [string, string][] = [
    ['core.fsmonitor', `${evil} core.fsmonitor`],
    ['core.hooksPath', hooks],
    ['core.pager', `${evil} core.pager`],
    ['pager.log', `${evil} pager.log`],
    ['log.showSignature', 'true'],
    ['gpg.program', `${evil}`],
    ['diff.external', `${evil} diff.external`],
    ['diff.evil.command', `${evil} diff.command`],
    ['diff.evil.textconv', `${evil} diff.textconv`],
    ['filter.evil.clean', `${evil} filter.clean`],
    ['filter.evil.smudge', `${evil} filter.smudge`],
    ['filter.evil.required', 'true'],
    ['remote.origin.uploadpack', `${evil} remote.uploadpack; git-upload-pack`],
    ['core.alternateRefsCommand', `${evil} alternateRefsCommand`],
    ['credential.helper', `!${evil} credential.helper`],
    ['core.sshCommand', `${evil} core.sshCommand`],
  ];
  for (const [key, value] of config) run('config', key, value);
  return { repo, marks };
}

const marked = (marks: string): string[] => (existsSync(marks) ? readFileSync(marks, 'utf8').trim().split('\n') : []);

describe('git safety (issue #20)', () => {
  let repo = '';
  let marks = '';
  before(() => ({ repo, marks } = hostileRepository()));
  after(() => rmSync(join(repo, '..'), { recursive: true, force: true }));

  it('the hostile repository really runs its programs under plain git (positive control)', () => {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    const plain = (...args: string[]) => spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
    // `status` hashes a file through the clean filter only when its size is unchanged and its
    // timestamps are not (or are racy, which depends on the machine): make that so here.
    const readme = join(repo, 'README.md');
    utimesSync(readme, new Date(1_600_000_000_000), new Date(1_600_000_000_000));
    plain('status');
    plain('-p', 'log', '-1');
    plain('diff', 'HEAD~2', 'HEAD~1');
    plain('show', '--no-ext-diff', '--textconv', 'HEAD~1');
    rmSync(join(repo, 'README.md'));
    plain('checkout', '--', 'README.md');
    const seen = new Set(marked(marks));
    rmSync(marks, { force: true });
    // gpg is called with `--keyid-format=long` first; a pager only runs on a terminal, so it has no control here.
    for (const key of ['core.fsmonitor', '--keyid-format=long', 'diff.command', 'diff.textconv', 'filter.clean', 'filter.smudge', 'hook-post-checkout']) {
      assert.ok(seen.has(key), `plain git did not run ${key}: ${[...seen].join(', ')}`);
    }
  });

  it('git() and the object reader run none of them, whatever the command', async () => {
    for (const args of [
      ['status', '--porcelain'],
      ['log', '-n3', '--format=%H %G?'],
      ['log', '-p', '-n3'],
      ['show', 'HEAD~1'],
      ['diff', 'HEAD~2', 'HEAD~1'],
      ['ls-tree', '-r', 'HEAD'],
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      ['rev-parse', '--show-toplevel'],
      ['checkout', '-q', '-B', 'other'],
      ['add', '-A'],
      ['-c', 'user.name=v', '-c', 'user.email=v@v', 'commit', '-q', '--allow-empty', '-m', 'x'],
      ['checkout', '-q', '-f', 'main'],
    ]) {
      await git(repo, args);
      assert.deepEqual(marked(marks), [], `git ${args.join(' ')} ran ${marked(marks).join(', ')}`);
    }
    const reader = new GitObjectReader(repo);
    assert.equal(await reader.readText('HEAD', 'README.md'), 'two\n');
    reader.close();
    assert.deepEqual(marked(marks), []);
  });

  it('vigil scorecard, inventory --ref, review --ref, updates --ref and harden run none of them', () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-hostile-home-'));
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, HOME: home, NO_COLOR: '1', GITHUB_TOKEN: '' } });
    for (const args of [
      ['scorecard', repo],
      ['scorecard', repo, '--ref', 'HEAD~1'],
      ['inventory', repo, '--ref', 'HEAD'],
      ['review', repo, '--ref', 'HEAD'],
      ['updates', repo, '--ref', 'HEAD'],
      ['harden', repo],
    ]) {
      const result = cli(...args);
      assert.ok(result.status !== 3 && result.signal === null, `vigil ${args.join(' ')} crashed: ${result.stderr}`);
      assert.deepEqual(marked(marks), [], `vigil ${args.join(' ')} ran ${marked(marks).join(', ')}`);
    }
    rmSync(home, { recursive: true, force: true });
  });
});

describe('safeArguments', () => {
  it('puts the overrides before the command and the diff switches after it', () => {
    const args = safeArguments(['log', '-n1'], ['evil']);
    assert.deepEqual(args.slice(0, 2), ['--no-pager', '--no-replace-objects']);
    assert.ok(args.includes('core.hooksPath=/dev/null'));
    assert.deepEqual(args.slice(-4), ['log', '--no-ext-diff', '--no-textconv', '-n1']);
    // log runs no filter: drivers are only blanked for commands that would run them.
    assert.ok(!args.includes('filter.evil.smudge='));
    assert.ok(safeArguments(['checkout', 'x'], ['evil']).includes('filter.evil.smudge='));
  });

  it('reads filter driver names, dots included', () => {
    assert.deepEqual(parseFilterDrivers('filter.lfs.clean\nfilter.lfs.smudge\nfilter.a.b.process\n'), ['lfs', 'a.b']);
  });
});
