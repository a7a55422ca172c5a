import { z } from 'zod';
import { HttpClient, parseJsonBody } from '../../util/http.js';

const Projects = z.array(z.object({ badge_level: z.string() }).loose());

/**
 * The OpenSSF Best Practices badge of a repository, from bestpractices.dev's
 * `projects.json?url=` (Scorecard's clients/cii_http_client.go); null when no project names it.
 */
export function createBestPracticesLookup(options: { baseUrl: string; timeout?: number; onRetry?: (message: string) => void }): { lookup: (repoUrl: string) => Promise<string | null>; calls: () => number } {
  const { onRetry } = options;
  const http = new HttpClient({
    baseUrl: options.baseUrl,
    timeout: options.timeout ?? 30_000,
    retries: 2,
    ...(onRetry ? { onRetry: (info: { url: string; waitMs: number; attempt: number; reason?: string }) => onRetry(`${new URL(info.url).host}: ${info.reason ?? 'failed'}; retrying in ${info.waitMs} ms (attempt ${info.attempt + 1} of 3)`) } : {}),
  });
  let calls = 0;
  return {
    calls: () => calls,
    async lookup(repoUrl) {
      calls += 1;
      const answer = await http.request(`projects.json?url=${encodeURIComponent(repoUrl)}`);
      if (!answer) return null;
      const projects = parseJsonBody(answer.body, Projects, `${options.baseUrl}/projects.json`);
      return projects[0]?.badge_level ?? null;
    },
  };
}
