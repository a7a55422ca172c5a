import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as semver from '../../util/semver.js';
import { bestPlainCaret, plainVersion } from './plain-caret.js';

const parts = ['0', '1', '2', '10', '999999999999999'];
const plain = parts.flatMap((major) => parts.flatMap((minor) => parts.map((patch) => `${major}.${minor}.${patch}`)));

/** bestByName's node-semver loop, as node-modules.ts runs it when the fast path declines. */
function bestBySemver(versions: readonly (string | null)[], range: string): number {
  let best = -1;
  versions.forEach((version, index) => {
    if (version === null || !semver.valid(version)) return;
    if (semver.validRange(range) !== null && !semver.satisfies(version, range, { includePrerelease: true })) return;
    const bestVersion = versions[best];
    if (best === -1 || bestVersion == null || semver.gt(version, bestVersion)) best = index;
  });
  return best;
}

test('a caret range on plain versions picks what node-semver picks', () => {
  for (const base of plain) {
    const range = `^${base}`;
    for (let start = 0; start < plain.length; start += 7) {
      const versions: (string | null)[] = [...plain.slice(start, start + 9), null, plain[(start * 13) % plain.length] as string];
      const candidates = versions.map((version) => ({ version }));
      const found = bestPlainCaret(candidates, range);
      assert.notEqual(found, null, range);
      const index = found == null ? -1 : candidates.indexOf(found);
      assert.equal(index, bestBySemver(versions, range), `${range} over ${versions.join(' ')}`);
    }
  }
});

test('anything but a plain caret on plain versions is left to node-semver', () => {
  const one = [{ version: '1.2.3' }];
  for (const range of ['~1.2.3', '>=1.2.3', '1.2.3', '^1.2', '^1.2.x', '^1.2.3-beta.1', '^ 1.2.3', '^1.2.3 ', '^v1.2.3', '^01.2.3', '^1.2.3+build', '^1234567890123456.0.0', '^1.2.3 || ^2.0.0', '', '*']) {
    assert.equal(bestPlainCaret(one, range), null, range);
  }
  for (const version of ['1.2.3-beta.1', '1.2.3+build', 'v1.2.3', '01.2.3', '1.2', ' 1.2.3', '1234567890123456.0.0']) {
    assert.equal(bestPlainCaret([{ version }], '^1.0.0'), null, version);
    assert.equal(plainVersion(version), null, version);
  }
  assert.equal(bestPlainCaret([{ version: null }], '^1.0.0'), undefined);
  assert.equal(bestPlainCaret([], '^1.0.0'), undefined);
});
