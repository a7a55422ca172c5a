import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBrotliVersion } from './brotli.js';
import { parseCmakeProjectVersion, parsePyprojectVersion, parseSetupPyVersion } from './build-files.js';
import { cParts, cString, defineValue } from './c-header.js';
import { parseChromiumMetadata, parseReadmeChromium } from './chromium.js';
import { opensslUpstreamVersion, parseOpensslHeader, parseOpensslVersionDat } from './openssl.js';
import { packageJsonVersion } from './package-json.js';
import { parseV8Version } from './v8.js';

const found = (version: string) => ({ kind: 'found', version });

describe('C header defines', () => {
  it('reads a define on its own line, never one quoted in a comment or a longer name', () => {
    const text = ['/* Could be: #define OPENSSL_VERSION_PRE_RELEASE "-alpha.1" */', '#define ZLIB_VERSION "1.2.13.1-motley"', '#define Z_VERSION_ERROR (-6)', '#  define ZLIB_VERSION_ERROR 3'].join('\n');
    assert.equal(defineValue(text, 'OPENSSL_VERSION_PRE_RELEASE'), null);
    assert.deepEqual(cString('ZLIB_VERSION')(text), found('1.2.13.1-motley'));
    assert.equal(defineValue(text, 'Z_VERSION_ERROR'), '-6');
  });

  it('skips sqlite3.h `# undef SQLITE_VERSION` before the definition', () => {
    assert.deepEqual(cString('SQLITE_VERSION')('#ifdef SQLITE_VERSION\n# undef SQLITE_VERSION\n#endif\n#define SQLITE_VERSION        "3.47.1"\n'), found('3.47.1'));
  });

  it('reports a macro expansion as unexpected instead of guessing', () => {
    const outcome = cString('UVWASI_VERSION_STRING')('#define UVWASI_VERSION_STRING UVWASI_STRINGIFY(UVWASI_VERSION_MAJOR) "." \\');
    assert.equal(outcome.kind, 'unexpected');
    assert.match(outcome.kind === 'unexpected' ? outcome.reason : '', /not a string literal/);
  });

  it('joins numeric parts and rejects a non-number', () => {
    const zstd = cParts(['ZSTD_VERSION_MAJOR', 'ZSTD_VERSION_MINOR', 'ZSTD_VERSION_RELEASE']);
    assert.deepEqual(zstd('#define ZSTD_VERSION_MAJOR    1\n#define ZSTD_VERSION_MINOR    5\n#define ZSTD_VERSION_RELEASE  6\n'), found('1.5.6'));
    assert.equal(zstd('#define ZSTD_VERSION_MAJOR ONE\n#define ZSTD_VERSION_MINOR 5\n#define ZSTD_VERSION_RELEASE 6').kind, 'unexpected');
    assert.equal(zstd('').kind, 'unexpected');
  });
});

describe('brotli, both header forms', () => {
  it('decodes the pre-1.1 hex literal and ignores BROTLI_ABI_VERSION', () => {
    assert.deepEqual(parseBrotliVersion('#define BROTLI_VERSION 0x1000009\n#define BROTLI_ABI_VERSION 0x1009000\n'), found('1.0.9'));
  });
  it('prefers the 1.1 MAJOR/MINOR/PATCH defines', () => {
    const text = '#define BROTLI_VERSION_MAJOR 1\n#define BROTLI_VERSION_MINOR 1\n#define BROTLI_VERSION_PATCH 0\n#define BROTLI_VERSION BROTLI_MAKE_HEX_VERSION(BROTLI_VERSION_MAJOR, BROTLI_VERSION_MINOR, BROTLI_VERSION_PATCH)\n';
    assert.deepEqual(parseBrotliVersion(text), found('1.1.0'));
  });
});

