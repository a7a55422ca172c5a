import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Package } from '../../inventory/index.js';
import { evaluate } from '../plan.js';
import type { UpdateRow } from '../types.js';
import { derivedPolicy, parseLineHistory, readLineHistory, readLineHistoryAt } from './line-history.js';

// Issue #17: a release line's policy for an npm-published dependency comes from the major it ships
// and its own changelog, for every such dependency. The excerpt's lines are copied from Debian's
// nodejs 18.20.4 source (doc/changelogs/CHANGELOG_V18.md, `apt-get source nodejs`).
const V18 = readFileSync(new URL('../__fixtures__/changelog-v18-excerpt.md', import.meta.url), 'utf8');

/** A commit line as Node's changelog writes it. */
const commit = (sha: string, what: string): string => `* \\[[\`${sha}\`](https://github.com/nodejs/node/commit/${sha})] - **deps**: ${what} (Node.js GitHub Bot) [#1](https://github.com/nodejs/node/pull/1)`;

const npmSource = (name: string) => ({ datasource: 'npm' as const, package: name });

describe("a release line's own history", () => {
  it('parses the commits of the line: once per commit, prose and other majors skipped', () => {
    const history = parseLineHistory(V18, 18, 'doc/changelogs/CHANGELOG_V18.md');
    assert.deepEqual(history.updates.get('undici'), [{ to: '5.28.4', release: '18.20.0', date: '2024-03-26', lts: true }], 'v5.28.4 once, although listed twice; 16.0.0 not read');
    assert.deepEqual(history.updates.get('npm')?.map((update) => update.to), ['10.7.0', '10.0.0', '9.8.1', '8.19.2']);
    assert.deepEqual(history.updates.get('acorn'), [{ to: '8.11.3', release: '18.20.4', date: '2024-07-08', lts: true }]);
  });

  it('an LTS line that only took one major keeps it; one that crossed majors takes them (engines permitting)', () => {
    const history = parseLineHistory(V18, 18, 'doc/changelogs/CHANGELOG_V18.md');
    const undici = derivedPolicy('undici', npmSource('undici'), '5.28.4', 18, '2024-07-08', history)!;
    assert.equal(undici.allow, 'same-major');
    assert.match(undici.reason, /CHANGELOG_V18\.md: 1 undici update as LTS, all 5\.x/);
    const npm = derivedPolicy('npm', npmSource('npm'), '10.7.0', 18, '2024-07-08', history)!;
    assert.equal(npm.allow, 'any');
    assert.match(npm.reason, /4 npm updates as LTS across 8\.x, 9\.x, 10\.x/);
    // cjs-module-lexer is in no line of this excerpt: the LTS line keeps the major it ships.
    assert.equal(derivedPolicy('cjs-module-lexer', npmSource('cjs-module-lexer'), '1.2.2', 18, '2024-07-08', history)?.allow, 'same-major');
    assert.equal(derivedPolicy('undici', npmSource('undici'), '5.28.4', 18, '2022-05-01', history), undefined, 'v18.x was Current in May 2022: any release');
    assert.equal(derivedPolicy('undici', npmSource('undici'), '6.21.1', 22, '2026-12-05', history)?.reason.includes('CHANGELOG_V18'), false, "another line's history is not used");
  });

  it('v22: 26 undici updates all 6.x and 14 npm updates all 10.x allow undici 6.25.0 and npm 10.9.8, never 8.x or 12.x', () => {
    const lines = [
      "## 2026-03-24, Version 22.22.2 'Jod' (LTS), @aduh95",
      ...Array.from({ length: 26 }, (_, index) => commit(`a${index}`, `update undici to 6.${index}.0`)),
      ...Array.from({ length: 14 }, (_, index) => commit(`b${index}`, `upgrade npm to 10.${index}.0`)),
    ];
    const history = parseLineHistory(lines.join('\n'), 22, 'doc/changelogs/CHANGELOG_V22.md');
    const rowFor = (id: string, current: string, versions: [string, string?][]) => {
      const policy = derivedPolicy(id, npmSource(id), current, 22, '2026-12-05', history)!;
      const pkg = { name: id, version: current, origin: 'vendored', foundIn: `deps/${id}/package.json` } as unknown as Package;
      const base = { id, name: id, current, newest: null, allowed: null, status: 'unknown', ageDays: null, behindBy: 0, between: [], policy, fixes: [], securityChecked: false, source: npmSource(id) } as unknown as UpdateRow;
      const releases = versions.map(([version, nodeEngine]) => ({ version, publishedAt: undefined, ...(nodeEngine ? { nodeEngine } : {}) }));
      return { policy, row: evaluate(base, pkg, releases, policy.allow, '2026-12-05', undefined, '22.22.2') };
    };
    const undici = rowFor('undici', '6.23.0', [['6.23.0'], ['6.25.0', '>=18.17'], ['7.16.0', '>=20.18.1'], ['8.14.1', '>=22.19.0']]);
    assert.match(undici.policy.reason, /26 undici updates as LTS, all 6\.x/);
    assert.deepEqual([undici.row.allowed, undici.row.newest], ['6.25.0', '8.14.1']);
    const npm = rowFor('npm', '10.9.4', [['10.9.4'], ['10.9.8', '^18.17.0 || >=20.5.0'], ['11.6.2', '^20.17.0 || >=22.9.0'], ['12.2.3', '^22.22.0 || >=24']]);
    assert.match(npm.policy.reason, /14 npm updates as LTS, all 10\.x/);
    assert.deepEqual([npm.row.allowed, npm.row.newest], ['10.9.8', '12.2.3']);
  });

  // The real changelogs (excerpts: every release header and every undici/npm commit line, unchanged),
  // with the releases, dates and engines.node the npm registry gave on 2026-12-06.
  const V20 = readFileSync(new URL('../__fixtures__/changelog-v20-excerpt.md', import.meta.url), 'utf8');
  const V22 = readFileSync(new URL('../__fixtures__/changelog-v22-excerpt.md', import.meta.url), 'utf8');
  const UNDICI: [string, string, string][] = [['6.21.1', '2025-01-30T10:07:01Z', '>=18.17'], ['6.24.1', '2026-03-14T08:48:38Z', '>=18.17'], ['6.29.1', '2026-10-15T14:19:28Z', '>=18.17'], ['7.0.0', '2024-12-12T21:34:46Z', '>=20.18.1'], ['7.16.0', '2025-09-09T17:13:11Z', '>=20.18.1'], ['8.0.0', '2026-04-02T13:57:43Z', '>=22.19.0'], ['8.14.1', '2026-12-04T12:42:33Z', '>=22.19.0']];
  const NPM: [string, string, string][] = [['10.8.2', '2024-07-09T00:00:00Z', '^18.17.0 || >=20.5.0'], ['10.9.2', '2024-12-06T18:19:21Z', '^18.17.0 || >=20.5.0'], ['10.9.9', '2026-07-29T19:45:10Z', '^18.17.0 || >=20.5.0'], ['11.0.0', '2025-01-30T17:22:36Z', '^20.17.0 || >=22.9.0'], ['12.0.0', '2026-07-09T11:38:44Z', '^22.22.2 || ^24.15.0 || >=26.0.0'], ['12.2.3', '2026-11-18T00:32:29Z', '^22.22.2 || ^24.15.0 || >=26.0.0']];
  const onLine = (text: string, major: number, node: string, id: string, current: string, published: [string, string, string][]) => {
    const history = parseLineHistory(text, major, `doc/changelogs/CHANGELOG_V${major}.md`);
    const releases = published.map(([version, publishedAt, nodeEngine]) => ({ version, publishedAt, nodeEngine }));
    const policy = derivedPolicy(id, npmSource(id), current, major, '2026-12-06', history, releases)!;
    const pkg = { name: id, version: current, origin: 'vendored', foundIn: `deps/${id}/package.json` } as unknown as Package;
    const base = { id, name: id, current, newest: null, allowed: null, status: 'unknown', ageDays: null, behindBy: 0, between: [], policy, fixes: [], securityChecked: false, source: npmSource(id) } as unknown as UpdateRow;
    return { policy, history, row: evaluate(base, pkg, releases, policy.allow, '2026-12-06', undefined, node) };
  };

  it('real v20 changelog: undici 5 → 6 as LTS, then 6.x after 7.0.0 was out, and npm 10.x only as LTS: neither undici 7/8 nor npm 11/12 is allowed on v20.20.2', () => {
    const undici = onLine(V20, 20, '20.20.2', 'undici', '6.24.1', UNDICI);
    assert.ok((undici.history.updates.get('undici')?.length ?? 0) > 30, 'every undici update of the line is read');
    assert.equal(undici.policy.allow, 'same-major');
    assert.match(undici.policy.reason, /undici updates as LTS across 5\.x, 6\.x, but 20\.20\.2 \(\d{4}-\d{2}-\d{2}\) took undici 6\.24\.1 after 7\.0\.0 was published \(2024-12-12\)/);
    assert.deepEqual([undici.row.allowed, undici.row.newest], ['6.29.1', '8.14.1'], 'undici 7.16.0 accepts Node 20.20.2 by its engines, yet the line never took 7.x');
    const npm = onLine(V20, 20, '20.20.2', 'npm', '10.8.2', NPM);
    assert.equal(npm.policy.allow, 'same-major', 'npm 9 → 10 happened while v20 was Current (20.7.0)');
    assert.match(npm.policy.reason, /npm updates as LTS, all 10\.x/);
    assert.deepEqual([npm.row.allowed, npm.row.newest], ['10.9.9', '12.2.3'], 'npm 11 accepts Node 20.20.2 by its engines, yet the line never took it');
  });

  it('real v22 changelog: undici 6.x and npm 10.x only; with engines that would accept them, undici 8 and npm 12 are still not allowed', () => {
    const undici = onLine(V22, 22, '22.22.2', 'undici', '6.21.1', UNDICI);
    assert.match(undici.policy.reason, /1 undici update as LTS, all 6\.x/);
    assert.deepEqual([undici.row.allowed, undici.row.newest], ['6.29.1', '8.14.1']);
    const npm = onLine(V22, 22, '22.22.2', 'npm', '10.9.2', NPM);
    assert.match(npm.policy.reason, /2 npm updates as LTS, all 10\.x/);
    assert.deepEqual([npm.row.allowed, npm.row.newest], ['10.9.9', '12.2.3']);
  });

  it("a release whose engines.node excludes the line's Node.js is never allowed, whatever the policy", () => {
    const pkg = { name: 'npm', version: '10.7.0', origin: 'vendored', foundIn: 'deps/npm/package.json' } as unknown as Package;
    const base = { id: 'npm', name: 'npm', current: '10.7.0', newest: null, allowed: null, status: 'unknown', ageDays: null, behindBy: 0, between: [], fixes: [], securityChecked: false, source: npmSource('npm') } as unknown as UpdateRow;
    const releases = [['10.7.0'], ['10.9.9', '^18.17.0 || >=20.5.0'], ['11.0.0', '^20.17.0 || >=22.9.0']].map(([version, nodeEngine]) => ({ version: version!, publishedAt: undefined, ...(nodeEngine ? { nodeEngine } : {}) }));
    assert.equal(evaluate(base, pkg, releases, 'any', '2024-07-08', undefined, '18.20.4').allowed, '10.9.9', 'npm 11 needs Node 20.17');
    assert.equal(evaluate(base, pkg, releases, 'any', '2024-07-08', undefined, '22.22.2').allowed, '11.0.0');
    assert.equal(evaluate(base, pkg, releases, 'any', '2024-07-08', undefined, undefined).allowed, '11.0.0', 'no Node.js checkout: engines are not asked');
  });

  it('with --ref, reads the changelog the ref has (git objects), not the work tree; a ref without one is undefined', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'vigil-line-history-'));
    const git = (...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.name=Vigil Test', '-c', 'user.email=vigil@example.test', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    };
    try {
      git('init', '-q');
      mkdirSync(join(repo, 'doc', 'changelogs'), { recursive: true });
      writeFileSync(join(repo, 'doc', 'changelogs', 'CHANGELOG_V18.md'), V18);
      git('add', '-A');
      git('commit', '-q', '-m', 'v18.20.4');
      git('tag', 'v18.20.4');
      git('rm', '-q', 'doc/changelogs/CHANGELOG_V18.md');
      git('commit', '-q', '-m', 'the changelog moves away');
      git('tag', 'no-changelog');
      // The work tree says something else again: only the ref's text may be read.
      mkdirSync(join(repo, 'doc', 'changelogs'), { recursive: true });
      writeFileSync(join(repo, 'doc', 'changelogs', 'CHANGELOG_V18.md'), ["## 2024-07-08, Version 18.20.4 'Hydrogen' (LTS), @RafaelGSS", commit('ffffffff', 'update undici to 6.0.0')].join('\n'));

      const atRef = await readLineHistoryAt(repo, 18, 'v18.20.4');
      assert.equal(atRef?.file, 'v18.20.4:doc/changelogs/CHANGELOG_V18.md');
      assert.deepEqual(atRef?.updates, parseLineHistory(V18, 18, 'x').updates);
      const policy = derivedPolicy('undici', npmSource('undici'), '5.28.4', 18, '2024-07-08', atRef)!;
      assert.match(policy.reason, /^v18\.20\.4:doc\/changelogs\/CHANGELOG_V18\.md: 1 undici update as LTS, all 5\.x/);
      assert.deepEqual(readLineHistory(repo, 18)?.updates.get('undici'), [{ to: '6.0.0', release: '18.20.4', date: '2024-07-08', lts: true }], 'the work tree is read without --ref');
      assert.equal(await readLineHistoryAt(repo, 18, 'no-changelog'), undefined);
      assert.equal(await readLineHistoryAt(repo, 20, 'v18.20.4'), undefined, "another line's changelog is not this one");
      await assert.rejects(readLineHistoryAt(repo, 18, 'v99.x'), (error: Error & { exitCode?: number }) => error.exitCode === 2 && /no commit named "v99\.x"/.test(error.message));
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
