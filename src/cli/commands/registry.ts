import type { Command } from 'commander';

/**
 * One entry per `vigil <command>` (STYLE.md rule 2). A definition module declares options and
 * examples and loads its area lazily inside the action, so `vigil --version` stays fast.
 */
export interface CommandDefinition {
  name: string;
  summary: string;
  configure(command: Command): void;
}

type Loader = () => Promise<CommandDefinition>;

/** Names and loaders; the program only imports the definition of the command being run. */
export const commands: { name: string; summary: string; load: Loader }[] = [
  { name: 'release', summary: 'run a security release: reports, CVEs, announcements, security-wg entries, OpenVEX', load: async () => (await import('./release.js')).releaseCommand },
  { name: 'meeting', summary: "the working group's meetings: agenda, meeting issue, minutes, history", load: async () => (await import('./meeting.js')).meetingCommand },
  { name: 'monitor', summary: 'follow OpenSSF Scorecard across an organisation: score, record every run, render the report', load: async () => (await import('./monitor.js')).monitorCommand },
];
