/**
 * The inventory model: what every other area (review, updates, scorecard's Vulnerabilities
 * check, SBOM writers) consumes. One Package per (component, place it was found).
 */

/** Where a component comes from. */
export type Origin = 'vendored' | 'lockfile' | 'installed' | 'sbom';

/** The package universe its name and version belong to; `generic` is vendored C/C++ and the like. */
export type Ecosystem = 'npm' | 'generic' | 'pypi' | 'github';

/** How the dependency is used, as the lockfile or tree says. */
export type Scope = 'prod' | 'dev' | 'optional' | 'peer' | 'dev-optional';

/**
 * How the package was specified: a registry version, or something that is not a registry
 * package at all (npm: alias, git, file:, link:, a tarball URL) and must not be matched as one.
 */
export type SourceKind = 'registry' | 'alias' | 'git' | 'file' | 'link' | 'tarball' | 'workspace' | 'vendored' | 'unknown';

/** One link of a dependency path: how a package is reached, e.g. `deps/npm` › `node_modules/minimatch`. */
export type DependencyPath = string[];

export interface Package {
  /** Stable within one inventory: `${origin}:${foundIn}:${name}@${version}`. */
  id: string;
  ecosystem: Ecosystem;
  name: string;
  /** The exact version; null when it cannot be read (then `versionUnknownReason` says why). */
  version: string | null;
  versionUnknownReason?: string;
  /** Package URL (purl spec); null when the component has no meaningful one. */
  purl: string | null;
  /** CPE 2.3 string with the version filled in, where the component has a known vendor:product. */
  cpe: string | null;
  origin: Origin;
  /** The file the version was read from, relative to the scanned root (or `<ref>:<path>` for --ref). */
  foundIn: string;
  /** The line of the package's own entry in `foundIn` (lockfiles), for reports that point at it (SARIF). */
  line?: number;
  scope: Scope;
  /** True when the project depends on it directly (a lockfile root dependency, a vendored dep). */
  direct: boolean;
  /** Extra facts from lockfiles and trees. */
  flags: { bundled?: boolean; optional?: boolean; dev?: boolean; peer?: boolean };
  source: SourceKind;
  /** For aliases, git, file and link specs: the spec as written (`npm:string-width@4.2.3`, `github:x/y#sha`). */
  spec?: string;
  /** Every chain that brings it in, root first. */
  paths: DependencyPath[];
  /** True when there were more chains than were kept (paths are capped per package, shortest first). */
  pathsCapped?: boolean;
  /** For forks such as Chromium's zlib: the upstream it is forked from, so matching can be careful. */
  fork?: { of: string; note: string };
  /** For components vendored inside a vendored component (V8's third_party): the parent's name. */
  nestedIn?: string;
  /** Upstream repository URL, where the registry knows it. */
  upstream?: string;
  /**
   * Not part of what the product ships: a package of a tooling lockfile in a Node.js core tree
   * (tools/doc, tools/lint-md, deps/v8/tools, a vendored dependency's own dev lockfile). SBOMs
   * give it CycloneDX `scope: excluded` / SPDX `DEV_TOOL_OF`; the review says a finding is in tooling.
   */
  tooling?: boolean;
}

/** What was scanned and how completely. */
export interface InventorySource {
  kind: Origin;
  /** The lockfile, the node_modules directory, the deps/ directory or the SBOM, relative to root. */
  path: string;
  /** e.g. `package-lock.json v3`, `pnpm-lock.yaml 9.0`, `node core deps/`. */
  format: string;
  packageCount: number;
}

/** Something that could not be read completely; a partial result is marked, never hidden. */
export interface InventoryProblem {
  path: string;
  line?: number;
  message: string;
  severity: 'warning' | 'error';
}

export interface Inventory {
  /** The scanned root, absolute. */
  root: string;
  /** The git ref and commit when read with --ref; null for a work tree. */
  ref: { name: string; commit: string } | null;
  /** Node.js itself, when the root is a Node.js core checkout. */
  node: { version: string; isRelease: boolean; moduleVersion?: number; napiVersion?: number } | null;
  sources: InventorySource[];
  packages: Package[];
  /** Directories under deps/ that no registry entry recognises: reported, never skipped. */
  unrecognised: string[];
  problems: InventoryProblem[];
  /** Inputs found and deliberately not read, as the package manager would not (a package-lock.json beside npm-shrinkwrap.json). */
  ignored?: { path: string; reason: string }[];
  /** True when some input could not be read: the result is incomplete. */
  partial: boolean;
}
