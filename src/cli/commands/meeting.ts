import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { MeetingGroupConfig } from '../../config/schema.js';
import { InputError, UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { MeetingGroup, StandingFigures } from '../../meetings/index.js';
import { confirm } from '../confirm.js';
import { readInputText, readInputTextSync, yamlToJs } from '../../util/read-input.js';

interface GroupOptions {
  groupFile?: string;
  date?: string;
  dryRun?: boolean;
  yes?: boolean;
  now?: string;
}

/** The group from `--group-file` (one group, YAML) or from `meetings.groups.<id>` in the config. */
async function loadGroup(context: CommandContext, id: string, options: GroupOptions): Promise<MeetingGroup> {
  const { resolveGroup } = await import('../../meetings/index.js');
  if (options.groupFile) {
    const file = resolve(context.cwd, options.groupFile);
    if (!existsSync(file)) throw new InputError(`${file}: meeting group file not found`, { file });
    const document = parseDocument(readInputTextSync(file, { kind: 'config' }));
    if (document.errors[0]) throw new InputError(`${file}: not valid YAML: ${document.errors[0].message.split('\n')[0]}`, { file, line: document.errors[0].linePos?.[0].line });
    const parsed = MeetingGroupConfig.safeParse(yamlToJs(document, file));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
      throw new InputError(`${file}: ${issue?.path.join('.') || '(root)'}: ${detail}`, { file });
    }
    return resolveGroup(id, parsed.data, file);
  }
  const config = context.config();
  const written = config.meetings.groups[id];
  if (!written) {
    const known = Object.keys(config.meetings.groups);
    throw new UsageError(`no meeting group "${id}" in meetings.groups${known.length ? ` (configured: ${known.join(', ')})` : ''}`, {
      // One line the user can run, then the same command works (the fields are in src/meetings/README.md).
      hint: `echo '{name: ${JSON.stringify(id)}, github: {owner: <org>, repo: <repo>}}' > ${id}.group.yaml, then add --group-file ${id}.group.yaml (or put it under meetings.groups.${id} in vigil.config.yaml)`,
    });
  }
  return resolveGroup(id, written, config.sources[config.sources.length - 1] ?? 'config');
}

async function github(context: CommandContext) {
  const { createGitHubClient } = await import('../../forge/index.js');
  const config = context.config();
  return createGitHubClient({ baseUrl: config.github.baseUrl, token: config.github.token, timeoutMs: config.github.timeoutMs, onWait: (message) => context.logger.warn(message) });
}

/** Calendar feeds: http(s) through the HTTP client (retries, timeout), anything else as a file. */
function calendarReader(context: CommandContext) {
  return async (location: string): Promise<string> => {
    if (/^https?:\/\//.test(location)) {
      const { HttpClient } = await import('../../util/http.js');
      const url = new URL(location);
      const client = new HttpClient({ baseUrl: url.origin, timeout: context.config().github.timeoutMs });
      const result = await client.request(`${url.pathname}${url.search}`, { headers: { accept: 'text/calendar' } });
      return new TextDecoder().decode(result!.body);
    }
    const file = resolve(context.cwd, location);
    if (!existsSync(file)) throw new InputError(`${file}: calendar file not found`, { file });
    return readInputText(file, { kind: 'config' });
  };
}

