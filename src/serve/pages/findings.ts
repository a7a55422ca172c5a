import { html, type Page } from '../html.js';
import type { ReviewSnapshot } from '../../store/index.js';

/** Links that filter the page by reachability verdict (`vigil review --reachability --record`). */
function verdictFilter(current: string | undefined) {
  const links = [['/findings', 'all'], ['/findings/reachable', 'reachable'], ['/findings/unknown', 'unknown'], ['/findings/not-reachable', 'not reachable']] as const;
  return html`<p>Reachability: ${links.map(([href, label]) => (current === href.slice(10) || (!current && href === '/findings') ? html`<strong>${label}</strong> ` : html`<a href="${href}">${label}</a> `))}</p>`;
}

/** The newest review of every project and line; with `verdict`, only findings with that reachability verdict. */
export function findingsPage(all: ReviewSnapshot[], verdict?: string): Page {
  const snapshots = verdict ? all.map((snapshot) => ({ ...snapshot, findings: snapshot.findings.filter((finding) => finding.reachability === verdict) })) : all;
  if (snapshots.length === 0) {
    return { title: 'Vulnerability findings', section: 'findings', body: html`<p>No review recorded yet. Run <code>vigil review --record</code> on a project to see its findings here.</p>` };
  }
  const body = html`${verdictFilter(verdict)}${snapshots.map(
    (snapshot) => html`<section><h2>${snapshot.project} · ${snapshot.line}</h2>
<p class="muted">Reviewed ${snapshot.recordedAt.slice(0, 16).replace('T', ' ')} · ${snapshot.findings.length} findings</p>
${snapshot.findings.length === 0
      ? html`<p>No known vulnerabilities.</p>`
      : html`<table><caption>Findings in ${snapshot.project} (${snapshot.line})</caption>
<thead><tr><th scope="col">Vulnerability</th><th scope="col">Package</th><th scope="col">Severity</th><th scope="col">Fixed in</th><th scope="col">Summary</th></tr></thead>
<tbody>${snapshot.findings.map((finding) => html`<tr><th scope="row">${finding.id}${finding.aliases.length ? html`<br><span class="muted">${finding.aliases.join(', ')}</span>` : ''}</th><td>${finding.package}@${finding.version ?? '?'}</td><td>${finding.severity}${finding.triage ? html`<br><span class="muted">triaged: ${finding.triage}</span>` : ''}${finding.reachability ? html`<br><span class="muted" title="${finding.reachabilityEvidence ?? ''}">${finding.reachability}</span>` : ''}</td><td>${finding.fixed ?? '—'}</td><td>${finding.summary}</td></tr>`)}</tbody></table>`}</section>`,
  )}`;
  return { title: 'Vulnerability findings', section: 'findings', body };
}
