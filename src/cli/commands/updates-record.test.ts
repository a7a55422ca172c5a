import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { openStore } from '../../store/index.js';
import type { ProjectUpdatesReport } from '../../updates/projects/index.js';

describe('vigil updates --record', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-updates-record-'));
  const tree = join(home, 'node');
  const db = join(home, 'vigil.db');
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;

  before(async () => {
    // Two upstreams answer; every other dependency's upstream is unknown to the fake (404).
    upstream = await startFakeUpstream({ npm: { chalk: [{ version: '4.1.2' }, { version: '4.1.3' }, { version: '5.3.0' }], debug: [{ version: '4.4.3' }] }, releases: { 'c-ares/c-ares': [{ tag: 'v1.19.1', date: '2023-05-22T00:00:00Z' }, { tag: 'v1.34.5', date: '2025-04-08T00:00:00Z' }], 'nghttp2/nghttp2': [{ tag: 'v1.55.1' }] } });
    cpSync(fixture('node-tree'), tree, { recursive: true, filter: (source) => !source.includes('_supplement') });
  });
  after(async () => {
    await upstream.close();
    rmSync(home, { recursive: true, force: true });
  });
  const cli = async (...args: string[]) => {
    const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: db, VIGIL_GITHUB_API_URL: upstream.url, VIGIL_NPM_REGISTRY: upstream.url, GITHUB_TOKEN: '' };
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'updates', ...args, '--no-cache'], { cwd: projectRoot, encoding: 'utf8', env });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('keeps one check per vendored dependency for nodejs/node; an upstream that failed is recorded with its reason, not as up to date', async () => {
    const result = await cli(tree, '--record', '--json', '--today', '2026-11-23');
    // Exit 2 when a git/web upstream is unreachable from here (the report says which); the rows are recorded either way.
    assert.ok([0, 1, 2].includes(result.status), result.stderr);
    const report = JSON.parse(result.stdout) as { rows: { id: string; status: string; newest: string | null; current: string | null }[] };
    const store = await openStore(db);
    try {
      const checks = await store.records.latestUpdateChecks('nodejs/node');
      assert.deepEqual(checks.map((check) => check.dependency), report.rows.map((row) => row.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const cares = checks.find((check) => check.dependency === 'c-ares');
      assert.deepEqual([cares?.current, cares?.latest, cares?.error, (cares?.detail as { status: string }).status], ['1.19.1', '1.34.5', null, 'behind']);
      const unknown = report.rows.filter((row) => row.status === 'unknown');
      assert.ok(unknown.length > 0, 'the fake knows two upstreams only: others are unknown');
      for (const row of unknown) {
        const check = checks.find((entry) => entry.dependency === row.id);
        assert.ok(check?.error, `${row.id}: recorded without an error although its upstream could not be checked`);
        assert.equal(check?.latest, null);
      }
      assert.deepEqual((await store.records.dependencyChecks('c-ares')).map((check) => check.project), ['nodejs/node']);
    } finally {
      await store.close();
    }
  });

  it('a vendored dependency removed from the tree is no longer among the current checks after the next --record (#19)', async () => {
    const removed = join(home, 'node-removed');
    cpSync(tree, removed, { recursive: true });
    const db2 = join(home, 'removed.db');
    const record = async (path: string) => {
      const env = { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: home, XDG_CONFIG_HOME: home, VIGIL_DB: db2, VIGIL_GITHUB_API_URL: upstream.url, VIGIL_NPM_REGISTRY: upstream.url, GITHUB_TOKEN: '' };
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'updates', path, '--record', '--json', '--today', '2026-11-23', '--no-cache'], { cwd: projectRoot, encoding: 'utf8', env }).catch((error: { code: number }) => {
        if (![1, 2].includes(error.code)) throw error;
      });
    };
    await record(removed);
    const current = async () => {
      const store = await openStore(db2);
      try {
        return { project: (await store.records.latestUpdateChecks('nodejs/node')).map((check) => check.dependency), cares: await store.records.dependencyChecks('c-ares') };
      } finally {
        await store.close();
      }
    };
    const before = await current();
    assert.ok(before.project.includes('c-ares'));
    rmSync(join(removed, 'deps', 'cares'), { recursive: true, force: true });
    await record(removed);
    const after = await current();
    assert.deepEqual(after.project, before.project.filter((dependency) => dependency !== 'c-ares'), 'c-ares left the tree: only it is gone from the current checks');
    assert.deepEqual(after.cares, [], 'and no project says it vendors c-ares any more');
  });

  it('--project names the project; a malformed one and --project without --record are exit 2', async () => {
    const named = await cli(tree, '--record', '--project', 'nodejs/node-v20', '--json');
    assert.ok([0, 1, 2].includes(named.status), named.stderr);
    const store = await openStore(db);
    try {
      assert.ok((await store.records.latestUpdateChecks('nodejs/node-v20')).length > 0);
    } finally {
      await store.close();
    }
    const bad = await cli(tree, '--record', '--project', 'not a project');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--project "not a project": expected owner\/name/);
    const lonely = await cli(tree, '--project', 'nodejs/node');
    assert.equal(lonely.status, 2);
    assert.match(lonely.stderr, /add --record/);
  });

  it('a lockfile project: one check per row of the report, where it sits, as one snapshot per recording', async () => {
    const project = join(projectRoot, 'src/inventory/javascript/__fixtures__/npm-v3-workspaces');
    const unnamed = await cli(project, '--record');
    assert.equal(unnamed.status, 2, unnamed.stderr);
    assert.match(unnamed.stderr, /--record needs --project <owner\/name>/);

    // With --all first (transitive rows too), then without: the second snapshot replaces the first.
    const deep = await cli(project, '--record', '--project', 'acme/monorepo', '--all', '--json', '--today', '2026-11-23');
    assert.equal(deep.status, 0, deep.stderr);
    const deepRows = (JSON.parse(deep.stdout) as ProjectUpdatesReport).rows;
    assert.ok(deepRows.some((row) => row.type === 'transitive'));
    const store = () => openStore(db);
    let opened = await store();
    try {
      const checks = await opened.records.latestUpdateChecks('acme/monorepo');
      assert.equal(checks.length, deepRows.length, 'one check per row, none merged');
      assert.equal(new Set(checks.map((check) => check.checkedAt)).size, 1, 'one snapshot, one time');
    } finally {
      await opened.close();
    }
    const result = await cli(project, '--record', '--project', 'acme/monorepo', '--json', '--today', '2026-11-23');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as ProjectUpdatesReport;
    opened = await store();
    try {
      const checks = await opened.records.latestUpdateChecks('acme/monorepo');
      assert.equal(checks.length, report.rows.length, 'the transitive rows of the earlier snapshot are no longer current');
      assert.ok(checks.every((check) => check.location && !check.location.includes('transitive')));
      const chalk = checks.find((check) => check.dependency === 'chalk' && check.location === 'package-lock.json: package.json');
      assert.deepEqual([chalk?.current, chalk?.latest, chalk?.error], ['4.1.2', '5.3.0', null]);
      assert.deepEqual(chalk?.detail, { status: 'behind', type: 'dependencies', range: '^4.1.2', wanted: '4.1.3', latestOutsideRange: true, latestNodeEngine: null, ageDays: null, fixes: null, securityUncheckedReason: (report.rows.find((row) => row.name === 'chalk')!).securityUncheckedReason ?? null, ref: null });
      // An npm: alias is recorded under the registry name, the alias in its location.
      const alias = report.rows.find((row) => row.alias === 'string-width-cjs');
      assert.ok(checks.some((check) => check.dependency === alias?.name && check.location?.endsWith(' as string-width-cjs')));
      for (const row of report.rows.filter((entry) => entry.status === 'unknown' || entry.status === 'skipped')) {
        const check = checks.find((entry) => entry.dependency === row.name && entry.current === row.current);
        assert.ok(check?.error, `${row.name} (${row.status}) recorded without its reason`);
      }
      assert.deepEqual((await opened.records.dependencyChecks('chalk')).map((check) => check.project), ['acme/monorepo']);
    } finally {
      await opened.close();
    }
  });
});
