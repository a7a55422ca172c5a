import { existsSync,  } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, InternalError } from '../errors.js';
import { addSecret } from '../util/redact.js';
import { defaultConfig } from './defaults.js';
import type { WrittenConfig, Config } from './schema.js';

/**
 * Reads and validates one config file (read-file.ts). It is passed in, not imported: it needs
 * yaml and zod (~100 modules), which a run without a config file never loads.
 */
export type ConfigFileReader = (path: string) => WrittenConfig;

export const PROJECT_CONFIG_NAMES = ['vigil.config.yaml', 'vigil.config.yml', '.vigil.yaml'] as const;

function merge(config: Config, written: WrittenConfig): Config {
  return {
    ...config,
    db: written.db ?? config.db,
    github: { ...config.github, ...written.github },
    npm: { ...config.npm, ...written.npm },
    osv: { ...config.osv, ...written.osv },
    nvd: { ...config.nvd, ...written.nvd },
    network: { ...config.network, ...written.network },
    advisories: { ...config.advisories, ...written.advisories },
    inventory: { ...config.inventory, ...written.inventory },
    review: { ...config.review, ...written.review },
    scorecard: { ...config.scorecard, ...written.scorecard },
    monitor: { ...config.monitor, ...written.monitor },
    harden: { ...config.harden, ...written.harden },
    updates: { ...config.updates, ...written.updates },
    release: { ...config.release, ...written.release },
    meetings: { folder: written.meetings?.folder ?? config.meetings.folder, groups: { ...config.meetings.groups, ...written.meetings?.groups } },
    runtime: { ...config.runtime, ...written.runtime },
  };
}

/**
 * Settings that decide where requests, and the credentials they carry, are sent. A project file
 * found in the current directory (which may be a checkout being analysed) may not set them: only
 * the user's own file, `--config`, the environment and flags may (issue #20).
 */
export const NETWORK_KEYS = [
  ['github', 'baseUrl'],
  ['github', 'graphqlUrl'],
  ['npm', 'registry'],
  ['osv', 'baseUrl'],
  ['nvd', 'baseUrl'],
] as const;

/** Drop the network settings of a project file that was found, not given; say which. */
function withoutNetworkSettings(written: WrittenConfig, file: string, warnings: string[]): WrittenConfig {
  const copy = structuredClone(written) as Record<string, Record<string, unknown> | undefined>;
  for (const [section, key] of NETWORK_KEYS) {
    const part = copy[section];
    if (part && key in part) {
      delete part[key];
      warnings.push(`${file}: ${section}.${key} ignored: a project's config file may not choose where Vigil sends requests and tokens (pass it with --config if you trust it, or set it in your own ~/.config/vigil/config.yaml)`);
    }
  }
  return copy as WrittenConfig;
}

/** Record which file set each key it holds (two levels: `github.baseUrl`, `db`). */
function recordOrigins(origins: Record<string, string>, written: WrittenConfig, file: string): void {
  for (const [section, value] of Object.entries(written)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const key of Object.keys(value)) origins[`${section}.${key}`] = file;
    else origins[section] = file;
  }
}

export interface LoadConfigOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `--config <file>`: replaces the project file lookup. */
  configFile?: string | undefined;
  /** The file reader (read-file.ts `readConfigFile`); needed when a config file exists (see configFileReader). */
  readFile?: ConfigFileReader | undefined;
}

