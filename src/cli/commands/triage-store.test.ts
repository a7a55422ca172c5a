import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../../test/fixtures.js';
import { freshSchema, skipWithoutPostgres } from '../../../test/postgres.js';

const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

const entry = (id: string, extra = '') => `  - id: ${id}\n    package: openssl\n    status: not_affected\n    justification: vulnerable_code_not_in_execute_path\n    reason: not used\n    by: rafael\n${extra}`;

function triageFile(...entries: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-triage-store-'));
  mkdirSync(join(dir, '.vigil'));
  writeFileSync(join(dir, '.vigil', 'triage.yaml'), `version: 1\nentries:\n${entries.join('')}`);
  return join(dir, '.vigil', 'triage.yaml');
}

interface Listed {
  decisions: { vulnerability: string; lines: string[]; justification: string | null }[];
}

/** record → list → record a shorter file → list, on whichever store `db` names. */
function roundTrip(db: string): void {
  const env = { VIGIL_DB: db };
  const file = triageFile(entry('CVE-2024-0727', '    lines: [v22.x, v20.x]\n'), entry('CVE-2024-0727'), entry('CVE-2023-5678'));
  const recorded = cli(env, 'triage', 'record', '--project', 'nodejs/node', '--file', file, '--json');
  assert.equal(recorded.status, 0, recorded.stderr);
  assert.deepEqual(JSON.parse(recorded.stdout), { file, project: 'nodejs/node', store: JSON.parse(recorded.stdout).store, decisions: 3, added: 3, changed: 0, removed: 0 });
  const listed = JSON.parse(cli(env, 'triage', 'list', '--project', 'nodejs/node', '--json').stdout) as Listed;
  assert.deepEqual(listed.decisions.map((decision) => [decision.vulnerability, decision.lines.join()]), [['CVE-2023-5678', ''], ['CVE-2024-0727', 'v20.x,v22.x'], ['CVE-2024-0727', '']]);
  writeFileSync(file, `version: 1\nentries:\n${entry('CVE-2024-0727')}`);
  const again = cli(env, 'triage', 'record', '--project', 'nodejs/node', '--file', file);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /nodejs\/node holds 1 decisions from .*\(0 added, 0 changed, 2 removed\)/);
  const after = JSON.parse(cli(env, 'triage', 'list', '--project', 'nodejs/node', '--json').stdout) as Listed;
  assert.deepEqual(after.decisions.map((decision) => decision.vulnerability), ['CVE-2024-0727']);
}

describe('vigil triage record / list: the triage file in the one store', () => {
  it('sqlite: the store holds exactly the file\'s decisions, scoped entries apart', () => roundTrip(join(mkdtempSync(join(tmpdir(), 'vigil-triage-db-')), 'vigil.db')));

  it('postgres: the same', { skip: skipWithoutPostgres }, async () => {
    const schema = await freshSchema('triage_cli');
    try {
      roundTrip(schema.url);
    } finally {
      await schema.drop();
    }
  });

  it('a bad file, a duplicate entry, or a server that is down: exit 2, the store unchanged, no password printed', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'vigil-triage-db-')), 'vigil.db');
    const good = triageFile(entry('CVE-2024-0727'));
    assert.equal(cli({ VIGIL_DB: db }, 'triage', 'record', '--project', 'nodejs/node', '--file', good).status, 0);
    const typo = triageFile(entry('CVE-2024-9999', '    expire: 2027-01-01\n'));
    const refused = cli({ VIGIL_DB: db }, 'triage', 'record', '--project', 'nodejs/node', '--file', typo);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /triage\.yaml:\d+: unknown field "expire"/);
    const twice = triageFile(entry('CVE-2024-0727'), entry('cve-2024-0727'.toUpperCase()));
    const duplicate = cli({ VIGIL_DB: db }, 'triage', 'record', '--project', 'nodejs/node', '--file', twice);
    assert.equal(duplicate.status, 2);
    assert.match(duplicate.stderr, /triage\.yaml:\d+: the same decision as line \d+/);
    const listed = JSON.parse(cli({ VIGIL_DB: db }, 'triage', 'list', '--project', 'nodejs/node', '--json').stdout) as Listed;
    assert.deepEqual(listed.decisions.map((decision) => decision.vulnerability), ['CVE-2024-0727'], 'refused files changed nothing');
    const down = cli({ VIGIL_DB: 'postgres://vigil:hunter2secret@127.0.0.1:9/vigil' }, 'triage', 'record', '--project', 'nodejs/node', '--file', good);
    assert.equal(down.status, 2, down.stderr);
    assert.match(down.stderr, /postgres:\/\/vigil:.*@127\.0\.0\.1:9\/vigil: cannot use the PostgreSQL store/);
    assert.doesNotMatch(down.stderr + down.stdout, /hunter2secret/);
  });
});
