import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fixture } from '../../../test/fixtures.js';
import { WorkTreeSource } from '../file-source.js';
import type { Package } from '../types.js';
import { scanVendored } from './scan.js';

const nodeTree = fixture('node-tree');

/** The expected version of every dependency, as node-tree/MANIFEST.md lists it (Node.js v20.5.1). */
const MAIN_TREE: Record<string, string> = {
  openssl: '3.0.10+quic',
  zlib: '1.2.13.1-motley',
  libuv: '1.46.0',
  llhttp: '8.1.1',
  nghttp2: '1.55.1',
  nghttp3: '0.7.0',
  ngtcp2: '0.8.1',
  'c-ares': '1.19.1',
  brotli: '1.0.9',
  ada: '2.5.1',
  simdutf: '3.2.14',
  icu: '73.2',
  v8: '11.3.244.8',
  uvwasi: '0.0.18',
  base64: '0.5.0',
  histogram: '0.11.8',
  undici: '5.22.1',
  acorn: '8.10.0',
  'acorn-walk': '8.2.0',
  'cjs-module-lexer': '1.2.2',
  minimatch: '9.0.3',
  corepack: '0.19.0',
  npm: '9.8.0',
  postject: '1.0.0-alpha.6',
  'gyp-next': '0.13.0',
};

/** V8's third_party, nested (MANIFEST.md). jsoncpp's release comes from generated/version.h, not the README's commit. */
const NESTED_IN_V8: Record<string, string> = {
  googletest: '1.8.0.git-9518a57428ae0a7ed450c1361768e84a2a38af5a',
  jinja2: '3.1.2',
  jsoncpp: '1.9.0',
  markupsafe: '0.18',
  zlib: '1.2.13',
  glibc: '985ff73ad29bc4cc4e15ce6d182ecd808b7b02d7',
};

/** _supplement/: newer files, a second root (MANIFEST.md). */
const SUPPLEMENT: Record<string, string> = { sqlite: '3.47.1', zstd: '1.5.6', amaro: '0.5.3', lief: '0.17.0', 'cjs-module-lexer': '2.0.0', 'gyp-next': '0.21.1' };

const versions = (packages: Package[]) => Object.fromEntries(packages.map((pkg) => [pkg.name, pkg.version]));

describe('scanVendored on the node-tree fixture (Node.js v20.5.1)', async () => {
  const scan = await scanVendored(new WorkTreeSource(nodeTree));

  it('reads Node itself from src/node_version.h', () => {
    assert.deepEqual(scan?.node, { version: '20.5.1', isRelease: true, moduleVersion: 115, napiVersion: 9 });
  });

  it('gives every version in MANIFEST.md, traps avoided', () => {
    const top = scan?.packages.filter((pkg) => !pkg.nestedIn) ?? [];
    assert.deepEqual(versions(top), MAIN_TREE);
    assert.deepEqual(scan?.problems, []);
    assert.deepEqual(scan?.unrecognised, []);
  });

  it("reports V8's third_party as nested in v8, with the chain through deps/v8", () => {
    const nested = scan?.packages.filter((pkg) => pkg.nestedIn === 'v8') ?? [];
    assert.deepEqual(versions(nested), NESTED_IN_V8);
    const zlib = nested.find((pkg) => pkg.name === 'zlib');
    assert.deepEqual(zlib?.paths, [['deps/v8', 'deps/v8/third_party/zlib']]);
    assert.equal(zlib?.direct, false);
  });

  it("flags Chromium's zlib and quictls as forks, with CPEs on the upstream release", () => {
    const zlib = scan?.packages.find((pkg) => pkg.name === 'zlib' && !pkg.nestedIn);
    assert.match(zlib?.fork?.note ?? '', /Chromium/);
    assert.equal(zlib?.cpe, 'cpe:2.3:a:zlib:zlib:1.2.13.1:*:*:*:*:*:*:*');
    const openssl = scan?.packages.find((pkg) => pkg.name === 'openssl');
    assert.equal(openssl?.cpe, 'cpe:2.3:a:openssl:openssl:3.0.10:*:*:*:*:*:*:*');
    assert.equal(openssl?.purl, 'pkg:github/quictls/openssl@3.0.10+quic');
    assert.equal(openssl?.foundIn, 'deps/openssl/openssl/VERSION.dat');
  });

  it('marks what Node only builds or tests with (googletest, gyp-next, V8\'s Python templating and test tools) as tooling, nothing it ships', () => {
    const tooling = (scan?.packages ?? []).filter((pkg) => pkg.tooling).map((pkg) => `${pkg.nestedIn ? `${pkg.nestedIn}/` : ''}${pkg.name}`);
    assert.deepEqual(tooling.sort(), ['gyp-next', 'v8/googletest', 'v8/jinja2', 'v8/markupsafe']);
  });

  it('gives npm purls to vendored JavaScript and records where each version was read', () => {
    const npm = scan?.packages.find((pkg) => pkg.name === 'npm');
    assert.equal(npm?.purl, 'pkg:npm/npm@9.8.0');
    assert.equal(npm?.ecosystem, 'npm');
    assert.equal(npm?.origin, 'vendored');
    assert.deepEqual(npm?.paths, [['deps/npm']]);
  });

  it('reads the supplement root: newer layouts (cjs-module-lexer src/, gyp pyproject.toml) and newer deps', async () => {
    const supplement = await scanVendored(new WorkTreeSource(join(nodeTree, '_supplement')));
    assert.deepEqual(versions(supplement?.packages ?? []), SUPPLEMENT);
    assert.equal(supplement?.node, null);
  });
});

