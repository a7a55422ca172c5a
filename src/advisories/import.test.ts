import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixture } from '../../test/fixtures.js';
import { writeZip } from '../../test/zip-writer.js';
import { importPath } from './import.js';
import { NODE_CORE_PACKAGE } from './node-core.js';
import { SqliteAdvisoryStore } from '../store/sqlite/advisories.js';
import { packageKeyString } from './types.js';

const here = (...parts: string[]) => join(fileURLToPath(new URL('.', import.meta.url)), '__fixtures__', ...parts);
const tempDir = () => mkdtempSync(join(tmpdir(), 'vigil-import-'));
const openTemp = () => SqliteAdvisoryStore.open(join(tempDir(), 'vigil.db'));

describe('importPath: security-wg vuln/', () => {
  it('imports core and npm entries as advisories and deps entries as assessments, idempotently', async () => {
    const store = openTemp();
    const first = await importPath(store, fixture('security-wg'));
    assert.equal(first.problems.length, 0);
    assert.equal(first.source.kind, 'security-wg');
    assert.equal(first.summary.inserted, first.records);
    assert.ok(first.records > 600);
    const again = await importPath(store, fixture('security-wg', 'vuln'));
    assert.deepEqual(again.summary, { inserted: 0, updated: 0, unchanged: first.records, older: 0 });

    // NSWG-COR-1: c-ares NAPTR, 8.x fixed in 8.1.4, 5.x never patched (a limit, not a fix).
    const core = await store.get('CVE-2017-1000381');
    assert.equal(core?.id, 'NSWG-COR-1');
    const ranges = core?.affected[0]?.ranges?.map((range) => range.events);
    assert.deepEqual(ranges?.[0], [{ introduced: '8.0.0' }, { fixed: '8.1.4' }]);
    assert.deepEqual(ranges?.at(-1), [{ introduced: '5.0.0' }, { limit: '6.0.0-0' }]);
    const forNode = await store.forPackages([NODE_CORE_PACKAGE]);
    assert.ok((forNode.get(packageKeyString(NODE_CORE_PACKAGE))?.length ?? 0) > 150);

    // NSWG-ECO-1: bassmaster <=1.5.1, patched >=1.5.2: fixed in 1.5.2, as the entry says (issue #15).
    const bassmaster = (await store.forPackages([{ ecosystem: 'npm', name: 'bassmaster' }])).get(packageKeyString({ ecosystem: 'npm', name: 'bassmaster' }));
    const eco1 = bassmaster?.find((advisory) => advisory.id === 'NSWG-ECO-1');
    assert.deepEqual(eco1?.aliases, ['CVE-2014-7205']);
    assert.deepEqual(eco1?.affected[0]?.ranges?.[0]?.events, [{ introduced: '0' }, { fixed: '1.5.2' }]);

    const assessments = await store.assessments();
    assert.equal(assessments.length, 6);
    assert.deepEqual(assessments.find((entry) => entry.id === 'NSWG-DEP-1')?.vulnerabilities, ['CVE-2023-45853']);
    assert.equal(assessments.find((entry) => entry.id === 'NSWG-DEP-1')?.justification, 'vulnerable_code_not_present');
    await store.close();
  });

  it('reports a broken entry with its file and imports the rest', async () => {
    const vuln = join(tempDir(), 'vuln');
    mkdirSync(join(vuln, 'npm'), { recursive: true });
    copyFileSync(fixture('security-wg', 'vuln', 'npm', '1.json'), join(vuln, 'npm', '1.json'));
    writeFileSync(join(vuln, 'npm', '2.json'), '{"id": 2, "module_name": "x"');
    writeFileSync(join(vuln, 'npm', '3.json'), JSON.stringify({ id: 3, module_name: 'y', vulnerable_versions: 'not a range !!', cves: [] }));
    writeFileSync(join(vuln, 'npm', 'index.json'), '{}');
    const store = openTemp();
    const result = await importPath(store, vuln);
    assert.equal(result.records, 1);
    assert.deepEqual(result.problems.map((problem) => problem.file), [join(vuln, 'npm', '2.json'), join(vuln, 'npm', '3.json')]);
    assert.match(result.problems[1]?.message ?? '', /not a semver range/);
    await store.close();
  });
});

