import { z } from 'zod';
import { HttpClient, parseJsonBody } from '../util/http.js';
import type { Report } from '../formats/vulnerabilities-json/schema.js';

/** HackerOne API v1 (https://api.hackerone.com/getting-started/): HTTP Basic with an API identifier and token. */
export interface HackerOneOptions {
  baseUrl: string;
  identifier: string;
  token: string;
  timeout?: number;
}

const H1Report = z.object({
  data: z.object({
    id: z.union([z.string(), z.number()]).transform(String),
    attributes: z.object({ title: z.string(), cve_ids: z.array(z.string()).nullish() }).passthrough(),
    relationships: z
      .object({
        severity: z.object({ data: z.object({ attributes: z.object({ rating: z.string().nullish(), cvss_vector_string: z.string().nullish() }).passthrough() }).nullish() }).nullish(),
        weakness: z.object({ data: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).passthrough().nullish() }).nullish(),
        reporter: z.object({ data: z.object({ attributes: z.object({ username: z.string() }).passthrough() }).nullish() }).nullish(),
        summaries: z.object({ data: z.array(z.object({ attributes: z.object({ category: z.string().nullish(), content: z.string().nullish() }).passthrough() })) }).nullish(),
        custom_field_values: z.object({ data: z.array(z.object({ attributes: z.object({ value: z.string().nullish() }).passthrough() })) }).nullish(),
      })
      .passthrough(),
  }),
});
export type H1Report = z.infer<typeof H1Report>;

const Programs = z.object({ data: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), attributes: z.object({ handle: z.string() }).passthrough() })) });
const CveRequest = z.object({ data: z.object({ attributes: z.object({ cve_identifier: z.string().nullish(), state: z.string().optional() }).passthrough() }) });

/** The client the release steps use; a fake implements it in tests through a local server. */
export interface HackerOne {
  getReport(id: string): Promise<H1Report>;
  programId(handle: string): Promise<string>;
  requestCve(programId: string, body: unknown): Promise<string | null>;
}

export function createHackerOne(options: HackerOneOptions): HackerOne {
  const http = new HttpClient({
    baseUrl: options.baseUrl,
    token: Buffer.from(`${options.identifier}:${options.token}`).toString('base64'),
    tokenScheme: 'Basic',
    timeout: options.timeout,
  });
  return {
    async getReport(id) {
      const report = await http.getJson(`/reports/${encodeURIComponent(id)}`, H1Report);
      return report as H1Report;
    },
    async programId(handle) {
      const programs = (await http.getJson('/me/programs', Programs)) ?? { data: [] };
      const program = programs.data.find((candidate) => candidate.attributes.handle === handle);
      if (!program) throw new Error(`HackerOne: no program with handle ${JSON.stringify(handle)} is visible to this API token`);
      return program.id;
    },
    async requestCve(programId, body) {
      const result = await http.request(`/programs/${encodeURIComponent(programId)}/cve_requests`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
      });
      if (!result) return null;
      const parsed = parseJsonBody(result.body, CveRequest, http.url(`/programs/${encodeURIComponent(programId)}/cve_requests`));
      return parsed.data.attributes.cve_identifier ?? null;
    },
  };
}

/**
 * A HackerOne report as a vulnerabilities.json report; fields HackerOne does not know (affected
 * lines, patch authors set by hand) are kept from `previous`.
 */
export function reportFromHackerOne(h1: H1Report, previous: Partial<Report> & { affectedVersions: string[] }): Report {
  const { data } = h1;
  const severity = data.relationships.severity?.data?.attributes;
  const summary = data.relationships.summaries?.data.find((item) => item.attributes.category === 'team')?.attributes.content ?? undefined;
  const prURL = data.relationships.custom_field_values?.data[0]?.attributes.value ?? previous.prURL ?? '';
  const report: Report = {
    id: data.id,
    title: data.attributes.title,
    cveIds: data.attributes.cve_ids?.length ? data.attributes.cve_ids : (previous.cveIds ?? []),
    severity: severity?.cvss_vector_string
      ? { rating: severity.rating ?? '', cvss_vector_string: severity.cvss_vector_string, weakness_id: data.relationships.weakness?.data?.id ?? '' }
      : (previous.severity ?? 'TBD'),
    summary: summary ?? previous.summary ?? '',
    patchAuthors: previous.patchAuthors ?? [],
    prURL,
    affectedVersions: previous.affectedVersions,
    link: `https://hackerone.com/reports/${data.id}`,
    reporter: data.relationships.reporter?.data?.attributes.username ?? previous.reporter ?? '',
  };
  // Keys in node-core-utils' order first, so a refreshed report diffs only where it changed;
  // fields another tool added are kept after them.
  const extras = Object.fromEntries(Object.entries(previous).filter(([key]) => !(key in report)));
  return { ...report, ...extras };
}
