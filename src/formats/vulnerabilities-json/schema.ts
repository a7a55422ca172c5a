import { z } from 'zod';

/**
 * `security-release/next-security-release/vulnerabilities.json`, as node-core-utils
 * (`git node security`) writes it. Unknown keys are kept (passthrough) so that a team can switch
 * tools mid-release without losing what the other tool recorded.
 */
export const ReportSeverity = z
  .object({
    rating: z.string(),
    cvss_vector_string: z.string(),
    weakness_id: z.union([z.string(), z.number()]),
  })
  .partial()
  .passthrough();
export type ReportSeverity = z.infer<typeof ReportSeverity>;

export const Report = z
  .object({
    /** HackerOne report id. */
    id: z.union([z.string(), z.number()]).transform(String),
    title: z.string(),
    cveIds: z.array(z.string()).nullish(),
    /** node-core-utils writes the string 'TBD' before a severity is known. */
    severity: z.union([ReportSeverity, z.string()]),
    summary: z.string().optional(),
    patchAuthors: z.array(z.string()).optional(),
    prURL: z.string().optional(),
    /** Release lines: "20.x", "22.x". */
    affectedVersions: z.array(z.string()),
    link: z.string().optional(),
    reporter: z.string().optional(),
    announcement: z.string().optional(),
  })
  .passthrough();
export type Report = z.infer<typeof Report>;

export const DependencyUpdate = z.object({ versions: z.array(z.string()), affectedVersions: z.array(z.string()) }).passthrough();

/** Vigil's own record of the steps it ran, so `vigil release status` can tell where a release stands. */
export const StepRecord = z.object({ at: z.string(), by: z.string().optional(), note: z.string().optional() }).passthrough();

export const VulnerabilitiesJson = z
  .object({
    releaseDate: z.string().optional(),
    reports: z.array(Report),
    dependencies: z.record(z.string(), DependencyUpdate).optional(),
    /** The version each affected line is released as: { "20.x": "20.12.1" }. Vigil's addition. */
    releases: z.record(z.string(), z.string()).optional(),
    vigilSteps: z.record(z.string(), StepRecord).optional(),
  })
  .passthrough();
export type VulnerabilitiesJson = z.infer<typeof VulnerabilitiesJson>;
