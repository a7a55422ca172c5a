import type { MeetingGroupConfig } from '../config/schema.js';
import { InputError } from '../errors.js';
import type { CalendarSource, MeetingGroup } from './types.js';
import { parseTimeZoneRow } from './zoned-time.js';

/** The time zones a Node.js meeting issue lists when a group names none. */
export const DEFAULT_TIME_ZONES = [
  'US / Pacific=America/Los_Angeles',
  'US / Mountain=America/Denver',
  'US / Central=America/Chicago',
  'US / Eastern=America/New_York',
  'EU / Western=Europe/London',
  'EU / Central=Europe/Amsterdam',
  'EU / Eastern=Europe/Helsinki',
  'Moscow=Europe/Moscow',
  'Chennai=Asia/Kolkata',
  'Hangzhou=Asia/Shanghai',
  'Tokyo=Asia/Tokyo',
  'Sydney=Australia/Sydney',
];

/** Apply every default to a group's written configuration (create-node-meeting-artifacts' defaults). */
export function resolveGroup(id: string, written: MeetingGroupConfig, where: string): MeetingGroup {
  const host = written.host ?? 'Node.js';
  return {
    id,
    name: written.name,
    host,
    owner: written.github.owner,
    repo: written.github.repo,
    agendaLabel: written.github.agendaLabel ?? `${id}-agenda`,
    issueLabels: written.github.issueLabels ?? [],
    organisations: written.organisations ?? [written.github.owner],
    standingItems: (written.standingItems ?? []).map((item) => ({ title: item.title, url: item.url, figures: item.figures })),
    invited: written.invited ?? [],
    observers: written.observers ?? [],
    joining: written.joining ?? '',
    calendar: calendarOf(written, where),
    calendarPage: written.calendar?.page ?? (host === 'OpenJS Foundation' ? 'https://calendar.openjsf.org' : 'https://nodejs.org/calendar'),
    timeZones: (written.timeZones ?? DEFAULT_TIME_ZONES).map(parseTimeZoneRow),
    minutesPath: written.minutesPath ?? 'meetings/{date}.md',
  };
}

function calendarOf(written: MeetingGroupConfig, where: string): CalendarSource | undefined {
  const calendar = written.calendar;
  if (!calendar || (!calendar.ical && !calendar.rrule)) return undefined;
  if (calendar.ical && calendar.rrule) throw new InputError(`${where}: calendar: give either ical (a feed) or rrule (a fixed rule), not both`, { file: where });
  if (calendar.ical) return { kind: 'ical', location: calendar.ical, filter: calendar.filter ?? written.name };
  if (!calendar.start) throw new InputError(`${where}: calendar.rrule needs calendar.start (first meeting, wall time: 2023-03-02T15:00)`, { file: where });
  return { kind: 'rrule', rrule: calendar.rrule!, start: calendar.start, timeZone: calendar.timeZone ?? 'UTC' };
}

/** `Node.js Security team Meeting 2026-03-19`: the issue title and the minutes heading. */
export function meetingTitle(group: MeetingGroup, date: string): string {
  return `${group.host} ${group.name} Meeting ${date}`;
}