describe('scanVendored on bad input', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-vendored-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  cpSync(join(nodeTree, 'src'), join(root, 'src'), { recursive: true });
  cpSync(join(nodeTree, 'deps', 'uv'), join(root, 'deps', 'uv'), { recursive: true });
  // A version line in a form no parser knows: reported unknown with the reason, never guessed.
  mkdirSync(join(root, 'deps', 'cares', 'include'), { recursive: true });
  writeFileSync(join(root, 'deps', 'cares', 'include', 'ares_version.h'), '#define ARES_VERSION_STR ARES_STRINGIFY(1.19.1)\n');
  // An unreadable version file (a directory where the file should be).
  mkdirSync(join(root, 'deps', 'llhttp', 'include', 'llhttp.h'), { recursive: true });
  // A directory no registry entry knows.
  mkdirSync(join(root, 'deps', 'mystery-lib'), { recursive: true });
  writeFileSync(join(root, 'deps', 'mystery-lib', 'mystery.h'), '#define MYSTERY_VERSION "1.0"\n');

  it('warns when src/<dep>_version.h disagrees with the vendored package', async () => {
    cpSync(join(nodeTree, 'deps', 'undici'), join(root, 'deps', 'undici'), { recursive: true });
    writeFileSync(join(root, 'src', 'undici_version.h'), '#define UNDICI_VERSION "5.22.0"\n');
    const scan = await scanVendored(new WorkTreeSource(root));
    assert.equal(scan?.packages.find((pkg) => pkg.name === 'undici')?.version, '5.22.1');
    const warning = scan?.problems.find((problem) => problem.path === 'src/undici_version.h');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /says 5\.22\.0 but deps\/undici\/src\/package\.json says 5\.22\.1/);
  });

  it('reports version unknown with the reason and an error problem, and keeps the rest', async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    const cares = scan?.packages.find((pkg) => pkg.name === 'c-ares');
    assert.equal(cares?.version, null);
    assert.match(cares?.versionUnknownReason ?? '', /ARES_VERSION_STR is not a string literal/);
    assert.equal(cares?.cpe, null);
    const llhttp = scan?.packages.find((pkg) => pkg.name === 'llhttp');
    assert.equal(llhttp?.version, null);
    assert.match(llhttp?.versionUnknownReason ?? '', /cannot read deps\/llhttp\/include\/llhttp\.h/);
    assert.equal(scan?.packages.find((pkg) => pkg.name === 'libuv')?.version, '1.46.0');
    const errors = scan?.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.path);
    assert.deepEqual(errors?.sort(), ['deps/cares/include/ares_version.h', 'deps/llhttp/include/llhttp.h']);
  });

  it('reports an unknown deps/ directory as unrecognised, never skips it silently', async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    assert.deepEqual(scan?.unrecognised, ['deps/mystery-lib']);
    assert.ok(scan?.problems.some((problem) => problem.path === 'deps/mystery-lib' && problem.severity === 'warning'));
  });

  it('is not a Node checkout without src/node_version.h or a known deps/ directory', async () => {
    assert.equal(await scanVendored(new WorkTreeSource(join(root, 'src'))), null);
  });
});

