import type { Attendee, Minutes, MinutesItem, MinutesLink, MinutesProblem, MinutesSection, SectionKind } from '../types.js';

/**
 * Read a minutes file in the WG's format (create-node-meeting-artifacts' minutes template, filled
 * in during the meeting) into structure. Never throws: what does not follow the template is kept
 * as text where it stands and reported in `problems` with its line number.
 */
export function parseMinutes(input: string, fileName?: string): Minutes {
  const bom = input.startsWith('\uFEFF');
  const crlf = input.includes('\r\n');
  const text = (bom ? input.slice(1) : input).replace(/\r\n/g, '\n');
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  const problems: MinutesProblem[] = [];
  let index = 0;
  let title: string | undefined;
  const titleMatch = /^# (.*)$/.exec(lines[0] ?? '');
  if (titleMatch) {
    title = titleMatch[1];
    index = 1;
  } else problems.push({ line: 1, message: 'no "# <group> Meeting YYYY-MM-DD" title on the first line' });

  const preamble: string[] = [];
  while (index < lines.length && headingOf(lines[index] ?? '') === undefined) preamble.push(lines[index++] ?? '');

  const sections: MinutesSection[] = [];
  let currentLevel2: SectionKind | undefined;
  while (index < lines.length) {
    const heading = headingOf(lines[index] ?? '');
    if (!heading) break;
    const start = index;
    index++;
    const body: string[] = [];
    while (index < lines.length && headingOf(lines[index] ?? '') === undefined) body.push(lines[index++] ?? '');
    const kind = sectionKind(heading.text, heading.level, currentLevel2);
    if (heading.level === 2) currentLevel2 = kind;
    if (kind === 'other') problems.push({ line: start + 1, message: `section "${heading.text.trim()}" is not part of the minutes template; kept as text` });
    sections.push(parseSection(heading.text, heading.level, kind, body, start + 2));
  }

  const date = dateOf(title, preamble, fileName);
  if (!date) problems.push({ line: 1, message: 'no meeting date (YYYY-MM-DD) in the title, the preamble or the file name' });
  for (const kind of ['present', 'links'] as const) {
    if (!sections.some((section) => section.kind === kind)) problems.push({ line: 1, message: `no "## ${kind === 'present' ? 'Present' : 'Links'}" section` });
  }
  return { title, date, preamble, sections, problems, finalNewline, crlf, bom };
}

interface Heading {
  level: 2 | 3;
  text: string;
}

/** `## X` and `### X` open sections; `####` lines stay inside a section (old minutes used them for items). */
function headingOf(line: string): Heading | undefined {
  const match = /^(#{2,3}) (.*)$/.exec(line);
  if (!match) return undefined;
  return { level: match[1]!.length as 2 | 3, text: match[2]! };
}

const REPO = /^[\w.-]+\/[\w.-]+$/;

function sectionKind(heading: string, level: 2 | 3, parent: SectionKind | undefined): SectionKind {
  const text = heading.trim().toLowerCase();
  if (level === 3) return REPO.test(heading.trim()) && (parent === 'announcements' || parent === 'agenda') ? 'repository' : 'other';
  if (text === 'links') return 'links';
  if (text === 'present' || text === 'attendees') return 'present';
  if (text === 'agenda') return 'agenda';
  if (text === 'announcements') return 'announcements';
  if (text.startsWith('q&a')) return 'qa';
  if (text.startsWith('upcoming meetings')) return 'upcoming';
  return 'other';
}

function emptySection(heading: string, level: 2 | 3, kind: SectionKind, line: number): MinutesSection {
  return { heading, level, kind, intro: [], links: [], attendees: [], items: [], outro: [], line: line - 1 };
}

function parseSection(heading: string, level: 2 | 3, kind: SectionKind, body: string[], firstLine: number): MinutesSection {
  const section = emptySection(heading, level, kind, firstLine);
  if (kind === 'links') {
    splitRun(body, (line) => parseLink(line), section.intro, section.links, section.outro);
  } else if (kind === 'present') {
    splitRun(body, (line, offset) => parseAttendee(line, firstLine + offset), section.intro, section.attendees, section.outro);
  } else if (kind === 'announcements' || kind === 'repository') {
    section.items = parseItems(body, firstLine, section.intro, kind === 'repository' ? heading.trim() : undefined);
  } else {
    section.intro.push(...body);
  }
  return section;
}

/** Lines before the first match go to `intro`, the unbroken run of matches to `run`, the rest to `outro`. */
function splitRun<T>(body: string[], match: (line: string, offset: number) => T | undefined, intro: string[], run: T[], outro: string[]): void {
  let offset = 0;
  while (offset < body.length && match(body[offset]!, offset) === undefined) intro.push(body[offset++]!);
  while (offset < body.length) {
    const value = match(body[offset]!, offset);
    if (value === undefined) break;
    run.push(value);
    offset++;
  }
  outro.push(...body.slice(offset));
}

function parseLink(line: string): MinutesLink | undefined {
  const match = /^\* \*\*(.+?)\*\*:(.*)$/.exec(line);
  return match ? { label: match[1]!, value: match[2]! } : undefined;
}

/** `Name: @handle`, `Name (@handle)`, `Name @handle` or a name alone. */
export function parseAttendee(line: string, lineNumber: number): Attendee | undefined {
  const open = /^([*-]) (.*)$/.exec(line);
  if (!open) return undefined;
  const bullet = open[1] as Attendee['bullet'];
  const suffix = /\s*$/.exec(open[2]!)![0];
  const text = open[2]!.slice(0, open[2]!.length - suffix.length);
  const colon = /^(.+?)(:\s*)@(\S+)$/.exec(text);
  if (colon) return { name: colon[1]!, handle: colon[3], style: 'colon', separator: colon[2]!, suffix, bullet, line: lineNumber };
  const paren = /^(.*?) \(@([^)\s]+)\)$/.exec(text);
  if (paren) return { name: paren[1]!, handle: paren[2], style: 'paren', separator: ' ', suffix, bullet, line: lineNumber };
  const space = /^(.*?)(\s+)@(\S+)$/.exec(text);
  if (space) return { name: space[1]!, handle: space[3], style: 'space', separator: space[2]!, suffix, bullet, line: lineNumber };
  return { name: text, handle: undefined, style: 'none', separator: '', suffix, bullet, line: lineNumber };
}

