import type { MonitorStore } from '../../store/index.js';
import type { RepoRef } from '../../monitor/types.js';
import { html, raw, scoreBand, type Page } from '../html.js';
import { lineChart } from '../svg/line-chart.js';

const docs = (check: string): string => `https://github.com/ossf/scorecard/blob/main/docs/checks.md#${check.toLowerCase()}`;

export async function repositoryPage(store: MonitorStore, ref: RepoRef): Promise<Page | null> {
  const points = await store.history(ref);
  if (points.length === 0) return null;
  const current = points.at(-1)!;
  const name = `${ref.org}/${ref.repo}`;
  const checkNames = [...new Set(points.flatMap((point) => point.checks.map((check) => check.name)))].sort();
  const chart = lineChart(
    points.map((point) => ({ date: point.date, value: point.score })),
    { label: `Score history of ${name}: ${points.length} runs, from ${points[0]!.score} to ${current.score}` },
  );
  const body = html`<p><a href="https://${ref.platform}/${ref.org}/${ref.repo}">${ref.platform}/${name}</a> · score <strong>${current.score}</strong> at commit <code>${current.commit.slice(0, 12)}</code> on ${current.date.slice(0, 10)}</p>
<h2>Score history</h2>
<figure>${raw(chart)}<figcaption class="muted">${points.length} recorded runs</figcaption></figure>
<details><summary>The same history as a table</summary>
<table><caption>Score per run</caption><thead><tr><th scope="col">Date</th><th scope="col">Commit</th><th scope="col" class="num">Score</th></tr></thead>
<tbody>${points.map((point) => html`<tr><td>${point.date.slice(0, 10)}</td><td><code>${point.commit.slice(0, 7)}</code></td><td class="num">${point.score}</td></tr>`)}</tbody></table></details>
<h2>Checks over time</h2>
${checkNames.length === 0
    ? html`<p class="muted">These runs recorded aggregate scores only (imported from scorecard-monitor); per-check history starts with Vigil's first run.</p>`
    : html`<table><caption>Each check's score across runs</caption><thead><tr><th scope="col">Check</th><th scope="col">History</th><th scope="col" class="num">Now</th></tr></thead>
<tbody>${checkNames.map((check) => {
        const series = points.flatMap((point) => point.checks.filter((entry) => entry.name === check).map((entry) => ({ date: point.date, value: entry.score })));
        const now = current.checks.find((entry) => entry.name === check)?.score;
        return html`<tr><th scope="row">${check}</th><td>${raw(lineChart(series, { label: `${check} history of ${name}`, width: 160, height: 28, dots: false, min: -1 }))}</td><td class="num" style="background:${scoreBand(now ?? -1).background}">${now ?? '—'}</td></tr>`;
      })}</tbody></table>`}
<h2>Current details</h2>
${current.checks.length === 0
    ? html`<p class="muted">No per-check details recorded for the newest run.</p>`
    : current.checks
        .slice()
        .sort((a, b) => a.score - b.score)
        .map(
          (check) => html`<section aria-labelledby="check-${check.name}"><h3 id="check-${check.name}">${check.name}: ${check.score < 0 ? 'inconclusive' : `${check.score} / 10`}</h3>
<p>${check.reason}</p>${check.details && check.details.length > 0 ? html`<ul>${check.details.map((line) => html`<li><code>${line}</code></li>`)}</ul>` : ''}
<p><a href="${docs(check.name)}">How to improve ${check.name}</a></p></section>`,
        )}`;
  return { title: name, section: 'repository', body };
}
