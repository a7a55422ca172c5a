import type { Assessment } from '../../advisories/node-core.js';
import type { Advisory, AdvisoryLookup } from '../../advisories/types.js';

/** What a write of one source changed, by how the stored record compared. */
export interface WriteSummary {
  /** New ids. */
  inserted: number;
  /** Ids already stored with an older `modified`, now replaced. */
  updated: number;
  /** Ids already stored with the same `modified` (a re-import). */
  unchanged: number;
  /** Ids stored with a newer `modified` than the one offered: the stored record stays. */
  older: number;
}

/** One feed or imported path, as the store remembers it. */
export interface SourceInfo {
  /** Stable id: `osv:npm`, `nvd`, `security-wg`, `import:/abs/path`. */
  id: string;
  /** The feed kind: `osv`, `ghsa`, `nvd`, `security-wg`. */
  kind: string;
  /** URL or absolute path it was read from. */
  location: string;
}

/** A source's row in `vigil db status`. */
export interface SourceStatus extends SourceInfo {
  /** ISO time of the last completed write. */
  lastSync: string;
  /** How many records that write offered (after bad ones were dropped). */
  records: number;
  /** Where an incremental feed resumes (NVD lastModified, an ETag); null when it has none. */
  cursor: string | null;
}

/** Which kinds of package the stored advisories can speak about (issue #17: "not checked" vs "secure"). */
export interface AdvisoryCoverage {
  /** Non-withdrawn advisories per OSV ecosystem (`npm`, `PyPI` …) their affected packages name. */
  ecosystems: Record<string, number>;
  /** Non-withdrawn advisories with NVD CPE configurations (what vendored C/C++ is matched by). */
  cpe: number;
}

export interface StoreStatus {
  backend: 'sqlite' | 'postgres' | 'memory';
  /** The file path, or the URL with its password removed. */
  location: string;
  advisories: number;
  withdrawn: number;
  /** Advisory counts by the feed that wrote each. */
  byFeed: Record<string, number>;
  sources: SourceStatus[];
  /** Bytes on disk (SQLite file plus WAL; PostgreSQL's pg_total_relation_size). */
  sizeBytes: number;
}

/** Records offered to a write, streamed so a 250,000-record dump never sits in memory. */
export type AdvisoryStream = AsyncIterable<Advisory> | Iterable<Advisory>;

export interface WriteOptions {
  /** Where an incremental feed resumes next time; stored with the source in the same transaction. */
  cursor?: string | null;
  /**
   * The source's assessments, replacing those it wrote before. Read after `records` is exhausted,
   * so a reader may fill the array while it streams.
   */
  assessments?: Assessment[];
}

/**
 * The storage interface (STYLE.md rule 10): one write door, one status door, and the lookup that
 * review reads through. A write is one transaction: a source is applied whole or not at all, so
 * an interrupted import or sync leaves the previous state and simply runs again.
 */
export interface AdvisoryStore extends AdvisoryLookup {
  /** Upsert every record (newer `modified` wins) and record the source with its cursor, atomically. */
  write(source: SourceInfo, records: AdvisoryStream, options?: WriteOptions): Promise<WriteSummary>;
  /** Every stored assessment (security-wg `vuln/deps`), for triage. */
  assessments(): Promise<Assessment[]>;
  /** The stored state of one source (its cursor, for incremental sync); null when never written. */
  source(id: string): Promise<SourceStatus | null>;
  status(): Promise<StoreStatus>;
  /** No advisory at all (withdrawn ones count): one row read, where status() counts every row (~60 ms on a 100,000-record SQLite store). */
  isEmpty(): Promise<boolean>;
  /** Advisory counts per ecosystem and with CPE data: whether a package could be checked at all. */
  coverage(): Promise<AdvisoryCoverage>;
  /** One advisory by id or alias; null when unknown (withdrawn ones included, for `db show`). */
  get(id: string): Promise<Advisory | null>;
  close(): Promise<void>;
}
