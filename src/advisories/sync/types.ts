import type { HttpClient } from '../../util/http.js';
import type { Progress } from '../../util/log.js';
import type { ImportProblem } from '../sources/types.js';
import type { AdvisoryStore, SourceInfo, WriteSummary } from '../../store/advisories/types.js';

/** Feed ids `vigil db sync` knows, in the order it runs them. */
export type FeedId = 'osv' | 'ghsa' | 'nvd' | 'security-wg';

/** Everything a feed's live door needs; clients are built by the CLI from config (STYLE.md rule 9). */
export interface SyncContext {
  store: AdvisoryStore;
  http: {
    /** OSV's bucket: `<base>/<ecosystem>/all.zip`. */
    osv: HttpClient;
    /** GitHub REST (advisories, the security-wg tarball), with the token if there is one. */
    github: HttpClient;
    /** NVD CVE API 2.0, with the API key header if there is one. */
    nvd: HttpClient;
  };
  settings: {
    osvEcosystems: string[];
    ghsaEcosystems: string[];
    securityWgRepo: string;
    securityWgRef: string;
    /** Whether an NVD API key is configured: it raises the rate limit from 5 to 50 requests per 30 s. */
    nvdApiKey: boolean;
  };
  /** Injected so tests need no real clock or waits. */
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** A scratch directory for downloads; the caller removes it. */
  scratchDir: string;
  onProblem(problem: ImportProblem): void;
  progress(label: string, total?: number): Progress;
}

/** What syncing one source did. `summary` is null when the feed said nothing changed. */
export interface SourceSyncResult {
  source: SourceInfo;
  summary: WriteSummary | null;
  records: number;
  /** The cursor stored for next time (ETag, commit, lastModified). */
  cursor: string | null;
  note?: string;
}

/** A feed's live door: fetch, and write each of its sources whole. */
export interface FeedSync {
  id: FeedId;
  description: string;
  sync(context: SyncContext): Promise<SourceSyncResult[]>;
}
