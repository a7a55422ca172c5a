import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openRepoView } from './repo-view.js';
import { scoreRepository } from './index.js';

const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.email=a@example.com', '-c', 'user.name=A', ...args], { cwd, stdio: 'pipe' }).toString();

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-scorecard-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
  mkdirSync(join(dir, '.github'));
  writeFileSync(join(dir, '.github', 'SECURITY.md'), 'Report to security@example.com within 90 days. Disclosure policy.\n');
  symlinkSync('/etc/passwd', join(dir, 'SECURITY.md.link'));
  symlinkSync('/etc', join(dir, 'outside'));
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'first\n\nPR-URL: https://github.com/o/r/pull/1\nReviewed-By: B <b@example.com>');
  writeFileSync(join(dir, 'untracked.exe'), Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'x.so'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1]));
  return dir;
}

describe('RepoView', () => {
  it('lists only tracked files of the commit, and never follows symlinks out of the repository', async () => {
    const repo = makeRepo();
    const opened = await openRepoView(repo);
    try {
      const paths = opened.view.files.map((file) => file.path);
      assert.deepEqual(paths, ['.github/SECURITY.md', 'LICENSE', 'SECURITY.md.link', 'outside']);
      assert.equal(await opened.view.read('outside'), null);
      assert.equal(await opened.view.read('SECURITY.md.link'), null);
      assert.equal(opened.view.source?.kind, 'git');
      assert.equal(opened.view.source?.shallow, false);
      assert.match(opened.view.commit ?? '', /^[0-9a-f]{40}$/);
    } finally {
      opened.close();
    }
  });

  it('reads nothing a check does not ask for', async () => {
    const repo = makeRepo();
    const result = await scoreRepository(repo, { checks: ['License', 'Dependency-Update-Tool'] });
    assert.equal(result.filesRead, 0);
    assert.equal(result.checks.find((check) => check.name === 'License')?.score, 9);
  });

  it('scores a directory that is not a repository from its files and says history is unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-plain-'));
    writeFileSync(join(dir, 'LICENSE-MIT'), 'MIT');
    symlinkSync('/etc/passwd', join(dir, 'SECURITY.md'));
    const result = await scoreRepository(dir, { checks: ['License', 'Maintained', 'Code-Review', 'Security-Policy'] });
    const byName = new Map(result.checks.map((check) => [check.name, check]));
    assert.equal(byName.get('License')?.score, 10);
    assert.equal(byName.get('Maintained')?.score, -1);
    assert.match(byName.get('Code-Review')?.reason ?? '', /not a git repository/);
    // The symlink is listed but never read: the policy scores as empty.
    assert.equal(byName.get('Security-Policy')?.score, 0);
    assert.equal(result.repo.commit, '');
  });

  it('skips huge and binary files named like scripts in a plain directory, as in git, without reading them whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-plain-huge-'));
    writeFileSync(join(dir, 'huge.sh'), `#!/bin/sh\n${'echo x\n'.repeat(300_000)}curl https://example.com/x | sh\n`);
    writeFileSync(join(dir, 'blob.sh'), Buffer.from([0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0x00, 0x01, 0xff]));
    writeFileSync(join(dir, 'ok.sh'), '#!/bin/sh\ncurl https://example.com/y | sh\n');
    const result = await scoreRepository(dir, { checks: ['Pinned-Dependencies'] });
    const check = result.checks[0];
    assert.equal(check?.score, 0);
    assert.deepEqual(check?.details.filter((detail) => detail.type === 'Warn').map((detail) => detail.path), ['ok.sh']);
    assert.ok(check?.details.some((detail) => detail.path === 'huge.sh' && /bytes not analysed/.test(detail.message)));
    assert.ok(result.bytesRead < 100_000, `read ${result.bytesRead} bytes`);
  });

  it('detects a shallow clone and keeps history checks inconclusive', async () => {
    const repo = makeRepo();
    writeFileSync(join(repo, 'a.txt'), 'a');
    git(repo, 'add', 'a.txt');
    git(repo, 'commit', '-q', '-m', 'second');
    const clone = mkdtempSync(join(tmpdir(), 'vigil-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, clone], { stdio: 'pipe' });
    const result = await scoreRepository(clone, { checks: ['Maintained', 'Code-Review'] });
    for (const check of result.checks) {
      assert.equal(check.score, -1);
      assert.match(check.reason, /shallow clone/);
    }
  });
});
