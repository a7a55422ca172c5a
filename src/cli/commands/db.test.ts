import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixture, projectRoot } from '../../../test/fixtures.js';

const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

describe('vigil db', () => {
  it('imports the security-wg data into the VIGIL_DB file and reports it in status', () => {
    const env = { VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-db-cli-')), 'store', 'vigil.db') };
    const imported = cli(env, 'db', 'import', fixture('security-wg'));
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /638 records \(638 new, 0 updated, 0 unchanged, 0 older than stored\), 6 assessments, 0 skipped/);
    const status = cli(env, 'db', 'status', '--json');
    assert.equal(status.status, 0, status.stderr);
    const parsed = JSON.parse(status.stdout) as { backend: string; location: string; advisories: number; byFeed: Record<string, number>; sources: { kind: string; records: number }[] };
    assert.equal(parsed.backend, 'sqlite');
    assert.equal(parsed.location, env.VIGIL_DB);
    assert.deepEqual(parsed.byFeed, { 'security-wg': 638 });
    assert.deepEqual(parsed.sources.map((row) => [row.kind, row.records]), [['security-wg', 638]]);
    const shown = cli(env, 'db', 'show', 'NSWG-ECO-1');
    assert.match(shown.stdout, /"bassmaster"/);
  });

  it('a WG sub-folder (vuln/core, vuln/npm) is imported as what it is; a folder with nothing importable is exit 2 and stores nothing', () => {
    const env = { VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-db-cli-')), 'vigil.db') };
    const imported = cli(env, 'db', 'import', fixture('security-wg', 'vuln', 'core'), fixture('security-wg', 'vuln', 'npm'));
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /vuln\/core: 171 records \(171 new.*0 skipped/);
    assert.match(imported.stdout, /vuln\/npm: 467 records \(467 new.*0 skipped/);
    const nothing = cli(env, 'db', 'import', fixture('security-wg', 'tools'));
    assert.equal(nothing.status, 2, nothing.stderr);
    assert.match(nothing.stderr, /tools: nothing to import; all 2 entries were skipped/);
    assert.match(nothing.stderr, /hint: pass OSV records/);
    const status = JSON.parse(cli(env, 'db', 'status', '--json').stdout) as { sources: { location: string }[] };
    assert.equal(status.sources.length, 2, 'the refused import left no source behind');
  });

  it('exits 2 naming the path when the input does not exist', () => {
    const env = { VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-db-cli-')), 'vigil.db') };
    const result = cli(env, 'db', 'import', '/nonexistent/all.zip');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\/nonexistent\/all\.zip: no such file or directory/);
    assert.equal(existsSync(env.VIGIL_DB), false, 'no store is created for a mistyped path');
  });
});

describe('vigil db sync', () => {
  it('syncs from the configured base URLs, and exits 2 naming the feed that failed while the others land', async () => {
    const { execFile } = await import('node:child_process');
    const { startTestServer } = await import('../../../test/http-server.js');
    const { writeZip } = await import('../../../test/zip-writer.js');
    const zip = writeZip([{ name: 'MAL-2025-77.json', data: JSON.stringify({ id: 'MAL-2025-77', modified: '2025-03-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'evil' }, versions: ['1.0.0'] }] }) }]);
    const server = await startTestServer([
      { method: 'GET', path: '/osv/npm/all.zip', handler: () => ({ headers: { etag: '"1"' }, body: zip }) },
      { method: 'GET', path: '/nvd', handler: () => ({ status: 500, body: 'down for maintenance' }) },
    ]);
    try {
      const env = { ...process.env, NO_COLOR: '1', VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-db-cli-')), 'vigil.db'), VIGIL_OSV_URL: `${server.url}/osv`, VIGIL_NVD_URL: `${server.url}/nvd`, NVD_API_KEY: 'k-secret' };
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'db', 'sync', 'osv', 'nvd'], { cwd: projectRoot, env }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
      });
      assert.equal(result.code, 2);
      assert.match(result.stdout, /osv:npm: 1 records \(1 new/);
      assert.match(result.stderr, /1 feed\(s\) failed[\s\S]*nvd: GET .*answered HTTP 500/);
      assert.doesNotMatch(result.stdout + result.stderr, /k-secret/);
      assert.equal(server.requests.find((request) => request.url.pathname === '/nvd')?.headers.apikey, 'k-secret');
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown feed name', () => {
    const result = cli({}, 'db', 'sync', 'osvv');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown feed osvv/);
  });
});
