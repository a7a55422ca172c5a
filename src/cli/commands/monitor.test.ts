import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { fixture, projectRoot } from '../../../test/fixtures.js';
import { parseReportRows } from '../../monitor/formats/report.js';

const run = promisify(execFile);
const upstream = fixture('security-wg', 'tools', 'ossf_scorecard');

/** A checkout with the WG's three monitor files in tools/ossf_scorecard, as its workflow has them. */
function checkout(): { dir: string; tools: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-monitor-cli-'));
  const tools = join(dir, 'tools', 'ossf_scorecard');
  mkdirSync(tools, { recursive: true });
  for (const name of ['scope.json', 'database.json', 'report.md']) copyFileSync(join(upstream, name), join(tools, name));
  return { dir, tools };
}

async function cli(cwd: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', VIGIL_DB: join(cwd, 'vigil.db'), XDG_CONFIG_HOME: cwd, GITHUB_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GH_TOKEN: '' },
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const result = (repo: string, score: number) =>
  JSON.stringify({ date: '2026-11-23', repo: { name: `github.com/nodejs/${repo}`, commit: 'c'.repeat(40) }, scorecard: { version: 'v5.0.0', commit: 'x' }, score, checks: [{ name: 'Pinned-Dependencies', score: 9, reason: 'pinned' }] });

describe('vigil monitor (CLI) on the WG\'s real files', () => {
  it('report: the WG\'s database renders the repositories and scores of its report (scope.json beside the database is used)', async () => {
    const { dir } = checkout();
    const rendered = await cli(dir, '--json', 'monitor', 'report', '--database', 'tools/ossf_scorecard/database.json', '--report', 'tools/ossf_scorecard/report.md');
    assert.equal(rendered.status, 0, rendered.stderr);
    const rows = (JSON.parse(rendered.stdout) as { rows: { ref: { repo: string }; score: number }[] }).rows;
    const expected = parseReportRows(readFileSync(join(upstream, 'report.md'), 'utf8'));
    assert.deepEqual(rows.map((row) => [row.ref.repo, row.score]), expected.map((row) => [row.repo, row.score]));
  });

  it('report with nothing new leaves the WG\'s report.md byte for byte as it was (issue #17)', async () => {
    const { dir, tools } = checkout();
    const rendered = await cli(dir, 'monitor', 'report', '--database', 'tools/ossf_scorecard/database.json', '--report', 'tools/ossf_scorecard/report.md');
    assert.equal(rendered.status, 0, rendered.stderr);
    assert.equal(readFileSync(join(tools, 'report.md'), 'utf8'), readFileSync(join(upstream, 'report.md'), 'utf8'));
    // The report only reads the store: where there is none yet, it is rendered from the database and none is created (issue #17).
    assert.equal(existsSync(join(dir, 'vigil.db')), false, 'no store created by a report');
  });

  it('a mistyped --database is exit 2 naming it, and nothing is rewritten or imported (report, import, run)', async () => {
    const { dir, tools } = checkout();
    const report = await cli(dir, 'monitor', 'report', '--database', 'tools/ossf_scorecard/databse.json', '--report', 'tools/ossf_scorecard/report.md');
    assert.equal(report.status, 2, report.stderr);
    assert.match(report.stderr, /databse\.json: no such database file/);
    const imported = await cli(dir, 'monitor', 'import', '--database', 'tools/ossf_scorecard/databse.json');
    assert.equal(imported.status, 2, imported.stderr);
    assert.match(imported.stderr, /databse\.json: no such database file/);
    writeFileSync(join(dir, 'results.json'), result('node', 7.1));
    const scored = await cli(dir, 'monitor', 'run', '--scope', 'tools/ossf_scorecard/scope.json', '--database', 'tools/ossf_scorecard/databse.json', '--report', 'tools/ossf_scorecard/report.md', '--source', 'file', '--results', 'results.json');
    assert.equal(scored.status, 2, scored.stderr);
    assert.match(scored.stderr, /databse\.json: no such database file, but .*report\.md lists 38 repositories/);
    writeFileSync(join(dir, 'empty.json'), '{}');
    const empty = await cli(dir, 'monitor', 'report', '--database', 'empty.json', '--report', 'tools/ossf_scorecard/report.md');
    assert.equal(empty.status, 2, empty.stderr);
    assert.equal(readFileSync(join(tools, 'report.md'), 'utf8'), readFileSync(join(upstream, 'report.md'), 'utf8'));
    // …and no store was created before the input was found missing (issue #17).
    assert.equal(existsSync(join(dir, 'vigil.db')), false, 'no store created by a failed command');
  });

  it('import: progress on a terminal as `monitor run` shows it, nothing when piped or with --quiet', async () => {
    const { dir } = checkout();
    const piped = await cli(dir, 'monitor', 'import', '--database', 'tools/ossf_scorecard/database.json');
    assert.equal(piped.status, 0, piped.stderr);
    assert.match(piped.stdout, /^imported (\d+) points \(0 already in the store\)\n$/);
    assert.equal(piped.stderr, '', 'piped: no progress line');
    // A terminal (script(1) gives the command a pseudo-terminal): the progress line and its summary.
    const env = { ...process.env, NO_COLOR: '1', VIGIL_DB: join(dir, 'tty.db'), XDG_CONFIG_HOME: dir, GITHUB_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GH_TOKEN: '' };
    const command = (quiet: string) => [process.execPath, '--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...(quiet ? [quiet] : []), 'monitor', 'import', '--database', 'tools/ossf_scorecard/database.json'].map((arg) => `'${arg}'`).join(' ');
    const tty = await run('script', ['-qec', command(''), '/dev/null'], { cwd: dir, env });
    const points = /imported (\d+) points/.exec(piped.stdout)![1];
    // eslint-disable-next-line no-control-regex -- the escape that rewrites the line is what is checked
    assert.match(tty.stdout, /\r\u001b\[2Kimporting +\d+s 200\b/, 'the line is drawn while the points are written');
    assert.match(tty.stdout, new RegExp(`importing ${points} points \\(\\d+s\\)`));
    env.VIGIL_DB = join(dir, 'quiet.db');
    const quiet = await run('script', ['-qec', command('--quiet'), '/dev/null'], { cwd: dir, env });
    assert.doesNotMatch(quiet.stdout, /importing/);
  });

  it('run --dry-run shows the change as a diff and writes nothing', async () => {
    const { dir, tools } = checkout();
    writeFileSync(join(dir, 'results.json'), `${result('node', 7.1)}\n${result('undici', 8.4)}\n`);
    writeFileSync(join(tools, 'scope.json'), JSON.stringify({ 'github.com': { nodejs: { included: ['node', 'undici'], excluded: [] } } }));
    const before = readFileSync(join(tools, 'database.json'), 'utf8');
    const dry = await cli(dir, 'monitor', 'run', '--scope', 'tools/ossf_scorecard/scope.json', '--database', 'tools/ossf_scorecard/database.json', '--report', 'tools/ossf_scorecard/report.md', '--source', 'file', '--results', 'results.json', '--dry-run', '--pull-request', 'nodejs/security-wg');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^\+\| \[nodejs\/node\]\(https:\/\/github.com\/nodejs\/node\) \| \[ccccccc\].* \| 7\.1 \|/m);
    assert.match(dry.stdout, /pullRequest: .*would open or update.*tools\/ossf_scorecard\/database\.json/);
    assert.equal(readFileSync(join(tools, 'database.json'), 'utf8'), before);
    assert.equal(readFileSync(join(tools, 'report.md'), 'utf8'), readFileSync(join(upstream, 'report.md'), 'utf8'));
  });

  it('a scope that does not match the format is refused with the file and the bad key (exit 2), and nothing is written', async () => {
    const { dir, tools } = checkout();
    writeFileSync(join(dir, 'results.json'), result('node', 7.1));
    writeFileSync(join(tools, 'scope.json'), JSON.stringify({ 'github.com': { nodejs: { included: 'node', excluded: [] } } }));
    const bad = await cli(dir, 'monitor', 'run', '--scope', 'tools/ossf_scorecard/scope.json', '--database', 'tools/ossf_scorecard/database.json', '--report', 'tools/ossf_scorecard/report.md', '--source', 'file', '--results', 'results.json');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /tools\/ossf_scorecard\/scope\.json.*github\.com\.nodejs\.included/);
    assert.equal(readFileSync(join(tools, 'database.json'), 'utf8'), readFileSync(join(upstream, 'database.json'), 'utf8'));
  });

  it('a report without markers keeps its text and gets the table between new markers', async () => {
    const { dir, tools } = checkout();
    writeFileSync(join(tools, 'report.md'), '# Scorecard of the nodejs organisation\n\nWritten by hand.\n');
    const rendered = await cli(dir, 'monitor', 'report', '--database', 'tools/ossf_scorecard/database.json', '--report', 'tools/ossf_scorecard/report.md');
    assert.equal(rendered.status, 0, rendered.stderr);
    const text = readFileSync(join(tools, 'report.md'), 'utf8');
    assert.ok(text.startsWith('# Scorecard of the nodejs organisation\n\nWritten by hand.\n'));
    assert.equal(parseReportRows(text).length, 38);
  });

  it('history refuses a --limit that is not a positive integer (exit 2)', async () => {
    const { dir } = checkout();
    const refused = await cli(dir, 'monitor', 'history', '--limit', 'ten');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--limit expects a positive integer, got "ten"/);
  });

  it('--pull-request refuses files outside the checkout before writing anything', async () => {
    const { tools } = checkout();
    const elsewhere = mkdtempSync(join(tmpdir(), 'vigil-monitor-cwd-'));
    writeFileSync(join(elsewhere, 'results.json'), result('node', 7.1));
    const refused = await cli(elsewhere, 'monitor', 'run', '--scope', join(tools, 'scope.json'), '--database', join(tools, 'database.json'), '--report', join(tools, 'report.md'), '--source', 'file', '--results', 'results.json', '--pull-request', 'nodejs/security-wg');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /outside the current directory/);
    assert.equal(readFileSync(join(tools, 'database.json'), 'utf8'), readFileSync(join(upstream, 'database.json'), 'utf8'));
  });
});