/** The config files a run reads, in precedence order: the user's, then `--config` or the project's. */
function configFiles(options: LoadConfigOptions): { file: string; trusted: boolean }[] {
  const userFile = join(options.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vigil', 'config.yaml');
  const candidates: { file: string; trusted: boolean }[] = [];
  if (existsSync(userFile)) candidates.push({ file: userFile, trusted: true });
  if (options.configFile) {
    const explicit = resolve(options.cwd, options.configFile);
    if (!existsSync(explicit)) throw new InputError(`${explicit}: config file not found`, { file: explicit });
    candidates.push({ file: explicit, trusted: true });
  } else {
    const project = PROJECT_CONFIG_NAMES.map((name) => join(options.cwd, name)).find((path) => existsSync(path));
    if (project) candidates.push({ file: project, trusted: false });
  }
  return candidates;
}

/** Whether this run has a config file to read (`vigil run`'s bundled launcher leaves those runs to the full CLI). */
export function hasConfigFile(options: LoadConfigOptions): boolean {
  // A missing --config file is loadConfig's error to report, when the command asks for its config.
  return options.configFile !== undefined || configFiles(options).length > 0;
}

/** The file reader when this run has a config file to read (loading yaml and zod only then), else undefined. */
export async function configFileReader(options: LoadConfigOptions): Promise<ConfigFileReader | undefined> {
  return hasConfigFile(options) ? (await import('./read-file.js')).readConfigFile : undefined;
}

/**
 * Precedence: defaults < user file < project file < VIGIL_* environment (flags are applied by
 * the command). The project file is looked up in `cwd` only, never in parent directories, and may
 * not set where requests go (NETWORK_KEYS) unless it is passed with `--config`.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const { env } = options;
  let config = defaultConfig(env);
  const candidates = configFiles(options);
  const readConfigFile = options.readFile ?? ((file: string): never => {
    throw new InternalError(`${file}: loadConfig was given no config file reader (get it with configFileReader)`);
  });
  const origins: Record<string, string> = {};
  const warnings: string[] = [];
  for (const { file, trusted } of candidates) {
    const written = trusted ? readConfigFile(file) : withoutNetworkSettings(readConfigFile(file), file, warnings);
    config = merge(config, written);
    recordOrigins(origins, written, file);
    config.sources = [...config.sources, file];
  }
  const fromEnv = (name: string, key: string, set: (value: string) => void): void => {
    const value = env[name];
    if (!value) return;
    set(value);
    origins[key] = `$${name}`;
  };
  fromEnv('VIGIL_DB', 'db', (value) => (config.db = value));
  if (!env.VIGIL_GITHUB_API_URL) fromEnv('GITHUB_API_URL', 'github.baseUrl', (value) => (config.github.baseUrl = value));
  fromEnv('VIGIL_GITHUB_API_URL', 'github.baseUrl', (value) => (config.github.baseUrl = value));
  fromEnv('VIGIL_GITHUB_GRAPHQL_URL', 'github.graphqlUrl', (value) => (config.github.graphqlUrl = value));
  fromEnv('VIGIL_NPM_REGISTRY', 'npm.registry', (value) => (config.npm.registry = value));
  fromEnv('VIGIL_OSV_URL', 'osv.baseUrl', (value) => (config.osv.baseUrl = value));
  fromEnv('VIGIL_NVD_URL', 'nvd.baseUrl', (value) => (config.nvd.baseUrl = value));
  const milliseconds = (name: string, key: 'retryDelayMs' | 'maxRetryWaitMs', max: number): void =>
    fromEnv(name, `network.${key}`, (value) => {
      const parsed = Number(value);
      if (!/^\d+$/.test(value.trim()) || parsed > max) throw new InputError(`$${name}: expected a whole number of milliseconds from 0 to ${max}, got ${JSON.stringify(value)}`);
      config.network[key] = parsed;
    });
  milliseconds('VIGIL_HTTP_RETRY_DELAY_MS', 'retryDelayMs', 60_000);
  milliseconds('VIGIL_HTTP_MAX_RETRY_WAIT_MS', 'maxRetryWaitMs', 3_600_000);
  config.origins = origins;
  config.warnings = warnings;
  // Tokens come from the environment only, so they never end up in a file Vigil writes.
  config.github.token = env.VIGIL_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  config.nvd.apiKey = env.VIGIL_NVD_API_KEY || env.NVD_API_KEY || undefined;
  addSecret(config.github.token);
  addSecret(config.nvd.apiKey);
  return config;
}
