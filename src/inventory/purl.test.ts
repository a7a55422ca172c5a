import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { cpe23, npmPurl, vendoredPurl } from './purl.js';

describe('purl and CPE', () => {
  it('encodes scoped npm names with the scope as namespace', () => {
    assert.equal(npmPurl('@npmcli/arborist', '6.3.0'), 'pkg:npm/%40npmcli/arborist@6.3.0');
    assert.equal(npmPurl('semver', '7.5.2'), 'pkg:npm/semver@7.5.2');
  });

  it('names vendored components by their GitHub upstream where there is one', () => {
    assert.equal(vendoredPurl('libuv', '1.46.0', { github: 'libuv/libuv' }), 'pkg:github/libuv/libuv@1.46.0');
    assert.equal(vendoredPurl('icu', '73.2'), 'pkg:generic/icu@73.2');
  });

  it('escapes CPE components and writes * for an unknown version', () => {
    assert.equal(cpe23('openssl', 'openssl', '3.0.10+quic'), 'cpe:2.3:a:openssl:openssl:3.0.10\\+quic:*:*:*:*:*:*:*');
    assert.equal(cpe23('nodejs', 'undici', null), 'cpe:2.3:a:nodejs:undici:*:*:*:*:*:*:*:*');
  });
});