/** Items open with a top-level bullet (or an old-style `####` line); everything below is their notes. */
function parseItems(body: string[], firstLine: number, intro: string[], repo: string | undefined): MinutesItem[] {
  const items: MinutesItem[] = [];
  body.forEach((line, offset) => {
    const item = parseItemLine(line, firstLine + offset, repo);
    if (item) items.push(item);
    else if (items.length > 0) items[items.length - 1]!.notes.push(line);
    else intro.push(line);
  });
  return items;
}

const GITHUB_URL = /https:\/\/github\.com\/(?<repo>[\w.-]+\/[\w.-]+)\/(?:issues|pull)\/(?<number>\d+)\S*/;

/** One item line: its bullet, checkbox, title and issue reference, keeping how it was written. */
export function parseItemLine(line: string, lineNumber: number, repo: string | undefined): MinutesItem | undefined {
  const open = /^(?<bullet>[*-]|####) (?<rest>.*)$/.exec(line);
  if (!open?.groups) return undefined;
  const bullet = open.groups.bullet as MinutesItem['bullet'];
  let rest = open.groups.rest!;
  let checked: boolean | undefined;
  let checkMark: string | undefined;
  const box = /^\[(?<mark>[ xX])\] (?<rest>.*)$/.exec(rest);
  if (box?.groups) {
    checkMark = box.groups.mark!;
    checked = checkMark !== ' ';
    rest = box.groups.rest!;
  }
  const base = { repo, checked, checkMark, bullet, notes: [] as string[], line: lineNumber };
  const link = /^(?<title>.*?)(?<sep>\s*)\[#(?<number>\d+)\]\((?<url>[^)\s]+)\)(?<suffix>\s*)$/.exec(rest);
  if (link?.groups) {
    const target = GITHUB_URL.exec(link.groups.url!)?.groups;
    return { ...base, title: link.groups.title!, separator: link.groups.sep!, suffix: link.groups.suffix!, number: Number(link.groups.number), url: link.groups.url, repo: target?.repo ?? repo, style: 'link' };
  }
  const hash = /^(?<title>.*?)(?<sep>\s+)#(?<number>\d+)(?<suffix>\s*)$/.exec(rest);
  if (hash?.groups && repo) {
    return { ...base, title: hash.groups.title!, separator: hash.groups.sep!, suffix: hash.groups.suffix!, number: Number(hash.groups.number), url: undefined, style: 'hash' };
  }
  const url = /^(?<title>.*?)(?<sep>[\s:-]*)(?<url>https:\/\/\S+)(?<suffix>\s*)$/.exec(rest);
  if (url?.groups && (url.groups.title !== '' || checked !== undefined)) {
    const target = GITHUB_URL.exec(url.groups.url!)?.groups;
    return {
      ...base,
      title: url.groups.title!,
      separator: url.groups.sep!,
      suffix: url.groups.suffix!,
      number: target ? Number(target.number) : undefined,
      url: url.groups.url,
      repo: target?.repo ?? repo,
      style: 'url',
    };
  }
  return { ...base, title: rest, separator: '', suffix: '', number: undefined, url: undefined, style: 'none' };
}

function dateOf(title: string | undefined, preamble: string[], fileName: string | undefined): string | undefined {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/;
  return iso.exec(title ?? '')?.[1] ?? preamble.map((line) => /^\* Date: (\d{4}-\d{2}-\d{2})/.exec(line)?.[1]).find(Boolean) ?? iso.exec(fileName ?? '')?.[1];
}
