import type { UpstreamSource } from '../types.js';

const V = '(?<version>\\d+\\.\\d+\\.\\d+)';
const github = (repo: string, tagPattern = `^v${V}$`, datasource: 'github-releases' | 'github-tags' = 'github-releases'): UpstreamSource => ({ datasource, repo, tagPattern });
const npm = (name: string): UpstreamSource => ({ datasource: 'npm', package: name });

/**
 * Where each vendored dependency publishes releases, keyed by the inventory registry's id
 * (`src/inventory/vendored/registry.ts`). Tag patterns follow what each project actually tags,
 * as nodejs/node's tools/dep_updaters/update-*.sh read them. A test checks every registry id
 * has an entry here.
 */
export const upstreamSources: Record<string, UpstreamSource> = {
  // update-openssl.sh follows openssl/openssl releases (`openssl-3.0.15`); quictls builds are matched on their base release.
  openssl: github('openssl/openssl', `^openssl-${V}$`),
  zlib: { datasource: 'none', reason: "Chromium's zlib has no releases: update-zlib.sh takes the newest commit of chromium/src/third_party/zlib" },
  libuv: github('libuv/libuv'),
  llhttp: github('nodejs/llhttp', `^release/v${V}$`),
  nghttp2: github('nghttp2/nghttp2'),
  nghttp3: github('ngtcp2/nghttp3'),
  ngtcp2: github('ngtcp2/ngtcp2'),
  // c-ares tagged `cares-1_19_1` until 1.23, `v1.34.5` since.
  'c-ares': { datasource: 'github-releases', repo: 'c-ares/c-ares', tagPattern: '^(?:v|cares-)(?<version>\\d+[._]\\d+[._]\\d+)$', transform: 'underscore-to-dot' },
  brotli: github('google/brotli'),
  ada: github('ada-url/ada'),
  simdutf: github('simdutf/simdutf'),
  simdjson: github('simdjson/simdjson'),
  // ICU tags `release-73-2` (and `release-74-1`); minor releases only.
  icu: { datasource: 'github-releases', repo: 'unicode-org/icu', tagPattern: '^release-(?<version>\\d+-\\d+)$', transform: 'dash-to-dot' },
  'icu-full': { datasource: 'github-releases', repo: 'unicode-org/icu', tagPattern: '^release-(?<version>\\d+-\\d+)$', transform: 'dash-to-dot' },
  // V8 has no GitHub releases: its tags (`11.3.244.8`) live on chromium.googlesource.com.
  v8: { datasource: 'git-tags', url: 'https://chromium.googlesource.com/v8/v8.git', tagPattern: '^(?<version>\\d+\\.\\d+\\.\\d+\\.\\d+)$' },
  uvwasi: github('nodejs/uvwasi'),
  base64: github('aklomp/base64', `^v${V}$`, 'github-tags'),
  histogram: github('HdrHistogram/HdrHistogram_c', `^${V}$`),
  // Chromium's inspector_protocol has no releases: Node pins a commit (update-inspector-protocol.sh).
  inspector_protocol: { datasource: 'none', reason: 'Node vendors inspector_protocol at a Chromium commit, not a release' },
  googletest: { datasource: 'none', reason: 'Node vendors googletest at a commit (update-googletest.sh), not a release' },
  // SQLite publishes on its download page only: sqlite-amalgamation-3460100.zip is 3.46.1.
  sqlite: { datasource: 'url-pattern', url: 'https://sqlite.org/download.html', pattern: 'sqlite-amalgamation-(?<version>\\d{7})\\.zip', transform: 'sqlite-number' },
  zstd: github('facebook/zstd'),
  nbytes: github('nodejs/nbytes'),
  ncrypto: github('nodejs/ncrypto'),
  merve: github('anonrig/merve'),
  lief: github('lief-project/LIEF', `^v?${V}$`),
  undici: npm('undici'),
  acorn: npm('acorn'),
  'acorn-walk': npm('acorn-walk'),
  'cjs-module-lexer': npm('cjs-module-lexer'),
  minimatch: npm('minimatch'),
  amaro: npm('amaro'),
  // Bundled inside amaro's dist/: it moves when amaro is updated (update-amaro.sh), never on its own.
  'amaro-swc-wasm-typescript': { datasource: 'none', reason: 'bundled in amaro (deps/amaro/dist); updated with amaro, not on its own' },
  corepack: npm('corepack'),
  npm: npm('npm'),
  postject: npm('postject'),
  'gyp-next': github('nodejs/gyp-next'),
};
