import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compareVersions, isPrerelease, versionFromName } from './versions.js';

describe('upstream versions', () => {
  it('compares versions of any length, a prerelease before its release', () => {
    assert.ok(compareVersions('11.3.244.10', '11.3.244.9') > 0);
    assert.ok(compareVersions('1.2.13.1-motley', '1.2.13') > 0);
    assert.ok(compareVersions('3.0.10+quic', '3.0.15') < 0);
    assert.ok(compareVersions('1.0.0-alpha.6', '1.0.0') < 0);
    assert.equal(compareVersions('v8.1.1', '8.1.1'), 0);
  });

  it('reads versions from the tags upstreams really use, and refuses what is not a release', () => {
    const cares = '^(?:v|cares-)(?<version>\\d+[._]\\d+[._]\\d+)$';
    assert.equal(versionFromName('cares-1_19_1', cares, 'underscore-to-dot'), '1.19.1');
    assert.equal(versionFromName('v1.34.3', cares, 'underscore-to-dot'), '1.34.3');
    assert.equal(versionFromName('release-73-2', '^release-(?<version>\\d+-\\d+)$', 'dash-to-dot'), '73.2');
    assert.equal(versionFromName('cldr/2024-10-01', '^release-(?<version>\\d+-\\d+)$', 'dash-to-dot'), undefined);
    assert.equal(versionFromName('sqlite-amalgamation-3460100.zip', 'sqlite-amalgamation-(?<version>\\d{7})\\.zip', 'sqlite-number'), '3.46.1');
    assert.equal(versionFromName('release/v9.2.1', '^release/v(?<version>\\d+\\.\\d+\\.\\d+)$'), '9.2.1');
    assert.equal(versionFromName('OpenSSL_1_1_1w', '^openssl-(?<version>\\d+\\.\\d+\\.\\d+)$'), undefined);
  });

  it('knows prereleases from build suffixes', () => {
    assert.equal(isPrerelease('7.0.0-alpha.1'), true);
    assert.equal(isPrerelease('9.0.0-rc.1'), true);
    assert.equal(isPrerelease('3.0.10+quic'), false);
    assert.equal(isPrerelease('1.2.13.1-motley'), false);
  });
});
