import type { Command } from 'commander';
import type { loadConfig as loadConfigType } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { InternalError } from '../errors.js';
import { setGitLockNotifier } from '../forge/git/cli.js';
import { setHttpDefaults, setHttpNotifier } from '../util/fetch-policy.js';
import { createLogger, shouldUseColor, type Logger } from '../util/log.js';
import { standardOutput } from '../util/stdio.js';

/** What every command receives: resolved config, a logger, and where to print results. */
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Resolved lazily, so `--help` and `--version` never read config files. */
  config(): Config;
  logger: Logger;
  /** `--json`: print machine-readable output on stdout and nothing else there. */
  json: boolean;
  color: boolean;
  /** Write to stdout (results only; progress goes through the logger to stderr). */
  print(text: string): void;
}

/** Global options, declared once on the program. */
export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  config?: string;
  db?: string;
}

type ConfigLoader = typeof loadConfigType;

/**
 * Build a command's context. `loadConfig` is passed in rather than imported, because the config
 * schema pulls in zod and yaml (~100 ms of start-up): commands that read no configuration skip it,
 * and the others load them only when a config file exists.
 */
export function createContext(command: Command, loadConfig?: ConfigLoader): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
  const env = process.env;
  const stdout = standardOutput.stream('stdout');
  const color = options.color !== false && shouldUseColor(stdout, env);
  const json = options.json === true || options.format === 'json';
  const level = options.quiet || json ? 'quiet' : options.verbose ? 'verbose' : 'normal';
  let config: Config | undefined;
  const logger = createLogger({ level: options.verbose ? 'verbose' : level, color: shouldUseColor(standardOutput.stream('stderr'), env) });
  // Retries and unreachable hosts are announced on stderr, whichever client met them.
  setHttpNotifier((message) => logger.warn(message));
  // So is a stale git lock removed on the way (forge/git/stale-lock.ts).
  setGitLockNotifier((message) => logger.warn(message));
  return {
    cwd: process.cwd(),
    env,
    config() {
      if (!config) {
        if (!loadConfig) throw new InternalError('this command declared that it reads no configuration, yet asked for it');
        config = loadConfig({ cwd: process.cwd(), env, configFile: options.config });
        if (options.db) {
          config.db = options.db;
          config.origins.db = '--db';
        }
        // Every client built from here on retries as configured (tests: VIGIL_HTTP_RETRY_DELAY_MS=1).
        setHttpDefaults({ backoffMs: config.network.retryDelayMs, maxRetryWaitMs: config.network.maxRetryWaitMs });
        for (const warning of config.warnings) logger.warn(warning);
        for (const [key, origin] of Object.entries(config.origins)) logger.debug(`config: ${key} from ${origin}`);
      }
      return config;
    },
    logger,
    json,
    color,
    print(text) {
      stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
}

/**
 * Wrap a command's action: build the context, run, and hand the exit code to main.ts through
 * process.exitCode (only main.ts decides how the process ends). `readsConfig: false` skips loading
 * the configuration module, for commands that must start fast and read no configuration.
 */
export function action<A extends unknown[]>(run: (context: CommandContext, ...args: A) => Promise<number | void>, options: { readsConfig?: boolean } = {}) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    let loadConfig: ConfigLoader | undefined;
    let hasFile = false;
    const configFile = command.optsWithGlobals<GlobalOptions>().config;
    // A `--config` the user typed is read even by a command that uses none of it: a missing or
    // mistyped file was silently ignored (issue #17).
    if (options.readsConfig !== false || configFile !== undefined) {
      const load = await import('../config/load.js');
      // The file reader (yaml and zod) is loaded only when there is a config file to read.
      const readFile = await load.configFileReader({ cwd: process.cwd(), env: process.env, configFile });
      hasFile = readFile !== undefined;
      loadConfig = (loadOptions) => load.loadConfig({ ...loadOptions, readFile });
    }
    const context = createContext(command, loadConfig);
    // A config file with an unknown key or a typo is exit 2 for every command before it does
    // anything, not only when (or if) the command reads the misspelt section (issue #17).
    if (hasFile) context.config();
    const code = await run(context, ...(args.slice(0, -1) as A));
    if (typeof code === 'number' && code > (process.exitCode as number | undefined ?? 0)) process.exitCode = code;
  };
}
