import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeGitHub } from '../../test/fake-github.js';
import { startTestServer, type TestServer } from '../../test/http-server.js';
import { readVulnerabilitiesJson } from '../formats/vulnerabilities-json/read.js';
import { createGitHubClient } from '../forge/github/client.js';
import { applyPlan } from './apply.js';
import { createHackerOne } from './hackerone.js';
import { releaseStatus } from './state.js';
import type { ReleaseContext } from './steps/context.js';
import { planNotify, planPostRelease, planPreRelease } from './steps/announce.js';
import { cveVersions, planRequestCves } from './steps/cves.js';
import { planAddReport, planSetDate, planSetVersion, planStart } from './steps/reports.js';
import type { StepPlan } from './types.js';

/** HackerOne's API as documented: reports with relationships, programs, CVE requests. */
function hackerOneRoutes(cveRequests: unknown[]) {
  const report = (id: string, title: string, rating: string, vector: string) => ({
    data: {
      id,
      type: 'report',
      attributes: { title, cve_ids: [] },
      relationships: {
        severity: { data: { attributes: { rating, cvss_vector_string: vector } } },
        weakness: { data: { id: '444', type: 'weakness' } },
        reporter: { data: { attributes: { username: `reporter-${id}` } } },
        summaries: { data: [{ attributes: { category: 'researcher', content: 'not this one' } }, { attributes: { category: 'team', content: `Summary of ${title}.` } }] },
        custom_field_values: { data: [] },
      },
    },
  });
  return [
    { method: 'GET', path: '/v1/reports/1001', handler: () => ({ body: report('1001', 'HTTP request smuggling', 'high', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N') }) },
    { method: 'GET', path: '/v1/reports/1002', handler: () => ({ body: report('1002', 'Path traversal on Windows', 'medium', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N') }) },
    { method: 'GET', path: '/v1/me/programs', handler: () => ({ body: { data: [{ id: '7', attributes: { handle: 'nodejs' } }] } }) },
    {
      method: 'POST',
      path: '/v1/programs/7/cve_requests',
      handler: ({ body }: { body: string }) => {
        cveRequests.push(JSON.parse(body));
        return { status: 201, body: { data: { attributes: { cve_identifier: `CVE-2026-${1000 + cveRequests.length}` } } } };
      },
    },
  ];
}

describe('a security release, start to finish', () => {
  let h1: TestServer;
  let github: Awaited<ReturnType<typeof startFakeGitHub>>;
  const cveRequests: unknown[] = [];
  before(async () => {
    h1 = await startTestServer(hackerOneRoutes(cveRequests));
    github = await startFakeGitHub({ repos: ['nodejs/build', 'nodejs/docker-node'] });
  });
  after(async () => {
    await h1.close();
    await github.close();
  });

  const root = mkdtempSync(join(tmpdir(), 'vigil-release-flow-'));
  const folder = join(root, 'security-release', 'next-security-release');
  const paths = { root, folder, file: join(folder, 'vulnerabilities.json') };
  const now = new Date('2026-11-23T10:00:00Z');

  async function step(plan: (context: ReleaseContext) => Promise<StepPlan>): Promise<StepPlan> {
    const data = existsSync(paths.file) ? await readVulnerabilitiesJson(paths.file) : null;
    const context: ReleaseContext = { paths, data, now, outputDir: folder, hackerone: createHackerOne({ baseUrl: `${h1.url}/v1`, identifier: 'wg', token: 'secret' }) };
    const result = await plan(context);
    await applyPlan(result, { vulnerabilitiesFile: paths.file, github: createGitHubClient({ baseUrl: github.url, token: 't', retries: 0 }) });
    return result;
  }

  it('walks every step, each idempotent, and status follows', async () => {
    await step((context) => planStart(context, {}));
    assert.equal(releaseStatus(await readVulnerabilitiesJson(paths.file), { cleanedUp: false }).next, 'vigil release add-report <hackerone-id> --lines 22.x,24.x');
    await step((context) => planAddReport(context, { id: '1001', lines: ['22.x', '24.x', '26.x'], patchAuthors: ['alice'] }));
    await step((context) => planAddReport(context, { id: '1002', lines: ['24.x'], patchAuthors: ['bob'] }));
    const twice = await step((context) => planAddReport(context, { id: '1002', lines: ['24.x'], patchAuthors: ['bob'] }));
    assert.deepEqual(twice.writes, [], 'adding the same report again changes nothing');
    let data = await readVulnerabilitiesJson(paths.file);
    assert.deepEqual(data.reports.map((report) => [report.id, report.summary, report.reporter]), [['1001', 'Summary of HTTP request smuggling.', 'reporter-1001'], ['1002', 'Summary of Path traversal on Windows.', 'reporter-1002']]);

    const past = await step((context) => planSetDate(context, '2026-11-01').catch((error: unknown) => Promise.reject(error))).catch((error: Error) => error);
    assert.match(String(past), /in the past/);
    await step((context) => planSetDate(context, '2026-12-15'));
    for (const [line, version] of [['22.x', '22.22.1'], ['24.x', '24.21.1'], ['26.x', '26.3.1']] as const) await step((context) => planSetVersion(context, line, version));

    await step(planRequestCves);
    data = await readVulnerabilitiesJson(paths.file);
    assert.deepEqual(data.reports.map((report) => report.cveIds), [['CVE-2026-1001'], ['CVE-2026-1002']]);
    await step(planRequestCves);
    assert.equal(cveRequests.length, 2, 'reports with a CVE are not requested again');

    await step(planPreRelease);
    const pre = readFileSync(join(folder, 'december-2026-security-releases.md'), 'utf8');
    assert.match(pre, /new versions of the 26\.x, 24\.x, 22\.x\nreleases lines on or shortly after, Tuesday, December 15, 2026/);
    assert.match(pre, /- The 24\.x release line of Node\.js is vulnerable to 2 issue\(s\); the highest severity is HIGH\./);
    assert.doesNotMatch(pre, /%[A-Z_]+%/);

    await step(planNotify);
    await step(planNotify);
    assert.equal(github.state.issues.length, 2, 'one heads-up issue per repository, never twice');
    assert.ok(existsSync(join(folder, 'mailing-list.txt')));
    assert.match(readFileSync(join(folder, 'chat.txt'), 'utf8'), /^Heads up: Node\.js security releases for 26\.x, 24\.x, 22\.x are planned on Tuesday, December 15, 2026\. .*HIGH.*december-2026-security-releases\n$/);

    await step(planPostRelease);
    const post = readFileSync(join(folder, 'december-2026-security-releases-post-release.md'), 'utf8');
    assert.ok(post.indexOf('HTTP request smuggling (CVE-2026-1001) - (High)') < post.indexOf('Path traversal on Windows (CVE-2026-1002) - (Medium)'), 'highest severity first');
    assert.match(post, /Thank you, to reporter-1001 for reporting this vulnerability and thank you alice for fixing it\./);
    assert.match(post, /- \[Node\.js v26\.3\.1\]\(\/blog\/release\/v26\.3\.1\/\)/);

    const status = releaseStatus(await readVulnerabilitiesJson(paths.file), { cleanedUp: false });
    assert.deepEqual(status.milestones.filter((milestone) => !milestone.done).map((milestone) => milestone.milestone), ['finalize', 'cleanup']);
  });

  it('writes the announcement from the user\'s template when one is given, and refuses a token it does not know', async () => {
    const templatesDir = mkdtempSync(join(tmpdir(), 'vigil-templates-'));
    const outputDir = mkdtempSync(join(tmpdir(), 'vigil-announce-'));
    const data = await readVulnerabilitiesJson(paths.file);
    writeFileSync(join(templatesDir, 'pre-release.md'), '# %RELEASE_TITLE%\n\nOur own words: %AFFECTED_VERSIONS% on %RELEASE_DATE%.\n\n%IMPACT%\n');
    const plan = await planPreRelease({ paths, data, now, outputDir, templatesDir });
    assert.deepEqual(plan.refusals, []);
    const written = plan.writes.find((write) => write.path.endsWith('december-2026-security-releases.md'))!;
    assert.match(written.content, /^# December 2026 Security Releases\n\nOur own words: 26\.x, 24\.x, 22\.x on Tuesday, December 15, 2026\.\n\n/);
    assert.match(written.content, /The 24\.x release line of Node\.js is vulnerable to 2 issue\(s\); the highest severity is HIGH\./);

    writeFileSync(join(templatesDir, 'pre-release.md'), 'Released by %RELEASE_MANAGER%\n');
    const refused = await planPreRelease({ paths, data, now, outputDir, templatesDir });
    assert.ok(refused.refusals.some((line) => /uses %RELEASE_MANAGER%, which Vigil does not know/.test(line)), refused.refusals.join('\n'));
    assert.deepEqual(refused.writes, [], 'nothing half-filled is written');
  });

  it('marks end-of-life lines affected in CVE data', () => {
    const versions = cveVersions({ id: '1', title: 't', severity: 'TBD', affectedVersions: ['22.x', '24.x'] }, { '22.x': '22.22.1' }, '2026-11-23');
    assert.deepEqual(versions.slice(0, 2).map((version) => `${version.func}${version.version}`), ['<22.22.1', '<=24.999.999']);
    const eol = versions.slice(2).map((version) => version.version.split('.')[0]);
    assert.ok(eol.includes('20') && eol.includes('18') && eol.includes('23') && !eol.includes('22') && !eol.includes('26'));
  });

  it('refuses the post-release step while a report has no CVE, naming it', async () => {
    const data = { releaseDate: '2026/12/15', reports: [{ id: '9', title: 'No CVE yet', severity: { rating: 'low', cvss_vector_string: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', weakness_id: 1 }, summary: 's', patchAuthors: ['x'], affectedVersions: ['24.x'] }] };
    const plan = await planPostRelease({ paths, data, now, outputDir: folder });
    assert.ok(plan.refusals.some((line) => /reports\[0\]\.cveIds: report 9 \(No CVE yet\) has no CVE/.test(line)), plan.refusals.join('\n'));
  });
});
