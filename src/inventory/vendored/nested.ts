import type { VendoredDependency, VersionFile } from './types.js';
import { cString } from './parsers/c-header.js';
import { parseChromiumMetadata, parseReadmeChromium } from './parsers/chromium.js';

/** Where vendored dependencies vendor their own: V8 keeps Chromium's third_party layout. */
export const nestedRoots: { parent: string; directory: string; own: string[] }[] = [
  // deps/v8/third_party/v8 holds V8's own generated builtins (builtins/, codegen/): V8 itself, not a third party.
  { parent: 'v8', directory: 'deps/v8/third_party', own: ['v8'] },
];

/**
 * Chromium's metadata files, the newer convention first (METADATA's `version`), then
 * README.chromium and V8's README.v8 (`Version:`, else `Revision:`); a file that says nothing
 * usable falls through to the next.
 */
const metadataFiles = (directory: string): VersionFile[] => [
  { path: `${directory}/METADATA`, parser: parseChromiumMetadata },
  { path: `${directory}/README.chromium`, parser: parseReadmeChromium },
  { path: `${directory}/README.v8`, parser: parseReadmeChromium },
];

type Known = Partial<Omit<VendoredDependency, 'id' | 'directory' | 'nestedIn'>> & { extraVersionFiles?: (directory: string) => VersionFile[] };

/** What we know beyond the metadata file, by directory name. Anything else is still reported, by directory name. */
const knownNested: Record<string, Known> = {
  zlib: {
    purl: { type: 'github', repo: 'madler/zlib' },
    cpe: { vendor: 'zlib', product: 'zlib' },
    upstream: 'https://chromium.googlesource.com/chromium/src/third_party/zlib',
    fork: { of: 'https://github.com/madler/zlib', note: "Chromium's fork of zlib, as vendored in V8" },
  },
  googletest: { purl: { type: 'github', repo: 'google/googletest' }, upstream: 'https://github.com/google/googletest', tooling: "V8's unit tests" },
  jinja2: { ecosystem: 'pypi', purl: { type: 'pypi', name: 'jinja2' }, cpe: { vendor: 'palletsprojects', product: 'jinja' }, upstream: 'https://github.com/pallets/jinja', tooling: "inspector_protocol's code generator, run at build time" },
  markupsafe: { ecosystem: 'pypi', purl: { type: 'pypi', name: 'markupsafe' }, cpe: { vendor: 'palletsprojects', product: 'markupsafe' }, upstream: 'https://github.com/pallets/markupsafe', tooling: "inspector_protocol's code generator (through jinja2), run at build time" },
  // README.chromium gives a commit; the generated header gives the release, which advisories use.
  jsoncpp: {
    purl: { type: 'github', repo: 'open-source-parsers/jsoncpp' },
    upstream: 'https://github.com/open-source-parsers/jsoncpp',
    extraVersionFiles: (directory) => [{ path: `${directory}/generated/version.h`, parser: cString('JSONCPP_VERSION_STRING') }],
  },
  glibc: { upstream: 'https://sourceware.org/git/glibc.git', fork: { of: 'https://sourceware.org/git/glibc.git', note: 'a handful of glibc files implementing intrinsics, not the C library' } },
  'abseil-cpp': { purl: { type: 'github', repo: 'abseil/abseil-cpp' }, upstream: 'https://github.com/abseil/abseil-cpp' },
  fp16: { purl: { type: 'github', repo: 'Maratyszcza/FP16' }, upstream: 'https://github.com/Maratyszcza/FP16' },
  highway: { purl: { type: 'github', repo: 'google/highway' }, upstream: 'https://github.com/google/highway' },
  ittapi: {
    purl: { type: 'github', repo: 'intel/ittapi' },
    upstream: 'https://github.com/intel/ittapi',
    noVersionMarker: 'V8 vendors ittapi with no version file (no README.chromium, README.v8, METADATA, nor a version in CMakeLists.txt)',
  },
  inspector_protocol: { upstream: 'https://chromium.googlesource.com/deps/inspector_protocol/' },
  google_benchmark: { purl: { type: 'github', repo: 'google/benchmark' }, upstream: 'https://github.com/google/benchmark', tooling: "V8's benchmarks" },
  google_benchmark_chrome: { purl: { type: 'github', repo: 'google/benchmark' }, upstream: 'https://github.com/google/benchmark', tooling: "V8's benchmarks" },
  'test262-harness': { purl: { type: 'github', repo: 'tc39/test262-harness' }, upstream: 'https://github.com/tc39/test262-harness', tooling: "V8's test runner" },
  colorama: { upstream: 'https://github.com/tartley/colorama', tooling: "V8's Python tools" },
  fast_float: { purl: { type: 'github', repo: 'fastfloat/fast_float' }, upstream: 'https://github.com/fastfloat/fast_float' },
};

/** The registry entry for `<root>/<name>`, a dependency vendored inside `parent`. */
export function nestedDependency(parent: string, root: string, name: string): VendoredDependency {
  const directory = `${root}/${name}`;
  const known = knownNested[name] ?? {};
  const { extraVersionFiles, ...rest } = known;
  return {
    id: `${parent}/${name}`,
    name,
    directory,
    versionFiles: [...(extraVersionFiles?.(directory) ?? []), ...metadataFiles(directory)],
    ecosystem: 'generic',
    purl: { type: 'generic' },
    upstream: '',
    ...rest,
    nestedIn: parent,
  };
}
