import ICAL from 'ical.js';
import { InputError, quote } from '../errors.js';
import type { MeetingOccurrence } from './types.js';
import { isKnownZone, wallTimeToUtc, type WallTime } from './zoned-time.js';

type IcalTime = InstanceType<typeof ICAL.Time>;
type IcalComponent = InstanceType<typeof ICAL.Component>;

/** How far ahead to look for the next meeting, and a bound on expansion of odd rules. */
const HORIZON_DAYS = 400;
const MAX_OCCURRENCES = 20_000;

export interface FindOptions {
  /** The first instant that counts: a meeting starting at or after it is "next". */
  from: Date;
  /** Where the calendar came from, for error messages. */
  source: string;
}

/**
 * The next occurrence of an event whose SUMMARY or DESCRIPTION contains `filter`, in an iCal
 * feed: recurrence rules, EXDATEs, moved and cancelled occurrences (RECURRENCE-ID) and time
 * zones included. `undefined` when nothing matches within the horizon.
 */
export function nextFromIcal(text: string, filter: string, options: FindOptions): MeetingOccurrence | undefined {
  let root: IcalComponent;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    const message = (error as Error).message;
    // ical.js names the bad value in quotes ("invalid frequency \"FORTNIGHTLY\""): find its line.
    const token = /"([^"]+)"/.exec(message)?.[1];
    const line = token === undefined ? undefined : lineOf(text, (candidate) => candidate.includes(token));
    throw new InputError(`${options.source}: not a valid iCalendar file: ${message}`, { file: options.source, line });
  }
  checkRules(text, options.source);
  const needle = filter.toLowerCase();
  const events = root.getAllSubcomponents('vevent');
  const exceptions = events.filter((event) => event.hasProperty('recurrence-id'));
  const candidates: MeetingOccurrence[] = [];
  for (const component of events) {
    if (component.hasProperty('recurrence-id')) continue;
    const summary = String(component.getFirstPropertyValue('summary') ?? '');
    const description = String(component.getFirstPropertyValue('description') ?? '');
    if (!summary.toLowerCase().includes(needle) && !description.toLowerCase().includes(needle)) continue;
    const found = nextOfEvent(component, exceptions, text, options);
    if (found) candidates.push(found);
  }
  return candidates.sort((a, b) => a.start.localeCompare(b.start))[0];
}

function nextOfEvent(component: IcalComponent, exceptions: IcalComponent[], text: string, options: FindOptions): MeetingOccurrence | undefined {
  const uid = component.getFirstPropertyValue('uid');
  const horizon = options.from.getTime() + HORIZON_DAYS * 86_400_000;
  try {
    const event = new ICAL.Event(component);
    for (const exception of exceptions) if (exception.getFirstPropertyValue('uid') === uid) event.relateException(exception);
    const iterator = event.iterator();
    for (let count = 0; count < MAX_OCCURRENCES; count++) {
      const time = iterator.next();
      if (!time) return undefined;
      const details = event.getOccurrenceDetails(time);
      const start = toUtc(details.startDate, tzidOf(details.item.component));
      if (start.getTime() > horizon && time.compare(details.startDate) === 0) return undefined;
      if (start < options.from) continue;
      if (String(details.item.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') continue;
      return occurrence(start, details.item.summary);
    }
    return undefined;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${options.source}: event ${quote(String(component.getFirstPropertyValue('summary') ?? uid))} has a recurrence Vigil cannot expand: ${(error as Error).message}`, {
      file: options.source,
      line: lineOf(text, (line) => line.toUpperCase().startsWith('RRULE')),
    });
  }
}

/**
 * ical.js quietly repairs some rules RFC 5545 forbids (it reads INTERVAL=0 as 1, so the feed
 * would show meetings its author never meant); refuse them, naming the line.
 */
function checkRuleText(rule: string): string | undefined {
  if (!/(^|;)FREQ=/i.test(rule)) return 'RRULE has no FREQ';
  const interval = /(?:^|;)INTERVAL=([^;]*)/i.exec(rule)?.[1];
  if (interval !== undefined && !/^[1-9]\d*$/.test(interval)) return `RRULE INTERVAL must be 1 or more, found ${JSON.stringify(interval)}`;
  return undefined;
}

function checkRules(text: string, source: string): void {
  text.split(/\r?\n/).forEach((line, index) => {
    const rule = /^RRULE[:;](.*)$/i.exec(line)?.[1];
    const problem = rule === undefined ? undefined : checkRuleText(rule.replace(/^.*:/, ''));
    if (problem) throw new InputError(`${source}: ${problem}`, { file: source, line: index + 1 });
  });
}

function tzidOf(component: IcalComponent): string | undefined {
  const value = component.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
}

/** A calendar time to an instant: UTC as written, a named zone through the platform's zone data. */
function toUtc(time: IcalTime, tzid: string | undefined): Date {
  if (time.zone?.tzid === 'UTC' || tzid === undefined) return time.toJSDate();
  const wall: WallTime = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  if (isKnownZone(tzid)) return wallTimeToUtc(wall, tzid);
  // A zone only the feed's own VTIMEZONE defines: let ical.js apply it.
  return new Date(time.toUnixTime() * 1000);
}

function occurrence(start: Date, summary: string): MeetingOccurrence {
  const iso = start.toISOString();
  return { start: iso, date: iso.slice(0, 10), summary };
}

function lineOf(text: string, match: (line: string) => boolean): number | undefined {
  const index = text.split(/\r?\n/).findIndex(match);
  return index === -1 ? undefined : index + 1;
}

/**
 * The next occurrence of a fixed rule: `rrule` from `start` (wall time in `timeZone`), so a
 * 15:00 Europe/London meeting stays at 15:00 local across daylight-saving changes.
 */
export function nextFromRule(rrule: string, start: string, timeZone: string, summary: string, options: FindOptions): MeetingOccurrence | undefined {
  let rule: InstanceType<typeof ICAL.Recur>;
  let first: IcalTime;
  try {
    const problem = checkRuleText(rrule.replace(/^RRULE:/i, ''));
    if (problem) throw new Error(problem);
    rule = ICAL.Recur.fromString(rrule.replace(/^RRULE:/i, ''));
    first = ICAL.Time.fromDateTimeString(start.length === 16 ? `${start}:00` : start);
  } catch (error) {
    throw new InputError(`${options.source}: calendar rule ${quote(rrule)} starting ${quote(start)} is not valid: ${(error as Error).message}`, { file: options.source });
  }
  const iterator = rule.iterator(first);
  const horizon = options.from.getTime() + HORIZON_DAYS * 86_400_000;
  for (let count = 0; count < MAX_OCCURRENCES; count++) {
    const time = iterator.next();
    if (!time) return undefined;
    const instant = wallTimeToUtc({ year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second }, timeZone);
    if (instant.getTime() > horizon) return undefined;
    if (instant >= options.from) return occurrence(instant, summary);
  }
  return undefined;
}
