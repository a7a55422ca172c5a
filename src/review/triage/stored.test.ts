import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import type { TriageEntry } from '../types.js';
import { decisionsFromEntries, entriesFromDecisions } from './stored.js';

const entry = (id: string, scope: Partial<TriageEntry> = {}): TriageEntry => ({ id, package: null, lines: [], status: 'not_affected', justification: 'component_not_present', reason: 'r', expires: null, by: 'b', line: 3, ...scope });

it('file entries → stored decisions → entries: nothing lost, narrow scopes tried first, unknown statuses skipped and named', () => {
  const file = [entry('CVE-1'), entry('CVE-1', { lines: ['v20.x'], status: 'affected', justification: null, line: 9 }), entry('CVE-2', { package: 'undici', expires: '2027-01-01', line: 15 })];
  const stored = decisionsFromEntries('nodejs/node', file, '2026-12-05T00:00:00Z', 'triage.yaml');
  assert.deepEqual(stored.map((decision) => [decision.vulnerability, decision.package, decision.lines.join()]), [['CVE-1', '', ''], ['CVE-1', '', 'v20.x'], ['CVE-2', 'undici', '']]);
  const { entries, skipped } = entriesFromDecisions([...stored, { ...stored[0]!, vulnerability: 'CVE-3', status: 'fixed' }]);
  assert.deepEqual(entries.map((back) => [back.id, back.package, back.lines.join(), back.line]), [['CVE-1', null, 'v20.x', 0], ['CVE-2', 'undici', '', 0], ['CVE-1', null, '', 0]]);
  assert.deepEqual(entries[1], { ...file[2], line: 0 }, 'every field survives the store');
  assert.deepEqual(skipped, ['CVE-3: status fixed, justification component_not_present']);
  assert.throws(() => decisionsFromEntries('nodejs/node', [entry('CVE-1'), entry('CVE-1', { line: 7 })], 'now', 'triage.yaml'), /triage\.yaml:7: the same decision as line 3/);
});
