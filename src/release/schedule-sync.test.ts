import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../test/http-server.js';
import { HttpClient } from '../util/http.js';
import { loadSchedule, syncSchedule } from './schedule-sync.js';
import { cveVersions } from './steps/cves.js';
import { parseLines } from './steps/reports.js';

/** nodejs/Release schedule.json as it is published, with a line the built-in copy does not know. */
const published = {
  'v0.12': { start: '2015-02-06', end: '2016-12-31' },
  v22: { start: '2024-04-24', lts: '2024-10-29', maintenance: '2025-10-21', end: '2027-04-30', codename: 'Jod' },
  v24: { start: '2025-05-06', lts: '2025-10-28', maintenance: '2026-10-20', end: '2028-04-30', codename: 'Krypton' },
  v26: { start: '2026-04-22', lts: '2026-10-28', maintenance: '2027-10-20', end: '2029-04-30', codename: '' },
  v27: { start: '2026-10-20', maintenance: '2027-04-01', end: '2027-06-01' },
};

describe('the release schedule: a local copy, syncable', () => {
  let server: TestServer;
  let answer: unknown = published;
  before(async () => {
    server = await startTestServer([{ method: 'GET', path: '/nodejs/Release/main/schedule.json', handler: () => ({ body: answer }) }]);
  });
  after(() => server.close());
  const http = () => new HttpClient({ baseUrl: server.url, retries: 0 });
  const url = () => `${server.url}/nodejs/Release/main/schedule.json`;

  it('uses the built-in copy until synced, then the synced one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-schedule-')), 'release-schedule.json');
    assert.equal((await loadSchedule(file)).source, 'built-in copy');
    const first = await syncSchedule(http(), url(), file);
    assert.deepEqual([first.changed, first.lines], [true, 5]);
    assert.equal((await syncSchedule(http(), url(), file)).changed, false, 'a second sync with nothing new writes nothing');
    const { schedule, source } = await loadSchedule(file);
    assert.equal(source, file);
    assert.deepEqual(parseLines(undefined, new Date('2026-11-23T00:00:00Z'), schedule), ['27.x', '26.x', '24.x', '22.x'], 'v27, known only to the synced copy, is supported');
  });

  it('marks end-of-life lines of the synced schedule affected in CVE data', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-schedule-')), 'release-schedule.json');
    answer = { ...published, v23: { start: '2024-10-16', maintenance: '2025-04-01', end: '2025-06-01' } };
    await syncSchedule(http(), url(), file);
    const { schedule } = await loadSchedule(file);
    const versions = cveVersions({ id: '1', title: 't', severity: 'TBD', affectedVersions: ['24.x'] }, { '24.x': '24.12.1' }, '2026-11-23', schedule);
    assert.deepEqual(versions.map((version) => `${version.func}${version.version}`), ['<24.12.1', '<=23.999.999']);
    answer = published;
  });

  it('never replaces the copy with an answer that is not a schedule, and names the bad key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-schedule-')), 'release-schedule.json');
    await syncSchedule(http(), url(), file);
    const before = readFileSync(file, 'utf8');
    answer = { v22: { start: 20240424 } };
    await assert.rejects(syncSchedule(http(), url(), file), (error: Error & { exitCode: number }) => error.exitCode === 2 && /schedule\.json: unexpected answer at v22\.start/.test(error.message));
    answer = { message: 'rate limited' };
    await assert.rejects(syncSchedule(http(), url(), file), /unexpected answer at message|no release line/);
    answer = published;
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('refuses a damaged local copy, naming it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-schedule-')), 'release-schedule.json');
    writeFileSync(file, '{"v22": ');
    await assert.rejects(loadSchedule(file), (error: Error & { exitCode: number }) => error.exitCode === 2 && error.message.startsWith(`${file}: not valid JSON`));
  });
});
