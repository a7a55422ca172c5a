import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fixture } from '../../test/fixtures.js';
import { agendaHistory } from './history.js';
import { readMinutesFolder } from './minutes/folder.js';
import { parseMinutes } from './minutes/parse.js';

describe('agenda history', () => {
  it('shows how long items stayed on the WG agenda, longest-standing first', async () => {
    const history = agendaHistory(await readMinutesFolder(fixture('security-wg', 'meetings')));
    const release = history.find((entry) => entry.key === 'nodejs/security-wg#860')!;
    assert.equal(release.title, 'Automate security release process');
    assert.equal(release.firstSeen, '2023-01-19');
    assert.ok(release.meetings >= 30, `#860 was discussed in ${release.meetings} meetings`);
    assert.equal(history[0]?.key, 'nodejs/security-wg#860');
    for (let index = 1; index < history.length; index++) assert.ok(history[index - 1]!.days >= history[index]!.days);
  });

  it('counts a meeting once even when an item is listed twice, and skips undated files', () => {
    const file = (name: string, text: string) => ({ name, path: name, text, minutes: parseMinutes(text, name) });
    const text = (date: string) => `# M ${date}\n\n## Announcements\n\n### acme/app\n\n* Fix it [#1](https://github.com/acme/app/issues/1)\n* Fix it again #1\n`;
    const history = agendaHistory([file('2024-01-01.md', text('2024-01-01')), file('2024-01-15.md', text('2024-01-15')), file('notes.md', '# notes\n')]);
    assert.deepEqual(history, [{ key: 'acme/app#1', repo: 'acme/app', number: 1, title: 'Fix it again', firstSeen: '2024-01-01', lastSeen: '2024-01-15', meetings: 2, days: 14 }]);
  });
});
