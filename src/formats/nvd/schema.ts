import { z } from 'zod';

/**
 * NVD CVE API 2.0 (https://nvd.nist.gov/developers/vulnerabilities): the API's pages and the
 * 2.0 JSON feed files share this shape. Only what Vigil keeps is declared; the rest passes.
 */
const CpeMatch = z.object({
  vulnerable: z.boolean(),
  criteria: z.string(),
  matchCriteriaId: z.string().optional(),
  versionStartIncluding: z.string().optional(),
  versionStartExcluding: z.string().optional(),
  versionEndIncluding: z.string().optional(),
  versionEndExcluding: z.string().optional(),
});

const Node = z.object({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().optional(),
  cpeMatch: z.array(CpeMatch),
});

const Configuration = z.object({
  operator: z.enum(['AND', 'OR']).optional(),
  negate: z.boolean().optional(),
  nodes: z.array(Node),
});

const CvssMetric = z.object({
  source: z.string().optional(),
  type: z.string().optional(),
  cvssData: z.object({ version: z.string().optional(), vectorString: z.string(), baseScore: z.number().optional(), baseSeverity: z.string().optional() }),
});

export const NvdCve = z.object({
  id: z.string().regex(/^CVE-\d{4}-\d+$/),
  sourceIdentifier: z.string().optional(),
  published: z.string(),
  lastModified: z.string(),
  vulnStatus: z.string().optional(),
  descriptions: z.array(z.object({ lang: z.string(), value: z.string() })).default([]),
  metrics: z
    .object({
      cvssMetricV40: z.array(CvssMetric).optional(),
      cvssMetricV31: z.array(CvssMetric).optional(),
      cvssMetricV30: z.array(CvssMetric).optional(),
      cvssMetricV2: z.array(CvssMetric).optional(),
    })
    .optional(),
  weaknesses: z.array(z.object({ source: z.string().optional(), type: z.string().optional(), description: z.array(z.object({ lang: z.string(), value: z.string() })) })).optional(),
  configurations: z.array(Configuration).optional(),
  references: z.array(z.object({ url: z.string(), source: z.string().optional(), tags: z.array(z.string()).optional() })).default([]),
});
export type NvdCve = z.infer<typeof NvdCve>;

/** One page of `GET /rest/json/cves/2.0`, or a feed file (same envelope). */
export const NvdPage = z.object({
  resultsPerPage: z.number().int().optional(),
  startIndex: z.number().int().optional(),
  totalResults: z.number().int().optional(),
  format: z.string().optional(),
  version: z.string().optional(),
  timestamp: z.string().optional(),
  vulnerabilities: z.array(z.object({ cve: z.unknown() })),
});
export type NvdPage = z.infer<typeof NvdPage>;
