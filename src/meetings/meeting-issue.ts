import { applyIssueSync, planIssueSync, type ExistingIssue, type GitHubClient, type IssueAction, type IssueDraft } from '../forge/index.js';
import { renderAgenda } from './agenda.js';
import { meetingTitle } from './group.js';
import type { AgendaGroup, MeetingGroup, MeetingOccurrence } from './types.js';
import { formatLocal, timeTable } from './zoned-time.js';

/** The hidden-marker key of a meeting's issue: one issue per group and date. */
export function meetingKey(group: MeetingGroup, date: string): string {
  return `meeting:${group.id}:${date}`;
}

/** A timeanddate.com link that shows the meeting in the reader's own zone. */
function timeAndDateLink(start: Date, title: string): string {
  const iso = start.toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `https://www.timeanddate.com/worldclock/fixedtime.html?msg=${encodeURIComponent(title)}&iso=${iso}&p1=1440`;
}

/** The meeting issue's body: time table, agenda grouped by repository, invitees, how to join. Pure. */
export function renderMeetingIssue(group: MeetingGroup, meeting: MeetingOccurrence, agenda: AgendaGroup[], links: { minutes?: string } = {}): string {
  const start = new Date(meeting.start);
  const title = meetingTitle(group, meeting.date);
  const rows = timeTable(start, group.timeZones).map((row) => `| ${row.label} | ${row.local} |`);
  const organisations = group.organisations.join(', ');
  return [
    '## Time',
    '',
    `**UTC ${formatLocal(start, 'UTC').replace(/ \(UTC\)$/, '')}**:`,
    '',
    '| Timezone | Date/Time |',
    '| -------- | --------- |',
    ...rows,
    '',
    'Or in your local time:',
    '',
    `* ${timeAndDateLink(start, title)}`,
    '',
    '## Links',
    '',
    `* Minutes: ${links.minutes ? `<${links.minutes}>` : '(proposed as a pull request before the meeting)'}`,
    '',
    '## Agenda',
    '',
    `Extracted from **${group.agendaLabel}** labelled issues and pull requests from the **${organisations} org** prior to the meeting.`,
    '',
    renderAgenda(agenda).trimEnd(),
    '',
    '## Invited',
    '',
    ...(group.invited.length ? group.invited.map((line) => `* ${line}`) : ['_nobody listed_']),
    '',
    '### Observers/Guests',
    '',
    ...(group.observers.length ? group.observers.map((line) => `* ${line}`) : ['_none listed_']),
    '',
    '## Notes',
    '',
    `The agenda lists the issues labelled \`${group.agendaLabel}\` in every repository of the ${organisations} org. Label any further issue that should be discussed before the meeting starts.`,
    '',
    '## Joining the meeting',
    '',
    group.joining || '_see the calendar invitation_',
    '',
  ].join('\n');
}

/** The draft Vigil syncs: title `<host> <name> Meeting <date>`, the group's labels, a marker key. */
export function meetingIssueDraft(group: MeetingGroup, meeting: MeetingOccurrence, body: string): IssueDraft {
  return { key: meetingKey(group, meeting.date), title: meetingTitle(group, meeting.date), body, labels: group.issueLabels };
}

interface SearchHit {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  pull_request?: unknown;
}

const MARKER = /<!-- vigil:([^>]+?) -->/;

/**
 * The meeting's issue if it exists: found by its title in the meeting repository (one search),
 * keyed by Vigil's hidden marker. An issue with the same title but no marker (made by hand or
 * by another tool) is adopted, so a re-run updates it rather than opening a duplicate.
 */
export async function findMeetingIssue(client: GitHubClient, group: MeetingGroup, draft: IssueDraft): Promise<ExistingIssue[]> {
  const hits = (await client.paginate('GET /search/issues', { q: `repo:${group.owner}/${group.repo} is:issue in:title "${draft.title}"`, per_page: 100 })) as SearchHit[];
  return hits
    .filter((hit) => hit.pull_request === undefined && hit.title === draft.title)
    .map((hit) => {
      const body = hit.body ?? '';
      const key = MARKER.exec(body)?.[1] ?? draft.key;
      return { number: hit.number, title: hit.title, body, state: hit.state === 'closed' ? ('closed' as const) : ('open' as const), url: hit.html_url, key };
    })
    .filter((issue) => issue.key === draft.key)
    .slice(0, 1);
}

/** Create the meeting issue, or update it when its body changed; `dryRun` only plans. */
export async function syncMeetingIssue(client: GitHubClient, group: MeetingGroup, draft: IssueDraft, options: { dryRun: boolean }): Promise<IssueAction> {
  const existing = await findMeetingIssue(client, group, draft);
  const plan = planIssueSync([draft], existing, { closeMissing: false });
  if (options.dryRun) return plan[0]!;
  const [done] = await applyIssueSync(client, group.owner, group.repo, [draft], plan, '');
  return done!;
}
