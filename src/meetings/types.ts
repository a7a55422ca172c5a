/** The meetings area's models: a resolved group, the agenda, a meeting, and minutes as structure. */

/** A time zone row of the local time table: a label ("US / Pacific") and an IANA zone. */
export interface TimeZoneRow {
  label: string;
  zone: string;
}

/** Where meetings come from: an iCal feed filtered by event name, or a fixed recurrence rule. */
export type CalendarSource =
  | { kind: 'ical'; location: string; filter: string }
  | { kind: 'rrule'; rrule: string; start: string; timeZone: string };

export type StandingFiguresId = 'review-findings' | 'scorecard-deltas';

export interface StandingItem {
  title: string;
  url: string | undefined;
  figures: StandingFiguresId | undefined;
}

/** A group's configuration with every default applied (config/schema.ts has the written form). */
export interface MeetingGroup {
  id: string;
  name: string;
  host: string;
  owner: string;
  repo: string;
  agendaLabel: string;
  issueLabels: string[];
  organisations: string[];
  standingItems: StandingItem[];
  invited: string[];
  observers: string[];
  joining: string;
  calendar: CalendarSource | undefined;
  calendarPage: string;
  timeZones: TimeZoneRow[];
  /** Path of the minutes file in the meeting repository, `{date}` replaced by YYYY-MM-DD. */
  minutesPath: string;
}

/** One open issue or pull request carrying the agenda label. */
export interface AgendaItem {
  repo: string;
  number: number;
  title: string;
  url: string;
  kind: 'issue' | 'pull';
}

/** Agenda items of one repository, in the order the search returned them. */
export interface AgendaGroup {
  repo: string;
  items: AgendaItem[];
}

/** The next meeting, as found on the calendar. */
export interface MeetingOccurrence {
  /** The meeting's start, UTC ISO 8601. */
  start: string;
  /** The meeting's day (UTC), YYYY-MM-DD: names the issue and the minutes file. */
  date: string;
  summary: string;
}

// ---- Minutes as structure -------------------------------------------------------------------

/** How an agenda item names its issue: `[#898](url)`, a bare `#884`, a bare URL, or not at all. */
export type ReferenceStyle = 'link' | 'hash' | 'url' | 'none';

/** An item of a repository section (or a standing item of Announcements), with its notes. */
export interface MinutesItem {
  /** The item's text without its issue reference. */
  title: string;
  repo: string | undefined;
  number: number | undefined;
  url: string | undefined;
  style: ReferenceStyle;
  /** What stands between the title and the reference (`' '`, `' - '`), and after it. */
  separator: string;
  suffix: string;
  /** `- [x] Vulnerability Review - url`: a checklist line (standing items). */
  checked: boolean | undefined;
  /** The checkbox mark as written (` `, `x` or `X`). */
  checkMark: string | undefined;
  /** The bullet that opened the item: `*` or `-`. */
  bullet: '*' | '-' | '####';
  /** The notes under the item, verbatim (free text: the WG writes what it decided). */
  notes: string[];
  line: number;
}

export interface Attendee {
  name: string;
  handle: string | undefined;
  /** `Name: @handle`, `Name (@handle)`, `Name @handle`, or a name alone. */
  style: 'colon' | 'paren' | 'space' | 'none';
  /** What stands between name and handle as written (`: `, `:`, ` `), and the list bullet. */
  separator: string;
  /** Whitespace left after the handle, kept so the file renders back unchanged. */
  suffix: string;
  bullet: '*' | '-';
  line: number;
}

export interface MinutesLink {
  label: string;
  /** The text after `**Label**:` as written (its URL is `value.trim()`). */
  value: string;
}

export type SectionKind = 'links' | 'present' | 'agenda' | 'announcements' | 'repository' | 'qa' | 'upcoming' | 'other';

/** A `##` or `###` section. Which fields are filled depends on `kind`. */
export interface MinutesSection {
  heading: string;
  level: 2 | 3;
  kind: SectionKind;
  /** Lines before the first item/link/attendee (or the whole body of free sections). */
  intro: string[];
  links: MinutesLink[];
  attendees: Attendee[];
  items: MinutesItem[];
  /** Lines after the last link or attendee (free text kept as written). */
  outro: string[];
  line: number;
}

/** A line the parser could not place in the template, reported with its number. */
export interface MinutesProblem {
  line: number;
  message: string;
}

/** A minutes file as structure: date, attendees, sections with their items and notes. */
export interface Minutes {
  /** The `# ` line's text; undefined when the file has no title line. */
  title: string | undefined;
  date: string | undefined;
  /** Lines between the title and the first section (old minutes put Date/Notes there). */
  preamble: string[];
  sections: MinutesSection[];
  problems: MinutesProblem[];
  /** Whether the file ended with a newline, used CRLF line ends, or began with a byte-order mark. */
  finalNewline: boolean;
  crlf: boolean;
  bom: boolean;
}
