import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { semverRangesToOsv } from './ranges.js';

const events = (vulnerable: string, patched: string | null) => semverRangesToOsv(vulnerable, patched)?.ranges.map((range) => range.events);

describe('semverRangesToOsv (vuln/npm and vuln/core ranges as OSV events)', () => {
  it('a release line patched in a later version is fixed there; an unpatched line ends at a limit', () => {
    assert.deepEqual(events('8.x || 5.x', '^8.1.4'), [
      [{ introduced: '8.0.0' }, { fixed: '8.1.4' }],
      [{ introduced: '5.0.0' }, { limit: '6.0.0-0' }],
    ]);
  });

  it('keeps an inclusive end as last_affected when the patch range does not start right after it', () => {
    assert.deepEqual(events('<=0.7.0', '>0.7.0'), [[{ introduced: '0' }, { last_affected: '0.7.0' }]]);
    assert.deepEqual(events('<2.3.1', '>=2.3.1'), [[{ introduced: '0' }, { fixed: '2.3.1' }]]);
  });

  it('subtracts a patched backport from the middle of a vulnerable range; a patch starting at the next release is the fix', () => {
    assert.deepEqual(events('<=6.8.5', '>=5.0.3 <6.0.0 || >=6.8.6'), [
      [{ introduced: '0' }, { fixed: '5.0.3' }],
      [{ introduced: '6.0.0' }, { fixed: '6.8.6' }],
    ]);
  });

  it('express CVE-2014-6393: `<3.11 || >=4 <4.5` patched `>=3.11 <4 || >=4.5` is fixed in 3.11.0 and 4.5.0, never "no fixed version"', () => {
    assert.deepEqual(events('<3.11 || >= 4 <4.5', '>=3.11 <4 || >=4.5'), [
      [{ introduced: '0' }, { fixed: '3.11.0' }],
      [{ introduced: '4.0.0' }, { fixed: '4.5.0' }],
    ]);
    // A gap the data leaves open stays open: 1.0.1 to 1.x are neither vulnerable nor patched.
    assert.deepEqual(events('<=1.0.0', '>=2.0.0'), [[{ introduced: '0' }, { last_affected: '1.0.0' }]]);
  });

  it('turns a single vulnerable version into the versions list, and an exclusive start into the next version', () => {
    assert.deepEqual(semverRangesToOsv('0.5.0', '>= 0.5.1'), { ranges: [], versions: ['0.5.0'] });
    assert.deepEqual(events('>1.0.0 <2.0.0', '>=1.5.0'), [[{ introduced: '1.0.1-0' }, { fixed: '1.5.0' }]]);
  });

  it('returns null for a range node-semver cannot parse', () => {
    assert.equal(semverRangesToOsv('not a range !!', null), null);
  });
});
