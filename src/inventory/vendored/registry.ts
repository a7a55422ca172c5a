import type { VendoredDependency, Variant } from './types.js';
import { parseBrotliVersion } from './parsers/brotli.js';
import { parseCmakeProjectVersion, parsePyprojectVersion, parseSetupPyVersion } from './parsers/build-files.js';
import { cEnumParts, cParts, cString } from './parsers/c-header.js';
import { parseChangelogVersion } from './parsers/changelog.js';
import { opensslUpstreamVersion, parseOpensslHeader, parseOpensslVersionDat } from './parsers/openssl.js';
import { packageJsonVersion } from './parsers/package-json.js';
import { parseReadmeChromium } from './parsers/chromium.js';
import { parseV8Version } from './parsers/v8.js';

const CHROMIUM_ZLIB_NOTE =
  "Chromium's fork of zlib (version suffix -motley): it carries Chromium's own patches and optimisations, so upstream zlib advisories must be checked against the fork";

/**
 * Every dependency Node.js vendors, one entry each (issue #2). Version files are tried in order;
 * the first that yields a version wins. Entries whose directory and version files are all absent
 * are simply not part of that release line. A directory under deps/ that no entry names is
 * reported as unrecognised. To add a dependency: one entry here, a parser if no existing one
 * fits, and a test. Versions and traps are checked against ../shared/fixtures/node-tree.
 */
