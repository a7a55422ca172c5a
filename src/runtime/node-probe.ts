import { spawnSync } from 'node:child_process';
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

/**
 * Ask a Node binary what it supports. We ask rather than compare version numbers because
 * backports move flags between lines (`--allow-addons` and `--allow-wasi` reached 20.x late).
 */
export function probeNode(executable: string): NodeCapabilities {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(executable, ['-e', PROBE], { encoding: 'utf8', env, timeout: 20_000 });
  if (result.error) throw new InputError(`cannot run ${executable}: ${result.error.message}`, { file: executable, cause: result.error });
  if (result.status !== 0) throw new InputError(`${executable} did not answer the capability probe: ${result.stderr.trim().slice(0, 200)}`, { file: executable });
  return capabilitiesFrom(executable, JSON.parse(result.stdout) as ProbeOutput);
}
