import type { Ecosystem } from '../types.js';

/**
 * What a version parser makes of one file. `absent` means "this file carries no version, try
 * the next candidate" (an `#include` shim, a `{"type":"module"}` marker); `unexpected` means the
 * file is the right one but its version line is in a form we do not know: the dependency is then
 * reported as version unknown with this reason, never guessed (issue #2, bad input). `stated`: the
 * file itself says the version is unknown (README.chromium `Version: unknown`, as V8's
 * google_benchmark writes): a fact of the tree, reported as a warning rather than a read failure.
 */
export type VersionOutcome =
  | { kind: 'found'; version: string }
  | { kind: 'absent'; reason: string }
  | { kind: 'unexpected'; reason: string; stated?: boolean };

/** A pure function from a file's text to a version outcome. */
export type VersionParser = (text: string) => VersionOutcome;

/** One place a version may be read from; `*` in a path segment matches any one directory name. */
export interface VersionFile {
  path: string;
  parser: VersionParser;
}

/** How the purl of a vendored component is built. */
export type PurlRule = { type: 'github'; repo: string } | { type: 'npm'; name?: string } | { type: 'pypi'; name: string } | { type: 'generic' };

/**
 * One vendored dependency of a Node.js core checkout (STYLE.md rule 7: knowledge is data).
 * A reviewed table of these is the whole of what inventory knows about `deps/`.
 */
export interface VendoredDependency {
  /** Stable kebab id, e.g. `openssl`, `cjs-module-lexer`. */
  id: string;
  /** The name reported in the inventory (the npm name for JavaScript dependencies). */
  name: string;
  /** The directory it lives in, relative to the root (`deps/openssl`, `tools/gyp`). */
  directory: string;
  /** Candidate version files, tried in order until one yields a version. */
  versionFiles: VersionFile[];
  /**
   * Files that restate the version for the build (`src/undici_version.h` feeds
   * `process.versions.undici`): read after the version is found, and a disagreement is a warning,
   * because what Node reports and what it ships then differ.
   */
  mirrors?: (VersionFile & { note?: string })[];
  /** When the tree carries no version marker at all: why (then the version is reported unknown). */
  noVersionMarker?: string;
  ecosystem: Ecosystem;
  purl: PurlRule;
  /** NVD's vendor:product, where NVD has one. */
  cpe?: { vendor: string; product: string };
  /** Upstream repository or home page. */
  upstream: string;
  /** For forks (Chromium's zlib): what it is forked from, so matching can be careful. */
  fork?: { of: string; note: string };
  /**
   * Why it is not part of what Node ships, when it is only built or tested with (googletest,
   * gyp-next, V8's Python templating): reported as tooling, like the tools/ lockfiles.
   */
  tooling?: string;
  /** For a component vendored inside another vendored component: the parent's id. */
  nestedIn?: string;
  /** What a particular version changes: quictls' `+quic` is another upstream, and NVD knows only the base version. */
  variant?: (version: string) => Variant;
}

/** Per-version refinements of an entry. */
export interface Variant {
  /** The version to put in the CPE, when NVD spells it differently (`3.0.10+quic` → `3.0.10`). */
  cpeVersion?: string;
  purl?: PurlRule;
  fork?: { of: string; note: string };
  upstream?: string;
}
