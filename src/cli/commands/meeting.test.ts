import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startFakeGitHub } from '../../../test/fake-github.js';
import { startTestServer } from '../../../test/http-server.js';
import { projectRoot } from '../../../test/fixtures.js';
import { openSqliteStore } from '../../store/sqlite/index.js';

const run = promisify(execFile);
const calendar = join(projectRoot, 'src', 'meetings', '__fixtures__', 'wg-calendar-dst.ics');

describe('vigil meeting (CLI)', () => {
  let server: Awaited<ReturnType<typeof startFakeGitHub>>;
  let dir: string;
  before(async () => {
    server = await startFakeGitHub({ repos: ['nodejs/security-wg'] });
    server.state.issues.push({ number: 898, title: 'Permission Model - Roadmap', body: '', state: 'open', labels: ['security-wg-agenda'], comments: [], repo: 'nodejs/security-wg', updated_at: '2023-03-01T00:00:00Z' });
    dir = mkdtempSync(join(tmpdir(), 'vigil-meeting-'));
    writeFileSync(
      join(dir, 'vigil.config.yaml'),
      `meetings:
  groups:
    security-wg:
      name: Security team
      github: { owner: nodejs, repo: security-wg }
      calendar: { ical: ${JSON.stringify(calendar)}, filter: Security-WG meeting }
      timeZones: ['US / Eastern=America/New_York']
    diag:
      name: Diagnostics WG
      github: { owner: nodejs, repo: security-wg }
      calendar: { ical: ${JSON.stringify(calendar)}, filter: Diagnostics WG meeting }
`,
    );
  });
  after(() => server.close());

  const cli = async (...args: string[]) => cliWith({}, ...args);
  const cliWith = async (env: Record<string, string>, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', VIGIL_GITHUB_API_URL: server.url, VIGIL_GITHUB_TOKEN: 'test-token', XDG_CONFIG_HOME: dir, VIGIL_DB: join(dir, 'no-store.db'), ...env },
      });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('prepare finds the next meeting on the calendar, shows the plan on --dry-run, then creates the issue once', async () => {
    const dry = await cli('--json', 'meeting', 'prepare', 'security-wg', '--now', '2023-03-03T00:00:00Z', '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout) as { title: string; meeting: { start: string }; issue: { action: string } };
    assert.equal(plan.title, 'Node.js Security team Meeting 2023-03-16');
    assert.equal(plan.meeting.start, '2023-03-16T14:00:00.000Z');
    assert.equal(plan.issue.action, 'create');
    assert.equal(server.state.issues.length, 1, 'nothing written on --dry-run');

    const created = await cli('meeting', 'prepare', 'security-wg', '--now', '2023-03-03T00:00:00Z', '--yes');
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^created: https:\/\/github.com\/nodejs\/security-wg\/issues\/\d+/);
    assert.match(server.state.issues[1]!.body, /\| US \/ Eastern \| Thu 16-Mar-2023 10:00 \(EDT\) \|/);
    const again = await cli('meeting', 'prepare', 'security-wg', '--now', '2023-03-03T00:00:00Z', '--yes');
    assert.match(again.stdout, /would leave unchanged/);
    assert.equal(server.state.issues.length, 2);
  });

  it('says plainly when the calendar has no matching meeting, exits 0 and creates nothing', async () => {
    const result = await cli('meeting', 'prepare', 'diag', '--now', '2023-03-03T00:00:00Z', '--yes');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /no meeting to prepare: no event matching "Diagnostics WG meeting" in .*wg-calendar-dst.ics on or after 2023-03-03/);
    assert.equal(server.state.issues.length, 2);
  });

  it('writes the minutes skeleton locally with --output', async () => {
    const result = await cli('meeting', 'minutes', 'security-wg', '--date', '2023-03-16', '--output', dir);
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(join(dir, '2023-03-16.md'), 'utf8');
    assert.match(text, /^# Node.js Security team Meeting 2023-03-16\n/);
    assert.match(text, /\* Permission Model - Roadmap \[#898\]/);
    assert.match(text, /\* \*\*GitHub Issue\*\*: https:\/\/github.com\/nodejs\/security-wg\/issues\/\d+/);
    // Minutes written since are the meeting's record: a second run does not replace them unasked (issue #17).
    writeFileSync(join(dir, '2023-03-16.md'), `${text}\nNotes taken during the meeting.\n`);
    const again = await cli('meeting', 'minutes', 'security-wg', '--date', '2023-03-16', '--output', dir);
    assert.equal(again.status, 2, again.stderr);
    assert.match(again.stderr, /2023-03-16\.md exists; replace it with a new skeleton\? — refusing without --yes/);
    assert.match(readFileSync(join(dir, '2023-03-16.md'), 'utf8'), /Notes taken during the meeting/);
  });

  it('fills the standing items with live figures from the store: Scorecard deltas and open findings per release line', async () => {
    const db = join(dir, 'figures.db');
    const opened = openSqliteStore(db);
  const store = opened.monitor;
    for (const [date, score] of [['2023-03-02', 6.0], ['2023-03-09', 6.3]] as const) {
      const runId = await store.beginRun('test', `${date}T00:00:00Z`);
      await store.record(runId, { ref: { platform: 'github.com', org: 'nodejs', repo: 'node' }, ok: true, score, date, commit: 'a'.repeat(40), checks: [] }, `${date}T00:00:00Z`);
      await store.finishRun(runId, `${date}T00:10:00Z`);
    }
    await opened.records.recordReview({
      project: 'nodejs/node',
      line: 'v18.x',
      recordedAt: '2023-03-15T00:00:00Z',
      findings: [
        { id: 'CVE-2023-0001', aliases: [], package: 'openssl', version: '3.0.8', severity: 'HIGH 7.5', summary: 's', fixed: '3.0.9' },
        { id: 'CVE-2023-0002', aliases: [], package: 'undici', version: '5.20.0', severity: 'MODERATE 5.3', summary: 's', fixed: null },
        { id: 'CVE-2023-0003', aliases: [], package: 'zlib', version: '1.2.13', severity: 'HIGH 8.1', summary: 's', fixed: null, triage: 'not_affected' },
      ],
    });
    await opened.close();
    const groupFile = join(dir, 'security-wg.yaml');
    writeFileSync(
      groupFile,
      `name: Security team
github: { owner: nodejs, repo: security-wg }
standingItems:
  - { title: Vulnerability Review, figures: review-findings }
  - { title: OpenSSF Scorecard Monitor Review, figures: scorecard-deltas }
`,
    );
    const result = await cliWith({ VIGIL_DB: db }, 'meeting', 'minutes', 'security-wg', '--group-file', groupFile, '--date', '2023-03-16', '--dry-run');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /- \[ \] Vulnerability Review\n {2}- nodejs\/node v18\.x: 2 open \(1 high, 1 moderate\)\n/);
    assert.match(result.stdout, /- \[ \] OpenSSF Scorecard Monitor Review\n {2}- nodejs\/node 6\.0 → 6\.3 \(\+0\.3\)\n/);

    const empty = await cli('meeting', 'minutes', 'security-wg', '--group-file', groupFile, '--date', '2023-03-16', '--dry-run');
    assert.match(empty.stdout, /- \[ \] Vulnerability Review\n- \[ \] OpenSSF Scorecard Monitor Review\n/, 'no store: listed without figures, never "0 open"');
    assert.equal(existsSync(join(dir, 'no-store.db')), false, 'reading figures never creates a store');
  });

  it('reads the calendar from an iCal URL, and says so when the feed is not there', async () => {
    const feed = await startTestServer([{ method: 'GET', path: '/calendar/ical/wg/public/basic.ics', handler: () => ({ headers: { 'content-type': 'text/calendar' }, body: readFileSync(calendar, 'utf8') }) }]);
    try {
      const groupFile = join(dir, 'url-calendar.yaml');
      writeFileSync(groupFile, `name: Security team\ngithub: { owner: nodejs, repo: security-wg }\ncalendar: { ical: '${feed.url}/calendar/ical/wg/public/basic.ics', filter: Security-WG meeting }\n`);
      const planned = await cli('--json', 'meeting', 'prepare', 'security-wg', '--group-file', groupFile, '--now', '2023-03-03T00:00:00Z', '--dry-run');
      assert.equal(planned.status, 0, planned.stderr);
      assert.equal((JSON.parse(planned.stdout) as { meeting: { start: string } }).meeting.start, '2023-03-16T14:00:00.000Z');

      writeFileSync(groupFile, `name: Security team\ngithub: { owner: nodejs, repo: security-wg }\ncalendar: { ical: '${feed.url}/calendar/moved.ics', filter: Security-WG meeting }\n`);
      const missing = await cli('meeting', 'prepare', 'security-wg', '--group-file', groupFile, '--now', '2023-03-03T00:00:00Z', '--dry-run');
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /calendar\/moved\.ics.*404/);
    } finally {
      await feed.close();
    }
  });

  it('refuses an unknown group, naming the configured ones (exit 2)', async () => {
    const result = await cli('meeting', 'prepare', 'tsc');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no meeting group "tsc" in meetings.groups \(configured: security-wg, diag\)/);
  });

  it('prepare <group> --dry-run (its first example) without any config says in one line how to make one, and that line works (issue #17)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'vigil-meeting-fresh-'));
    const inFresh = async (...args: string[]) => {
      try {
        const { stdout, stderr } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), ...args], {
          cwd: fresh,
          env: { ...process.env, NO_COLOR: '1', VIGIL_GITHUB_API_URL: server.url, VIGIL_GITHUB_TOKEN: 'test-token', XDG_CONFIG_HOME: fresh, VIGIL_DB: join(fresh, 'no-store.db') },
        });
        return { status: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
      }
    };
    const first = await inFresh('meeting', 'prepare', 'security-wg', '--dry-run');
    assert.equal(first.status, 2, first.stderr);
    assert.doesNotMatch(first.stderr, /bug in Vigil/);
    const lines = first.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, first.stderr);
    assert.match(lines[0] ?? '', /no meeting group "security-wg"/);
    // Follow the hint as a newcomer would: write the file it shows (owner/repo filled in) and pass it.
    const shown = /echo '([^']+)' > (\S+\.group\.yaml), then add --group-file \2/.exec(lines[1] ?? '');
    assert.ok(shown, lines[1]);
    writeFileSync(join(fresh, shown[2] ?? ''), (shown[1] ?? '').replace('<org>', 'nodejs').replace('<repo>', 'security-wg'));
    const followed = await inFresh('meeting', 'prepare', 'security-wg', '--dry-run', '--group-file', shown[2] ?? '', '--date', '2023-03-16');
    assert.equal(followed.status, 0, followed.stderr);
    assert.match(followed.stdout, /2023-03-16/);
    assert.equal(existsSync(join(fresh, 'no-store.db')), false, 'a dry run creates no store');
  });

  it('history lists the longest-standing items of the real minutes first', async () => {
    const result = await cli('--json', 'meeting', 'history', join(projectRoot, '..', 'shared', 'fixtures', 'security-wg', 'meetings'), '--limit', '3');
    assert.equal(result.status, 0, result.stderr);
    const rows = JSON.parse(result.stdout) as { key: string }[];
    assert.equal(rows[0]?.key, 'nodejs/security-wg#860');
    assert.equal(rows.length, 3);
  });
});
