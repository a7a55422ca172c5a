// Meetings figures (issue #7): the minutes round trip over the WG's real minutes, parse and
// history time, and one `prepare` against a local GitHub (requests used, time).
import { fixture } from '../test/fixtures.js';
import { startFakeGitHub } from '../test/fake-github.js';
import { createGitHubClient } from '../src/forge/index.js';
import { agendaHistory, prepareMeeting, readMinutesFolder, resolveGroup, roundTrip } from '../src/meetings/index.js';
import { printFigure, timeIt } from './measure.js';

const dir = fixture('security-wg', 'meetings');
const files = await readMinutesFolder(dir);
const results = files.map(roundTrip);
console.log(`minutes files: ${files.length}`);
console.log(`round trip byte for byte: ${results.filter((result) => result.exact).length} of ${results.length}`);
console.log(`agenda items: ${results.reduce((sum, result) => sum + result.items, 0)} (${results.reduce((sum, result) => sum + result.numberedItems, 0)} with an issue number); attendees: ${results.reduce((sum, result) => sum + result.attendees, 0)}`);
console.log(`files fully following the template: ${results.filter((result) => result.problems === 0).length} of ${results.length}`);
printFigure('read + parse every minutes file', await timeIt(() => readMinutesFolder(dir)), 'ms', 500);
printFigure('history over every minutes file', await timeIt(() => agendaHistory(files)), 'ms', 100);

const server = await startFakeGitHub({ repos: ['nodejs/security-wg'], perPage: 100 });
for (let number = 1; number <= 250; number++) {
  server.state.issues.push({ number: 1000 + number, title: `Agenda item ${number}`, body: '', state: 'open', labels: ['security-wg-agenda'], comments: [], repo: number % 3 ? 'nodejs/security-wg' : 'nodejs/node', updated_at: '2023-03-15T00:00:00Z' });
}
const group = resolveGroup('security-wg', { name: 'Security team', github: { owner: 'nodejs', repo: 'security-wg' } }, 'bench');
const meeting = { start: '2023-03-16T15:00:00.000Z', date: '2023-03-16', summary: 'bench' };
const client = createGitHubClient({ baseUrl: server.url, token: 't', retries: 0 });
await prepareMeeting(client, group, meeting, { dryRun: false });
const before = client.requestCount();
const rerun = await timeIt(() => prepareMeeting(client, group, meeting, { dryRun: false }), 5, 0);
console.log(`prepare re-run with 250 agenda items: ${(client.requestCount() - before) / 5} API requests (3 search pages + 1 title search), issue unchanged`);
// Octokit's throttling plugin spaces search requests 2 s apart (GitHub allows 30 searches a
// minute), so the wall time is the request count times that spacing, not Vigil's work.
printFigure('prepare re-run against a local GitHub, 250 items (search spacing included)', rerun, 'ms');
await server.close();
