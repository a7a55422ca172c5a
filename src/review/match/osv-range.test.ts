import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AffectedPackage, AffectedRange } from '../../advisories/types.js';
import { evaluateAffected, evaluateGitRange, evaluateOrderedRange } from './osv-range.js';
import { semverScheme } from './versions.js';

const range = (...events: AffectedRange['events']): AffectedRange => ({ type: 'SEMVER', events });
const status = (r: AffectedRange, version: string): string => evaluateOrderedRange(r, version, semverScheme).status;

test('introduced/fixed: fixed is exclusive, introduced inclusive; several intervals in one range', () => {
  const r = range({ introduced: '0' }, { fixed: '5.7.2' }, { introduced: '6.0.0' }, { fixed: '6.3.1' }, { introduced: '7.0.0' }, { fixed: '7.5.2' });
  assert.equal(status(r, '5.7.1'), 'affected');
  assert.equal(status(r, '5.7.2'), 'fixed');
  assert.equal(status(r, '6.0.0'), 'affected');
  assert.equal(status(r, '7.5.1'), 'affected');
  assert.equal(evaluateOrderedRange(r, '7.5.1', semverScheme).fixedIn, '7.5.2');
  assert.equal(status(r, '7.5.2'), 'fixed');
  assert.equal(status(r, '8.0.0'), 'fixed');
});

test('events are evaluated sorted, whatever order the record lists them in', () => {
  assert.equal(status(range({ fixed: '2.0.0' }, { introduced: '1.0.0' }), '1.5.0'), 'affected');
});

test('last_affected is inclusive; limit caps the range; pre-releases sit below their release', () => {
  const last = range({ introduced: '1.0.0' }, { last_affected: '1.4.0' });
  assert.equal(status(last, '1.4.0'), 'affected');
  assert.equal(status(last, '1.4.1'), 'fixed');
  assert.equal(evaluateOrderedRange(last, '1.4.0', semverScheme).notes[0], 'no fixed version; last affected 1.4.0');
  const limited = range({ introduced: '1.0.0' }, { limit: '2.0.0' });
  assert.equal(status(limited, '1.9.9'), 'affected');
  assert.notEqual(status(limited, '2.0.0'), 'affected');
  const fixedAtRelease = range({ introduced: '0' }, { fixed: '1.2.0' });
  assert.equal(status(fixedAtRelease, '1.2.0-rc.1'), 'affected');
  assert.equal(status(fixedAtRelease, '0.0.0-next.1'), 'affected');
  assert.equal(status(range({ introduced: '1.0.0' }), '0.9.0'), 'unaffected');
});

test('an explicit versions list matches exactly', () => {
  const entry: AffectedPackage = { package: { ecosystem: 'npm', name: 'listed' }, versions: ['2.0.0'] };
  assert.equal(evaluateAffected(entry, 'npm', '2.0.0').status, 'affected');
  assert.equal(evaluateAffected(entry, 'npm', '2.0.0').basis, 'osv-versions');
  assert.equal(evaluateAffected(entry, 'npm', '2.0.1').status, 'unaffected');
});

test("GitHub's last_known_affected_version_range bounds a range with no fix", () => {
  const entry: AffectedPackage = {
    package: { ecosystem: 'npm', name: 'xlsx' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
    database_specific: { last_known_affected_version_range: '< 0.20.2' },
  };
  const affected = evaluateAffected(entry, 'npm', '0.18.5');
  assert.equal(affected.status, 'affected');
  assert.deepEqual(affected.notes, ['no fixed version; last known affected < 0.20.2']);
  assert.equal(evaluateAffected(entry, 'npm', '0.20.2').status, 'unaffected');
  const inclusive = { ...entry, database_specific: { last_known_affected_version_range: '<= 0.20.2' } };
  assert.equal(evaluateAffected(inclusive, 'npm', '0.20.2').status, 'affected');
});

test('a version semver cannot read is undecidable, not clean', () => {
  const entry: AffectedPackage = { package: { ecosystem: 'npm', name: 'x' }, ranges: [range({ introduced: '0' }, { fixed: '1.0.0' })] };
  assert.equal(evaluateAffected(entry, 'npm', 'not-a-version').status, 'undecidable');
});

test('GIT ranges: exact commits decide; otherwise ancestry from an oracle, or undecidable', () => {
  const git: AffectedRange = { type: 'GIT', repo: 'https://github.com/madler/zlib', events: [{ introduced: 'aaa' }, { fixed: 'ccc' }] };
  assert.equal(evaluateGitRange(git, 'aaa')?.status, 'affected');
  assert.equal(evaluateGitRange(git, 'ccc')?.status, 'fixed');
  assert.equal(evaluateGitRange(git, 'bbb'), null);
  // History: aaa -> bbb -> ccc -> ddd
  const order = ['aaa', 'bbb', 'ccc', 'ddd'];
  const oracle = (ancestor: string, descendant: string): boolean => order.indexOf(ancestor) <= order.indexOf(descendant);
  assert.equal(evaluateGitRange(git, 'bbb', oracle)?.status, 'affected');
  assert.equal(evaluateGitRange(git, 'ddd', oracle)?.status, 'unaffected');
});

test('several limits in one range each close their own interval (security-wg release lines without a patch)', () => {
  const r = range({ introduced: '5.0.0' }, { limit: '6.0.0-0' }, { introduced: '8.0.0' }, { fixed: '8.1.4' }, { introduced: '9.0.0' }, { limit: '10.0.0-0' });
  assert.equal(status(r, '5.9.0'), 'affected');
  assert.equal(status(r, '6.5.0'), 'unaffected');
  assert.equal(status(r, '8.1.3'), 'affected');
  assert.equal(status(r, '8.1.4'), 'fixed');
  assert.equal(status(r, '9.3.0'), 'affected');
  assert.deepEqual(evaluateOrderedRange(r, '9.3.0', semverScheme).notes, ['no fixed version known']);
  assert.equal(status(r, '10.0.0'), 'unaffected');
});
