import { z } from 'zod';

/**
 * An OSV record as https://ossf.github.io/osv-schema/ defines it. Permissive where feeds differ
 * (extra keys pass through into `database_specific`), strict where matching depends on it:
 * an id, a modified time, and range events that carry exactly one of their four keys.
 */
const RangeEvent = z
  .object({
    introduced: z.string().optional(),
    fixed: z.string().optional(),
    last_affected: z.string().optional(),
    limit: z.string().optional(),
  })
  .refine((event) => Object.values(event).filter((value) => value !== undefined).length === 1, {
    message: 'a range event needs exactly one of introduced, fixed, last_affected, limit',
  });

const AffectedRange = z.object({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  repo: z.string().optional(),
  events: z.array(RangeEvent).min(1),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

const Affected = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  ranges: z.array(AffectedRange).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export const OsvRecord = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1),
  modified: z.string().min(1),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(Affected).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  credits: z.array(z.unknown()).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});
export type OsvRecord = z.infer<typeof OsvRecord>;
