import type { Attendee, Minutes, MinutesItem, MinutesSection } from '../types.js';

/** Render minutes in the WG's format. `renderMinutes(parseMinutes(text))` gives back `text` when it follows the template. */
export function renderMinutes(minutes: Minutes): string {
  const lines: string[] = [];
  if (minutes.title !== undefined) lines.push(`# ${minutes.title}`);
  lines.push(...minutes.preamble);
  for (const section of minutes.sections) lines.push(...renderSection(section));
  const eol = minutes.crlf ? '\r\n' : '\n';
  return (minutes.bom ? '\uFEFF' : '') + lines.join(eol) + (minutes.finalNewline ? eol : '');
}

function renderSection(section: MinutesSection): string[] {
  return [
    `${'#'.repeat(section.level)} ${section.heading}`,
    ...section.intro,
    ...section.links.map((link) => `* **${link.label}**:${link.value}`),
    ...section.attendees.map(renderAttendee),
    ...section.items.flatMap((item) => [renderItemLine(item), ...item.notes]),
    ...section.outro,
  ];
}

export function renderAttendee(attendee: Attendee): string {
  const { name, handle, bullet, separator, suffix } = attendee;
  if (handle === undefined || attendee.style === 'none') return `${bullet} ${name}${suffix}`;
  if (attendee.style === 'paren') return `${bullet} ${name} (@${handle})${suffix}`;
  return `${bullet} ${name}${separator}@${handle}${suffix}`;
}

/** The item's own line: bullet, checkbox, title, and the reference in the style it was written. */
export function renderItemLine(item: MinutesItem): string {
  const box = item.checkMark === undefined ? '' : `[${item.checkMark}] `;
  let reference = '';
  if (item.style === 'link') reference = `[#${item.number}](${item.url})`;
  else if (item.style === 'hash') reference = `#${item.number}`;
  else if (item.style === 'url') reference = item.url ?? '';
  return `${item.bullet} ${box}${item.title}${item.separator}${reference}${item.suffix}`;
}
