import { nvdPageToAdvisories } from '../../formats/nvd/read.js';
import { NvdPage } from '../../formats/nvd/schema.js';
import { parseJsonBody } from '../../util/http.js';
import type { Advisory } from '../types.js';
import { RateLimiter } from './rate-limit.js';
import type { FeedSync, SourceSyncResult, SyncContext } from './types.js';

/** NVD's largest page, and its largest lastModified range (https://nvd.nist.gov/developers/vulnerabilities). */
export const NVD_PAGE_SIZE = 2000;
const MAX_RANGE_MS = 120 * 86_400_000;
/** A first, full sync commits every this many pages, so an interruption loses at most one batch. */
const FULL_SYNC_PAGES_PER_COMMIT = 10;

const SOURCE = { id: 'nvd', kind: 'nvd' };

/** NVD wants ISO-8601 with an explicit offset; `+00:00` (sent as %2B00:00) is what its examples use. */
function nvdTime(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

interface PageRun {
  advisories: Advisory[];
  totalResults: number;
  /** Items on this page, bad ones included: where the next page starts. */
  count: number;
}

/** One API page, rate limited; bad CVE items are reported and skipped. */
async function fetchPage(context: SyncContext, limiter: RateLimiter, params: URLSearchParams): Promise<PageRun> {
  await limiter.take();
  // Absolute, so the base URL is used exactly as documented (no trailing slash before the query).
  const path = `${context.http.nvd.baseUrl}?${params.toString()}`;
  const answer = await context.http.nvd.request(path, { headers: { accept: 'application/json' } });
  if (!answer) return { advisories: [], totalResults: 0, count: 0 };
  const page = parseJsonBody(answer.body, NvdPage, context.http.nvd.url(path));
  const advisories: Advisory[] = [];
  for (const result of nvdPageToAdvisories(page)) {
    if ('advisory' in result) advisories.push(result.advisory);
    else context.onProblem({ file: context.http.nvd.url(path), message: result.problem });
  }
  return { advisories, totalResults: page.totalResults ?? page.vulnerabilities.length, count: page.vulnerabilities.length };
}

/**
 * NVD CVE API 2.0. The cursor says where to resume:
 * - `full:<started>:<startIndex>` while a first sync pages through every CVE (committed every
 *   ten pages, so an interruption resumes at the last committed page);
 * - `<ISO time>` afterwards: the next sync asks for CVEs modified since then, in windows of at
 *   most 120 days, each window committed whole with its end as the new cursor.
 */
export async function syncNvd(context: SyncContext): Promise<SourceSyncResult> {
  const source = { ...SOURCE, location: context.http.nvd.baseUrl };
  const previous = await context.store.source(source.id);
  const limiter = new RateLimiter(context.settings.nvdApiKey ? 50 : 5, 30_000, () => context.now().getTime(), context.sleep);
  const progress = context.progress('nvd');
  const totals = { inserted: 0, updated: 0, unchanged: 0, older: 0 };
  const add = (summary: typeof totals): void => {
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += summary[key];
  };
  let records = 0;
  let cursor = previous?.cursor ?? null;

  const full = cursor === null ? { started: context.now().toISOString(), startIndex: 0 } : parseFullCursor(cursor);
  if (full) {
    let startIndex = full.startIndex;
    let total = Infinity;
    while (startIndex < total) {
      const batch: Advisory[] = [];
      for (let page = 0; page < FULL_SYNC_PAGES_PER_COMMIT && startIndex < total; page++) {
        const run = await fetchPage(context, limiter, new URLSearchParams({ resultsPerPage: String(NVD_PAGE_SIZE), startIndex: String(startIndex) }));
        total = run.totalResults;
        batch.push(...run.advisories);
        // NVD may answer fewer than asked for; the next page starts after what came.
        startIndex += run.count;
        if (run.count === 0) total = startIndex;
        progress.update(Math.min(startIndex, total), `of ${total} CVEs`);
      }
      cursor = startIndex < total ? `full:${full.started}:${startIndex}` : full.started;
      add(await context.store.write(source, batch, { cursor }));
      records += batch.length;
    }
    cursor = full.started;
  }

  // Incremental: everything modified since the cursor, window by window.
  const end = context.now();
  let from = new Date(cursor as string);
  while (from < end) {
    const to = new Date(Math.min(from.getTime() + MAX_RANGE_MS, end.getTime()));
    const window: Advisory[] = [];
    let startIndex = 0;
    let total = Infinity;
    while (startIndex < total) {
      const params = new URLSearchParams({ lastModStartDate: nvdTime(from), lastModEndDate: nvdTime(to), resultsPerPage: String(NVD_PAGE_SIZE), startIndex: String(startIndex) });
      const run = await fetchPage(context, limiter, params);
      total = run.totalResults;
      window.push(...run.advisories);
      startIndex += run.count;
      if (run.count === 0) break;
    }
    cursor = to.toISOString();
    add(await context.store.write(source, window, { cursor }));
    records += window.length;
    progress.update(records, `CVEs, up to ${cursor}`);
    from = to;
  }
  progress.done(`${records} CVEs`);
  return { source, summary: totals, records, cursor };
}

function parseFullCursor(cursor: string): { started: string; startIndex: number } | null {
  const match = /^full:(?<started>.+):(?<index>\d+)$/.exec(cursor);
  return match?.groups ? { started: match.groups.started as string, startIndex: Number(match.groups.index) } : null;
}

export const nvdFeed: FeedSync = {
  id: 'nvd',
  description: 'NVD CVE API 2.0, incremental by lastModified (an API key raises the rate limit)',
  async sync(context) {
    return [await syncNvd(context)];
  },
};
