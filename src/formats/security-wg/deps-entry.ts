import { z } from 'zod';

/**
 * One `vuln/deps/<n>.json` entry: the WG's assessment that CVEs in a vendored dependency do not
 * affect Node.js, with an OpenVEX justification as its `reason`.
 */
export const DepsEntry = z
  .object({
    cve: z.array(z.string().min(1)).min(1),
    description: z.string().optional(),
    overview: z.string().optional(),
    ref: z.string().optional(),
    reason: z.enum([
      'component_not_present',
      'vulnerable_code_not_present',
      'vulnerable_code_not_in_execute_path',
      'vulnerable_code_cannot_be_controlled_by_adversary',
      'inline_mitigations_already_exist',
    ]),
  })
  .passthrough();
export type DepsEntry = z.infer<typeof DepsEntry>;