export const vendoredDependencies: VendoredDependency[] = [
  {
    id: 'openssl',
    name: 'openssl',
    directory: 'deps/openssl',
    versionFiles: [
      { path: 'deps/openssl/openssl/VERSION.dat', parser: parseOpensslVersionDat },
      { path: 'deps/openssl/openssl/include/openssl/opensslv.h', parser: parseOpensslHeader },
      { path: 'deps/openssl/config/archs/linux-x86_64/asm/include/openssl/opensslv.h', parser: parseOpensslHeader },
      { path: 'deps/openssl/config/archs/*/asm/include/openssl/opensslv.h', parser: parseOpensslHeader },
    ],
    ecosystem: 'generic',
    purl: { type: 'github', repo: 'openssl/openssl' },
    cpe: { vendor: 'openssl', product: 'openssl' },
    upstream: 'https://github.com/openssl/openssl',
    variant: opensslVariant,
  },
  {
    id: 'zlib',
    name: 'zlib',
    directory: 'deps/zlib',
    versionFiles: [
      { path: 'deps/zlib/zlib.h', parser: cString('ZLIB_VERSION') },
      { path: 'deps/zlib/README.chromium', parser: parseReadmeChromium },
    ],
    ecosystem: 'generic',
    purl: { type: 'github', repo: 'madler/zlib' },
    cpe: { vendor: 'zlib', product: 'zlib' },
    upstream: 'https://chromium.googlesource.com/chromium/src/third_party/zlib',
    fork: { of: 'https://github.com/madler/zlib', note: CHROMIUM_ZLIB_NOTE },
    // NVD knows zlib releases: 1.2.13.1-motley is Chromium's build of upstream 1.2.13.1.
    variant: (version) => ({ cpeVersion: version.replace(/-motley.*$/, '') }),
  },
  dep('libuv', 'deps/uv', 'deps/uv/include/uv/version.h', cParts(['UV_VERSION_MAJOR', 'UV_VERSION_MINOR', 'UV_VERSION_PATCH']), 'libuv/libuv', ['libuv_project', 'libuv']),
  dep('llhttp', 'deps/llhttp', 'deps/llhttp/include/llhttp.h', cParts(['LLHTTP_VERSION_MAJOR', 'LLHTTP_VERSION_MINOR', 'LLHTTP_VERSION_PATCH']), 'nodejs/llhttp', ['llhttp', 'llhttp']),
  dep('nghttp2', 'deps/nghttp2', 'deps/nghttp2/lib/includes/nghttp2/nghttp2ver.h', cString('NGHTTP2_VERSION'), 'nghttp2/nghttp2', ['nghttp2', 'nghttp2']),
  dep('nghttp3', 'deps/ngtcp2/nghttp3', 'deps/ngtcp2/nghttp3/lib/includes/nghttp3/version.h', cString('NGHTTP3_VERSION'), 'ngtcp2/nghttp3'),
  dep('ngtcp2', 'deps/ngtcp2/ngtcp2', 'deps/ngtcp2/ngtcp2/lib/includes/ngtcp2/version.h', cString('NGTCP2_VERSION'), 'ngtcp2/ngtcp2', ['ngtcp2', 'ngtcp2']),
  dep('c-ares', 'deps/cares', 'deps/cares/include/ares_version.h', cString('ARES_VERSION_STR'), 'c-ares/c-ares', ['c-ares_project', 'c-ares']),
  dep('brotli', 'deps/brotli', 'deps/brotli/c/common/version.h', parseBrotliVersion, 'google/brotli', ['google', 'brotli']),
  dep('ada', 'deps/ada', 'deps/ada/ada.h', cString('ADA_VERSION'), 'ada-url/ada', ['ada-url', 'ada']),
  dep('simdutf', 'deps/simdutf', 'deps/simdutf/simdutf.h', cString('SIMDUTF_VERSION'), 'simdutf/simdutf', ['simdutf', 'simdutf']),
  dep('simdjson', 'deps/simdjson', 'deps/simdjson/simdjson.h', cString('SIMDJSON_VERSION'), 'simdjson/simdjson', ['simdjson', 'simdjson']),
  dep('icu', 'deps/icu-small', 'deps/icu-small/source/common/unicode/uvernum.h', cString('U_ICU_VERSION'), 'unicode-org/icu', ['icu-project', 'international_components_for_unicode']),
  // A full-icu build downloads the whole of ICU into deps/icu (configure --with-intl=full-icu --download=all).
  { ...dep('icu', 'deps/icu', 'deps/icu/source/common/unicode/uvernum.h', cString('U_ICU_VERSION'), 'unicode-org/icu', ['icu-project', 'international_components_for_unicode']), id: 'icu-full' },
  dep('v8', 'deps/v8', 'deps/v8/include/v8-version.h', parseV8Version, 'v8/v8', ['google', 'v8']),
  dep('uvwasi', 'deps/uvwasi', 'deps/uvwasi/include/uvwasi.h', cParts(['UVWASI_VERSION_MAJOR', 'UVWASI_VERSION_MINOR', 'UVWASI_VERSION_PATCH']), 'nodejs/uvwasi'),
  {
    ...dep('base64', 'deps/base64', 'deps/base64/base64/CMakeLists.txt', parseCmakeProjectVersion, 'aklomp/base64'),
    versionFiles: [
      { path: 'deps/base64/base64/CMakeLists.txt', parser: parseCmakeProjectVersion },
      { path: 'src/base64_version.h', parser: cString('BASE64_VERSION') },
    ],
    mirrors: [{ path: 'src/base64_version.h', parser: cString('BASE64_VERSION') }],
  },
  dep('histogram', 'deps/histogram', 'deps/histogram/include/hdr/hdr_histogram_version.h', cString('HDR_HISTOGRAM_VERSION'), 'HdrHistogram/HdrHistogram_c'),
  {
    ...dep('googletest', 'deps/googletest', 'deps/googletest/README.chromium', parseReadmeChromium, 'google/googletest'),
    versionFiles: [],
    noVersionMarker: 'deps/googletest carries no version file; Node records only the upstream commit in doc/contributing/maintaining/maintaining-dependencies.md',
    tooling: 'built only into the C++ unit tests (test/cctest)',
  },
  dep('sqlite', 'deps/sqlite', 'deps/sqlite/sqlite3.h', cString('SQLITE_VERSION'), 'sqlite/sqlite', ['sqlite', 'sqlite']),
  dep('zstd', 'deps/zstd', 'deps/zstd/lib/zstd.h', cParts(['ZSTD_VERSION_MAJOR', 'ZSTD_VERSION_MINOR', 'ZSTD_VERSION_RELEASE']), 'facebook/zstd', ['facebook', 'zstandard']),
  {
    // The header's NBYTES_VERSION is what process.versions.nbytes reports; the header's enum and
    // the changelog restate it, and an update that bumps one and not the others shows in a warning.
    ...dep('nbytes', 'deps/nbytes', 'deps/nbytes/include/nbytes.h', cString('NBYTES_VERSION'), 'nodejs/nbytes'),
    versionFiles: [
      { path: 'deps/nbytes/include/nbytes.h', parser: cString('NBYTES_VERSION') },
      { path: 'deps/nbytes/nbytes.h', parser: cString('NBYTES_VERSION') },
    ],
    mirrors: [
      { path: 'deps/nbytes/include/nbytes.h', parser: cEnumParts(['NBYTES_VERSION_MAJOR', 'NBYTES_VERSION_MINOR', 'NBYTES_VERSION_REVISION']), note: 'the header contradicts itself' },
      { path: 'deps/nbytes/nbytes.h', parser: cEnumParts(['NBYTES_VERSION_MAJOR', 'NBYTES_VERSION_MINOR', 'NBYTES_VERSION_REVISION']), note: 'the header contradicts itself' },
      { path: 'deps/nbytes/CHANGELOG.md', parser: parseChangelogVersion, note: 'the changelog names a release the header does not: an update half applied' },
    ],
  },
  {
    ...dep('ncrypto', 'deps/ncrypto', 'deps/ncrypto/ncrypto/version.h', cString('NCRYPTO_VERSION'), 'nodejs/ncrypto'),
    // v22 and v24 carry ncrypto with no version anywhere in the tree: a fact of the tree, not a failure to read it.
    noVersionMarker: 'deps/ncrypto carries no version file (no version.h, no package or build file with a version); Node tracks it by commit',
  },
  {
    // deps/inspector_protocol (v22+; V8's copy lives in deps/v8/third_party): pinned by commit in README.node.
    ...dep('inspector_protocol', 'deps/inspector_protocol', 'deps/inspector_protocol/README.node', parseReadmeChromium, 'chromium/inspector_protocol'),
    purl: { type: 'generic' },
    upstream: 'https://chromium.googlesource.com/deps/inspector_protocol/',
  },
  dep('merve', 'deps/merve', 'deps/merve/merve.h', cString('MERVE_VERSION'), 'anonrig/merve'),
  // LIEF_VERSION is "0.17.0-" (a trailing dash when LIEF_TAGGED is 0): the numeric defines are exact.
  dep('lief', 'deps/LIEF', 'deps/LIEF/include/LIEF/version.h', cParts(['LIEF_VERSION_MAJOR', 'LIEF_VERSION_MINOR', 'LIEF_VERSION_PATCH']), 'lief-project/LIEF'),
  // JavaScript dependencies: npm packages, reported with npm purls so npm advisories match them.
  npmDep('undici', 'deps/undici', ['deps/undici/src/package.json', 'deps/undici/package.json'], 'src/undici_version.h', 'UNDICI_VERSION', 'nodejs/undici', ['nodejs', 'undici']),
  npmDep('acorn', 'deps/acorn/acorn', ['deps/acorn/acorn/package.json'], 'src/acorn_version.h', 'ACORN_VERSION', 'acornjs/acorn'),
  npmDep('acorn-walk', 'deps/acorn/acorn-walk', ['deps/acorn/acorn-walk/package.json'], undefined, undefined, 'acornjs/acorn'),
  // Newer lines keep the package under src/; v20 and older at the top of deps/cjs-module-lexer.
  npmDep('cjs-module-lexer', 'deps/cjs-module-lexer', ['deps/cjs-module-lexer/src/package.json', 'deps/cjs-module-lexer/package.json'], 'src/cjs_module_lexer_version.h', 'CJS_MODULE_LEXER_VERSION', 'nodejs/cjs-module-lexer'),
  npmDep('minimatch', 'deps/minimatch', ['deps/minimatch/src/package.json', 'deps/minimatch/package.json'], undefined, undefined, 'isaacs/minimatch', ['minimatch_project', 'minimatch']),
  npmDep('amaro', 'deps/amaro', ['deps/amaro/package.json'], 'src/amaro_version.h', 'AMARO_VERSION', 'nodejs/amaro'),
  {
    // amaro bundles SWC's TypeScript stripper as dist/package.json: the engine advisories would name.
    ...npmDep('@swc/wasm-typescript', 'deps/amaro/dist', ['deps/amaro/dist/package.json'], undefined, undefined, 'swc-project/swc'),
    id: 'amaro-swc-wasm-typescript',
    nestedIn: 'amaro',
  },
  npmDep('corepack', 'deps/corepack', ['deps/corepack/package.json'], undefined, undefined, 'nodejs/corepack'),
  npmDep('npm', 'deps/npm', ['deps/npm/package.json'], undefined, undefined, 'npm/cli', ['npmjs', 'npm']),
  // deps/postject holds only postject-api.h; tools/dep_updaters/update-postject.sh reads the version from the test fixture copy.
  npmDep('postject', 'deps/postject', ['deps/postject/package.json', 'test/fixtures/postject-copy/node_modules/postject/package.json'], undefined, undefined, 'nodejs/postject'),
  {
    id: 'gyp-next',
    name: 'gyp-next',
    directory: 'tools/gyp',
    versionFiles: [
      { path: 'tools/gyp/pyproject.toml', parser: parsePyprojectVersion },
      { path: 'tools/gyp/setup.py', parser: parseSetupPyVersion },
    ],
    ecosystem: 'pypi',
    purl: { type: 'pypi', name: 'gyp-next' },
    upstream: 'https://github.com/nodejs/gyp-next',
    tooling: 'the build system (Python, run by configure and make)',
  },
];

