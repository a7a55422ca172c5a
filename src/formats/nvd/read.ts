import type { Advisory, Severity } from '../../advisories/types.js';
import { jsonPath } from '../vulnerabilities-json/read.js';
import type { RecordResult } from '../osv/read.js';
import { NvdCve, NvdPage } from './schema.js';

/** NVD writes UTC timestamps without a zone (`2024-03-01T12:00:00.123`); make them unambiguous. */
export function nvdTimestamp(value: string): string {
  return /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
}

/** Is this parsed JSON an NVD 2.0 page or feed file? */
export function isNvdPage(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const object = raw as Record<string, unknown>;
  return Array.isArray(object.vulnerabilities) && (object.format === 'NVD_CVE' || 'totalResults' in object || 'resultsPerPage' in object);
}

/** Primary scores first (NVD's own), then secondary (a CNA's). */
function pickMetric<T extends { type?: string | undefined }>(metrics: T[] | undefined): T | undefined {
  return metrics?.find((metric) => metric.type === 'Primary') ?? metrics?.[0];
}

function severities(cve: NvdCve): Severity[] {
  const result: Severity[] = [];
  const v4 = pickMetric(cve.metrics?.cvssMetricV40);
  if (v4) result.push({ type: 'CVSS_V4', score: v4.cvssData.vectorString });
  const v3 = pickMetric(cve.metrics?.cvssMetricV31) ?? pickMetric(cve.metrics?.cvssMetricV30);
  if (v3) result.push({ type: 'CVSS_V3', score: v3.cvssData.vectorString });
  const v2 = pickMetric(cve.metrics?.cvssMetricV2);
  if (v2) result.push({ type: 'CVSS_V2', score: v2.cvssData.vectorString });
  return result;
}

/** NVD reference tags mapped onto OSV reference types. */
function referenceType(tags: string[] | undefined): string {
  if (tags?.includes('Patch')) return 'FIX';
  if (tags?.some((tag) => tag.includes('Advisory'))) return 'ADVISORY';
  if (tags?.includes('Issue Tracking')) return 'REPORT';
  return 'WEB';
}

/**
 * One NVD CVE item as an Advisory. NVD names no package ecosystem, so `affected` is empty and the
 * CPE configurations are kept whole (`cpeConfigurations`) for review's CPE matching. A Rejected
 * CVE is withdrawn: it stays in the store for `db show` but stops matching.
 */
export function nvdCveToAdvisory(raw: unknown): RecordResult {
  const parsed = NvdCve.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = typeof raw === 'object' && raw !== null ? String((raw as { id?: unknown }).id ?? '?') : '?';
    return { problem: `not an NVD 2.0 CVE item (${id}): ${issue ? `${jsonPath(issue.path)}: ${issue.message}` : 'invalid'}` };
  }
  const cve = parsed.data;
  const modified = nvdTimestamp(cve.lastModified);
  const description = cve.descriptions.find((entry) => entry.lang === 'en')?.value ?? cve.descriptions[0]?.value;
  const cweIds = [...new Set((cve.weaknesses ?? []).flatMap((weakness) => weakness.description.map((entry) => entry.value)).filter((value) => value.startsWith('CWE-')))];
  const advisory: Advisory = {
    id: cve.id,
    aliases: [],
    modified,
    published: nvdTimestamp(cve.published),
    severity: severities(cve),
    affected: [],
    references: cve.references.map((reference) => ({ type: referenceType(reference.tags), url: reference.url })),
    cpeConfigurations: (cve.configurations ?? []).map((configuration) => ({
      ...(configuration.operator ? { operator: configuration.operator } : {}),
      ...(configuration.negate ? { negate: true } : {}),
      nodes: configuration.nodes.map((node) => ({
        operator: node.operator,
        ...(node.negate ? { negate: true } : {}),
        cpeMatch: node.cpeMatch.map(({ matchCriteriaId: _unused, ...match }) => match),
      })),
    })),
    database_specific: { vulnStatus: cve.vulnStatus ?? null, cwe_ids: cweIds, sourceIdentifier: cve.sourceIdentifier ?? null },
    source: 'nvd',
  };
  if (description) advisory.details = description;
  if (cve.vulnStatus === 'Rejected') advisory.withdrawn = modified;
  return { advisory };
}

/** Every CVE of a page or feed file; a bad item is one problem, the others still come through. */
export function nvdPageToAdvisories(raw: unknown): RecordResult[] {
  const page = NvdPage.safeParse(raw);
  if (!page.success) return [{ problem: `not an NVD 2.0 page: ${page.error.issues[0]?.message ?? 'invalid'}` }];
  return page.data.vulnerabilities.map((item) => nvdCveToAdvisory(item.cve));
}
