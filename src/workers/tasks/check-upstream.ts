import { z } from 'zod';
import { ExternalHostError } from '../../errors.js';
import { guardedFetch, readBounded } from '../../util/fetch-policy.js';
import { parseJsonBody } from '../../util/http.js';
import { safeExcerpt } from '../../util/redact.js';
import { RateBudget } from '../rate-budget.js';

/** The fields of GitHub's release answer this job records, checked where the answer enters (#20). */
const LatestRelease = z.looseObject({ tag_name: z.string(), html_url: z.string().nullish(), published_at: z.string().nullish() });
import type { JobDefinition } from '../types.js';

/**
 * The newest release of a dependency's upstream on GitHub (`GET /repos/{owner}/{repo}/releases/latest`),
 * recorded as an update check. Every request takes from the token's shared budget first and
 * corrects it from the response's rate-limit headers, so many workers on one token stay under
 * GitHub's limit. A 404 (no releases) is recorded as inconclusive, never as "up to date".
 */
export const checkUpstreamJob: JobDefinition<'check-upstream'> = {
  id: 'check-upstream',
  summary: "check a dependency's upstream for a newer release and record the check",
  async run(payload, context) {
    const base = context.github.baseUrl.replace(/\/+$/, '');
    const key = RateBudget.keyOf(context.github.token, new URL(base).host);
    await context.budget.take(key, `${payload.upstream} releases`);
    const url = `${base}/repos/${payload.upstream}/releases/latest`;
    // The one fetch: no credentials across origins, bounded announced retries, unreachable hosts once.
    const { response, url: answered } = await guardedFetch(url, {
      headers: { accept: 'application/vnd.github+json', 'user-agent': 'vigil', ...(context.github.token ? { authorization: `Bearer ${context.github.token}` } : {}) },
    }, { timeoutMs: 30_000, retries: 0, crossOrigin: 'refuse' });
    await context.budget.observe(key, response.headers, response.status);
    const checkedAt = new Date().toISOString();
    const check = { project: payload.project, dependency: payload.dependency, checkedAt, current: payload.current };
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      await context.store.records.recordUpdateCheck({ ...check, latest: null, error: `${payload.upstream} publishes no GitHub release`, detail: null });
      return;
    }
    const host = new URL(answered).host;
    const body = await readBounded(response, 16 * 1024 * 1024, answered, host);
    // Anything else that is not a 200 may pass later: the queue retries with backoff.
    if (!response.ok) throw new ExternalHostError(host, `${answered} answered HTTP ${response.status}: ${safeExcerpt(body)}`, { status: response.status });
    const release = parseJsonBody(body, LatestRelease, answered);
    await context.store.records.recordUpdateCheck({ ...check, latest: release.tag_name.replace(/^v/, ''), error: null, detail: { tag: release.tag_name, url: release.html_url ?? null, publishedAt: release.published_at ?? null } });
  },
};
