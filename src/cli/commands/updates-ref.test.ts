import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import type { UpdatesReport } from '../../updates/index.js';

/** Commit lines in the format of Node's changelogs (doc/changelogs/CHANGELOG_V20.md): v20.x took undici 5.x, then 6.x. */
const commit = (sha: string, what: string, pr: number): string => `* \\[[\`${sha}\`](https://github.com/nodejs/node/commit/${sha})] - **deps**: ${what} (Node.js GitHub Bot) [#${pr}](https://github.com/nodejs/node/pull/${pr})`;
const CHANGELOG_V20 = [
  '<a id="20.12.0"></a>',
  '',
  "## 2024-03-26, Version 20.12.0 'Iron' (LTS), @richardlau",
  '',
  '### Commits',
  '',
  commit('0fb4d7f2b2', 'update undici to 6.6.2', 51667),
  commit('4a3e7f5c1e', 'update undici to 5.28.3', 51468),
  '',
  '<a id="20.11.0"></a>',
  '',
  "## 2024-01-09, Version 20.11.0 'Iron' (LTS), @UlisesGascon",
  '',
  '### Commits',
  '',
  commit('8e0b7c5a6d', 'update undici to 5.28.2', 50915),
].join('\n');

describe('vigil updates --ref: the release line policy reads the changelog the ref has', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-updates-ref-'));
  const tree = join(home, 'node');
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Vigil Test', '-c', 'user.email=vigil@example.test', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: tree, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  };

  before(async () => {
    upstream = await startFakeUpstream({ npm: { undici: [{ version: '5.22.1' }, { version: '5.28.5' }, { version: '6.21.3' }] } });
    // The node-tree fixture is v20.5.1 with undici 5.22.1.
    cpSync(fixture('node-tree'), tree, { recursive: true, filter: (source) => !source.includes('_supplement') });
    mkdirSync(join(tree, 'doc', 'changelogs'), { recursive: true });
    writeFileSync(join(tree, 'doc', 'changelogs', 'CHANGELOG_V20.md'), CHANGELOG_V20);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'v20.5.1 with its changelog');
    git('tag', 'with-changelog');
    git('rm', '-q', 'doc/changelogs/CHANGELOG_V20.md');
    git('commit', '-q', '-m', 'no changelog');
    git('tag', 'no-changelog');
  });
  after(async () => {
    await upstream.close();
    rmSync(home, { recursive: true, force: true });
  });
  const cli = async (...args: string[]) => {
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: join(home, 'none.db'), VIGIL_GITHUB_API_URL: upstream.url, VIGIL_NPM_REGISTRY: upstream.url, GITHUB_TOKEN: '' };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'updates', tree, ...args, '--no-cache', '--json', '--today', '2026-11-23'], { cwd: projectRoot, encoding: 'utf8', env });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const undici = (stdout: string) => (JSON.parse(stdout) as UpdatesReport).rows.find((row) => row.id === 'undici')!;

  it("takes the ref's changelog (the line crossed undici majors: 6.x allowed) although the work tree has none", async () => {
    const result = await cli('--ref', 'with-changelog');
    // Exit 2 when a git/web upstream of another dependency is unreachable from here; undici's row is what counts.
    assert.ok([0, 2].includes(result.status), result.stderr);
    const row = undici(result.stdout);
    assert.match(row.policy?.reason ?? '', /^with-changelog:doc\/changelogs\/CHANGELOG_V20\.md: 3 undici updates as LTS across 5\.x, 6\.x/);
    assert.deepEqual([row.current, row.allowed, row.newest], ['5.22.1', '6.21.3', '6.21.3']);
    assert.doesNotMatch(result.stderr, /has no doc\/changelogs/);
  });

  it('a ref without the changelog says so, and the LTS line keeps the major it ships (as the work tree without one does)', async () => {
    const result = await cli('--ref', 'no-changelog');
    assert.ok([0, 2].includes(result.status), result.stderr);
    assert.match(result.stderr, /no-changelog has no doc\/changelogs\/CHANGELOG_V20\.md: the line's own update history is not read/);
    const row = undici(result.stdout);
    assert.equal(row.allowed, '5.28.5');
    assert.match(row.policy?.reason ?? '', /keeps the major/);
    const workTree = await cli();
    assert.equal(undici(workTree.stdout).allowed, '5.28.5', 'the work tree has no changelog either');
  });
});
