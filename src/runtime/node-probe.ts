import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { NodeCapabilities } from './types.js';

/** Run by the target Node itself: its version, NODE_OPTIONS flags and module-hook APIs. */
const PROBE = `const m = require('node:module'); process.stdout.write(JSON.stringify({ version: process.version, flags: [...process.allowedNodeEnvironmentFlags], syncHooks: typeof m.registerHooks === 'function', asyncHooks: typeof m.register === 'function' }))`;

interface ProbeOutput {
  version: string;
  flags: string[];
  syncHooks: boolean;
  asyncHooks: boolean;
}

/** Pick the permission flag from what the binary accepts (`--permission` wins where both exist). */
export function capabilitiesFrom(executable: string, output: ProbeOutput): NodeCapabilities {
  const flags = new Set(output.flags);
  const permissionFlag = flags.has('--permission') ? '--permission' : flags.has('--experimental-permission') ? '--experimental-permission' : null;
  const policyManifests = flags.has('--experimental-policy') && flags.has('--policy-integrity');
  return { executable, version: output.version, permissionFlag, flags, syncHooks: output.syncHooks, asyncHooks: output.asyncHooks, policyManifests };
}

/** Where probe answers are kept between launches (`$XDG_CACHE_HOME/vigil/node-probe.json`). */
export function probeCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vigil', 'node-probe.json');
}

/** A binary's identity for the cache: path, size, mtime and inode (a replaced binary is probed again). */
function identity(executable: string): string {
  const stats = statSync(executable);
  return `${executable}\0${stats.size}\0${stats.mtimeMs}\0${stats.ino}`;
}

type Cache = Record<string, ProbeOutput>;

function readCache(file: string): Cache {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.assign(Object.create(null) as Cache, parsed) : (Object.create(null) as Cache);
  } catch {
    return Object.create(null) as Cache;
  }
}

function isProbeOutput(value: unknown): value is ProbeOutput {
  const output = value as ProbeOutput | undefined;
  return Boolean(output) && typeof output?.version === 'string' && Array.isArray(output.flags) && output.flags.every((flag) => typeof flag === 'string') && typeof output.syncHooks === 'boolean' && typeof output.asyncHooks === 'boolean';
}

/**
 * Ask a Node binary what it supports. We ask rather than compare version numbers because
 * backports move flags between lines (`--allow-addons` and `--allow-wasi` reached 20.x late).
 * The answer is cached per binary (path, size, mtime, inode): a probe costs a Node start (~40 ms).
 */
export function probeNode(executable: string, cacheFile: string | null = probeCacheFile()): NodeCapabilities {
  const key = identity(executable);
  const cache = cacheFile ? readCache(cacheFile) : null;
  const cached = cache?.[key];
  if (isProbeOutput(cached)) return capabilitiesFrom(executable, cached);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(executable, ['-e', PROBE], { encoding: 'utf8', env, timeout: 20_000 });
  if (result.error) throw new InputError(`cannot run ${executable}: ${result.error.message}`, { file: executable, cause: result.error });
  if (result.status !== 0) throw new InputError(`${executable} did not answer the capability probe: ${result.stderr.trim().slice(0, 200)}`, { file: executable });
  const output = JSON.parse(result.stdout) as ProbeOutput;
  if (cache && cacheFile) {
    // Best effort: a read-only home only costs the next launch another probe.
    try {
      mkdirSync(join(cacheFile, '..'), { recursive: true, mode: 0o700 });
      const temporary = `${cacheFile}.${process.pid}`;
      writeFileSync(temporary, JSON.stringify({ ...cache, [key]: output }), { mode: 0o600 });
      renameSync(temporary, cacheFile);
    } catch {
      // not cached
    }
  }
  return capabilitiesFrom(executable, output);
}
