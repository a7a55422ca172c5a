import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../../test/fixtures.js';
import { InputError } from '../../errors.js';
import { createMemoryLookup } from '../memory-lookup.js';
import { reviewInventory } from '../review.js';
import { fixtureAdvisories, nodeTreeInventory } from '../__fixtures__/inventory.js';
import { activeFindings, applyTriage } from './apply.js';
import { parseTriageFile, serialiseTriageFile } from './file.js';
import { mergeImported, readDepsDirectory, triageFromDepsEntry } from './security-wg.js';
import { runReview } from '../index.js';

const FILE = `version: 1
entries:
  - id: GHSA-wqq4-5wpv-mx2g
    package: undici
    lines: [v20.x]
    status: not_affected
    justification: vulnerable_code_not_in_execute_path
    reason: Node's fetch never follows cross-origin redirects with cookies here
    expires: 2027-01-31
    by: "@mcollina"
  - id: CVE-2023-5363
    status: under_investigation
    reason: waiting for the quictls backport
    by: "@RafaelGSS"
  - id: CVE-2020-0001
    justification: component_not_present
    reason: an old decision nobody needs any more
    expires: 2025-01-01
    by: "@someone"
`;

const expectInputError = (text: string, line: number, message: RegExp): void => {
  assert.throws(
    () => parseTriageFile(text, '.vigil/triage.yaml'),
    (error: unknown) => error instanceof InputError && error.exitCode === 2 && error.line === line && message.test(error.message),
  );
};

test('a triage file is read with its lines; status defaults to not_affected', () => {
  const entries = parseTriageFile(FILE, '.vigil/triage.yaml');
  assert.equal(entries.length, 3);
  assert.deepEqual(entries[0], {
    id: 'GHSA-wqq4-5wpv-mx2g',
    package: 'undici',
    lines: ['v20.x'],
    status: 'not_affected',
    justification: 'vulnerable_code_not_in_execute_path',
    reason: "Node's fetch never follows cross-origin redirects with cookies here",
    expires: '2027-01-31',
    by: '@mcollina',
    line: 3,
  });
  assert.equal(entries[2]?.status, 'not_affected');
  assert.deepEqual(parseTriageFile(serialiseTriageFile(entries), 'x').map((entry) => ({ ...entry, line: 0 })), entries.map((entry) => ({ ...entry, line: 0 })));
});

test('unknown fields, bad dates, bad justifications and missing reasons are exit-2 errors with the line', () => {
  expectInputError('entries:\n  - id: CVE-1\n    reason: x\n    by: y\n    justification: component_not_present\n    expiry: 2025-01-01\n', 6, /unknown field "expiry"/);
  expectInputError('entries:\n  - id: CVE-1\n    reason: x\n    by: y\n    justification: component_not_present\n    expires: 2025-02-30\n', 6, /YYYY-MM-DD, found "2025-02-30"/);
  expectInputError('entries:\n  - id: CVE-1\n    reason: x\n    by: y\n    justification: not_exploitable\n', 5, /OpenVEX justification/);
  expectInputError('entries:\n  - id: CVE-1\n    by: y\n    justification: component_not_present\n', 2, /missing `reason`/);
  expectInputError('entries:\n  - id: CVE-1\n    reason: x\n    by: y\n', 2, /needs a `justification`/);
  expectInputError('version: 1\nignores: []\n', 2, /unknown field "ignores"/);
  expectInputError('entries: [\n', 2, /not valid YAML/);
});

test('triage applies by alias, package and release line; expired entries return their findings', async () => {
  const lookup = createMemoryLookup(fixtureAdvisories());
  const v20 = await reviewInventory(nodeTreeInventory({ name: 'v20.x', commit: 'a'.repeat(40) }), lookup);
  const v22 = await reviewInventory(nodeTreeInventory({ name: 'v22.x', commit: 'b'.repeat(40) }), lookup);
  const entries = parseTriageFile(FILE, '.vigil/triage.yaml');
  const { unused, expired } = applyTriage([v20, v22], entries, new Date('2026-11-23T12:00:00Z'));
  const undici20 = v20.findings.find((finding) => finding.package === 'undici');
  const undici22 = v22.findings.find((finding) => finding.package === 'undici');
  assert.equal(undici20?.triage?.status, 'not_affected');
  assert.equal(undici20?.triage?.by, '@mcollina');
  assert.equal(undici22?.triage, undefined, 'the entry is scoped to v20.x');
  assert.equal(v20.findings.find((finding) => finding.package === 'openssl')?.triage?.status, 'under_investigation');
  assert.deepEqual(activeFindings(v20.findings).map((finding) => finding.package), ['node', 'openssl', 'zlib']);
  assert.deepEqual(expired.map((entry) => entry.id), ['CVE-2020-0001']);
  assert.deepEqual(unused, []);

  // After the expiry date the undici decision no longer applies, and is reported.
  const later = await reviewInventory(nodeTreeInventory({ name: 'v20.x', commit: 'a'.repeat(40) }), lookup);
  const after = applyTriage([later], entries, new Date('2027-02-01T00:00:00Z'));
  assert.equal(later.findings.find((finding) => finding.package === 'undici')?.triage, undefined);
  assert.deepEqual(after.expired.map((entry) => entry.id).sort(), ['CVE-2020-0001', 'GHSA-wqq4-5wpv-mx2g']);
});

test('the security-wg vuln/deps decisions import as triage entries and set aside the zlib MiniZip CVE', async () => {
  const imported = await readDepsDirectory(fixture('security-wg', 'vuln', 'deps'));
  assert.ok(imported.length >= 10);
  const minizip = imported.find((entry) => entry.id === 'CVE-2023-45853');
  assert.equal(minizip?.justification, 'vulnerable_code_not_present');
  assert.equal(minizip?.by, 'nodejs/security-wg');
  assert.match(minizip?.reason ?? '', /nodejs-dependency-vuln-assessments\/issues\/205/);

  const target = await reviewInventory(nodeTreeInventory(), createMemoryLookup(fixtureAdvisories()));
  const { unused } = applyTriage([target], imported, new Date('2026-11-23T00:00:00Z'));
  assert.equal(target.findings.find((finding) => finding.package === 'zlib')?.triage?.status, 'not_affected');
  assert.equal(unused.length, imported.length - 1);

  const merged = mergeImported(parseTriageFile(FILE, 't'), imported);
  assert.equal(merged.added, imported.length);
  assert.equal(mergeImported(merged.entries, imported).added, 0, 're-importing adds nothing');
});

test('entries from the store (--wg-triage, not in the file) are never reported as unused triage-file entries', async () => {
  const wg = triageFromDepsEntry({ cve: ['CVE-2024-9143'], reason: 'vulnerable_code_not_present', overview: 'not reachable from Node.js' });
  const own = parseTriageFile('entries:\n  - id: CVE-2099-0001\n    justification: component_not_present\n    reason: gone\n    by: me\n', '.vigil/triage.yaml');
  const report = await runReview({ inventories: [{ inventory: nodeTreeInventory() }], lookup: createMemoryLookup(fixtureAdvisories()), triage: { file: '.vigil/triage.yaml', entries: [...own, ...wg] }, now: new Date('2026-11-23T00:00:00Z') });
  assert.deepEqual(report.triage.unused.map((entry) => `${entry.id}:${entry.line}`), ['CVE-2099-0001:2']);
});
