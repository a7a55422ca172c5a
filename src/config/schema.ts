import { z } from 'zod';

/**
 * The configuration file a user writes (`vigil.config.yaml` in the project, or
 * `~/.config/vigil/config.yaml`). Every key is optional here; `defaults.ts` fills the gaps and
 * `Config` has no optional fields. Unknown keys are an error (STYLE.md rule 11).
 * Each area owns one section; add keys to your own section only.
 */
const endpoint = z.strictObject({
  baseUrl: z.string().url().optional(),
  timeoutMs: z.number().int().positive().optional(),
});

/** A calendar: an iCal feed (URL or file) filtered by event name, or a fixed recurrence rule. */
const MeetingCalendarConfig = z.strictObject({
  /** An iCal feed URL (http/https) or a path to an .ics file. */
  ical: z.string().optional(),
  /** Text matched (case-insensitively) against each event's SUMMARY or DESCRIPTION. */
  filter: z.string().optional(),
  /** RFC 5545 RRULE, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TH`, used when there is no feed. */
  rrule: z.string().optional(),
  /** First occurrence of the fixed rule, as wall time in `timeZone`: `2023-03-02T15:00`. */
  start: z.string().optional(),
  timeZone: z.string().optional(),
  /** The public calendar page named under "Upcoming Meetings". */
  page: z.string().optional(),
});

/** A standing agenda item: always on the agenda, optionally with live figures from Vigil's data. */
const MeetingStandingItemConfig = z.strictObject({
  title: z.string(),
  url: z.string().optional(),
  /** Where live figures come from: open review findings, or Scorecard deltas. */
  figures: z.enum(['review-findings', 'scorecard-deltas']).optional(),
});

/** One working group's meetings (create-node-meeting-artifacts' per-group file, as YAML). */
export const MeetingGroupConfig = z.strictObject({
  /** "Security team": the title is `<host> <name> Meeting <date>`. */
  name: z.string(),
  host: z.string().optional(),
  github: z.strictObject({
    owner: z.string(),
    repo: z.string(),
    agendaLabel: z.string().optional(),
    issueLabels: z.array(z.string()).optional(),
  }),
  /** Organisations searched for agenda items (default: the meeting repository's owner). */
  organisations: z.array(z.string()).optional(),
  standingItems: z.array(MeetingStandingItemConfig).optional(),
  /** Invited members, as lines: `Rafael Gonzaga: @RafaelGSS` or a team `@nodejs/security-wg`. */
  invited: z.array(z.string()).optional(),
  observers: z.array(z.string()).optional(),
  joining: z.string().optional(),
  calendar: MeetingCalendarConfig.optional(),
  /** IANA time zones for the local time table, optionally labelled: `US / Pacific=America/Los_Angeles`. */
  timeZones: z.array(z.string()).optional(),
  /** The minutes file path in the meeting repository; `{date}` is replaced. */
  minutesPath: z.string().optional(),
});
export type MeetingGroupConfig = z.infer<typeof MeetingGroupConfig>;

