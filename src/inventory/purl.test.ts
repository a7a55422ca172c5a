import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { cpe23, npmPurl, packageUrlClass, vendoredPurl } from './purl.js';

describe('purl and CPE', () => {
  it('encodes scoped npm names with the scope as namespace', () => {
    assert.equal(npmPurl('@npmcli/arborist', '6.3.0'), 'pkg:npm/%40npmcli/arborist@6.3.0');
    assert.equal(npmPurl('semver', '7.5.2'), 'pkg:npm/semver@7.5.2');
  });

  it('writes the same npm purl as packageurl-js, on the direct path and off it', () => {
    const PackageURL = packageUrlClass();
    const viaLibrary = (name: string, version: string | null): string => {
      const scoped = name.startsWith('@') ? name.slice(1).split('/') : null;
      return (scoped ? new PackageURL('npm', `@${scoped[0]}`, scoped[1] ?? '', version ?? undefined) : new PackageURL('npm', undefined, name, version ?? undefined)).toString();
    };
    const names = ['semver', 'JSONStream', '@Babel/Core', '@types/node', 'lodash.merge', 'string_decoder', 'a~b', '@scope/x-y.z', 'has (space)', 'q!', '@a/b/c', 'caf\u00e9', '@x/'];
    const versions = [null, '1.2.3', '1.0.0-rc.1+build.5', '0.0.0-insiders.1a2b', '1.0.0:epoch', ' 2.0.0 ', 'v1_2~3', '1.0.0 || 2', ''];
    for (const name of names) {
      for (const version of versions) {
        let expected: string;
        try {
          expected = viaLibrary(name, version);
        } catch (error) {
          assert.throws(() => npmPurl(name, version), { message: (error as Error).message }, `${name} ${version}`);
          continue;
        }
        assert.equal(npmPurl(name, version), expected, `${name} ${version}`);
      }
    }
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