describe('importPath: OSV, GitHub and NVD files', () => {
  it('imports a directory of OSV files, reporting bad and truncated records by file name', async () => {
    const store = openTemp();
    const result = await importPath(store, here('osv'));
    assert.equal(result.records, 4);
    assert.deepEqual(result.problems.map((problem) => problem.file.split('/').pop()).sort(), ['bad-event.json', 'truncated.json']);
    assert.match(result.problems.find((problem) => problem.file.endsWith('bad-event.json'))?.message ?? '', /exactly one of introduced/);
    const status = await store.status();
    assert.deepEqual(status.byFeed, { ghsa: 3, osv: 1 });
    assert.equal(status.withdrawn, 1);
    await store.close();
  });

  it('keeps GitHub extras and stops matching withdrawn records', async () => {
    const store = openTemp();
    await importPath(store, here('osv'));
    const found = await store.forPackages([
      { ecosystem: 'npm', name: 'minimist' },
      { ecosystem: 'npm', name: 'ansi-regex' },
      { ecosystem: 'npm', name: 'left-pad-archive' },
      { ecosystem: 'npm', name: 'not-in-the-store' },
    ]);
    assert.deepEqual([...found.keys()].sort(), ['npm\u0000left-pad-archive', 'npm\u0000minimist']);
    assert.equal(found.get('npm\u0000left-pad-archive')?.[0]?.affected[0]?.database_specific?.last_known_affected_version_range, '<= 1.3.0');
    assert.equal(found.get('npm\u0000minimist')?.length, 1, 'one advisory even when two affected entries name the package');
    assert.equal((await store.get('GHSA-93q8-gq69-wqmw'))?.withdrawn, '2023-05-02T10:00:00Z');
    await store.close();
  });

  it('imports NVD 2.0 pages with CPE configurations; only vulnerable CPEs are looked up; Rejected is withdrawn', async () => {
    const store = openTemp();
    const result = await importPath(store, here('nvd', 'openssl-page.json'));
    assert.equal(result.records, 3);
    const found = await store.forCpes([{ vendor: 'openssl', product: 'openssl' }, { vendor: 'intel', product: 'x86' }]);
    assert.deepEqual(found.get('openssl:openssl')?.map((advisory) => advisory.id), ['CVE-2022-2097', 'CVE-2023-0286']);
    assert.equal(found.has('intel:x86'), false, 'a "running on" platform CPE is not an index key');
    const cve = found.get('openssl:openssl')?.find((advisory) => advisory.id === 'CVE-2022-2097');
    assert.equal(cve?.cpeConfigurations?.[0]?.operator, 'AND');
    assert.equal(cve?.cpeConfigurations?.[0]?.nodes[1]?.cpeMatch[0]?.vulnerable, false);
    assert.equal(cve?.modified, '2023-11-07T03:48:36.690Z');
    assert.deepEqual(cve?.severity.map((severity) => severity.type), ['CVSS_V3', 'CVSS_V2']);
    assert.equal((await store.get('CVE-2023-99999'))?.withdrawn, '2023-06-02T10:00:00.000Z');
    await store.close();
  });

  it('reads an OSV all.zip, and a newer modified replaces an older record while an older one is ignored', async () => {
    const dir = tempDir();
    const record = (modified: string, summary: string) =>
      JSON.stringify({ id: 'MAL-2025-1', modified, summary, affected: [{ package: { ecosystem: 'npm', name: 'evil' }, versions: ['1.0.0'] }] });
    writeFileSync(join(dir, 'old.zip'), writeZip([{ name: 'MAL-2025-1.json', data: record('2025-01-01T00:00:00Z', 'old') }]));
    writeFileSync(join(dir, 'new.zip'), writeZip([{ name: 'MAL-2025-1.json', data: record('2025-02-01T00:00:00Z', 'new') }]));
    const store = openTemp();
    assert.equal((await importPath(store, join(dir, 'old.zip'))).summary.inserted, 1);
    assert.equal((await importPath(store, join(dir, 'new.zip'))).summary.updated, 1);
    assert.equal((await importPath(store, join(dir, 'old.zip'))).summary.older, 1);
    assert.equal((await store.get('MAL-2025-1'))?.summary, 'new');
    await store.close();
  });

  it('recovers the entries of a truncated zip before the cut, reports the cut by name, and lands the rest', async () => {
    const dir = tempDir();
    const record = (n: number) => JSON.stringify({ id: `MAL-2025-${n}`, modified: '2025-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: `evil-${n}` }, versions: ['1.0.0'] }] });
    const zip = writeZip([1, 2, 3].map((n) => ({ name: `npm/MAL-2025-${n}.json`, data: record(n) })));
    // Cut inside the third entry: the central directory is gone and the third record with it.
    const thirdStart = zip.indexOf(Buffer.from('npm/MAL-2025-3.json')) - 30;
    writeFileSync(join(dir, 'cut.zip'), zip.subarray(0, thirdStart + 60));
    copyFileSync(here('osv', 'MAL-2024-1234.json'), join(dir, 'MAL-2024-1234.json'));
    const store = openTemp();
    const result = await importPath(store, dir);
    assert.equal(result.records, 3);
    assert.deepEqual(result.problems.map((problem) => problem.file), [`${join(dir, 'cut.zip')}:npm/MAL-2025-3.json`, join(dir, 'cut.zip')]);
    assert.match(result.problems[1]?.message ?? '', /truncated archive: no central directory; recovered 2 entries/);
    assert.equal((await store.get('MAL-2025-2'))?.id, 'MAL-2025-2');
    assert.equal(await store.get('MAL-2025-3'), null);
    await store.close();
  });

  it('reports a damaged zip entry (bad CRC) and reads the others', async () => {
    const dir = tempDir();
    const record = (n: number) => JSON.stringify({ id: `MAL-2025-${n}`, modified: '2025-01-01T00:00:00Z', affected: [] });
    const zip = writeZip([1, 2].map((n) => ({ name: `MAL-2025-${n}.json`, data: record(n) })));
    zip.writeUInt32LE(0xdeadbeef, 14); // the first local header's CRC; the central one still says the truth
    zip.writeUInt32LE(0xdeadbeef, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16);
    writeFileSync(join(dir, 'all.zip'), zip);
    const store = openTemp();
    const result = await importPath(store, join(dir, 'all.zip'));
    assert.equal(result.records, 1);
    assert.equal(result.problems[0]?.file, `${join(dir, 'all.zip')}:MAL-2025-1.json`);
    assert.match(result.problems[0]?.message ?? '', /CRC mismatch/);
    await store.close();
  });
});

describe('importPath: NVD 2.0 feed files', () => {
  it('reads a gzipped feed (nvdcve-2.0-<year>.json.gz) and reports a cut-off one by name', async () => {
    const { gzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const dir = tempDir();
    const feed = gzipSync(readFileSync(here('nvd', 'openssl-page.json')));
    writeFileSync(join(dir, 'nvdcve-2.0-2023.json.gz'), feed);
    writeFileSync(join(dir, 'nvdcve-2.0-2024.json.gz'), feed.subarray(0, feed.length / 2));
    const store = openTemp();
    const result = await importPath(store, dir);
    assert.equal(result.records, 3);
    assert.equal(result.problems[0]?.file, join(dir, 'nvdcve-2.0-2024.json.gz'));
    assert.match(result.problems[0]?.message ?? '', /truncated/);
    await store.close();
  });
});
