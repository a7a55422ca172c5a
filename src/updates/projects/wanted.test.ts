import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Release } from '../types.js';
import { isTagSpec, outsideRange, pickWanted } from './wanted.js';

const releases = (...versions: string[]): Release[] => versions.map((version) => ({ version, publishedAt: undefined }));

describe("wanted: the version npm install would pick for a range (npm-pick-manifest's rules)", () => {
  const published = { releases: releases('1.0.0', '1.2.0', '1.3.0', '2.0.0', '2.1.0-beta.1'), deprecated: releases('1.4.0'), distTags: { latest: '1.2.0', next: '2.1.0-beta.1' } };

  it('prefers the latest tag when it satisfies the range, even over newer versions', () => {
    assert.equal(pickWanted('^1.0.0', published), '1.2.0');
    assert.equal(pickWanted('*', published), '1.2.0');
    assert.equal(pickWanted('', published), '1.2.0');
  });

  it('else the highest satisfying version, non-deprecated first, prereleases only when the range asks', () => {
    assert.equal(pickWanted('>=1.3.0 <2', published), '1.3.0', '1.4.0 is deprecated');
    assert.equal(pickWanted('^2.0.0', published), '2.0.0');
    assert.equal(pickWanted('^2.1.0-beta.0', published), '2.1.0-beta.1');
    assert.equal(pickWanted('1.4.0', published), '1.4.0', 'a deprecated version when it is the only one');
    assert.equal(pickWanted('^3.0.0', published), null);
  });

  it('honours engines.node as npm does when a Node.js version is given: the latest tag only if it fits, then fitting versions first', () => {
    const engines = { releases: [...releases('3.0.0', '3.1.0'), { version: '3.2.0', publishedAt: undefined, nodeEngine: '>=22' }], deprecated: [], distTags: { latest: '3.2.0' } };
    assert.equal(pickWanted('^3.0.0', engines), '3.2.0', 'no Node.js given: engines ignored');
    assert.equal(pickWanted('^3.0.0', engines, '22.1.0'), '3.2.0');
    assert.equal(pickWanted('^3.0.0', engines, '20.20.2'), '3.1.0');
    assert.equal(pickWanted('3.2.0', engines, '20.20.2'), '3.2.0', 'nothing else satisfies: npm still picks it (and warns EBADENGINE)');
  });

  it('reads a dist-tag spec as the tag, and says when latest leaves the range', () => {
    assert.ok(isTagSpec('next') && !isTagSpec('^1') && !isTagSpec('') && !isTagSpec('1.x || 2.x'));
    assert.equal(pickWanted('next', published), '2.1.0-beta.1');
    assert.equal(pickWanted('canary', published), null);
    assert.equal(outsideRange('~1.2.0', '1.3.0', published), true);
    assert.equal(outsideRange('1.x || 2.x', '2.0.0', published), false);
    assert.equal(outsideRange('*', '2.1.0-beta.1', published), false);
    assert.equal(outsideRange('latest', '1.2.0', published), false);
    assert.equal(outsideRange('next', '1.2.0', published), true);
  });
});
