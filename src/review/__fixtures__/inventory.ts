// Builders for tests: packages as the inventory reports them for the node-tree fixture (v20.5.1).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Advisory } from '../../advisories/types.js';
import type { Inventory, Package } from '../../inventory/types.js';
import { cpe23, npmPurl, vendoredPurl } from '../../inventory/purl.js';

/** The real-shaped advisory records of advisories.json. */
export function fixtureAdvisories(): Advisory[] {
  return JSON.parse(readFileSync(fileURLToPath(new URL('./advisories.json', import.meta.url)), 'utf8')) as Advisory[];
}

export function npmPackage(name: string, version: string, foundIn: string, extra: Partial<Package> = {}): Package {
  return {
    id: `installed:${foundIn}:${name}@${version}`,
    ecosystem: 'npm',
    name,
    version,
    purl: npmPurl(name, version),
    cpe: null,
    origin: 'installed',
    foundIn,
    scope: 'prod',
    direct: false,
    flags: {},
    source: 'registry',
    paths: [['deps/npm', `node_modules/${name}`]],
    ...extra,
  };
}

export function vendoredPackage(name: string, version: string, foundIn: string, cpe: [string, string], extra: Partial<Package> = {}): Package {
  return {
    id: `vendored:${foundIn}:${name}@${version}`,
    ecosystem: 'generic',
    name,
    version,
    purl: vendoredPurl(name, version),
    cpe: cpe23(cpe[0], cpe[1], version),
    origin: 'vendored',
    foundIn,
    scope: 'prod',
    direct: true,
    flags: {},
    source: 'vendored',
    paths: [[foundIn]],
    ...extra,
  };
}

/** What the node-tree fixture holds, in the parts these tests match against. */
export function nodeTreeInventory(ref: { name: string; commit: string } | null = null): Inventory {
  const packages = [
    vendoredPackage('openssl', '3.0.10+quic', 'deps/openssl/openssl/VERSION.dat', ['openssl', 'openssl']),
    vendoredPackage('zlib', '1.2.13.1-motley', 'deps/zlib/zlib.h', ['zlib', 'zlib'], { fork: { of: 'zlib', note: "Chromium's zlib" } }),
    vendoredPackage('c-ares', '1.19.1', 'deps/cares/include/ares_version.h', ['c-ares', 'c-ares']),
    npmPackage('undici', '5.22.1', 'deps/undici/src/package.json', { origin: 'vendored', direct: true, paths: [['deps/undici']] }),
    npmPackage('semver', '7.5.2', 'deps/npm/node_modules/semver/package.json'),
    npmPackage('minimatch', '9.0.1', 'deps/npm/node_modules/minimatch/package.json'),
    npmPackage('string-width', '4.2.3', 'deps/npm/node_modules/string-width-cjs/package.json', { source: 'alias', spec: 'npm:string-width@4.2.3' }),
  ];
  return { root: '/checkout/node', ref, node: { version: '20.5.1', isRelease: true }, sources: [], packages, unrecognised: [], problems: [], partial: false };
}
