import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixture, projectRoot } from '../../test/fixtures.js';

// Issue #17: every path argument of every command, when the path does not exist, is exit 2 with
// a message naming it: never "a bug in Vigil" (exit 3), never a silent exit 0. Driven through the
// real CLI, as a user types it.

const run = promisify(execFile);
const MISSING = '/nonexistent/vigil-missing-path';
/** Missing paths in a folder Vigil could create: the test checks that it did not. */
const CREATED_ROOT = join(tmpdir(), `vigil-never-created-${process.pid}`);
const CREATED_DB = join(CREATED_ROOT, 'store', 'vigil.db');
const CREATED_DIR = join(CREATED_ROOT, 'project');

/** A working directory with just enough for the commands whose other inputs must exist. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-paths-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0' }));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'p', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'p', version: '1.0.0' } } }));
  writeFileSync(join(dir, 'results.json'), JSON.stringify({ date: '2026-11-23', repo: { name: 'github.com/nodejs/node', commit: 'c'.repeat(40) }, scorecard: { version: 'v5.0.0', commit: 'x' }, score: 7, checks: [] }));
  writeFileSync(join(dir, 'group.yaml'), '{name: Security team, github: {owner: nodejs, repo: security-wg}}\n');
  writeFileSync(join(dir, 'app.js'), '');
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({ version: 1 }));
  mkdirSync(join(dir, 'minutes'));
  return dir;
}

/** [the words typed, the path the message must name]. */
const table: [string[], string][] = [
  [['db', 'import', MISSING], MISSING],
  [['inventory', MISSING], MISSING],
  [['node', 'check', '20.0.0', '--vuln-dir', MISSING], MISSING],
  [['triage', 'check', '--file', MISSING], MISSING],
  [['triage', 'import-wg', MISSING, '--file', 'triage.yaml'], MISSING],
  [['triage', 'record', '--project', 'nodejs/node', '--file', MISSING], MISSING],
  [['review', MISSING], MISSING],
  [['review', '.', '--triage', MISSING, '--fail-on', 'none'], MISSING],
  [['release', 'status', '--root', MISSING], MISSING],
  [['release', 'validate', MISSING], MISSING],
  [['updates', MISSING], MISSING],
  [['updates', '.', '--holds', MISSING], MISSING],
  [['updates', 'apply', 'undici', '--root', MISSING], MISSING],
  [['meeting', 'prepare', 'security-wg', '--dry-run', '--group-file', MISSING], MISSING],
  [['meeting', 'history', MISSING], MISSING],
  [['meeting', 'check', MISSING], MISSING],
  [['scorecard', MISSING], MISSING],
  [['monitor', 'run', '--scope', MISSING, '--source', 'file', '--results', 'results.json', '--dry-run'], MISSING],
  [['monitor', 'run', '--scope', join(fixture('security-wg', 'tools', 'ossf_scorecard'), 'scope.json'), '--source', 'file', '--results', MISSING, '--dry-run'], MISSING],
  [['monitor', 'report', '--database', MISSING, '--dry-run'], MISSING],
  [['monitor', 'report', '--database', join(fixture('security-wg', 'tools', 'ossf_scorecard'), 'database.json'), '--scope', MISSING, '--dry-run'], MISSING],
  [['monitor', 'import', '--database', MISSING], MISSING],
  [['integrity', 'generate', '--root', MISSING], MISSING],
  [['integrity', 'generate', '--from-report', MISSING], MISSING],
  [['integrity', 'sign', MISSING, '--key', MISSING], MISSING],
  [['integrity', 'verify', MISSING, '--public-key', MISSING], MISSING],
  [['permissions', 'check', '--permissions', MISSING], MISSING],
  [['run', '--permissions', MISSING, '--', process.execPath, 'app.js'], MISSING],
  [['harden', MISSING], MISSING],
  [['harden', '.', '--lock', MISSING], MISSING],
  // Commands that only read the store must not create it at a mistyped --db.
  [['--db', CREATED_DB, 'db', 'status'], CREATED_DB],
  [['--db', CREATED_DB, 'db', 'show', 'GHSA-3787-6prv-h9w3'], CREATED_DB],
  [['--db', CREATED_DB, 'monitor', 'history'], CREATED_DB],
  [['--db', CREATED_DB, 'serve', '--port', '0'], CREATED_DB],
  // --project was created by the policy write; a mistyped --exclude left nothing out, exit 0.
  [['permissions', 'infer', '--project', CREATED_DIR, '--', process.execPath, 'app.js'], CREATED_DIR],
  [['permissions', 'check', '--permissions', 'policy.json', '--project', CREATED_DIR], CREATED_DIR],
  [['inventory', '.', '--exclude', 'no-such-folder'], 'no-such-folder'],
  // An option after `updates apply` that `updates` also declares was taken by `updates` and dropped.
  [['updates', 'apply', 'undici', '--root', '.', '--holds', MISSING], MISSING],
];

async function cli(cwd: string, args: string[]): Promise<{ status: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
      cwd,
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', VIGIL_DB: join(cwd, 'vigil.db'), XDG_CONFIG_HOME: cwd, XDG_CACHE_HOME: cwd, GITHUB_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_NPM_REGISTRY: 'http://127.0.0.1:9' },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('a path that does not exist, in any command, is exit 2 naming it', () => {
  const cwd = workspace();
  for (const [args, named] of table) {
    it(`vigil ${args.join(' ')}`, async () => {
      const result = await cli(cwd, args);
      assert.equal(result.status, 2, `exit ${result.status}\n${result.stderr}${result.stdout}`);
      assert.ok(result.stderr.includes(named), `the message names ${named}:\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /bug in Vigil/);
      assert.equal(existsSync(CREATED_ROOT), false, `nothing is created at a missing path: ${CREATED_ROOT}`);
      // The path is said once, not again as "(path)" after a message that already names it.
      assert.ok(!result.stderr.includes(`(${named})`) || !result.stderr.replace(`(${named})`, '').includes(named), `the path is named once:\n${result.stderr}`);
    });
  }
});
