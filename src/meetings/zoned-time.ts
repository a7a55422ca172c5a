import { InputError } from '../errors.js';
import type { TimeZoneRow } from './types.js';

/** A wall-clock time with no zone: what a calendar writes next to its TZID. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Whether the platform's time-zone database knows `zone` (an IANA name such as Europe/Paris). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at `instant`, in minutes (+60 for Paris in winter). */
export function offsetMinutes(instant: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which `wall` happens in `zone`, across daylight-saving changes. Two passes
 * settle the offset; a wall time skipped by a spring-forward gap lands after the gap, as
 * RFC 5545 §3.3.5 asks.
 */
export function wallTimeToUtc(wall: WallTime, zone: string): Date {
  if (!isKnownZone(zone)) throw new InputError(`unknown time zone ${JSON.stringify(zone)}: expected an IANA name such as Europe/Paris`);
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const first = naive - offsetMinutes(new Date(naive), zone) * 60_000;
  const second = naive - offsetMinutes(new Date(first), zone) * 60_000;
  if (second === first) return new Date(first);
  // The two guesses disagree only inside a gap: take the later instant.
  return new Date(Math.max(first, second));
}

/** A row of the local time table: `Thu 16-Mar-2023 08:00 (PDT)`. */
export interface LocalTime {
  label: string;
  zone: string;
  local: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Format `instant` as local time in `zone`, in the style of the WG's meeting issues. */
export function formatLocal(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).formatToParts(instant);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')}-${MONTHS[Number(get('month')) - 1]}-${get('year')} ${get('hour')}:${get('minute')} (${get('timeZoneName')})`;
}

/** The local time of `instant` in every listed zone. */
export function timeTable(instant: Date, rows: TimeZoneRow[]): LocalTime[] {
  return rows.map((row) => ({ label: row.label, zone: row.zone, local: formatLocal(instant, row.zone) }));
}

/** Parse `US / Pacific=America/Los_Angeles` (or a bare IANA name, which is its own label). */
export function parseTimeZoneRow(text: string): TimeZoneRow {
  const [label, zone] = text.includes('=') ? text.split('=', 2).map((part) => part.trim()) : [text.trim(), text.trim()];
  if (!zone || !isKnownZone(zone)) throw new InputError(`unknown time zone ${JSON.stringify(zone ?? text)} in timeZones: expected an IANA name such as America/Los_Angeles`);
  return { label: label || zone, zone };
}
