/** The lockfile-project half of `vigil updates` (issue #8): `npm outdated`'s columns, plus the fixes. */
import type { UpdateRow } from '../types.js';

/** Where a direct dependency is declared in package.json; `transitive` when a dependency brings it in. */
export type DependencyType = 'dependencies' | 'optionalDependencies' | 'devDependencies' | 'peerDependencies' | 'transitive';

/** One dependency to look up: a direct one with the range its package.json declares, or a transitive one. */
export interface Candidate {
  /** The name on the registry (an `npm:` alias's target). */
  name: string;
  /** The name it is installed under, when it is an `npm:` alias. */
  alias?: string;
  /** The lockfile it was read from, relative to the scanned root. */
  lockfile: string;
  /** The package.json that declares it; null for transitive dependencies (and direct ones missing from it). */
  declaredIn: string | null;
  type: DependencyType;
  /** The range (or dist-tag) declared; null when none is known (transitive: its dependents declare it). */
  range: string | null;
  /** The version the lockfile resolves; null when the lockfile does not have it. */
  current: string | null;
  /** Not looked up (git, file, link and tarball dependencies are not registry packages). */
  skipReason?: string;
}

export type Fix = UpdateRow['fixes'][number];

/** What `vigil updates` reports for one dependency of a lockfile project. */
export interface ProjectUpdateRow extends Omit<Candidate, 'skipReason'> {
  /** Newest version the range allows, picked as npm does (the `latest` tag when it satisfies). */
  wanted: string | null;
  /** The registry's `latest` dist-tag. */
  latest: string | null;
  /** `latest`'s `engines.node` when it excludes the Node.js version checked against (npm outdated would then show an older latest). */
  latestNodeEngine: string | null;
  /** True when `latest` is outside the declared range (updating needs a package.json edit); null when unknown. */
  latestOutsideRange: boolean | null;
  /** `behind`: wanted or latest is newer than current. `unknown`: see `reason`. `skipped`: not a registry package. */
  status: 'behind' | 'up-to-date' | 'unknown' | 'skipped';
  reason?: string;
  /** Days since the current version was published. */
  ageDays: number | null;
  /** Advisories affecting current that wanted (and latest) no longer affect. */
  wantedFixes: Fix[];
  latestFixes: Fix[];
  /** True when the advisory store holds npm advisories; otherwise fixes are unknown, not none. */
  securityChecked: boolean;
  /** Why `securityChecked` is false (no store, or no npm advisories in it). */
  securityUncheckedReason?: string;
}

export interface ProjectUpdatesReport {
  root: string;
  /** The lockfiles read, relative to the root. */
  lockfiles: string[];
  rows: ProjectUpdateRow[];
  /** The Node.js version engines were checked against; null when they were not. */
  node: string | null;
  /** Distinct packages asked for (one registry request each), and how many were answered 304. */
  packages: number;
  requests: number;
  notModified: number;
  /** package.json files that could not be read (their dependencies are reported without a range). */
  problems: string[];
}
