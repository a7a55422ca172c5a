import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { EXIT, UsageError } from '../../errors.js';
import { action } from '../context.js';
import { requireExistingPath } from '../input-paths.js';
import type { CommandDefinition } from './registry.js';

interface InventoryOptions {
  ref?: string;
  format: string;
  output?: string;
  installed: boolean;
  exclude?: string[];
  strict?: boolean;
  maxLockfileSize?: number;
}

const FORMATS = ['table', 'json', 'cyclonedx', 'spdx'];

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** `--max-lockfile-size 128` → bytes; anything but a positive number is a usage error (exit 2). */
function parseMegabytes(value: string): number {
  const megabytes = Number(value);
  if (!Number.isFinite(megabytes) || megabytes <= 0) throw new UsageError(`--max-lockfile-size: expected a positive number of megabytes, got ${JSON.stringify(value)}`);
  return Math.round(megabytes * 1024 * 1024);
}

export const inventoryCommand: CommandDefinition = {
  name: 'inventory',
  summary: 'every third-party component of a checkout, with purl, CPE and the path that pulls it in',
  configure(command) {
    command
      .argument('[path]', 'the checkout to inventory', '.')
      .option('--ref <git-ref>', 'read the files of this git ref (branch, tag, commit) without checking it out')
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
      .option('-o, --output <file>', 'write the result to this file (atomically) instead of stdout')
      .option('--no-installed', 'read lockfiles only, not installed node_modules trees')
      .option('--exclude <dir...>', 'leave these directories (relative to the path) out of the JavaScript scan')
      .option('--strict', 'exit 2 when the result is partial (some input could not be read)')
      .option('--max-lockfile-size <MB>', 'lockfiles larger than this are reported, not read (default 64)', parseMegabytes)
      .addHelpText(
        'after',
        `
A Node.js core checkout (src/node_version.h + deps/) is read through a registry of every vendored
dependency (openssl, zlib, V8 and what V8 vendors, npm with all of its node_modules, ...); every
lockfile, installed node_modules tree and SBOM under the path is read too. A version that cannot
be read is reported as unknown with the reason, never guessed, and the result is marked partial.

Examples:
  vigil inventory ../node
  vigil inventory ../node --ref v22.x --format cyclonedx --output node-22.cdx.json
  vigil inventory . --format spdx > sbom.spdx.json
  vigil inventory ../node --json | jq '.packages[] | select(.nestedIn == "npm")'

Exit codes: 0 done (partial results are marked), 2 unusable path or ref, nothing found could be
read (every lockfile malformed, too large or unreadable), or partial with --strict.`,
      )
      .action(
        action(async (context, path: string, options: InventoryOptions) => {
          const format = context.json ? 'json' : options.format;
          const { inventoryPath } = await import('../../inventory/build.js');
          const { findWriter } = await import('../../inventory/writers/registry.js');
          const writer = findWriter(format);
          if (!writer) throw new UsageError(`unknown --format ${JSON.stringify(format)}; expected one of ${FORMATS.join(', ')}`);
          // A mistyped --exclude left nothing out and said nothing (exit 0): each must exist under the path (issue #17).
          if (!options.ref) for (const dir of options.exclude ?? []) requireExistingPath(resolve(context.cwd, path), dir, '--exclude', 'directory');
          const inventory = await inventoryPath(resolve(context.cwd, path), {
            installed: options.installed,
            ...(options.ref ? { ref: options.ref } : {}),
            ...(options.exclude ? { exclude: options.exclude } : {}),
            ...(options.maxLockfileSize === undefined ? {} : { maxLockfileSize: options.maxLockfileSize }),
            note: (message) => context.logger.debug(message),
          });
          // --verbose: what was read, and every problem, on stderr (the table shows problems; other formats do not).
          for (const source of inventory.sources) context.logger.debug(`read ${source.path}: ${source.format}, ${source.packageCount} package${source.packageCount === 1 ? '' : 's'}`);
          for (const item of inventory.ignored ?? []) context.logger.debug(`not read ${item.path}: ${item.reason}`);
          for (const problem of inventory.problems) context.logger.debug(`${problem.severity}: ${problem.message.startsWith(problem.path) ? problem.message : `${problem.path}: ${problem.message}`}`);
          const text = await writer.write(inventory, { color: context.color && !options.output, toolVersion: toolVersion() });
          if (options.output) {
            const { writeFileAtomic } = await import('../../util/atomic-write.js');
            const file = resolve(context.cwd, options.output);
            await writeFileAtomic(file, text);
            const { countDistinct } = await import('../../inventory/distinct.js');
            context.logger.info(`wrote ${file} (${countDistinct(inventory.packages)} distinct packages in ${inventory.packages.length} components, ${writer.description})`);
          } else context.print(text);
          if (inventory.partial) {
            const errors = inventory.problems.filter((problem) => problem.severity === 'error');
            const first = format === 'table' && !options.output ? '' : `; first: ${errors[0]?.message ?? ''}`;
            // Nothing could be read at all: the input is unusable, not merely incomplete (exit 2).
            if (inventory.packages.length === 0) {
              context.logger.warn(`no usable input: ${errors.length} input(s) found, none could be read${first}`);
              return EXIT.input;
            }
            context.logger.warn(`partial result: ${errors.length} input(s) could not be read completely${first}`);
            if (options.strict) return EXIT.input;
          }
          return EXIT.ok;
        }, { readsConfig: false }),
      );
  },
};