/**
 * Node has vendored quictls (OpenSSL plus QUIC patches, `+quic`) since v15 and HeroDevs'
 * Never-Ending Support builds carry back-ported fixes (`-nes`): both are forks whose advisories
 * are OpenSSL's, matched on the upstream release the fork is based on.
 */
function opensslVariant(version: string): Variant {
  const cpeVersion = opensslUpstreamVersion(version);
  if (/-nes\b/.test(version)) {
    return { cpeVersion, fork: { of: 'https://github.com/openssl/openssl', note: "HeroDevs Never-Ending Support build (-nes): fixes are back-ported, so upstream version ranges may over-report" } };
  }
  if (/\+quic\b/.test(version)) {
    return {
      cpeVersion,
      purl: { type: 'github', repo: 'quictls/openssl' },
      upstream: 'https://github.com/quictls/openssl',
      fork: { of: 'https://github.com/openssl/openssl', note: 'quictls: OpenSSL with the QUIC API patches; OpenSSL advisories apply to the base release' },
    };
  }
  return { cpeVersion };
}

/** A C/C++ dependency with one version file, a GitHub upstream and, where NVD has one, a CPE. */
function dep(id: string, directory: string, path: string, parser: VendoredDependency['versionFiles'][number]['parser'], repo: string, cpe?: [string, string]): VendoredDependency {
  return {
    id,
    name: id,
    directory,
    versionFiles: [{ path, parser }],
    ecosystem: 'generic',
    purl: { type: 'github', repo },
    ...(cpe ? { cpe: { vendor: cpe[0], product: cpe[1] } } : {}),
    upstream: `https://github.com/${repo}`,
  };
}

/** A vendored npm package: its package.json candidates, then Node's `src/<name>_version.h` mirror. */
function npmDep(name: string, directory: string, manifests: string[], header: string | undefined, define: string | undefined, repo: string, cpe?: [string, string]): VendoredDependency {
  return {
    id: name,
    name,
    directory,
    versionFiles: [
      ...manifests.map((path) => ({ path, parser: packageJsonVersion(name) })),
      ...(header && define ? [{ path: header, parser: cString(define) }] : []),
    ],
    ...(header && define ? { mirrors: [{ path: header, parser: cString(define) }] } : {}),
    ecosystem: 'npm',
    purl: { type: 'npm' },
    ...(cpe ? { cpe: { vendor: cpe[0], product: cpe[1] } } : {}),
    upstream: `https://github.com/${repo}`,
  };
}
