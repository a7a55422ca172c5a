import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startFakeGitHub, fakeFileOnBranch } from '../../test/fake-github.js';
import { fixture } from '../../test/fixtures.js';
import { startTestServer } from '../../test/http-server.js';
import { createGitHubClient } from '../forge/index.js';
import { searchAgenda } from './agenda.js';
import { resolveGroup } from './group.js';
import { parseMinutes } from './minutes/parse.js';
import { draftMinutes, prepareMeeting, proposeMinutes } from './prepare.js';
import type { MeetingOccurrence, Minutes } from './types.js';

const group = resolveGroup(
  'security-wg',
  {
    name: 'Security team',
    github: { owner: 'nodejs', repo: 'security-wg', issueLabels: ['security-wg-meeting'] },
    standingItems: [
      { title: 'Vulnerability Review', url: 'https://github.com/nodejs/nodejs-dependency-vuln-assessments/issues', figures: 'review-findings' },
      { title: 'OpenSSF Scorecard Monitor Review', figures: 'scorecard-deltas' },
    ],
    invited: ['Security wg team: @nodejs/security-wg', 'Rafael Gonzaga: @RafaelGSS'],
    joining: 'https://zoom.us/j/92309450775',
    timeZones: ['US / Pacific=America/Los_Angeles', 'EU / Western=Europe/London'],
  },
  'vigil.config.yaml',
);
const meeting: MeetingOccurrence = { start: '2023-03-16T15:00:00.000Z', date: '2023-03-16', summary: 'Security-WG meeting' };

/** The repository sections of real minutes, reduced to what an agenda says: repo, number, title, link. */
function agendaOf(minutes: Minutes) {
  return minutes.sections
    .filter((section) => section.kind === 'repository')
    .map((section) => ({ repo: section.heading.trim(), items: section.items.map((item) => ({ number: item.number, title: item.title.trim(), url: item.url })) }));
}

