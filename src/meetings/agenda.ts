import type { GitHubClient } from '../forge/index.js';
import type { AgendaGroup, AgendaItem } from './types.js';

/** A search hit as GitHub's search API returns it (the fields the agenda needs). */
interface SearchHit {
  number: number;
  title: string;
  html_url: string;
  repository_url: string;
  pull_request?: unknown;
}

/** The search query for one organisation: open issues and pull requests carrying the label. */
export function agendaQuery(label: string, organisation: string): string {
  return `is:open label:"${label}" org:${organisation}`;
}

/**
 * Every open issue and pull request labelled for the agenda in the given organisations: one
 * search per organisation, every page of it. The client waits out rate limits as GitHub asks.
 */
export async function searchAgenda(client: GitHubClient, label: string, organisations: string[]): Promise<AgendaItem[]> {
  const items: AgendaItem[] = [];
  const seen = new Set<string>();
  for (const organisation of organisations) {
    const hits = (await client.paginate('GET /search/issues', { q: agendaQuery(label, organisation), per_page: 100 })) as SearchHit[];
    for (const hit of hits) {
      const item = toAgendaItem(hit);
      const key = `${item.repo}#${item.number}`;
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(item);
    }
  }
  return items;
}

function toAgendaItem(hit: SearchHit): AgendaItem {
  // repository_url is `<api>/repos/<owner>/<repo>`, whatever the API host.
  const repo = hit.repository_url.split('/').slice(-2).join('/');
  return { repo, number: hit.number, title: hit.title, url: hit.html_url, kind: hit.pull_request === undefined ? 'issue' : 'pull' };
}

/** Group items by repository, repositories in the order their first item came. Pure. */
export function groupByRepository(items: AgendaItem[]): AgendaGroup[] {
  const groups = new Map<string, AgendaItem[]>();
  for (const item of items) groups.set(item.repo, [...(groups.get(item.repo) ?? []), item]);
  return [...groups].map(([repo, repoItems]) => ({ repo, items: repoItems }));
}

/** One agenda line, as the WG's agenda tool writes it: `* Title [#898](url)`. */
export function agendaLine(item: AgendaItem): string {
  return `* ${item.title} [#${item.number}](${item.url})`;
}

/** The agenda as Markdown: a `### owner/repo` heading per repository, then its items. */
export function renderAgenda(groups: AgendaGroup[]): string {
  if (groups.length === 0) return '_No issues or pull requests carry the agenda label._\n';
  return groups.map((group) => [`### ${group.repo}`, '', ...group.items.map(agendaLine), ''].join('\n')).join('\n');
}
