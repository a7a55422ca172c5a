/**
 * How each dependency that upstream publishes as a release archive is replaced in a Node.js
 * tree: where the archive is, the checksum upstream publishes next to it (when it does), which of
 * its files Node vendors, and which of Node's own files in the directory survive an update. Read
 * from nodejs/node's tools/dep_updaters/update-<dep>.sh (STYLE.md rule 7: knowledge is data).
 *
 * URL templates: `{tag}` is the release tag as upstream spelled it (from the GitHub datasource:
 * `cares-1_19_1`, `v1.34.5`, `release/v8.1.1`), `{version}` the version, `{github}` the download
 * host (https://github.com, or a mirror), `{raw}` raw file contents (https://raw.githubusercontent.com).
 * Globs: `*` matches within one path segment; a pattern naming a directory covers what is in it.
 */
export interface ArchiveSource {
  /** The archive to download. */
  url: string;
  format: 'tar.gz' | 'zip';
  /** Leading path segments every entry carries (`c-ares-1.34.5/`): removed. */
  strip: number;
  /** The checksum file upstream publishes next to the archive (sha256sum, BSD `--tag` or a bare hash). */
  checksum?: { url: string; algorithm: 'sha256' };
  /** Why no checksum is verified, when upstream publishes none: then the sha256 is reported so a reviewer can compare. */
  unverified?: string;
  /** Only these entries of the archive are vendored (nghttp2 keeps lib/ and COPYING). */
  only?: string[];
  /** Entries of the archive Node does not vendor (tests, demos). */
  drop?: string[];
  /** Files of the current directory that survive the update (Node's own gyp/GN files, its config): they win over the archive's. */
  keep: string[];
  /** Files Node's script fetches beside the archive (a license the single-header zip lacks). */
  extra?: { path: string; url: string }[];
  /** The updater script this entry follows. */
  script: string;
}

export const archiveSources: Record<string, ArchiveSource> = {
  'c-ares': {
    url: '{github}/c-ares/c-ares/releases/download/{tag}/c-ares-{version}.tar.gz',
    format: 'tar.gz',
    strip: 1,
    // c-ares signs its archives (a detached .asc): an OpenPGP check is not something Vigil does.
    unverified: 'c-ares publishes an OpenPGP signature (.asc), no checksum; Node’s updater logs the sha256 and so does Vigil',
    drop: ['test'],
    keep: ['config', '.gitignore', 'cares.gyp', '*.gn', '*.gni'],
    script: 'tools/dep_updaters/update-c-ares.sh',
  },
  nghttp2: {
    url: '{github}/nghttp2/nghttp2/releases/download/{tag}/nghttp2-{version}.tar.gz',
    format: 'tar.gz',
    strip: 1,
    // update-nghttp2.sh greps the archive's line out of checksums.txt and compares (sha256sum format).
    checksum: { url: '{github}/nghttp2/nghttp2/releases/download/{tag}/checksums.txt', algorithm: 'sha256' },
    only: ['lib', 'COPYING'],
    // config.h is Node's (nodejs/node#45572), as are the gyp and GN files.
    keep: ['lib/includes/config.h', 'nghttp2.gyp', '*.gn', '*.gni'],
    script: 'tools/dep_updaters/update-nghttp2.sh',
  },
  llhttp: {
    // The release/vX tags hold the generated C sources (and llhttp's own gyp file): vendored whole.
    url: '{github}/nodejs/llhttp/archive/refs/tags/{tag}.tar.gz',
    format: 'tar.gz',
    strip: 1,
    unverified: 'a GitHub tag archive: upstream publishes no checksum',
    keep: [],
    script: 'tools/dep_updaters/update-llhttp.sh',
  },
  ada: {
    url: '{github}/ada-url/ada/releases/download/{tag}/singleheader.zip',
    format: 'zip',
    strip: 0,
    unverified: 'ada publishes no checksum for singleheader.zip; Node’s updater logs the sha256 and so does Vigil',
    keep: ['*.gyp', 'README.md'],
    // Node's script takes LICENSE-MIT from HEAD; the tag's copy is the one that matches the release.
    extra: [{ path: 'LICENSE-MIT', url: '{raw}/ada-url/ada/{tag}/LICENSE-MIT' }],
    script: 'tools/dep_updaters/update-ada.sh',
  },
  simdutf: {
    url: '{github}/simdutf/simdutf/releases/download/{tag}/singleheader.zip',
    format: 'zip',
    strip: 0,
    unverified: 'simdutf publishes no checksum for singleheader.zip',
    drop: ['*_demo.cpp'],
    keep: ['*.gyp', 'README.md'],
    extra: [{ path: 'LICENSE-MIT', url: '{raw}/simdutf/simdutf/{tag}/LICENSE-MIT' }],
    script: 'tools/dep_updaters/update-simdutf.sh',
  },
  uvwasi: {
    url: '{github}/nodejs/uvwasi/archive/refs/tags/{tag}.zip',
    format: 'zip',
    strip: 1,
    unverified: 'a GitHub tag archive: upstream publishes no checksum',
    only: ['include', 'src', 'LICENSE'],
    keep: ['*.gyp'],
    script: 'tools/dep_updaters/update-uvwasi.sh',
  },
  brotli: {
    url: '{github}/google/brotli/archive/{tag}.tar.gz',
    format: 'tar.gz',
    strip: 1,
    unverified: 'a GitHub tag archive: upstream publishes no checksum',
    only: ['c', 'LICENSE'],
    keep: ['brotli.gyp'],
    script: 'tools/dep_updaters/update-brotli.sh',
  },
};

/**
 * Archive-shaped dependencies Node does not update from a release archive, and why (shown by
 * `vigil updates apply` instead of a generic refusal).
 */
export const notFromArchive: Record<string, string> = {
  ngtcp2: 'update-ngtcp2.sh clones the tag and runs autoreconf/configure; Vigil never runs a dependency’s build',
  nghttp3: 'update-nghttp3.sh clones the tag and runs autoreconf/configure; Vigil never runs a dependency’s build',
  histogram: 'update-histogram.sh copies seven chosen files into the existing directory rather than replacing it; not modelled yet',
  libuv: 'libuv carries patches after security releases; the WG switched its automatic update off',
  openssl: 'update-openssl.sh regenerates the per-architecture config with Perl and make; Vigil never runs a dependency’s build',
};
