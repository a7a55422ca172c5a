import { z } from 'zod';
import { NODE_RELEASE_SCHEDULE } from './schedule-data.js';

export const ReleaseSchedule = z.record(
  z.string(),
  z.object({ start: z.string(), lts: z.string().optional(), maintenance: z.string().optional(), end: z.string(), codename: z.string().optional() }),
);
export type ReleaseSchedule = z.infer<typeof ReleaseSchedule>;

export type LineStatus = 'unreleased' | 'current' | 'active-lts' | 'maintenance' | 'end-of-life' | 'unknown';

/** A release line as the WG names it in vulnerabilities.json: `20.x`. */
export function lineName(major: number): string {
  return `${major}.x`;
}

/** The major number of `20.x`, `v20`, `20.12.1` or `v20.12.1`; NaN when there is none. */
export function majorOf(text: string): number {
  const match = /^v?(\d+)(?:\.|$)/.exec(text.trim());
  return match ? Number(match[1]) : Number.NaN;
}

/** Where a line stands on a day, from the schedule (dates are inclusive starts, as nodejs/Release reads them). */
export function lineStatus(major: number, day: string, schedule: ReleaseSchedule = NODE_RELEASE_SCHEDULE): LineStatus {
  const entry = schedule[`v${major}`];
  if (!entry) return 'unknown';
  if (day < entry.start) return 'unreleased';
  if (day > entry.end) return 'end-of-life';
  if (entry.maintenance && day >= entry.maintenance) return 'maintenance';
  if (entry.lts && day >= entry.lts) return 'active-lts';
  return 'current';
}

/** Majors supported on a day (current, active LTS or maintenance), newest first. */
export function supportedMajors(day: string, schedule: ReleaseSchedule = NODE_RELEASE_SCHEDULE): number[] {
  return Object.keys(schedule)
    .filter((key) => /^v\d+$/.test(key))
    .map((key) => Number(key.slice(1)))
    .filter((major) => ['current', 'active-lts', 'maintenance'].includes(lineStatus(major, day, schedule)))
    .sort((a, b) => b - a);
}

/** Majors that had reached end of life on a day (v0.x lines excluded), oldest first. */
export function endOfLifeMajors(day: string, schedule: ReleaseSchedule = NODE_RELEASE_SCHEDULE): number[] {
  return Object.keys(schedule)
    .filter((key) => /^v\d+$/.test(key))
    .map((key) => Number(key.slice(1)))
    .filter((major) => lineStatus(major, day, schedule) === 'end-of-life')
    .sort((a, b) => a - b);
}
