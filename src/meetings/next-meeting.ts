import { nextFromIcal, nextFromRule } from './calendar.js';
import { meetingTitle } from './group.js';
import type { MeetingGroup, MeetingOccurrence } from './types.js';

/** Reads a calendar feed: an http(s) URL through the HTTP client, or a local .ics file. */
export type CalendarReader = (location: string) => Promise<string>;

/** Why no meeting was found, said plainly (the command exits 0 and creates nothing). */
export interface NoMeeting {
  reason: string;
}

/**
 * The meeting to prepare: the first occurrence on the group's calendar at or after `from`.
 * Without a calendar, `date` (if given) is the meeting's day, at 00:00 UTC.
 */
export async function findNextMeeting(group: MeetingGroup, options: { from: Date; date: string | undefined; readCalendar: CalendarReader }): Promise<MeetingOccurrence | NoMeeting> {
  const calendar = group.calendar;
  if (!calendar) {
    if (!options.date) return { reason: `group ${group.id} has no calendar; give the meeting day with --date YYYY-MM-DD` };
    return { start: `${options.date}T00:00:00.000Z`, date: options.date, summary: meetingTitle(group, options.date) };
  }
  const from = options.date ? new Date(`${options.date}T00:00:00Z`) : options.from;
  if (calendar.kind === 'rrule') {
    const found = nextFromRule(calendar.rrule, calendar.start, calendar.timeZone, meetingTitle(group, ''), { from, source: `meetings.groups.${group.id}.calendar` });
    return found ?? { reason: `the rule ${calendar.rrule} has no occurrence after ${from.toISOString().slice(0, 10)}` };
  }
  const text = await options.readCalendar(calendar.location);
  const found = nextFromIcal(text, calendar.filter, { from, source: calendar.location });
  return found ?? { reason: `no event matching "${calendar.filter}" in ${calendar.location} on or after ${from.toISOString().slice(0, 10)}` };
}

export function isNoMeeting(value: MeetingOccurrence | NoMeeting): value is NoMeeting {
  return 'reason' in value;
}
