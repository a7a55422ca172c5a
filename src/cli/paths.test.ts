import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

async function cli(cwd: string, args: string[], store: string = join(cwd, 'vigil.db')): Promise<{ status: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
      cwd,
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', VIGIL_DB: store, XDG_CONFIG_HOME: cwd, XDG_CACHE_HOME: cwd, GITHUB_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GH_TOKEN: '', VIGIL_NPM_REGISTRY: 'http://127.0.0.1:9' },
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
      rmSync(CREATED_ROOT, { recursive: true, force: true });
      // The store is where nothing may be created: a missing input fails before the store is
      // opened (`monitor report --database <typo>` created it first).
      const result = await cli(cwd, args, CREATED_DB);
      assert.equal(result.status, 2, `exit ${result.status}\n${result.stderr}${result.stdout}`);
      assert.ok(result.stderr.includes(named), `the message names ${named}:\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /bug in Vigil/);
      assert.doesNotMatch(result.stderr, /ENOENT|scandir|errno/, 'the reason in words, not the system call');
      assert.equal(existsSync(CREATED_ROOT), false, `nothing is created at a missing path: ${CREATED_ROOT}`);
      // The path is said once, not again as "(path)" after a message that already names it.
      assert.ok(!result.stderr.includes(`(${named})`) || !result.stderr.replace(`(${named})`, '').includes(named), `the path is named once:\n${result.stderr}`);
    });
  }
});

// Issue #17, the newcomer sweep: each class of mistake is exit 2 with a message naming the option
// or file, and leaves every file of the working directory as it was (nothing created, nothing
// rewritten). One row per command × mistake class fixed at its root (option-checks.ts, context.ts).

/** A working directory with the group's monitor files and one file of each wrong kind. */
function mistakesWorkspace(): string {
  const dir = workspace();
  const tools = fixture('security-wg', 'tools', 'ossf_scorecard');
  for (const name of ['database.json', 'scope.json', 'report.md']) writeFileSync(join(dir, name), readFileSync(join(tools, name)));
  writeFileSync(join(dir, 'empty.json'), '');
  writeFileSync(join(dir, 'bad.yaml'), 'a: [1, 2\n');
  writeFileSync(join(dir, 'triage.yaml'), 'version: 1\nentries: []\n');
  writeFileSync(join(dir, 'other-results.json'), JSON.stringify({ date: '2026-11-23', repo: { name: 'github.com/other/thing', commit: 'c'.repeat(40) }, scorecard: { version: 'v5.0.0', commit: 'x' }, score: 7, checks: [] }));
  writeFileSync(join(dir, 'typo.yaml'), 'review:\n  failon: high\n');
  writeFileSync(join(dir, 'unknown.yaml'), 'reveiw:\n  failOn: high\n');
  mkdirSync(join(dir, 'adir'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n');
  mkdirSync(join(dir, 'badcfg'));
  writeFileSync(join(dir, 'badcfg', 'vigil.config.yaml'), 'review:\n  failon: high\n');
  return dir;
}

/** Every file under `dir` with its bytes: the state a mistake must leave untouched. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  }
  return files;
}

/** [mistake class, the words typed, what the message must say, the folder it is typed in (default: the workspace)]. */
const mistakes: [string, string[], RegExp, string?][] = [
  // First: no other row has probed Node yet, so a probe cache written before failing shows.
  ['missing permissions file', ['run', '--', process.execPath, 'app.js'], /vigil-permissions\.json: permissions file not found/],
  ['bad date', ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--now', 'tomorrow'], /--now "tomorrow": not a date/],
  ['bad date', ['review', '.', '--now', 'yesterday'], /--now "yesterday": not a date/],
  ['bad date', ['scorecard', '.', '--now', '12/05/2026'], /--now "12\/05\/2026": not a date/],
  ['bad date', ['node', 'check', '20.0.0', '--now', 'soon'], /--now "soon": not a date/],
  ['bad day', ['updates', '.', '--today', '2026-99-01'], /--today "2026-99-01": not a day/],
  ['bad day', ['meeting', 'prepare', 'security-wg', '--dry-run', '--group-file', 'group.yaml', '--date', '2026-02-30'], /--date "2026-02-30": not a day/],
  ['bad day', ['release', 'start', '--date', '2027-02-30', '--dry-run'], /--date "2027-02-30": not a day/],
  ['output folder missing', ['inventory', '.', '-o', 'nodir/x.json'], /--output nodir\/x\.json: the folder nodir does not exist/],
  ['output folder missing', ['review', '.', '--fail-on', 'none', '-o', 'nodir/x.json'], /--output nodir\/x\.json: the folder nodir does not exist/],
  ['output folder missing', ['integrity', 'generate', '--output', 'nodir/m.json'], /--output nodir\/m\.json: the folder nodir/],
  ['output folder missing', ['integrity', 'keygen', '--out', 'nodir/k'], /--out nodir\/k: the folder nodir/],
  ['output folder missing', ['permissions', 'infer', '--output', 'nodir/p.json', '--', process.execPath, 'app.js'], /--output nodir\/p\.json: the folder nodir/],
  ['output folder missing', ['permissions', 'infer', '--report', 'nodir/r.json', '--', process.execPath, 'app.js'], /--report nodir\/r\.json: the folder nodir/],
  ['output folder missing', ['monitor', 'report', '--report', 'nodir/report.md'], /--report nodir\/report\.md: the folder nodir/],
  ['output folder missing', ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--report', 'nodir/report.md'], /--report nodir\/report\.md: the folder nodir/],
  ['output folder missing', ['harden', '.', '--lock', 'empty.json', '--write-lock', 'nodir/pins.txt'], /--write-lock nodir\/pins\.txt: the folder nodir/],
  ['output folder missing', ['meeting', 'minutes', 'security-wg', '--group-file', 'group.yaml', '--output', 'nodir/minutes'], /--output nodir\/minutes: the folder nodir/],
  ['output is an input', ['monitor', 'report', '--report', 'database.json'], /--report database\.json: is also an input/],
  ['output is an input', ['monitor', 'report', '--report', 'scope.json'], /--report scope\.json: is also the scope file/],
  ['output is an input', ['monitor', 'run', '--source', 'file', '--results', 'results.json', '--report', 'scope.json'], /--report scope\.json: is also an input/],
  ['output is an input', ['integrity', 'generate', '--from-report', 'policy.json', '--output', 'policy.json'], /--output policy\.json: is also an input/],
  ['output is an input', ['permissions', 'infer', '--output', 'app.js', '--', process.execPath, 'app.js'], /--output app\.js: is also an input/],
  ['output is an input', ['review', '.', '--fail-on', 'none', '--triage', 'triage.yaml', '-o', 'triage.yaml'], /--output triage\.yaml: is also an input/],
  ['output is a file Vigil reads', ['inventory', '.', '-o', 'package-lock.json'], /--output package-lock\.json: package-lock\.json is a file Vigil reads/],
  ['output is a file Vigil reads', ['review', '.', '--fail-on', 'none', '-o', 'package.json'], /--output package\.json: package\.json is a file Vigil reads/],
  ['output is a file Vigil reads', ['harden', '.', '--lock', 'empty.json', '--write-lock', '.github/workflows/ci.yml'], /--write-lock \.github\/workflows\/ci\.yml: ci\.yml is a file Vigil reads/],
  ['output is a folder', ['inventory', '.', '-o', 'adir'], /--output adir: is a folder, a file was expected/],
  ['output is a folder', ['review', '.', '--fail-on', 'none', '-o', 'adir'], /--output adir: is a folder, a file was expected/],
  ['empty input', ['monitor', 'run', '--source', 'file', '--results', 'empty.json'], /empty\.json: holds no Scorecard results/],
  ['wrong input', ['monitor', 'run', '--source', 'file', '--results', 'other-results.json'], /other-results\.json: none of its 1 results is for a repository in the scope/],
  ['empty input', ['triage', 'record', '--project', 'nodejs/node', '--file', 'empty.json'], /empty\.json: the triage file is empty/],
  ['empty file as --db', ['--db', 'empty.json', 'db', 'status'], /empty\.json: an empty file, not a store/],
  ['folder where a file is expected', ['updates', '.', '--holds', 'adir'], /adir is a directory/],
  ['wrong format', ['updates', '.', '--holds', 'bad.yaml'], /bad\.yaml: not valid YAML/],
  ['file where a folder is expected', ['release', 'status', '--root', 'package.json'], /--root package\.json: is a file, a directory was expected/],
  ['bad value', ['review', '.', '--verdict', 'reachble'], /--verdict: unknown verdict "reachble"/],
  ['bad value', ['node', 'check', '20.0.0', '--platform', 'windoze'], /--platform "windoze": expected one of/],
  ['config typo', ['--config', 'typo.yaml', 'inventory', '.'], /typo\.yaml: review: unknown key failon[\s\S]*did you mean failOn\?/],
  ['config typo', ['--config', 'unknown.yaml', 'meeting', 'history', 'minutes'], /unknown\.yaml: \(root\): unknown key reveiw[\s\S]*did you mean review\?/],
  ['config missing', ['--config', 'nosuch.yaml', 'inventory', '.'], /nosuch\.yaml: config file not found/],
  ['--ref without a repository', ['inventory', '.', '--ref', 'HEAD'], /vigil-paths-\w+ is not a git repository; --ref needs one/],
  ['--ref without a repository', ['review', '.', '--ref', 'HEAD', '--ref', 'v22.x'], /vigil-paths-\w+ is not a git repository; --ref needs one/],
  ['--ref without a repository', ['scorecard', '.', '--ref', 'HEAD'], /vigil-paths-\w+ is not a git repository; --ref needs one/],
  ['--ref without a repository', ['updates', '.', '--ref', 'v22.x'], /vigil-paths-\w+ is not a git repository; --ref needs one/],
  ['project config typo', ['meeting', 'history', '../minutes'], /vigil\.config\.yaml: review: unknown key failon/, 'badcfg'],
];

describe('a newcomer\'s mistake, in any command, is exit 2 naming it and changes no file', () => {
  const cwd = mistakesWorkspace();
  // The monitor's results file, as a real run would read it.
  writeFileSync(join(cwd, 'results.json'), readFileSync(join(cwd, 'other-results.json')));
  for (const [mistake, args, message, folder] of mistakes) {
    it(`${mistake}: vigil ${args.join(' ')}`, async () => {
      const before = snapshot(cwd);
      const result = await cli(folder ? join(cwd, folder) : cwd, args);
      assert.equal(result.status, 2, `exit ${result.status}\n${result.stderr}${result.stdout}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /bug in Vigil/);
      assert.deepEqual(snapshot(cwd), before, 'no file is created, removed or rewritten');
    });
  }
});
