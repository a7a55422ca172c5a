import { z } from 'zod';

/**
 * One global security advisory as GitHub's REST API answers it (`GET /advisories`,
 * https://docs.github.com/en/rest/security-advisories/global-advisories). Only what Vigil keeps
 * is declared; unknown keys pass.
 */
const Cvss = z.object({ vector_string: z.string().nullish(), score: z.number().nullish() }).nullish();

export const GhsaRestAdvisory = z.object({
  ghsa_id: z.string().regex(/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/),
  cve_id: z.string().nullish(),
  html_url: z.string().nullish(),
  summary: z.string().nullish(),
  description: z.string().nullish(),
  type: z.string().nullish(),
  severity: z.string().nullish(),
  identifiers: z.array(z.object({ type: z.string(), value: z.string() })).nullish(),
  references: z.array(z.string()).nullish(),
  published_at: z.string().nullish(),
  updated_at: z.string(),
  github_reviewed_at: z.string().nullish(),
  nvd_published_at: z.string().nullish(),
  withdrawn_at: z.string().nullish(),
  vulnerabilities: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string().nullish() }).nullish(),
        vulnerable_version_range: z.string().nullish(),
        first_patched_version: z.string().nullish(),
        vulnerable_functions: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
  cvss: Cvss,
  cvss_severities: z.object({ cvss_v3: Cvss, cvss_v4: Cvss }).nullish(),
  cwes: z.array(z.object({ cwe_id: z.string(), name: z.string().nullish() })).nullish(),
});
export type GhsaRestAdvisory = z.infer<typeof GhsaRestAdvisory>;
