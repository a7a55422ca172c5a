import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import { requireStoreFile } from '../store-file.js';
import type { AdvisoryStore, ImportResult } from '../../advisories/index.js';
import type { FeedId } from '../../advisories/sync/index.js';
import { ExternalHostError, InputError, UsageError } from '../../errors.js';

/** Kept here (not imported from the area) so `--help` never loads it. */
const FEED_IDS = ['osv', 'ghsa', 'nvd', 'security-wg'] as const;

/** Open the configured store; the area is imported lazily so `vigil --version` stays fast. */
async function openStore(context: CommandContext, options: { mustExist?: boolean } = {}): Promise<AdvisoryStore> {
  // status and show read: a mistyped --db is named, never created as an empty store (issue #17).
  if (options.mustExist) requireStoreFile(context.config().db);
  const { openAdvisoryStore } = await import('../../advisories/index.js');
  return openAdvisoryStore(context.config().db);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function importLine(result: ImportResult): string {
  const { inserted, updated, unchanged, older } = result.summary;
  const assessments = result.assessments > 0 ? `, ${result.assessments} assessments` : '';
  return `${result.source.location}: ${result.records} records (${inserted} new, ${updated} updated, ${unchanged} unchanged, ${older} older than stored)${assessments}, ${result.problems.length} skipped`;
}

export const dbCommand: CommandDefinition = {
  name: 'db',
  summary: 'the local advisory store: import OSV / GitHub / NVD / security-wg data, sync feeds, show status',
  configure(command: Command) {
    command.addHelpText(
      'after',
      `
The store is a SQLite file (default ~/.cache/vigil/vigil.db; --db or VIGIL_DB to move it).

Examples:
  vigil db import ~/Downloads/npm-all.zip           OSV per-ecosystem dump
  vigil db import ../shared/fixtures/security-wg     security-wg vuln/core, vuln/npm, vuln/deps
  vigil db import nvdcve-2.0-2024.json               NVD CVE API 2.0 feed file or saved pages
  vigil db import advisory-database/advisories       GitHub advisory database checkout
  vigil db status --json
  vigil db show GHSA-3787-6prv-h9w3              one advisory, by id or alias (a CVE id works too)`,
    );
    command
      .command('import <paths...>')
      .description('import OSV records (files, directories, all.zip), GitHub advisory files, NVD 2.0 JSON, or a security-wg vuln/ directory')
      .option('--strict', 'exit 2 when any record could not be imported (they are reported either way)')
      .action(
        action(async (context, paths: string[], options: { strict?: boolean }) => {
          const { importPath } = await import('../../advisories/index.js');
          // Every path is checked before the store is opened: a mistyped one is exit 2 with
          // nothing created or imported, not a new empty store (issue #17).
          for (const path of paths) {
            const absolute = resolve(context.cwd, path);
            if (!existsSync(absolute)) throw new InputError(`${absolute}: no such file or directory`, { code: 'file', file: absolute, hint: 'pass OSV records, an all.zip, NVD 2.0 JSON, a GitHub advisory database or a security-wg checkout' });
          }
          const store = await openStore(context);
          const results: ImportResult[] = [];
          const refused: string[] = [];
          try {
            for (const path of paths) {
              const progress = context.logger.progress(`importing ${path}`);
              try {
                const result = await importPath(store, resolve(context.cwd, path), {
                  onProgress: (records) => progress.update(records, 'records'),
                  onProblem: (problem) => context.logger.warn(`${problem.file}: ${problem.message}`),
                });
                results.push(result);
              } catch (error) {
                // One refused input (a bomb, garbage, nothing importable) among several: say so and
                // import the rest (#20); alone, it is the command's error as before.
                if (paths.length === 1 || !(error instanceof InputError)) throw error;
                refused.push(path);
                context.logger.warn(error.message);
              } finally {
                progress.done();
              }
            }
          } finally {
            await store.close();
          }
          if (context.json) context.print(toJson(results));
          else for (const result of results) context.print(importLine(result));
          if (refused.length) context.logger.warn(`refused ${refused.length} of ${paths.length} inputs: ${refused.join(', ')}; the others were imported`);
          return refused.length || (options.strict && results.some((result) => result.problems.length > 0)) ? 2 : 0;
        }),
      );
    command
      .command('sync [feeds...]')
      .description(`fetch the live feeds (default: the config's advisories.feeds): ${FEED_IDS.join(', ')}`)
      .addHelpText(
        'after',
        `
Each source is written whole or not at all, and resumes where it stopped: OSV dumps by ETag,
GitHub advisories by update time, NVD by lastModified window, security-wg by commit.
Base URLs come from the config (osv.baseUrl, github.baseUrl, nvd.baseUrl) or VIGIL_OSV_URL,
VIGIL_GITHUB_API_URL, VIGIL_NVD_URL. Tokens: GITHUB_TOKEN, NVD_API_KEY (never printed).

Examples:
  vigil db sync                      every configured feed
  vigil db sync nvd security-wg      only these two`,
      )
      .action(
        action(async (context, names: string[]) => {
          const config = context.config();
          const unknown = names.filter((name) => !(FEED_IDS as readonly string[]).includes(name));
          if (unknown.length > 0) throw new UsageError(`unknown feed ${unknown.join(', ')}: expected ${FEED_IDS.join(', ')}`);
          const ids = (names.length > 0 ? names : config.advisories.feeds) as FeedId[];
          const [{ syncFeeds }, { HttpClient }] = await Promise.all([import('../../advisories/sync/index.js'), import('../../util/http.js')]);
          const onRetry = ({ url, status, waitMs }: { url: string; status: number | undefined; waitMs: number }) =>
            context.logger.info(`${new URL(url).host} answered ${status ?? 'nothing'}; waiting ${Math.ceil(waitMs / 1000)} s`);
          const scratchDir = await mkdtemp(join(tmpdir(), 'vigil-sync-'));
          const store = await openStore(context);
          try {
            const outcomes = await syncFeeds(
              {
                store,
                http: {
                  osv: new HttpClient({ baseUrl: config.osv.baseUrl, timeout: config.osv.timeoutMs, onRetry }),
                  github: new HttpClient({ baseUrl: config.github.baseUrl, token: config.github.token, timeout: config.github.timeoutMs, onRetry }),
                  nvd: new HttpClient({ baseUrl: config.nvd.baseUrl, timeout: config.nvd.timeoutMs, onRetry, ...(config.nvd.apiKey ? { headers: { apiKey: config.nvd.apiKey } } : {}) }),
                },
                settings: { ...config.advisories, nvdApiKey: Boolean(config.nvd.apiKey) },
                now: () => new Date(),
                sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
                scratchDir,
                onProblem: (problem) => context.logger.warn(`${problem.file}: ${problem.message}`),
                progress: (label, total) => context.logger.progress(label, total),
              },
              ids,
            );
            if (context.json) context.print(toJson(outcomes.map((outcome) => ({ ...outcome, error: outcome.error?.message }))));
            else
              for (const outcome of outcomes)
                for (const result of outcome.results) {
                  const summary = result.summary ? `${result.summary.inserted} new, ${result.summary.updated} updated, ${result.summary.unchanged} unchanged` : (result.note ?? 'unchanged');
                  context.print(`${result.source.id}: ${result.records} records (${summary})`);
                }
            const failed = outcomes.filter((outcome) => outcome.error);
            if (failed.length > 0) {
              const list = failed.map((outcome) => `${outcome.feed}: ${outcome.error?.message}`).join('\n  ');
              throw new ExternalHostError('feeds', `${failed.length} feed(s) failed; what they committed stays and the next sync resumes:\n  ${list}`);
            }
            return 0;
          } finally {
            await store.close();
            await rm(scratchDir, { recursive: true, force: true });
          }
        }),
      );
    command
      .command('status')
      .description('sources, record counts, last sync and size of the store')
      .action(
        action(async (context) => {
          const store = await openStore(context, { mustExist: true });
          const status = await store.status().finally(() => store.close());
          const { inspectSchema } = await import('../../store/index.js');
          const { backend: _backend, location: _location, ...schema } = await inspectSchema(context.config().db);
          if (context.json) {
            context.print(toJson({ ...status, schema }));
            return 0;
          }
          context.print(`schema version ${schema.version} of ${schema.latest}${schema.pending.length ? ` (pending: ${schema.pending.map((step) => `${step.version} ${step.name}`).join(', ')}; run \`vigil db migrate\`)` : ''}`);
          const feeds = Object.entries(status.byFeed).map(([feed, count]) => `${feed} ${count}`).join(', ') || 'none';
          context.print(`${status.backend} store ${status.location}: ${status.advisories} advisories (${feeds}; ${status.withdrawn} withdrawn), ${formatBytes(status.sizeBytes)}`);
          if (status.sources.length === 0) context.print('no sources yet: run `vigil db import <path>` or `vigil db sync`');
          else
            context.print(
              renderTable(status.sources, [
                { header: 'source', value: (row) => row.id },
                { header: 'kind', value: (row) => row.kind },
                { header: 'records', value: (row) => String(row.records), align: 'right' },
                { header: 'last sync', value: (row) => row.lastSync },
                { header: 'cursor', value: (row) => row.cursor ?? '' },
              ]),
            );
          return 0;
        }),
      );
    command
      .command('migrate')
      .description("bring the store's tables up to this vigil's schema (every command also does on open); --dry-run lists what is pending")
      .option('--dry-run', 'list the pending steps, change nothing: exit 0 when up to date, 1 when steps are pending')
      .addHelpText(
        'after',
        `
Run it once before starting workers on a new vigil version, so they do not race to migrate
(PostgreSQL migrates under an advisory lock either way). A store written by a newer vigil is
refused (exit 2); nothing is ever migrated backwards.

Examples:
  vigil db migrate --dry-run --db postgres://vigil@db.example.org/vigil
  vigil db migrate --json`,
      )
      .action(
        action(async (context, options: { dryRun?: boolean }) => {
          const { inspectSchema, migrateStore } = await import('../../store/index.js');
          const db = context.config().db;
          const before = await inspectSchema(db);
          const steps = (list: { version: number; name: string }[]) => list.map((step) => `${step.version} ${step.name}`).join(', ');
          if (options.dryRun || before.pending.length === 0) {
            if (context.json) context.print(toJson({ ...before, dryRun: Boolean(options.dryRun), applied: [] }));
            else if (before.pending.length === 0) context.print(`${before.location}: schema version ${before.version}, up to date`);
            else context.print(`${before.location}: schema version ${before.version} of ${before.latest}; pending: ${steps(before.pending)} (dry run: nothing changed)`);
            return before.pending.length > 0 ? 1 : 0;
          }
          const after = await migrateStore(db, before);
          if (context.json) context.print(toJson({ ...after, dryRun: false }));
          else context.print(`${after.location}: schema version ${before.version} → ${after.version}; applied: ${steps(after.applied) || 'nothing (another process migrated it first)'}`);
          return 0;
        }),
      );
    command
      .command('show <id>')
      .description('one advisory by id or alias, as stored (OSV JSON)')
      .action(
        action(async (context, id: string) => {
          const store = await openStore(context, { mustExist: true });
          const advisory = await store.get(id).finally(() => store.close());
          if (!advisory) {
            context.logger.warn(`${id}: not in the store`);
            return 2;
          }
          context.print(toJson(advisory));
          return 0;
        }),
      );
  },
};
