import { deltaOf } from '../../monitor/delta.js';
import type { MonitorStore } from '../../store/index.js';
import { repoKey, type RepoRef } from '../../monitor/types.js';
import { html, raw, scoreBand, type Page } from '../html.js';
import { lineChart } from '../svg/line-chart.js';

/** Sparklines show the newest points only: a year of weekly runs is enough for a trend. */
const TREND_POINTS = 52;

export const repoPath = (ref: RepoRef): string => `/repo/${encodeURIComponent(ref.platform)}/${encodeURIComponent(ref.org)}/${encodeURIComponent(ref.repo)}`;

export async function overviewPage(store: MonitorStore): Promise<Page> {
  // One indexed read per repository: the newest points for the trend, checks for the newest two only.
  const latest = await store.latest(TREND_POINTS, false, 2);
  const trends = new Map(latest.map((series) => [repoKey(series.ref), series.points.map((point) => ({ date: point.date, score: point.score })).reverse()]));
  const rows = latest
    .map((series) => deltaOf(series.ref, series.points)!)
    .filter(Boolean)
    .sort((a, b) => a.ref.org.localeCompare(b.ref.org) || a.ref.repo.localeCompare(b.ref.repo));
  if (rows.length === 0) {
    return { title: 'Overview', section: 'overview', body: html`<p>No scores recorded yet. Run <code>vigil monitor run</code> or import the WG's database with <code>vigil monitor import --database database.json</code>.</p>` };
  }
  const average = Math.round((rows.reduce((sum, row) => sum + row.current.score, 0) / rows.length) * 10) / 10;
  const body = html`<p>${rows.length} repositories, average score <strong>${average}</strong>.</p>
<table>
<caption>Every repository's newest OpenSSF Scorecard score and its trend</caption>
<thead><tr><th scope="col">Repository</th><th scope="col" class="num">Score</th><th scope="col" class="num">Change</th><th scope="col">Trend</th><th scope="col">Scored</th><th scope="col">Checks that moved</th></tr></thead>
<tbody>${rows.map((row) => {
    const trend = trends.get(repoKey(row.ref)) ?? [];
    const first = trend[0]?.score;
    const label = `Score trend of ${row.ref.org}/${row.ref.repo}: ${first} to ${row.current.score} over ${trend.length} runs`;
    return html`<tr><th scope="row"><a href="${repoPath(row.ref)}">${row.ref.org}/${row.ref.repo}</a></th>
<td class="num" style="background:${scoreBand(row.current.score).background}">${row.current.score}</td>
<td class="num">${row.delta > 0 ? `+${row.delta}` : row.delta}</td>
<td>${raw(lineChart(trend.map((point) => ({ date: point.date, value: point.score })), { label, width: 120, height: 28, dots: false }))}</td>
<td>${row.current.date.slice(0, 10)}</td>
<td>${row.moved.map((check) => `${check.name} ${check.from}→${check.to}`).join(', ')}</td></tr>`;
  })}</tbody>
</table>`;
  return { title: 'Overview', section: 'overview', body };
}