export const WrittenConfig = z.strictObject({
  /** Where the store lives: a SQLite file path, or a postgres:// URL. */
  db: z.string().optional(),
  github: z
    .strictObject({
      baseUrl: z.string().url().optional(),
      graphqlUrl: z.string().url().optional(),
      timeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
  npm: z.strictObject({ registry: z.string().url().optional(), timeoutMs: z.number().int().positive().optional() }).optional(),
  osv: endpoint.optional(),
  nvd: endpoint.optional(),
  /** How every HTTP client retries (src/util/README.md): first backoff step and longest wait, in ms. */
  network: z
    .strictObject({
      retryDelayMs: z.number().int().nonnegative().max(60_000).optional(),
      maxRetryWaitMs: z.number().int().nonnegative().max(3_600_000).optional(),
    })
    .optional(),
  advisories: z
    .strictObject({
      /** Which feeds `vigil db sync` fetches when none are named. */
      feeds: z.array(z.enum(['osv', 'ghsa', 'nvd', 'security-wg'])).optional(),
      /** OSV ecosystems whose all.zip dumps are fetched (OSV spelling: npm, PyPI, Go, …). */
      osvEcosystems: z.array(z.string().min(1)).optional(),
      /** GitHub advisory REST ecosystems (GitHub spelling: npm, pip, go, …). */
      ghsaEcosystems: z.array(z.string().min(1)).optional(),
      /** The security-wg repository (owner/name) and ref whose vuln/ directory is synced. */
      securityWgRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/).optional(),
      securityWgRef: z.string().min(1).optional(),
    })
    .optional(),
  inventory: z
    .strictObject({
      /** Extra directories (relative to the scanned root) to skip when looking for lockfiles. */
      ignore: z.array(z.string()).optional(),
    })
    .optional(),
  review: z
    .strictObject({
      failOn: z.enum(['low', 'moderate', 'high', 'critical', 'none']).optional(),
      triageFile: z.string().optional(),
    })
    .optional(),
  scorecard: z.strictObject({ checks: z.array(z.string()).optional() }).optional(),
  monitor: z.strictObject({ parallelism: z.number().int().positive().optional() }).optional(),
  harden: z.strictObject({ lockFile: z.string().optional() }).optional(),
  updates: z.strictObject({ holdsFile: z.string().optional() }).optional(),
  release: z.strictObject({ folder: z.string().optional() }).optional(),
  meetings: z
    .strictObject({
      folder: z.string().optional(),
      /** One entry per group (`vigil meeting prepare <group>`); see src/meetings/README.md. */
      groups: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'group ids are kebab-case'), MeetingGroupConfig).optional(),
    })
    .optional(),
  runtime: z
    .strictObject({
      /** The WG's two integrity modes (#856): refuse to start without a manifest, or without a signed one. */
      integrity: z.enum(['optional', 'require-manifest', 'require-signature']).optional(),
      /** PEM Ed25519 public key that manifests must be signed with (relative to the current directory). */
      publicKey: z.string().optional(),
      /** The security-wg `vuln/core` directory, for `vigil permissions check`. */
      vulnCore: z.string().optional(),
    })
    .optional(),
});
export type WrittenConfig = z.infer<typeof WrittenConfig>;

/** The resolved configuration: nothing optional, so no area re-implements a default. */
export interface Config {
  db: string;
  github: { baseUrl: string; graphqlUrl: string; timeoutMs: number; token: string | undefined };
  npm: { registry: string; timeoutMs: number };
  osv: { baseUrl: string; timeoutMs: number };
  nvd: { baseUrl: string; timeoutMs: number; apiKey: string | undefined };
  network: { retryDelayMs: number; maxRetryWaitMs: number };
  advisories: {
    feeds: ('osv' | 'ghsa' | 'nvd' | 'security-wg')[];
    osvEcosystems: string[];
    ghsaEcosystems: string[];
    securityWgRepo: string;
    securityWgRef: string;
  };
  inventory: { ignore: string[] };
  review: { failOn: 'low' | 'moderate' | 'high' | 'critical' | 'none'; triageFile: string };
  scorecard: { checks: string[] };
  monitor: { parallelism: number };
  harden: { lockFile: string };
  updates: { holdsFile: string };
  release: { folder: string };
  meetings: { folder: string; groups: Record<string, MeetingGroupConfig> };
  runtime: { integrity: 'optional' | 'require-manifest' | 'require-signature'; publicKey: string | undefined; vulnCore: string | undefined };
  /** Where the config came from, for `--verbose` and error messages. */
  sources: string[];
  /** Which file, variable or flag set each setting that is not a default (`github.baseUrl` → file). */
  origins: Record<string, string>;
  /** Said once when the configuration is read (settings ignored for safety). */
  warnings: string[];
}
