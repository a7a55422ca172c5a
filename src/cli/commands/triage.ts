import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { renderTable, toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import { readInputText } from '../../util/read-input.js';

interface TriageOptions {
  file?: string;
}

function triagePath(context: CommandContext, options: TriageOptions): string {
  return resolve(context.cwd, options.file ?? context.config().review.triageFile);
}

/** A project as reviews and workers name it: owner/name, nothing else. */
function projectName(text: string): string {
  const trimmed = text.trim();
  if (!/^[\w.@-]+(\/[\w.-]+)?$/.test(trimmed)) throw new UsageError(`--project ${JSON.stringify(text)}: expected owner/name as reviews name it, e.g. nodejs/node`);
  return trimmed;
}

export const triageCommand: CommandDefinition = {
  name: 'triage',
  summary: 'the triage file of vigil review: check it, import the security-wg vuln/deps decisions',
  configure(command) {
    command.addHelpText(
      'after',
      `
The triage file (default .vigil/triage.yaml, config review.triageFile) records decisions about
findings: the vulnerability id, an optional package and release-line scope, an OpenVEX status and
justification, a reason, who decided, and an optional expiry. The format is in src/review/README.md.

\`vigil triage record\` keeps the file's decisions in the store (--db / VIGIL_DB: the SQLite file or
the PostgreSQL server workers share), so \`vigil worker\` review jobs on other machines apply them;
\`vigil triage list\` shows what the store holds.

Examples:
  vigil triage check
  vigil triage import-wg ../security-wg/vuln/deps --file .vigil/triage.yaml
  vigil triage record --project nodejs/node
  vigil triage list --project nodejs/node --json`,
    );
    command
      .command('check')
      .description('read the triage file strictly: unknown fields or bad dates exit 2 with the line')
      .option('--file <path>', 'the triage file (default: config review.triageFile)')
      .action(
        action(async (context, options: TriageOptions) => {
          const { parseTriageFile } = await import('../../review/index.js');
          const file = triagePath(context, options);
          if (!existsSync(file)) throw new InputError(`${file}: no triage file`, { file, hint: 'write one (format: src/review/README.md), start it with `vigil triage import-wg <security-wg>/vuln/deps`, or pass --file <path>' });
          const entries = parseTriageFile(await readInputText(file, { kind: 'triage' }), file);
          const today = new Date().toISOString().slice(0, 10);
          const expired = entries.filter((entry) => entry.expires !== null && entry.expires < today);
          if (context.json) context.print(toJson({ file, entries: entries.length, expired }));
          else {
            context.print(`${file}: ${entries.length} entries, ${expired.length} expired`);
            for (const entry of expired) context.print(`${file}:${entry.line}: ${entry.id} expired on ${entry.expires}`);
          }
          return EXIT.ok;
        }),
      );
    command
      .command('record')
      .description("keep the triage file's decisions in the store: the project's stored decisions become exactly the file's")
      .requiredOption('--project <owner/name>', 'the project the decisions are about, as reviews name it (nodejs/node)')
      .option('--file <path>', 'the triage file (default: config review.triageFile)')
      .action(
        action(async (context, options: TriageOptions & { project: string }) => {
          const { parseTriageFile, decisionsFromEntries } = await import('../../review/index.js');
          const project = projectName(options.project);
          const file = triagePath(context, options);
          if (!existsSync(file)) throw new InputError(`${file}: no triage file`, { file, hint: 'pass --file <path>, or write one (format: src/review/README.md)' });
          // Everything is read and checked before the store is opened: a bad file changes nothing.
          const text = await readInputText(file, { kind: 'triage' });
          // A blank file would remove every stored decision of the project (issue #17): clearing them is `entries: []`, said on purpose.
          if (text.trim() === '') throw new InputError(`${file}: the triage file is empty; nothing was recorded`, { file, hint: 'to remove every stored decision of the project on purpose, record a file with `version: 1` and `entries: []`' });
          const decisions = decisionsFromEntries(project, parseTriageFile(text, file), new Date().toISOString(), file);
          const { openStore } = await import('../../store/index.js');
          const store = await openStore(context.config().db);
          try {
            const result = await store.records.replaceTriage(project, decisions);
            if (context.json) context.print(toJson({ file, project, store: store.location, decisions: decisions.length, ...result }));
            else context.print(`${store.location}: ${project} holds ${decisions.length} decisions from ${file} (${result.added} added, ${result.changed} changed, ${result.removed} removed)`);
          } finally {
            await store.close();
          }
          return EXIT.ok;
        }),
      );
    command
      .command('list')
      .description('the triage decisions the store holds for a project')
      .requiredOption('--project <owner/name>', 'the project (nodejs/node)')
      .action(
        action(async (context, options: { project: string }) => {
          const { openStore, isPostgresUrl } = await import('../../store/index.js');
          const db = context.config().db;
          const project = projectName(options.project);
          if (!isPostgresUrl(db) && !existsSync(db)) throw new InputError(`${db}: no store yet`, { file: db, hint: 'record decisions first: vigil triage record --project <owner/name>' });
          // Not read-only: a store from an older vigil is brought up to date (its triage rows kept) first.
          const store = await openStore(db);
          try {
            const decisions = await store.records.triage(project);
            if (context.json) context.print(toJson({ project, store: store.location, decisions }));
            else if (decisions.length === 0) context.print(`${store.location}: no triage decisions for ${project}`);
            else {
              context.print(
                renderTable(decisions, [
                  { header: 'vulnerability', value: (row) => row.vulnerability },
                  { header: 'package', value: (row) => row.package || '(any)' },
                  { header: 'lines', value: (row) => row.lines.join(', ') || '(every)' },
                  { header: 'status', value: (row) => (row.justification ? `${row.status}: ${row.justification}` : row.status) },
                  { header: 'by', value: (row) => row.decidedBy },
                  { header: 'expires', value: (row) => row.expires ?? '' },
                  { header: 'reason', value: (row) => row.reason },
                ]),
              );
            }
          } finally {
            await store.close();
          }
          return EXIT.ok;
        }),
      );
    command
      .command('import-wg <vuln-deps-dir>')
      .description('add the security-wg vuln/deps decisions (not_affected, with the WG justification) to the triage file')
      .option('--file <path>', 'the triage file (default: config review.triageFile)')
      .action(
        action(async (context, dir: string, options: TriageOptions) => {
          const { parseTriageFile, serialiseTriageFile, readDepsDirectory, mergeImported } = await import('../../review/index.js');
          const { writeFileAtomic } = await import('../../util/atomic-write.js');
          const file = triagePath(context, options);
          const existing = existsSync(file) ? parseTriageFile(await readInputText(file, { kind: 'triage' }), file) : [];
          const base = resolve(context.cwd, dir);
          const imported = await readDepsDirectory(existsSync(join(base, 'deps')) ? join(base, 'deps') : base);
          const { entries, added } = mergeImported(existing, imported);
          if (added > 0) await writeFileAtomic(file, serialiseTriageFile(entries));
          if (context.json) context.print(toJson({ file, added, total: entries.length }));
          else context.print(added > 0 ? `${file}: added ${added} entries (${entries.length} in all)` : `${file}: already holds every vuln/deps decision`);
          return EXIT.ok;
        }),
      );
  },
};
