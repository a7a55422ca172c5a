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
  { name: 'db', summary: 'the local advisory store: import, sync and status of OSV, GitHub, NVD and security-wg data', load: async () => (await import('./db.js')).dbCommand },
  { name: 'inventory', summary: 'every third-party component of a checkout, with purl, CPE and the path that pulls it in', load: async () => (await import('./inventory.js')).inventoryCommand },
  { name: 'node', summary: 'is this Node.js version vulnerable or past end-of-life (security-wg vuln/core, release schedule)', load: async () => (await import('./node.js')).nodeCommand },
  { name: 'triage', summary: 'the triage file of vigil review: check it, import the security-wg vuln/deps decisions', load: async () => (await import('./triage.js')).triageCommand },
  { name: 'review', summary: 'Vulnerability Review: every dependency against the advisory store, triaged, as a table, JSON, SARIF, Markdown or OpenVEX', load: async () => (await import('./review.js')).reviewCommand },
  { name: 'release', summary: 'run a security release: reports, CVEs, announcements, security-wg entries, OpenVEX', load: async () => (await import('./release.js')).releaseCommand },
  { name: 'updates', summary: 'which dependencies are behind upstream (vendored in a Node.js checkout, or a lockfile project), security updates first', load: async () => (await import('./updates.js')).updatesCommand },
  { name: 'meeting', summary: "the working group's meetings: agenda, meeting issue, minutes, history", load: async () => (await import('./meeting.js')).meetingCommand },
  { name: 'scorecard', summary: 'OpenSSF Scorecard checks from a local clone: table, Scorecard JSON v2 or SARIF', load: async () => (await import('./scorecard.js')).scorecardCommand },
  { name: 'monitor', summary: 'follow OpenSSF Scorecard across an organisation: score, record every run, render the report', load: async () => (await import('./monitor.js')).monitorCommand },
  { name: 'integrity', summary: 'integrity manifests of module hashes, signed with Ed25519', load: async () => (await import('./integrity.js')).integrityCommand },
  { name: 'permissions', summary: 'infer a Node.js permissions file from a real run; check it for known gaps', load: async () => (await import('./permissions.js')).permissionsCommand },
  { name: 'worker', summary: "share an organisation's work with other machines: run queued jobs from the PostgreSQL store", load: async () => (await import('./worker.js')).workerCommand },
  { name: 'serve', summary: 'the dashboard: scores, trends, checks by repository and vulnerability findings, in a browser', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'run', summary: 'run Node under a permissions file and an integrity manifest', load: async () => (await import('./run.js')).runCommand },
  { name: 'harden', summary: 'fix what Scorecard finds: pin actions and images, least-privilege tokens, Dependabot', load: async () => (await import('./harden.js')).hardenCommand },
];
