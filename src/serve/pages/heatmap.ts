import type { MonitorStore } from '../../store/index.js';
import { html, scoreBand, type Page } from '../html.js';
import { repoPath } from './overview.js';

/** Checks by repositories: where the organisation is weak at a glance, with the numbers in the cells. */
export async function heatmapPage(store: MonitorStore): Promise<Page> {
  const latest = (await store.latest(1)).filter((series) => series.points[0]!.checks.length > 0);
  const checks = [...new Set(latest.flatMap((series) => series.points[0]!.checks.map((check) => check.name)))].sort();
  if (latest.length === 0) {
    return { title: 'Checks by repository', section: 'checks', body: html`<p>No per-check scores recorded yet: they come with Vigil's own runs (<code>vigil monitor run</code>).</p>` };
  }
  const body = html`<p class="muted">Each cell is the check's score (0–10; “?” is inconclusive). Colours: red below 4, yellow below 7, green 7 and up.</p>
<table class="heat"><caption>Newest score of every check in every repository</caption>
<thead><tr><th scope="col">Repository</th>${checks.map((check) => html`<th scope="col">${check}</th>`)}</tr></thead>
<tbody>${latest
    .sort((a, b) => a.ref.repo.localeCompare(b.ref.repo))
    .map((series) => {
      const byName = new Map(series.points[0]!.checks.map((check) => [check.name, check]));
      return html`<tr><th scope="row"><a href="${repoPath(series.ref)}">${series.ref.org}/${series.ref.repo}</a></th>${checks.map((name) => {
        const check = byName.get(name);
        if (!check) return html`<td class="cell">—</td>`;
        const band = scoreBand(check.score);
        return html`<td class="cell" style="background:${band.background}" title="${name}: ${check.reason}">${check.score < 0 ? '?' : check.score}</td>`;
      })}</tr>`;
    })}</tbody></table>`;
  return { title: 'Checks by repository', section: 'checks', body };
}
