import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, InputError } from '../../errors.js';
import { action, type CommandContext } from '../context.js';
import { toJson } from '../../formats/table/render.js';
import type { CommandDefinition } from './registry.js';
import { readInputText } from '../../util/read-input.js';

interface TriageOptions {
  file?: string;
}

function triagePath(context: CommandContext, options: TriageOptions): string {
  return resolve(context.cwd, options.file ?? context.config().review.triageFile);
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

Examples:
  vigil triage check
  vigil triage import-wg ../security-wg/vuln/deps --file .vigil/triage.yaml`,
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