describe('meeting prepare and minutes against a GitHub that answers as GitHub does', () => {
  const real = parseMinutes(readFileSync(fixture('security-wg', 'meetings', '2023-03-16.md'), 'utf8'), '2023-03-16.md');
  let server: Awaited<ReturnType<typeof startFakeGitHub>>;
  before(async () => {
    server = await startFakeGitHub({ repos: ['nodejs/security-wg', 'nodejs/nodejs-dependency-vuln-assessments', 'nodejs/node'], perPage: 3 });
    // The agenda the 2023-03-16 meeting had, labelled as it was, plus noise the search must leave out.
    for (const section of agendaOf(real)) {
      for (const item of section.items) {
        server.state.issues.push({ number: item.number!, title: item.title, body: '', state: 'open', labels: ['security-wg-agenda'], comments: [], repo: section.repo, updated_at: '2023-03-15T00:00:00Z' });
      }
    }
    server.state.issues.push({ number: 700, title: 'closed item', body: '', state: 'closed', labels: ['security-wg-agenda'], comments: [], repo: 'nodejs/security-wg', updated_at: '2023-03-15T00:00:00Z' });
    server.state.issues.push({ number: 46000, title: 'unlabelled', body: '', state: 'open', labels: ['tsc-agenda'], comments: [], repo: 'nodejs/node', updated_at: '2023-03-15T00:00:00Z' });
  });
  after(() => server.close());
  // GitHub's pacing (searches 2 s apart) is only waiting against a local server; the rate-limit test below keeps it.
  const client = () => createGitHubClient({ baseUrl: server.url, token: 't', retries: 0, throttle: false });

  it('produces the agenda the 2023-03-16 meeting had, grouped by repository (search paginated)', async () => {
    const draft = await draftMinutes(client(), group, '2023-03-16', async () => undefined);
    assert.deepEqual(agendaOf(parseMinutes(draft.text)), agendaOf(real));
    assert.equal(draft.path, 'meetings/2023-03-16.md');
    assert.ok(server.requests.some((request) => request.url.searchParams.get('page') === '2'), 'the search is read past its first page');
  });

  it('creates the meeting issue once, leaves it alone when nothing changed, and updates it when the agenda does', async () => {
    const first = await prepareMeeting(client(), group, meeting, { dryRun: false });
    assert.equal(first.issue.action, 'create');
    assert.equal(first.title, 'Node.js Security team Meeting 2023-03-16');
    const issue = server.state.issues.find((candidate) => candidate.title === first.title)!;
    assert.deepEqual(issue.labels, ['security-wg-meeting']);
    assert.match(issue.body, /\| US \/ Pacific \| Thu 16-Mar-2023 08:00 \(PDT\) \|/);
    assert.match(issue.body, /\| EU \/ Western \| Thu 16-Mar-2023 15:00 \(GMT\) \|/);
    assert.match(issue.body, /\* Permission Model - Roadmap \[#898\]\(https:\/\/github.com\/nodejs\/security-wg\/issues\/898\)/);
    assert.match(issue.body, /<!-- vigil:meeting:security-wg:2023-03-16 -->/);

    assert.equal((await prepareMeeting(client(), group, meeting, { dryRun: false })).issue.action, 'unchanged');
    server.state.issues.push({ number: 907, title: 'New agenda item', body: '', state: 'open', labels: ['security-wg-agenda'], comments: [], repo: 'nodejs/security-wg', updated_at: '2023-03-16T00:00:00Z' });
    const dry = await prepareMeeting(client(), group, meeting, { dryRun: true });
    assert.equal(dry.issue.action, 'update');
    assert.doesNotMatch(issue.body, /New agenda item/, 'a dry run writes nothing');
    assert.equal((await prepareMeeting(client(), group, meeting, { dryRun: false })).issue.action, 'update');
    assert.match(issue.body, /New agenda item \[#907\]/);
    assert.equal(server.state.issues.filter((candidate) => candidate.title === first.title).length, 1);
    server.state.issues.pop();
  });

  it('adopts an issue with the same title made by another tool instead of opening a second one', async () => {
    const other = { ...meeting, date: '2023-03-30', start: '2023-03-30T15:00:00.000Z' };
    server.state.issues.push({ number: 913, title: 'Node.js Security team Meeting 2023-03-30', body: 'made by hand', state: 'open', labels: [], comments: [], repo: 'nodejs/security-wg', updated_at: '2023-03-29T00:00:00Z' });
    const result = await prepareMeeting(client(), group, other, { dryRun: false });
    assert.equal(result.issue.action, 'update');
    assert.equal(result.issue.number, 913);
  });

  it('writes minutes with the standing items and their figures, links the issue, and proposes them on a branch', async () => {
    const figures = async (id: string) => (id === 'scorecard-deltas' ? ['nodejs/nan 6.0 → 5.4 (-0.6)'] : undefined);
    const draft = await draftMinutes(client(), group, '2023-03-16', figures);
    const minutes = parseMinutes(draft.text, draft.path);
    assert.deepEqual(minutes.problems, []);
    assert.equal(minutes.title, 'Node.js Security team Meeting 2023-03-16');
    const links = minutes.sections.find((section) => section.kind === 'links')!.links;
    assert.equal(links.find((link) => link.label === 'GitHub Issue')?.value.trim(), draft.issueUrl);
    const standing = minutes.sections.find((section) => section.kind === 'announcements')!.items;
    assert.deepEqual(standing.map((item) => [item.title, item.checked]), [['Vulnerability Review', false], ['OpenSSF Scorecard Monitor Review', false]]);
    assert.deepEqual(standing[1]!.notes.filter((line) => line.trim() !== ''), ['  - nodejs/nan 6.0 → 5.4 (-0.6)']);
    assert.deepEqual(minutes.sections.find((section) => section.kind === 'present')!.attendees.map((attendee) => attendee.handle), ['nodejs/security-wg', 'RafaelGSS']);

    const proposal = await proposeMinutes(client(), group, '2023-03-16', draft);
    assert.equal(proposal.action, 'created');
    assert.equal(fakeFileOnBranch(server.state, 'nodejs/security-wg', 'vigil/meeting-minutes-security-wg-2023-03-16', 'meetings/2023-03-16.md'), draft.text);
    assert.equal(fakeFileOnBranch(server.state, 'nodejs/security-wg', 'main', 'meetings/2023-03-16.md'), undefined, 'never on the default branch');
    assert.equal((await proposeMinutes(client(), group, '2023-03-16', draft)).action, 'unchanged');
  });
});

describe('agenda search under GitHub rate limits', () => {
  it('waits as GitHub says, tells the user, and carries on', async () => {
    let calls = 0;
    const server = await startTestServer([
      {
        method: 'GET',
        path: '/search/issues',
        handler: () => {
          calls += 1;
          if (calls === 1) {
            return { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '30', 'x-ratelimit-resource': 'search', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }, body: { message: 'API rate limit exceeded for user ID 1.' } };
          }
          return { body: { total_count: 1, incomplete_results: false, items: [{ number: 1, title: 'An item', html_url: 'https://github.com/acme/app/issues/1', repository_url: `${'http://x'}/repos/acme/app` }] } };
        },
      },
    ]);
    try {
      const notes: string[] = [];
      const github = createGitHubClient({ baseUrl: server.url, token: 't', retries: 2, onWait: (message) => notes.push(message) });
      const items = await searchAgenda(github, 'wg-agenda', ['acme']);
      assert.deepEqual(items.map((item) => `${item.repo}#${item.number}`), ['acme/app#1']);
      assert.equal(calls, 2);
      assert.ok(notes.some((note) => /rate limit/.test(note)), notes.join('\n'));
    } finally {
      await server.close();
    }
  });
});
