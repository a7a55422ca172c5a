import { RateBudget } from '../rate-budget.js';
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
    const response = await fetch(`${base}/repos/${payload.upstream}/releases/latest`, {
      headers: { accept: 'application/vnd.github+json', 'user-agent': 'vigil', ...(context.github.token ? { authorization: `Bearer ${context.github.token}` } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
    await context.budget.observe(key, response.headers, response.status);
    const checkedAt = new Date().toISOString();
    const check = { project: payload.project, dependency: payload.dependency, checkedAt, current: payload.current };
    if (response.status === 404) {
      await context.store.records.recordUpdateCheck({ ...check, latest: null, error: `${payload.upstream} publishes no GitHub release`, detail: null });
      return;
    }
    // Anything else that is not a 200 may pass later: the queue retries with backoff.
    if (!response.ok) throw new Error(`${base}/repos/${payload.upstream}/releases/latest answered ${response.status}`);
    const release = (await response.json()) as { tag_name?: unknown; html_url?: unknown; published_at?: unknown };
    if (typeof release.tag_name !== 'string') throw new Error(`${payload.upstream}: the latest release has no tag_name`);
    await context.store.records.recordUpdateCheck({ ...check, latest: release.tag_name.replace(/^v/, ''), error: null, detail: { tag: release.tag_name, url: release.html_url ?? null, publishedAt: release.published_at ?? null } });
  },
};
