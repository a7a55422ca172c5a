import { html, type Page } from '../html.js';
import type { ReviewSnapshot } from '../../store/index.js';

export function findingsPage(snapshots: ReviewSnapshot[]): Page {
  if (snapshots.length === 0) {
    return { title: 'Vulnerability findings', section: 'findings', body: html`<p>No review recorded yet. Run <code>vigil review --record</code> on a project to see its findings here.</p>` };
  }
  const body = html`${snapshots.map(
    (snapshot) => html`<section><h2>${snapshot.project} · ${snapshot.line}</h2>
<p class="muted">Reviewed ${snapshot.recordedAt.slice(0, 16).replace('T', ' ')} · ${snapshot.findings.length} findings</p>
${snapshot.findings.length === 0
      ? html`<p>No known vulnerabilities.</p>`
      : html`<table><caption>Findings in ${snapshot.project} (${snapshot.line})</caption>
<thead><tr><th scope="col">Vulnerability</th><th scope="col">Package</th><th scope="col">Severity</th><th scope="col">Fixed in</th><th scope="col">Summary</th></tr></thead>
<tbody>${snapshot.findings.map((finding) => html`<tr><th scope="row">${finding.id}${finding.aliases.length ? html`<br><span class="muted">${finding.aliases.join(', ')}</span>` : ''}</th><td>${finding.package}@${finding.version ?? '?'}</td><td>${finding.severity}${finding.triage ? html`<br><span class="muted">triaged: ${finding.triage}</span>` : ''}</td><td>${finding.fixed ?? '—'}</td><td>${finding.summary}</td></tr>`)}</tbody></table>`}</section>`,
  )}`;
  return { title: 'Vulnerability findings', section: 'findings', body };
}
