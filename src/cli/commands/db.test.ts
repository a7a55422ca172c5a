import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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

  it('exits 2 naming the path when the input does not exist', () => {
    const env = { VIGIL_DB: join(mkdtempSync(join(tmpdir(), 'vigil-db-cli-')), 'vigil.db') };
    const result = cli(env, 'db', 'import', '/nonexistent/all.zip');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\/nonexistent\/all\.zip: cannot read: ENOENT/);
  });
});
