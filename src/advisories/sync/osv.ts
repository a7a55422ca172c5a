import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { documentToRecords } from '../import.js';
import { zipEntries } from '../sources/entries.js';
import type { ImportProblem } from '../sources/types.js';
import type { Advisory } from '../types.js';
import type { FeedSync, SourceSyncResult, SyncContext } from './types.js';

/**
 * OSV's public bucket (https://google.github.io/osv.dev/data/#data-dumps): one all.zip per
 * ecosystem. The ETag is the cursor, so an unchanged dump is a 304 and costs nothing.
 */
export async function syncOsvEcosystem(context: SyncContext, ecosystem: string): Promise<SourceSyncResult> {
  const source = { id: `osv:${ecosystem}`, kind: 'osv', location: context.http.osv.url(`${encodeURIComponent(ecosystem)}/all.zip`) };
  const previous = await context.store.source(source.id);
  const headers: Record<string, string> = previous?.cursor ? { 'if-none-match': previous.cursor } : {};
  const progress = context.progress(`osv ${ecosystem}`);
  const answer = await context.http.osv.request(`${encodeURIComponent(ecosystem)}/all.zip`, { headers });
  if (!answer || answer.response.status === 304) {
    progress.done('unchanged');
    return { source, summary: null, records: 0, cursor: previous?.cursor ?? null, note: 'unchanged since the last sync' };
  }
  const file = join(context.scratchDir, `osv-${ecosystem.replace(/[^\w.-]/g, '_')}-all.zip`);
  await writeFile(file, answer.body);
  let records = 0;
  // `db import` recovers what it can from a truncated archive; a sync must not. A dump cut short
  // in transit would land half a source and store the new ETag, and the next sync would answer
  // 304 and never fetch the rest. So a cut archive aborts this source: nothing is written, the
  // cursor stays, and the next run downloads the dump again.
  let truncated: string | null = null;
  const onProblem = (problem: ImportProblem): void => {
    if (problem.file === file && problem.message.startsWith('truncated archive')) truncated = problem.message;
    else context.onProblem(problem);
  };
  async function* advisories(): AsyncGenerator<Advisory> {
    for await (const entry of zipEntries(file, onProblem)) {
      let raw: unknown;
      try {
        raw = JSON.parse(await entry.text());
      } catch (error) {
        context.onProblem({ file: entry.name, message: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
      for (const result of documentToRecords(raw)) {
        if ('problem' in result) context.onProblem({ file: entry.name, message: result.problem });
        else {
          records++;
          if (records % 5_000 === 0) progress.update(records, 'records');
          yield result.advisory;
        }
      }
    }
    if (truncated) throw new Error(`${source.location}: the download is not a whole zip (${truncated}); nothing applied, the next sync fetches it again`);
  }
  const cursor = answer.response.headers.get('etag') ?? answer.response.headers.get('last-modified');
  const summary = await context.store.write(source, advisories(), { cursor });
  progress.done(`${records} records`);
  return { source, summary, records, cursor };
}

export const osvFeed: FeedSync = {
  id: 'osv',
  description: "OSV's per-ecosystem all.zip dumps",
  async sync(context) {
    const results: SourceSyncResult[] = [];
    for (const ecosystem of context.settings.osvEcosystems) results.push(await syncOsvEcosystem(context, ecosystem));
    return results;
  },
};
