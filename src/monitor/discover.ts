import type { GitHubClient } from '../forge/index.js';

export interface DiscoverOptions {
  includeArchived?: boolean;
  includeForks?: boolean;
}

/**
 * Every repository of an organisation (paginated), archived ones and forks left out unless asked.
 * The organisation name is case-insensitive on GitHub; the API answers for any casing.
 */
export async function discoverRepositories(client: GitHubClient, org: string, options: DiscoverOptions = {}): Promise<string[]> {
  const repos = await client.paginate(client.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
  return repos
    .filter((repo) => (options.includeArchived || !repo.archived) && (options.includeForks || !repo.fork))
    .map((repo) => repo.name)
    .sort((a, b) => a.localeCompare(b));
}