// The layouts of real v22/v24 release trees (Debian's nodejs 22.22.2 source), as small files.
describe('scanVendored on the v22+ layout', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-vendored-22-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  cpSync(join(nodeTree, 'src'), join(root, 'src'), { recursive: true });
  write('deps/inspector_protocol/README.node', 'Name: inspector protocol\nShort Name: inspector_protocol\nURL: https://chromium.googlesource.com/deps/inspector_protocol/\nVersion: 0\nRevision: 69d69ddf3aa698b171886551a4a672c5af1ad902\nLicense: BSD\n');
  write('deps/ncrypto/ncrypto.h', '#ifndef NCRYPTO_H\n#define NCRYPTO_H\n#endif\n');
  write('deps/amaro/package.json', JSON.stringify({ name: 'amaro', version: '1.1.5' }));
  write('deps/amaro/dist/package.json', JSON.stringify({ name: '@swc/wasm-typescript', version: '1.13.21' }));
  write('deps/v8/include/v8-version.h', '#define V8_MAJOR_VERSION 12\n#define V8_MINOR_VERSION 4\n#define V8_BUILD_NUMBER 254\n#define V8_PATCH_LEVEL 21\n');
  write('deps/v8/third_party/abseil-cpp/README.chromium', 'Name: Abseil\nURL: https://github.com/abseil/abseil-cpp\nVersion: N/A\nRevision: d802708117c6ef6b9783efe499b2a2d0d0536c77\n');
  write('deps/v8/third_party/glibc/README.v8', 'Name: glibc\nURL: https://www.gnu.org/software/libc/\n');
  write('deps/v8/third_party/glibc/METADATA', 'name: "glibc"\nthird_party {\n  version: "985ff73ad29bc4cc4e15ce6d182ecd808b7b02d7"\n}\n');
  write('deps/v8/third_party/v8/builtins/array-sort.tq', '// V8 itself\n');
  // As Debian's nodejs 22.22.2 source has them: the changelog names 0.1.2, the header (define and enum) 0.1.1.
  const nbytesHeader = (version: string, [major, minor, revision]: number[]): string =>
    `#ifndef NBYTES_H\n#define NBYTES_H\nnamespace nbytes {\n// Version metadata\n#define NBYTES_VERSION "${version}"\n\nenum {\n  NBYTES_VERSION_MAJOR = ${major},\n  NBYTES_VERSION_MINOR = ${minor},\n  NBYTES_VERSION_REVISION = ${revision},\n};\n\n}  // namespace nbytes\n#endif  // NBYTES_H\n`;
  write('deps/nbytes/include/nbytes.h', nbytesHeader('0.1.1', [0, 1, 1]));
  write('deps/nbytes/CHANGELOG.md', '# Changelog\n\n## [0.1.2](https://github.com/nodejs/nbytes/compare/v0.1.1...v0.1.2) (2025-07-24)\n\n\n### Bug Fixes\n\n* fix a build warning\n\n## [0.1.1](https://github.com/nodejs/nbytes/compare/v0.1.0...v0.1.1) (2024-12-03)\n');
  write('deps/v8/third_party/google_benchmark_chrome/README.chromium', 'Name: Google Benchmark\nShort Name: benchmark\nURL: https://github.com/google/benchmark\nVersion: unknown\nLicense: Apache-2.0\nSecurity Critical: no\n');

  it('reads inspector_protocol (README.node Revision), Chromium metadata falling through to Revision:, amaro\'s SWC engine', async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    const version = (name: string): string | null | undefined => scan?.packages.find((pkg) => pkg.name === name)?.version;
    assert.equal(version('inspector_protocol'), '69d69ddf3aa698b171886551a4a672c5af1ad902');
    assert.equal(version('abseil-cpp'), 'd802708117c6ef6b9783efe499b2a2d0d0536c77');
    assert.equal(version('glibc'), '985ff73ad29bc4cc4e15ce6d182ecd808b7b02d7');
    const swc = scan?.packages.find((pkg) => pkg.name === '@swc/wasm-typescript');
    assert.deepEqual([swc?.version, swc?.nestedIn, swc?.purl], ['1.13.21', 'amaro', 'pkg:npm/%40swc/wasm-typescript@1.13.21']);
    assert.deepEqual(scan?.unrecognised, []);
    assert.equal(scan?.packages.some((pkg) => pkg.nestedIn === 'v8' && pkg.name === 'v8'), false, "third_party/v8 is V8's own code");
  });

  it('ncrypto, which has no version file at all, is a known fact (a warning), not an error that makes every checkout partial', async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    const ncrypto = scan?.packages.find((pkg) => pkg.name === 'ncrypto');
    assert.equal(ncrypto?.version, null);
    assert.deepEqual(scan?.problems.filter((problem) => problem.path === 'deps/ncrypto').map((problem) => problem.severity), ['warning']);
    assert.deepEqual(scan?.problems.filter((problem) => problem.severity === 'error'), []);
  });

  it('nbytes: one warning when the changelog names a release the header does not; the header is what is reported', async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    assert.equal(scan?.packages.find((pkg) => pkg.name === 'nbytes')?.version, '0.1.1');
    const warnings = scan?.problems.filter((problem) => problem.message.startsWith('nbytes:')) ?? [];
    assert.deepEqual(warnings.map((problem) => [problem.path, problem.severity]), [['deps/nbytes/CHANGELOG.md', 'warning']]);
    assert.match(warnings[0]?.message ?? '', /CHANGELOG\.md says 0\.1\.2 but deps\/nbytes\/include\/nbytes\.h says 0\.1\.1/);
  });

  it('nbytes: a header whose define and enum disagree is a warning; agreeing files none', async () => {
    write('deps/nbytes/include/nbytes.h', nbytesHeader('0.1.2', [0, 1, 1]));
    const contradicting = await scanVendored(new WorkTreeSource(root));
    const messages = contradicting?.problems.filter((problem) => problem.message.startsWith('nbytes:')).map((problem) => problem.message) ?? [];
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /nbytes\.h says 0\.1\.1 but deps\/nbytes\/include\/nbytes\.h says 0\.1\.2; the header contradicts itself/);
    write('deps/nbytes/include/nbytes.h', nbytesHeader('0.1.2', [0, 1, 2]));
    const agreeing = await scanVendored(new WorkTreeSource(root));
    assert.equal(agreeing?.packages.find((pkg) => pkg.name === 'nbytes')?.version, '0.1.2');
    assert.deepEqual(agreeing?.problems.filter((problem) => problem.message.startsWith('nbytes:')), []);
    write('deps/nbytes/include/nbytes.h', nbytesHeader('0.1.1', [0, 1, 1]));
  });

  it("V8's google_benchmark README.chromium `Version: unknown` is reported as unknown with a warning, never as a version", async () => {
    const scan = await scanVendored(new WorkTreeSource(root));
    const benchmark = scan?.packages.find((pkg) => pkg.name === 'google_benchmark_chrome');
    assert.equal(benchmark?.version, null);
    assert.match(benchmark?.versionUnknownReason ?? '', /Version: says "unknown"/);
    const problems = scan?.problems.filter((problem) => problem.path.includes('google_benchmark_chrome')) ?? [];
    assert.deepEqual(problems.map((problem) => problem.severity), ['warning']);
  });
});
