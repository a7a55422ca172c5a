import { existsSync,  } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { addSecret } from '../util/redact.js';
import { defaultConfig } from './defaults.js';
import { WrittenConfig, type Config } from './schema.js';
import { readInputTextSync, yamlToJs } from '../util/read-input.js';

export const PROJECT_CONFIG_NAMES = ['vigil.config.yaml', 'vigil.config.yml', '.vigil.yaml'] as const;

/** The 1-based line of the node at `path` (or of its child key `key`), for error messages. */
export function lineOfKey(document: Document, text: string, path: PropertyKey[], key?: string): number | undefined {
  const node = (path.length === 0 ? document.contents : document.getIn(path, true)) as unknown;
  let offset: number | undefined;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  offset ??= (node as { range?: [number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}

/** Read and validate one config file; unknown keys and wrong types name the file, key and line. */
export function readConfigFile(path: string): WrittenConfig {
  const text = readInputTextSync(path, { kind: 'config' });
  const document = parseDocument(text, { prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new InputError(`${path}: not valid YAML: ${yamlError.message.split('\n')[0]}`, { file: path, line });
  }
  const parsed = WrittenConfig.safeParse(yamlToJs(document, path) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keyPath = issue?.path ?? [];
    const line = lineOfKey(document, text, keyPath, issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
    const where = keyPath.join('.') || '(root)';
    const detail = issue?.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid');
    throw new InputError(`${path}: ${where}: ${detail}`, { file: path, line });
  }
  return parsed.data;
}

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
}

/**
 * Precedence: defaults < user file < project file < VIGIL_* environment (flags are applied by
 * the command). The project file is looked up in `cwd` only, never in parent directories, and may
 * not set where requests go (NETWORK_KEYS) unless it is passed with `--config`.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const { env } = options;
  let config = defaultConfig(env);
  const userFile = join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'vigil', 'config.yaml');
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
