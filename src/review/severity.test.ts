import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../test/fixtures.js';
import { osvToAdvisory } from '../formats/osv/read.js';
import type { Advisory } from '../advisories/types.js';
import { advisorySeverity, highestSeverity } from './severity.js';

/** A real GitHub advisory-database record (undici GHSA-cxrh-j4jr-qwg3: CVSS 3.1 3.7, LOW). */
function undici(): Advisory {
  const raw = JSON.parse(readFileSync(join(projectRoot, 'src/advisories/__fixtures__/ghsa-undici/GHSA-cxrh-j4jr-qwg3.json'), 'utf8')) as unknown;
  const result = osvToAdvisory(raw, 'ghsa');
  if (!('advisory' in result)) throw new Error(result.problem);
  return result.advisory;
}

test('CVSS v3.1 is computed from the vector, not copied from a label', () => {
  assert.deepEqual(advisorySeverity(undici()), { level: 'low', score: 3.7, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L', basis: 'cvss-v3' });
});

test('CVSS v4.0 is preferred over v3 and computed (the spec examples: VA:H alone 8.7, VC/VI/VA:H 9.3)', () => {
  const advisory = undici();
  advisory.severity = [...advisory.severity, { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N' }];
  assert.deepEqual(advisorySeverity(advisory), { level: 'high', score: 8.7, vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N', basis: 'cvss-v4' });
  advisory.severity = [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' }];
  assert.equal(advisorySeverity(advisory).score, 9.3);
  assert.equal(advisorySeverity(advisory).level, 'critical');
});

test('a vector the library cannot read falls back to the next one, then to the feed label; none is unknown', () => {
  const advisory = undici();
  advisory.severity = [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N' }, ...advisory.severity];
  assert.equal(advisorySeverity(advisory).basis, 'cvss-v3');
  advisory.severity = [];
  assert.deepEqual(advisorySeverity(advisory), { level: 'low', score: null, vector: null, basis: 'github' });
  const wg: Advisory = { ...advisory, source: 'security-wg', database_specific: { severity: 'medium' } };
  assert.deepEqual(advisorySeverity(wg), { level: 'moderate', score: null, vector: null, basis: 'security-wg' });
  assert.equal(advisorySeverity({ ...advisory, database_specific: {} }).level, 'unknown');
});

test('merged aliases take the highest severity', () => {
  const low = advisorySeverity(undici());
  const high = { level: 'high' as const, score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', basis: 'cvss-v3' as const };
  assert.equal(highestSeverity([low, high]), high);
});
