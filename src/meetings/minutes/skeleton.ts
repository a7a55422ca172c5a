import { agendaLine } from '../agenda.js';
import { meetingTitle } from '../group.js';
import type { AgendaGroup, MeetingGroup, Minutes, MinutesItem, MinutesSection, SectionKind } from '../types.js';
import { parseAttendee, parseItemLine } from './parse.js';

/** What the skeleton is filled with besides the group: the agenda, links, standing-item figures. */
export interface SkeletonInput {
  date: string;
  agenda: AgendaGroup[];
  links: { recording?: string; issue?: string; minutes?: string };
  /** Figures per standing item title, one note line each. */
  figures: Map<string, string[]>;
}

function section(heading: string, level: 2 | 3, kind: SectionKind, parts: Partial<MinutesSection> = {}): MinutesSection {
  return { heading, level, kind, intro: [], links: [], attendees: [], items: [], outro: [], line: 0, ...parts };
}

function item(line: string, repo: string | undefined, notes: string[]): MinutesItem {
  const parsed = parseItemLine(line, 0, repo)!;
  return { ...parsed, notes };
}

/**
 * The minutes skeleton in the WG's format (create-node-meeting-artifacts' security-wg minutes
 * template): links, present, announcements with the standing items and their live figures, one
 * section per repository with its agenda items, Q&A, upcoming meetings. Render with renderMinutes.
 */
export function minutesSkeleton(group: MeetingGroup, input: SkeletonInput): Minutes {
  const people = [...group.invited, ...group.observers].map((line) => parseAttendee(`* ${line}`, 0)!);
  const standing = group.standingItems.map((standingItem) =>
    item(`- [ ] ${standingItem.title}${standingItem.url ? ` - ${standingItem.url}` : ''}`, undefined, (input.figures.get(standingItem.title) ?? []).map((line) => `  - ${line}`)),
  );
  const organisations = group.organisations.join(', ');
  const sections: MinutesSection[] = [
    section('Links', 2, 'links', {
      intro: [''],
      links: [
        { label: 'Recording', value: ` ${input.links.recording ?? ''}` },
        { label: 'GitHub Issue', value: ` ${input.links.issue ?? ''}` },
        { label: 'Minutes', value: ` ${input.links.minutes ?? ''}` },
      ],
      outro: [''],
    }),
    section('Present', 2, 'present', { intro: [''], attendees: people, outro: [''] }),
    section('Agenda', 2, 'agenda', { intro: [''] }),
    section('Announcements', 2, 'announcements', {
      intro: ['', `*Extracted from **${group.agendaLabel}** labelled issues and pull requests from the **${organisations} org** prior to the meeting.`, ''],
      items: standing.map((entry, index) => (index === standing.length - 1 ? { ...entry, notes: [...entry.notes, ''] } : entry)),
    }),
    ...input.agenda.map((repository) =>
      section(repository.repo, 3, 'repository', { intro: [''], items: repository.items.map((entry) => item(agendaLine(entry), repository.repo, [''])) }),
    ),
    section('Q&A, Other', 2, 'qa', { intro: [''] }),
    section('Upcoming Meetings', 2, 'upcoming', {
      intro: ['', `* **${group.host} Project Calendar**: <${group.calendarPage}>`, '', 'Click `+GoogleCalendar` at the bottom right to add to your own Google calendar.'],
    }),
  ];
  return { title: meetingTitle(group, input.date), date: input.date, preamble: [''], sections, problems: [], finalNewline: true, crlf: false, bom: false };
}
