import { z } from 'zod';

/** One `vuln/npm/<n>.json` entry of nodejs/security-wg (the Node Security Project format it inherited). */
export const NpmEntry = z
  .object({
    id: z.number().int(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    publish_date: z.string().optional(),
    title: z.string().optional(),
    module_name: z.string().min(1),
    cves: z.array(z.string()).default([]),
    vulnerable_versions: z.string().min(1),
    patched_versions: z.string().nullish(),
    overview: z.string().optional(),
    recommendation: z.string().nullish(),
    references: z.union([z.array(z.string()), z.string()]).nullish(),
    cvss_vector: z.string().nullish(),
    cvss_score: z.number().nullish(),
    coordinating_vendor: z.string().nullish(),
  })
  .passthrough();
export type NpmEntry = z.infer<typeof NpmEntry>;
