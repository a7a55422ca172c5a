import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startFakeUpstream } from '../../../test/fake-upstream.js';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { openStore } from '../../store/index.js';

describe('vigil updates --record', () => {
  const home = mkdtempSync(join(tmpdir(), 'vigil-updates-record-'));
  const tree = join(home, 'node');
  const db = join(home, 'vigil.db');
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;

  before(async () => {
    // Two upstreams answer; every other dependency's upstream is unknown to the fake (404).
    upstream = await startFakeUpstream({ releases: { 'c-ares/c-ares': [{ tag: 'v1.19.1', date: '2023-05-22T00:00:00Z' }, { tag: 'v1.34.5', date: '2025-04-08T00:00:00Z' }], 'nghttp2/nghttp2': [{ tag: 'v1.55.1' }] } });
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

  it('--project names the project; a malformed one, --project without --record, and a lockfile project are exit 2', async () => {
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
    const app = join(home, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: {} }));
    writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'app', version: '1.0.0' } } }));
    const lockfile = await cli(app, '--record', '--project', 'me/app');
    assert.equal(lockfile.status, 2);
    assert.match(lockfile.stderr, /lockfile projects are not recorded yet/);
  });
});
