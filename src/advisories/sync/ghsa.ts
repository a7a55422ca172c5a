import { ghsaRestToAdvisory } from '../../formats/ghsa/rest.js';
import { parseJsonBody } from '../../util/http.js';
import type { Advisory } from '../types.js';
import { z } from 'zod';
import { nextLink } from './link.js';
import type { FeedSync, SourceSyncResult, SyncContext } from './types.js';

const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

/** The day before an ISO time: `updated:>=` filters by date, so step back to never miss an edit. */
function dayBefore(iso: string): string {
  return new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * GitHub's global advisories (`GET /advisories`, reviewed ones by default) for one ecosystem,
 * every page (cursor pagination through Link headers), sorted by update time. The newest
 * `updated_at` seen is the cursor; the next sync asks only for advisories updated since.
 */
export async function syncGhsaEcosystem(context: SyncContext, ecosystem: string): Promise<SourceSyncResult> {
  const source = { id: `ghsa:${ecosystem}`, kind: 'ghsa', location: context.http.github.url(`advisories?ecosystem=${encodeURIComponent(ecosystem)}`) };
  const previous = await context.store.source(source.id);
  const query = new URLSearchParams({ ecosystem, per_page: '100', sort: 'updated', direction: 'asc' });
  if (previous?.cursor) query.set('updated', `>=${dayBefore(previous.cursor)}`);
  const progress = context.progress(`ghsa ${ecosystem}`);
  const advisories: Advisory[] = [];
  let cursor = previous?.cursor ?? null;
  let next: string | null = `advisories?${query.toString()}`;
  while (next) {
    const answer = await context.http.github.request(next, { headers: HEADERS });
    if (!answer) break;
    const page = parseJsonBody(answer.body, z.array(z.unknown()), context.http.github.url(next));
    for (const raw of page) {
      const result = ghsaRestToAdvisory(raw);
      if ('problem' in result) {
        context.onProblem({ file: source.location, message: result.problem });
        continue;
      }
      advisories.push(result.advisory);
      if (!cursor || Date.parse(result.advisory.modified) > Date.parse(cursor)) cursor = result.advisory.modified;
    }
    progress.update(advisories.length, 'advisories');
    next = nextLink(answer.response.headers.get('link'));
  }
  // Pages are collected first: an interrupted pagination writes nothing and the next run repeats it.
  const summary = await context.store.write(source, advisories, { cursor });
  progress.done(`${advisories.length} advisories`);
  return { source, summary, records: advisories.length, cursor };
}

export const ghsaFeed: FeedSync = {
  id: 'ghsa',
  description: 'GitHub global security advisories (REST API; a token raises the rate limit)',
  async sync(context) {
    const results: SourceSyncResult[] = [];
    for (const ecosystem of context.settings.ghsaEcosystems) results.push(await syncGhsaEcosystem(context, ecosystem));
    return results;
  },
};
