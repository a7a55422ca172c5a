// `vigil run` without commander, zod or any other package: main.ts sends `vigil run ... -- cmd`
// here before loading the rest of the CLI, because everything the launcher loads is added to the
// application's start (#18: the launcher must stay near plain node). Anything this parser does not
// know (help, an unknown or misspelt option, no `--`) goes back to the full CLI, which owns the
// usage errors and help text; both paths end in the same runAction.
import { createLogger, shouldUseColor, type Logger } from '../util/log.js';
import { packageVersion, reportFailure } from './failure.js';
import type { RunOptions } from './run-action.js';

/** Options that take a value, and the RunOptions (or global) key each sets. */
const VALUED: Record<string, keyof RunOptions | 'config' | 'db'> = {
  '--permissions': 'permissions',
  '--pin': 'pin',
  '--project': 'project',
  '--integrity': 'integrity',
  '--public-key': 'publicKey',
  '--integrity-mode': 'integrityMode',
  '--config': 'config',
  '--db': 'db',
};

const SWITCHES = new Set(['--no-permissions', '--integrity-hooks', '--accept-in-process-guard', '--dry-run', '--json', '--quiet', '-q', '--verbose', '-v', '--color', '--no-color']);

export interface LeanArguments {
  options: RunOptions;
  words: string[];
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  config?: string;
}

/** The words after `run`, or null when the full CLI must handle them (help, unknown options, no `--`). */
export function parseRunArguments(args: string[]): LeanArguments | null {
  const end = args.indexOf('--');
  if (end < 0 || end === args.length - 1) return null;
  const result: LeanArguments = { options: {}, words: args.slice(end + 1), json: false, quiet: false, verbose: false, color: true };
  const values: Record<string, string> = {};
  for (let index = 0; index < end; index++) {
    const word = args[index] as string;
    const equals = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = equals > 0 ? word.slice(0, equals) : word;
    if (name in VALUED) {
      const value = equals > 0 ? word.slice(equals + 1) : args[++index];
      if (value === undefined || index >= end || (equals < 0 && value.startsWith('-'))) return null;
      values[VALUED[name] as string] = value;
    } else if (SWITCHES.has(word)) {
      if (word === '--no-permissions') result.options.permissions = false;
      else if (word === '--integrity-hooks') result.options.integrityHooks = true;
      else if (word === '--accept-in-process-guard') result.options.acceptInProcessGuard = true;
      else if (word === '--dry-run') result.options.dryRun = true;
      else if (word === '--json') result.json = true;
      else if (word === '--quiet' || word === '-q') result.quiet = true;
      else if (word === '--verbose' || word === '-v') result.verbose = true;
      else result.color = word === '--color';
    } else return null;
  }
  // Commander lets the last of --permissions <file> / --no-permissions win; the full CLI decides conflicts.
  if (result.options.permissions === false && values.permissions !== undefined) return null;
  for (const key of ['permissions', 'pin', 'project', 'integrity', 'publicKey', 'integrityMode'] as const) if (values[key] !== undefined) result.options[key] = values[key];
  if (values.config !== undefined) result.config = values.config;
  return result;
}

/** Run `vigil run` from its words after `run`; undefined: not handled here (the full CLI takes over). */
export async function runLean(args: string[]): Promise<number | undefined> {
  const parsed = parseRunArguments(args);
  if (!parsed) return undefined;
  const env = process.env;
  const level = parsed.verbose ? 'verbose' : parsed.quiet || parsed.json ? 'quiet' : 'normal';
  // Made on the first line written: a quiet launch never creates process.stderr (#18).
  let made: Logger | undefined;
  const make = (): Logger => (made ??= createLogger({ level, color: parsed.color && shouldUseColor(process.stderr, env) }));
  const logger: Logger = {
    info: (message) => (level === 'quiet' ? undefined : make().info(message)),
    debug: (message) => (level === 'verbose' ? make().debug(message) : undefined),
    warn: (message) => make().warn(message),
    progress: (label, total) => make().progress(label, total),
  };
  try {
    const cwd = process.cwd();
    // The configuration module reads defaults and VIGIL_* variables; yaml and its schema load only when a config file exists.
    const load = await import('../config/load.js');
    const readFile = await load.configFileReader({ cwd, env, configFile: parsed.config });
    const config = load.loadConfig({ cwd, env, configFile: parsed.config, readFile });
    for (const warning of config.warnings) logger.warn(warning);
    const { runAction } = await import('./run-action.js');
    return await runAction({
      cwd,
      env,
      words: parsed.words,
      options: parsed.options,
      config: config.runtime,
      logger,
      json: parsed.json,
      print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    });
  } catch (error) {
    return reportFailure(error, packageVersion());
  }
}
