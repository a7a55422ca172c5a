import semver from 'semver';
import type { Report, VulnerabilitiesJson } from '../formats/vulnerabilities-json/schema.js';
import { InputError } from '../errors.js';
import { majorOf } from './schedule.js';

const SEVERITY_ORDER = ['low', 'medium', 'high', 'critical'];

function ratingOf(report: Report): string {
  return typeof report.severity === 'string' ? '' : (report.severity.rating ?? '').toLowerCase();
}

/** Parse the release date as a calendar day in UTC: "2024/04/03" and "2024-04-03" alike. */
export function releaseDay(text: string | undefined): Date {
  const match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(text?.trim() ?? '');
  if (!match) throw new InputError(`release date ${JSON.stringify(text)} is not YYYY-MM-DD or YYYY/MM/DD`, { hint: 'set it with `vigil release set-date YYYY-MM-DD`' });
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** `april-2024-security-releases`, the nodejs.org blog slug node-core-utils derives from the date. */
export function announcementSlug(releaseDate: string): string {
  const day = releaseDay(releaseDate);
  return `${day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }).toLowerCase()}-${day.getUTCFullYear()}-security-releases`;
}

/** The blog post's URL, as security-wg entries reference it (trailing slash, as in vuln/core/139.json). */
export function announcementUrl(releaseDate: string): string {
  return releaseDate ? `https://nodejs.org/en/blog/vulnerability/${announcementSlug(releaseDate)}/` : '';
}

/** "Wednesday, April 3, 2024". */
export function longDate(releaseDate: string): string {
  return releaseDay(releaseDate).toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** Affected lines, newest first: "21.x, 20.x, 18.x". */
export function affectedLines(data: VulnerabilitiesJson): string[] {
  const lines = new Set(data.reports.flatMap((report) => report.affectedVersions));
  return [...lines].sort((a, b) => majorOf(b) - majorOf(a));
}

/** The highest severity among reports, in the WG's sentence. */
export function highestSeverity(reports: Report[], scope?: string): string {
  const index = Math.max(-1, ...reports.map((report) => SEVERITY_ORDER.indexOf(ratingOf(report))));
  const rating = index < 0 ? 'NONE' : (SEVERITY_ORDER[index] ?? 'none').toUpperCase();
  return scope ? `The ${scope} release line of Node.js is vulnerable to ${reports.length} issue(s); the highest severity is ${rating}.` : `The highest severity issue fixed in this release is ${rating}.`;
}

/** Impact per release line, newest first; a report without a rating is refused (the announcement would lie). */
export function impactByLine(data: VulnerabilitiesJson): string {
  for (const report of data.reports) {
    if (!ratingOf(report)) throw new InputError(`report ${report.id} (${report.title}) has no severity.rating`, { hint: 'sync it from HackerOne with `vigil release sync`' });
  }
  return affectedLines(data)
    .map((line) => {
      const reports = data.reports.filter((report) => report.affectedVersions.includes(line));
      return `- ${highestSeverity(reports, line)}`;
    })
    .join('\n');
}

/** "- 2 high severity issues." lines, highest severity first. */
export function severityCounts(data: VulnerabilitiesJson): string {
  const counts = new Map<string, number>();
  for (const report of data.reports) counts.set(ratingOf(report), (counts.get(ratingOf(report)) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => SEVERITY_ORDER.indexOf(b) - SEVERITY_ORDER.indexOf(a))
    .map(([rating, count]) => `- ${count} ${rating} severity issue${count === 1 ? '' : 's'}.`)
    .join('\n');
}

/** One section per report, highest severity first, with credits; refuses a report without a CVE. */
export function reportSections(data: VulnerabilitiesJson): string {
  const sorted = [...data.reports].sort((a, b) => SEVERITY_ORDER.indexOf(ratingOf(b)) - SEVERITY_ORDER.indexOf(ratingOf(a)));
  return sorted
    .map((report) => {
      const cves = report.cveIds?.join(', ');
      if (!cves) throw new InputError(`report ${report.id} (${report.title}) has no CVE; the post-release announcement needs one`, { hint: 'run `vigil release request-cves`' });
      if (!report.summary?.trim()) throw new InputError(`report ${report.id} (${report.title}) has no summary`);
      const credits = report.patchAuthors?.length ? ` and thank you ${report.patchAuthors.join(' and ')} for fixing it` : '';
      return [
        `## ${report.title} (${cves}) - (${ratingOf(report).replace(/^./, (first) => first.toUpperCase())})`,
        '',
        report.summary.trim(),
        '',
        'Impact:',
        '',
        `- This vulnerability affects all users in active release lines: ${[...report.affectedVersions].sort((a, b) => majorOf(b) - majorOf(a)).join(', ')}`,
        '',
        `Thank you, to ${report.reporter ?? 'the reporter'} for reporting this vulnerability${credits}.`,
        '',
      ].join('\n');
    })
    .join('\n');
}

/** The dependency updates paragraph, empty when there are none. */
export function dependencyUpdates(data: VulnerabilitiesJson): string {
  const entries = Object.entries(data.dependencies ?? {});
  if (entries.length === 0) return '';
  return [
    '',
    'This security release includes the following dependency updates to address public vulnerabilities:',
    ...entries.map(([name, update]) => `- ${name} (${update.versions.join(', ')}) on ${update.affectedVersions.join(', ')}`),
    '',
  ].join('\n');
}

/** Download links for the versions being released (from `releases`), newest line first. */
export function downloads(data: VulnerabilitiesJson): string {
  return Object.values(data.releases ?? {})
    .filter((version) => semver.valid(version))
    .sort(semver.rcompare)
    .map((version) => `- [Node.js v${version}](/blog/release/v${version}/)`)
    .join('\n');
}

/** Fill `%NAME%` tokens; a token left unfilled is an error, never published. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const text = template.replace(/%([A-Z_]+)%/g, (token, name: string) => values[name] ?? token);
  const left = /%([A-Z_]+)%/.exec(text);
  if (left) throw new InputError(`the announcement template uses ${left[0]}, which Vigil does not know`, { hint: `known: ${Object.keys(values).map((name) => `%${name}%`).join(', ')}` });
  return text;
}
