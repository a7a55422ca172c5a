/** The updates area's models: where upstream publishes, what it published, and the update plan. */

/** How a tag or listed name becomes a version: `_`/`-` separators (c-ares `cares-1_19_1`, ICU `release-73-2`) or SQLite's number. */
export type VersionTransform = 'underscore-to-dot' | 'dash-to-dot' | 'sqlite-number';

/** Where upstream publishes releases (STYLE.md rule 7: knowledge is data, one entry per dependency). */
export type UpstreamSource =
  | { datasource: 'npm'; package: string }
  | { datasource: 'github-releases' | 'github-tags'; repo: string; tagPattern: string; transform?: VersionTransform }
  | { datasource: 'git-tags'; url: string; tagPattern: string; transform?: VersionTransform }
  | { datasource: 'url-pattern'; url: string; pattern: string; transform?: VersionTransform }
  /** Upstream has no releases to compare with (updated by commit): reported with the reason. */
  | { datasource: 'none'; reason: string };

export type DatasourceId = Exclude<UpstreamSource['datasource'], 'none'>;

/** One published version. */
export interface Release {
  version: string;
  /** ISO date when upstream says; undefined for tags and listings. */
  publishedAt: string | undefined;
  /** npm only: where the tarball is, and its Subresource Integrity hash. */
  tarball?: { url: string; integrity: string | undefined; shasum: string | undefined };
  /** npm only: the Node.js range the version declares (`engines.node`), which npm install honours. */
  nodeEngine?: string;
  /** GitHub: the tag as upstream spelled it (`cares-1_19_1`, `release/v8.1.1`), for archive URLs and compare links. */
  tag?: string;
}

/** What a datasource found: every release it could read, and the tags it could not parse. */
export interface ReleaseList {
  releases: Release[];
  /** Names upstream lists that do not parse as a version (reported, never guessed). */
  unparsed: string[];
  /** Requests made and how many were answered 304 Not Modified from the ETag cache. */
  requests: number;
  notModified: number;
  /** npm: the dist-tags (`latest`, `next`), for `npm outdated`'s `latest` and `wanted`. */
  distTags?: Record<string, string>;
  /** npm: deprecated releases, kept out of `releases` (never proposed) but needed for a current version's age. */
  deprecated?: Release[];
}

/** One datasource (Renovate's datasource idea): the releases an upstream has published. */
export interface Datasource {
  id: DatasourceId;
  releases(source: Extract<UpstreamSource, { datasource: DatasourceId }>): Promise<ReleaseList>;
}

/** How far a release line may move: the policy per Node.js release line. */
export type Allowance = 'any' | 'same-major' | 'same-minor' | 'none';

export interface LinePolicy {
  /** Dependency id (inventory's vendored registry id). */
  id: string;
  /** Node.js majors it applies to (`*` for all). */
  lines: number[] | '*';
  allow: Allowance;
  reason: string;
}

/** A dependency held at its version: shown in every report, with a reason and an expiry. */
export interface Hold {
  id: string;
  /** The version held; a hold for another version no longer applies (and says so). */
  version: string | undefined;
  reason: string;
  /** YYYY-MM-DD; an expired hold is reported as expired and no longer holds. */
  expires: string;
}

/** What `vigil updates` reports for one vendored dependency. */
export interface UpdateRow {
  id: string;
  name: string;
  directory: string;
  current: string | null;
  /** Newest stable release upstream; null when unknown (then `unknownReason`). */
  newest: string | null;
  /** Newest release the line's policy allows. */
  allowed: string | null;
  status: 'up-to-date' | 'behind' | 'held' | 'unknown';
  unknownReason?: string;
  /** Days between the current version's release and today, when upstream dates its releases. */
  ageDays: number | null;
  /** Newer releases than current that upstream has published. */
  behindBy: number;
  /** The releases between current (excluded) and allowed (included), oldest first. */
  between: string[];
  policy: { allow: Allowance; reason: string } | undefined;
  hold: (Hold & { expired: boolean; appliesTo: boolean }) | undefined;
  /** Advisories affecting the current version that the allowed version fixes. */
  fixes: { id: string; aliases: string[]; summary: string | undefined }[];
  /** True when `fixes` is known: the store holds advisories for this dependency's ecosystem or CPE. */
  securityChecked: boolean;
  /** Why `securityChecked` is false (no store, no npm advisories, no NVD data, no CPE). */
  securityUncheckedReason?: string;
  source: UpstreamSource;
  /** npm: the allowed release's tarball, for `apply`. */
  tarball?: Release['tarball'];
  /** GitHub: the tags of the current and the allowed release, when upstream lists them (archive URLs, compare links). */
  tags?: { from: string | undefined; to: string };
}

export interface UpdatesReport {
  root: string;
  node: string | null;
  rows: UpdateRow[];
  /** Requests made to upstreams, and how many were answered from the ETag cache. */
  requests: number;
  notModified: number;
}