async function findMeeting(context: CommandContext, group: MeetingGroup, options: GroupOptions) {
  const meetings = await import('../../meetings/index.js');
  if (options.date && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new UsageError(`--date ${JSON.stringify(options.date)}: expected YYYY-MM-DD`);
  const from = options.now ? new Date(options.now) : new Date();
  if (Number.isNaN(from.getTime())) throw new UsageError(`--now ${JSON.stringify(options.now)}: expected an ISO date`);
  const found = await meetings.findNextMeeting(group, { from, date: options.date, readCalendar: calendarReader(context) });
  return { meetings, found };
}

/**
 * Live figures for standing items from Vigil's own data, where it has some: Scorecard deltas from
 * `--scorecard-db` or the runs `vigil monitor` recorded in the store, open findings per release
 * line from the reviews `vigil review --record` kept there. A store that does not exist yet is not
 * created; the item is then listed without figures.
 */
function standingFigures(context: CommandContext, options: { scorecardDb?: string }): StandingFigures {
  return async (id) => {
    const meetings = await import('../../meetings/index.js');
    if (id === 'scorecard-deltas' && options.scorecardDb) {
      const { readRequiredDatabase } = await import('../../monitor/index.js');
      const database = await readRequiredDatabase(resolve(context.cwd, options.scorecardDb));
      return meetings.scorecardDeltaLines(meetings.historiesFromMonitorDatabase(database));
    }
    const db = context.config().db;
    const { isPostgresUrl, openStore } = await import('../../store/index.js');
    if (isPostgresUrl(db) || existsSync(db)) {
      const store = await openStore(db);
      try {
        if (id === 'scorecard-deltas') {
          const series = await store.monitor.latest(2, false, 0);
          if (series.length > 0) return meetings.scorecardDeltaLines(series.map((entry) => ({ repo: `${entry.ref.org}/${entry.ref.repo}`, scores: [...entry.points].reverse().map((point) => ({ date: point.date, score: point.score })) })));
        }
        if (id === 'review-findings') {
          const reviews = await store.records.latestReviews();
          if (reviews.length > 0) return meetings.findingsLines(meetings.openFindingsFromReviews(reviews));
        }
      } finally {
        await store.close();
      }
    }
    context.logger.info(`standing item ${id}: no figures in this run (listed without them)`);
    return undefined;
  };
}

function groupOptions<T extends Command>(command: T): T {
  return command
    .option('--group-file <file>', 'a YAML file with this one group (instead of meetings.groups in the config)')
    .option('--date <YYYY-MM-DD>', 'the meeting on or after this day (without a calendar: the meeting day)')
    .option('--dry-run', 'show what would be created or changed; write nothing')
    .option('-y, --yes', 'do not ask before writing to GitHub (automation)')
    .option('--now <iso-date>', 'pretend now is this instant (rehearsals and tests)') as T;
}

export const meetingCommand: CommandDefinition = {
  name: 'meeting',
  summary: "the working group's meetings: agenda from labelled issues, meeting issue, minutes, history",
  configure(command) {
    command.addHelpText(
      'after',
      `
A group is configured once, under meetings.groups.<id> in vigil.config.yaml (or --group-file);
see src/meetings/README.md. The GitHub token comes from VIGIL_GITHUB_TOKEN / GITHUB_TOKEN.

Examples:
  vigil meeting prepare security-wg --dry-run
  vigil meeting prepare security-wg --yes
  vigil meeting minutes security-wg --output ./meetings
  vigil meeting minutes security-wg --scorecard-db tools/ossf_scorecard/database.json --yes
  vigil meeting history ../security-wg/meetings --limit 10
  vigil meeting check ../security-wg/meetings`,
    );
    groupOptions(command.command('prepare <group>').description('find the next meeting, search the agenda, create or update the meeting issue')).action(
      action(async (context, id: string, options: GroupOptions) => {
        const group = await loadGroup(context, id, options);
        const { meetings, found } = await findMeeting(context, group, options);
        if (meetings.isNoMeeting(found)) {
          if (context.json) context.print(toJson({ meeting: null, reason: found.reason }));
          else context.print(`no meeting to prepare: ${found.reason}`);
          return 0;
        }
        const client = await github(context);
        const planned = await meetings.prepareMeeting(client, group, found, { dryRun: true });
        const verb = planned.issue.action === 'create' ? 'create' : planned.issue.action === 'update' ? `update #${planned.issue.number}` : 'leave unchanged';
        if (options.dryRun || planned.issue.action === 'unchanged' || !(await confirm(`${verb} "${planned.title}" in ${group.owner}/${group.repo}?`, { yes: options.yes, alternative: '--dry-run' }))) {
          if (context.json) context.print(toJson({ ...planned, dryRun: options.dryRun === true }));
          else {
            context.print(`${planned.title} (${found.start}): would ${verb}; ${planned.agenda.reduce((sum, repo) => sum + repo.items.length, 0)} agenda items`);
            if (options.dryRun) context.print(`\n${planned.body}`);
          }
          return 0;
        }
        const done = await meetings.prepareMeeting(client, group, found, { dryRun: false });
        if (context.json) context.print(toJson(done));
        else context.print(`${done.issue.action === 'create' ? 'created' : 'updated'}: ${done.issue.url ?? done.title}`);
        return 0;
      }),
    );
    groupOptions(command.command('minutes <group>').description('write the minutes skeleton (meetings/YYYY-MM-DD.md) and propose it as a pull request'))
      .option('--output <dir>', 'write the file under this directory instead of proposing a pull request')
      .option('--scorecard-db <file>', "scorecard-monitor's database.json, for the Scorecard standing item's deltas")
      .action(
        action(async (context, id: string, options: GroupOptions & { output?: string; scorecardDb?: string }) => {
          const group = await loadGroup(context, id, options);
          const { meetings, found } = await findMeeting(context, group, options);
          if (meetings.isNoMeeting(found)) {
            context.print(context.json ? toJson({ meeting: null, reason: found.reason }) : `no meeting: ${found.reason}`);
            return 0;
          }
          const client = await github(context);
          const draft = await meetings.draftMinutes(client, group, found.date, standingFigures(context, options));
          if (options.dryRun) {
            context.print(context.json ? toJson(draft) : draft.text);
            return 0;
          }
          if (options.output) {
            const { writeFileAtomic } = await import('../../util/atomic-write.js');
            const outputDir = resolve(context.cwd, options.output);
            const path = join(outputDir, draft.path.split('/').pop()!);
            // Minutes already written for that day are the meeting's record: never replaced by a skeleton unasked.
            if (existsSync(path) && (await readInputText(path, { kind: 'minutes' })) !== draft.text && !(await confirm(`${path} exists; replace it with a new skeleton?`, { yes: options.yes, alternative: '--dry-run' }))) {
              throw new InputError(`${path}: minutes already exist for this meeting; not replaced`, { file: path, hint: 'pass --yes to replace them, or --dry-run to see the skeleton' });
            }
            await writeFileAtomic(path, draft.text, { root: outputDir });
            context.print(context.json ? toJson({ written: path }) : `wrote ${path}`);
            return 0;
          }
          if (!(await confirm(`propose ${draft.path} in ${group.owner}/${group.repo} on a branch and pull request?`, { yes: options.yes, alternative: '--dry-run' }))) return 0;
          const proposal = await meetings.proposeMinutes(client, group, found.date, draft);
          context.print(context.json ? toJson(proposal) : `${proposal.action}: ${proposal.url}`);
          return 0;
        }),
      );
    command
      .command('history <minutes-dir>')
      .description('how long each agenda item stayed on the agenda, longest-standing first')
      .option('--limit <n>', 'show only the first n items', (value) => {
        const limit = Number(value);
        if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError('expected a positive integer');
        return limit;
      })
      .action(
        action(async (context, dir: string, options: { limit?: number }) => {
          const { agendaHistory, readMinutesFolder } = await import('../../meetings/index.js');
          const history = agendaHistory(await readMinutesFolder(resolve(context.cwd, dir)));
          const rows = options.limit ? history.slice(0, options.limit) : history;
          if (context.json) context.print(toJson(rows));
          else
            context.print(
              renderTable(rows, [
                { header: 'item', value: (row) => row.key },
                { header: 'first seen', value: (row) => row.firstSeen },
                { header: 'last seen', value: (row) => row.lastSeen },
                { header: 'meetings', value: (row) => String(row.meetings), align: 'right' },
                { header: 'days', value: (row) => String(row.days), align: 'right' },
                { header: 'title', value: (row) => row.title },
              ]),
            );
          return 0;
        }),
      );
    command
      .command('check <minutes-dir>')
      .description('parse every minutes file, render it back, and report what does not follow the template (with line numbers)')
      .action(
        action(async (context, dir: string) => {
          const { readMinutesFolder, roundTrip } = await import('../../meetings/index.js');
          const files = await readMinutesFolder(resolve(context.cwd, dir));
          const results = files.map(roundTrip);
          const problems = files.flatMap((file) => file.minutes.problems.map((problem) => ({ file: file.name, ...problem })));
          if (context.json) {
            context.print(toJson({ files: results, problems }));
            return 0;
          }
          const exact = results.filter((result) => result.exact).length;
          context.print(
            [
              `${exact} of ${results.length} files render back byte for byte; ${results.reduce((sum, result) => sum + result.numberedItems, 0)} agenda items with an issue number, ${results.reduce((sum, result) => sum + result.attendees, 0)} attendees`,
              ...results.filter((candidate) => !candidate.exact).map((result) => `differs: ${result.name}:${result.difference?.line}`),
              ...problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`),
            ].join('\n'),
          );
          return 0;
        }),
      );
  },
};
