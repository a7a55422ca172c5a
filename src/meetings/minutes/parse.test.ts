import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { readMinutesFolder, roundTrip } from './folder.js';
import { parseMinutes } from './parse.js';
import { renderMinutes } from './render.js';

const meetings = fixture('security-wg', 'meetings');

describe('minutes: parse and render the WG format', () => {
  it('reads 2023-03-16 into attendees with handles, repository sections and items with their notes', () => {
    const minutes = parseMinutes(readFileSync(`${meetings}/2023-03-16.md`, 'utf8'), '2023-03-16.md');
    assert.equal(minutes.date, '2023-03-16');
    assert.deepEqual(minutes.problems, []);
    const present = minutes.sections.find((section) => section.kind === 'present')!;
    assert.deepEqual(
      present.attendees.map((attendee) => attendee.handle),
      ['nodejs/security-wg', 'RafaelGSS', 'UlisesGascon', 'mhdawson', 'boahc077', 'varunsh-coder'],
    );
    const links = minutes.sections.find((section) => section.kind === 'links')!.links;
    assert.equal(links.find((link) => link.label === 'GitHub Issue')?.value.trim(), 'https://github.com/nodejs/security-wg/issues/905');
    const repos = minutes.sections.filter((section) => section.kind === 'repository');
    assert.deepEqual(repos.map((section) => section.heading), ['nodejs/security-wg', 'nodejs/nodejs-dependency-vuln-assessments']);
    assert.deepEqual(repos[0]!.items.map((item) => item.number), [898, 884, 859, 851, 860, 856, 828]);
    const scorecard = repos[0]!.items[1]!;
    assert.equal(scorecard.title, 'Improve SecurityWG Scorecard');
    assert.equal(scorecard.url, 'https://github.com/nodejs/security-wg/issues/884');
    assert.match(scorecard.notes.join('\n'), /Varun\/Ashish will investigate why we still get a HIGH tag/);
    const standing = minutes.sections.find((section) => section.kind === 'announcements')!.items[0]!;
    assert.equal(standing.title, 'Vulnerability Review');
    assert.equal(standing.checked, true);
  });

  it('reads bare #N references against the section repository (2023-03-02)', () => {
    const minutes = parseMinutes(readFileSync(`${meetings}/2023-03-02.md`, 'utf8'));
    const items = minutes.sections.filter((section) => section.kind === 'repository').flatMap((section) => section.items);
    const roadmap = items.find((item) => item.number === 898)!;
    assert.equal(roadmap.style, 'url');
    assert.equal(items.find((item) => item.number === 89)?.repo, 'nodejs/nodejs-dependency-vuln-assessments');
    assert.equal(items.find((item) => item.number === 884)?.style, 'hash');
  });

  it('renders every fixture file back byte for byte, keeping every item, attendee and note', async () => {
    const files = await readMinutesFolder(meetings);
    assert.ok(files.length >= 100, `expected the WG's ~100 minutes files, found ${files.length}`);
    const results = files.map(roundTrip);
    const inexact = results.filter((result) => !result.exact).map((result) => `${result.name}:${result.difference?.line}`);
    assert.deepEqual(inexact, []);
    for (const file of files) {
      // Structure survives a second pass too: parse(render(parse(x))) has the same items and attendees.
      const again = parseMinutes(renderMinutes(file.minutes), file.name);
      assert.deepEqual(again.sections, file.minutes.sections, file.name);
    }
    assert.ok(results.reduce((sum, result) => sum + result.numberedItems, 0) > 400);
  });

  it('parses a file that does not follow the template as far as it can and reports the rest by line', () => {
    const text = 'Some notes without a title\n\n## Present\n\n* Ada Lovelace (@ada)\n\n## Random thoughts\n\nwhatever\n';
    const minutes = parseMinutes(text, 'notes.md');
    assert.equal(renderMinutes(minutes), text);
    assert.deepEqual(minutes.sections.find((section) => section.kind === 'present')?.attendees.map((attendee) => attendee.handle), ['ada']);
    assert.deepEqual(
      minutes.problems.map((problem) => `${problem.line}: ${problem.message}`),
      [
        '1: no "# <group> Meeting YYYY-MM-DD" title on the first line',
        '7: section "Random thoughts" is not part of the minutes template; kept as text',
        '1: no meeting date (YYYY-MM-DD) in the title, the preamble or the file name',
        '1: no "## Links" section',
      ],
    );
  });
});