describe('OpenSSL', () => {
  it('VERSION.dat with quictls build metadata and a pre-release tag', () => {
    assert.deepEqual(parseOpensslVersionDat('MAJOR=3\nMINOR=0\nPATCH=10\nPRE_RELEASE_TAG=\nBUILD_METADATA=quic\nRELEASE_DATE="1 Aug 2023"\n'), found('3.0.10+quic'));
    assert.deepEqual(parseOpensslVersionDat('MAJOR=3\nMINOR=5\nPATCH=0\nPRE_RELEASE_TAG=alpha1\nBUILD_METADATA=\n'), found('3.5.0-alpha1'));
    assert.equal(parseOpensslVersionDat('MAJOR=3\nMINOR=x\nPATCH=1\n').kind, 'unexpected');
  });
  it('opensslv.h: 3.x full string, 1.1.1 text with +quic and -nes, bare number, include-only', () => {
    assert.deepEqual(parseOpensslHeader('# define OPENSSL_FULL_VERSION_STR "3.0.10+quic"\n'), found('3.0.10+quic'));
    assert.deepEqual(parseOpensslHeader('# define OPENSSL_VERSION_MAJOR  3\n# define OPENSSL_VERSION_MINOR  0\n# define OPENSSL_VERSION_PATCH  13\n# define OPENSSL_VERSION_PRE_RELEASE ""\n# define OPENSSL_VERSION_BUILD_METADATA "+quic"\n'), found('3.0.13+quic'));
    assert.deepEqual(parseOpensslHeader('# define OPENSSL_VERSION_NUMBER  0x1010117fL\n# define OPENSSL_VERSION_TEXT    "OpenSSL 1.1.1w+quic  11 Sep 2023"\n'), found('1.1.1w+quic'));
    assert.deepEqual(parseOpensslHeader('# define OPENSSL_VERSION_TEXT    "OpenSSL 1.1.1w-nes  11 Sep 2023"\n'), found('1.1.1w-nes'));
    assert.deepEqual(parseOpensslHeader('# define OPENSSL_VERSION_NUMBER  0x1000215fL\n'), found('1.0.2u'));
    assert.equal(parseOpensslHeader('#include "../../../config/opensslv.h"\n').kind, 'absent');
    assert.equal(parseOpensslHeader('# define OPENSSL_VERSION_TEXT "something else"\n').kind, 'unexpected');
  });
  it('matches NVD on the upstream release', () => {
    assert.equal(opensslUpstreamVersion('3.0.10+quic'), '3.0.10');
    assert.equal(opensslUpstreamVersion('1.1.1w-nes'), '1.1.1w');
  });
});

describe('V8', () => {
  it('keeps the patch level, and leaves it out when 0 as V8 does', () => {
    const header = (patch: number) => `#define V8_MAJOR_VERSION 11\n#define V8_MINOR_VERSION 3\n#define V8_BUILD_NUMBER 244\n#define V8_PATCH_LEVEL ${patch}\n`;
    assert.deepEqual(parseV8Version(header(8)), found('11.3.244.8'));
    assert.deepEqual(parseV8Version(header(0)), found('11.3.244'));
  });
});

describe('package.json', () => {
  it('reads the version, treats dist markers as absent and another package as unexpected', () => {
    assert.deepEqual(packageJsonVersion('undici')('{"name":"undici","version":"5.22.1"}'), found('5.22.1'));
    assert.equal(packageJsonVersion('minimatch')('{"type": "module"}').kind, 'absent');
    assert.equal(packageJsonVersion('minimatch')('{"name":"glob","version":"10.2.7"}').kind, 'unexpected');
    assert.equal(packageJsonVersion('npm')('{"name":"npm",').kind, 'unexpected');
  });
});

describe('Chromium metadata', () => {
  it('README.chromium Version: lines, commits included; N/A is unknown', () => {
    assert.deepEqual(parseReadmeChromium('Name: zlib\nVersion: 1.2.13\nCPEPrefix: cpe:/a:zlib:zlib:1.2.13\n\nVersion: 9.9.9 in prose'), found('1.2.13'));
    assert.deepEqual(parseReadmeChromium('Name: jsoncpp\nVersion: f572e8e42e22cfcf5ab0aea26574f408943edfa4\n'), found('f572e8e42e22cfcf5ab0aea26574f408943edfa4'));
    assert.equal(parseReadmeChromium('Name: x\nVersion: N/A\n').kind, 'unexpected');
  });
  it('METADATA textproto version', () => {
    assert.deepEqual(parseChromiumMetadata('name: "glibc"\nthird_party {\n  version: "985ff73ad29bc4cc4e15ce6d182ecd808b7b02d7"\n}\n'), found('985ff73ad29bc4cc4e15ce6d182ecd808b7b02d7'));
  });
});

describe('build files', () => {
  it('CMake project() VERSION, not cmake_minimum_required', () => {
    assert.deepEqual(parseCmakeProjectVersion('cmake_minimum_required(VERSION 3.10.2)\nproject(base64 LANGUAGES C VERSION 0.5.0)\n'), found('0.5.0'));
  });
  it('setup.py and pyproject.toml [project] version, not requires-python', () => {
    assert.deepEqual(parseSetupPyVersion('setup(\n    name="gyp-next",\n    version="0.13.0",\n)'), found('0.13.0'));
    assert.deepEqual(parsePyprojectVersion('[build-system]\nrequires = ["setuptools>=61.0"]\n[project]\nname = "gyp-next"\nrequires-python = ">=3.8"\nversion = "0.21.1"\n'), found('0.21.1'));
    assert.equal(parsePyprojectVersion('[project]\nname = "x"\ndynamic = ["version"]\n').kind, 'absent');
  });
});
