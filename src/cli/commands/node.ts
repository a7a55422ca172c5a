import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { action } from '../context.js';
import { palette, renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import type { CoreEntry } from '../../formats/security-wg/core-entry.js';

/** The platforms vuln/core entries name, as Node's `process.platform` spells them. */
const PLATFORMS = ['aix', 'android', 'darwin', 'freebsd', 'linux', 'openbsd', 'sunos', 'win32'];

interface NodeCheckOptions {
  platform?: string | true;
  vulnDir?: string;
  now?: string;
}

/** The vuln/core entries held in the advisory store; none there is an error, never "not vulnerable". */
async function entriesFromStore(db: string): Promise<{ id: number; entry: CoreEntry }[]> {
  const { openAdvisoryStore, isPostgresUrl, NODE_CORE_PACKAGE, packageKeyString } = await import('../../advisories/index.js');
  const { coreEntriesFromAdvisories } = await import('../../review/index.js');
  const hint = 'run `vigil db import <security-wg>/vuln` or `vigil db sync security-wg`, or pass --vuln-dir';
  if (!isPostgresUrl(db) && !existsSync(db)) throw new InputError(`the advisory store ${db} does not exist: ${hint}`, { file: db });
  const store = await openAdvisoryStore(db, { readonly: true });
  try {
    const found = await store.forPackages([NODE_CORE_PACKAGE]);
    const entries = coreEntriesFromAdvisories(found.get(packageKeyString(NODE_CORE_PACKAGE)) ?? []);
    if (entries.length === 0) throw new InputError(`the advisory store ${db} holds no security-wg vuln/core entries: ${hint}`, { file: db });
    return entries;
  } finally {
    await store.close();
  }
}

export const nodeCommand: CommandDefinition = {
  name: 'node',
  summary: 'is this Node.js version vulnerable or past end-of-life (security-wg vuln/core, release schedule)',
  configure(command) {
    command.addHelpText(
      'after',
      `
Examples:
  vigil node check --vuln-dir ../security-wg/vuln
  vigil node check v20.5.1 --platform win32 --vuln-dir ../security-wg/vuln --json`,
    );
    command
      .command('check [version]')
      .description('list the vuln/core entries that affect a Node.js version, and its end-of-life status')
      .option('--platform [name]', 'only entries affecting this platform (win32, darwin, linux, aix, freebsd, sunos); without a name, this machine')
      .option('--vuln-dir <dir>', "read the security-wg repository's vuln/ (or vuln/core) directory instead of the advisory store")
      .option('--now <iso-date>', 'pretend today is this date (end-of-life is judged against it)')
      .addHelpText(
        'after',
        `
Without a version, the running Node.js is checked. Entries are the security-wg \`vuln/core\`
data (\`vulnerable\` and \`patched\` semver ranges, \`affectedEnvironments\`), from the advisory
store (--db, VIGIL_DB; \`vigil db import\` or \`vigil db sync security-wg\` fills it) or, with
--vuln-dir, straight from a checkout. End-of-life comes from the nodejs/Release schedule.

Examples:
  vigil node check v20.5.1 --platform win32
  vigil node check --vuln-dir ../security-wg/vuln
  vigil node check v20.5.1 --platform win32 --vuln-dir ../security-wg/vuln --json

Exit codes: 0 not affected and supported, 1 affected or past end-of-life, 2 bad input.`,
      )
      .action(
        action(async (context, version: string | undefined, options: NodeCheckOptions) => {
          const { readCoreDirectory, CoreEntry: CoreEntrySchema } = await import('../../formats/security-wg/core-entry.js');
          const { checkNodeVersion } = await import('../../review/index.js');
          const { loadSchedule } = await import('../../release/schedule-sync.js');
          const { cacheDir } = await import('../../config/defaults.js');
          // The synced copy (`vigil release schedule sync`) when there is one, else the built-in copy.
          const { schedule } = await loadSchedule(join(cacheDir(context.env), 'release-schedule.json'));
          const semver = (await import('semver')).default;
          const checked = version ?? process.version;
          if (!semver.valid(checked.replace(/^v/, ''))) throw new UsageError(`not a Node.js version: ${JSON.stringify(checked)} (expected e.g. v20.5.1)`);
          // `--platform windoze` matched no entry's platform and reported "all" ones only, exit 1 (issue #17).
          if (typeof options.platform === 'string' && !PLATFORMS.includes(options.platform)) throw new UsageError(`--platform ${JSON.stringify(options.platform)}: expected one of ${PLATFORMS.join(', ')}`);
          let entries: { id: number; entry: CoreEntry }[];
          if (options.vulnDir) {
            const base = resolve(context.cwd, options.vulnDir);
            const dir = existsSync(join(base, 'core')) ? join(base, 'core') : base;
            const directory = await readCoreDirectory(dir);
            entries = directory.entries.flatMap((file) => {
              const parsed = CoreEntrySchema.safeParse(file.raw);
              if (!parsed.success) context.logger.warn(`${file.file}: not a vuln/core entry, skipped: ${parsed.error.issues[0]?.message ?? ''}`);
              return parsed.success ? [{ id: file.id, entry: parsed.data }] : [];
            });
          } else entries = await entriesFromStore(context.config().db);
          const platform = options.platform === true ? process.platform : (options.platform ?? null);
          const now = options.now ? new Date(options.now) : new Date();
          if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${JSON.stringify(options.now)}`);
          const result = await checkNodeVersion({ version: checked, platform, now }, entries, schedule);
          if (context.json) context.print(toJson(result));
          else {
            const colour = palette(context.color);
            const support = result.endOfLife === null ? 'not in the release schedule' : result.eol ? colour.red(`end-of-life since ${result.endOfLife}`) : `supported until ${result.endOfLife}`;
            context.print(`Node.js ${result.version}${platform ? ` on ${platform}` : ''}: ${result.vulnerabilities.length} known vulnerabilities; ${result.line} ${support}`);
            if (result.vulnerabilities.length) {
              context.print(
                renderTable(result.vulnerabilities, [
                  { header: 'entry', value: (row) => row.ids.join(', ') },
                  { header: 'cve', value: (row) => row.cves.join(', ') || '-' },
                  { header: 'severity', value: (row) => row.severity },
                  { header: 'patched in', value: (row) => row.patchedIn ?? '-' },
                  { header: 'platforms', value: (row) => row.environments.join(', ') },
                  { header: 'description', value: (row) => row.description },
                ]),
              );
            }
            for (const problem of result.unreadable) context.logger.warn(`vuln/core/${problem.id}.json: ${problem.problem}`);
          }
          return result.vulnerabilities.length > 0 || result.eol ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
