import { accessSync, constants, realpathSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { nodeCrypto } from './lazy-builtins.js';
import { packageJsonResources, preloadResources } from './integrity/node-policy.js';
import { loadPolicy } from './policy/load.js';
import { probeNode } from './node-probe.js';
import { findProgram, splitWords } from './preload/commands.cjs';
import { defaultPolicyFile, isNodeCommand, cachedNamespaces, planRun, PRELOAD_DIR, type AllowedCommand, type IntegrityLaunch, type RunPlan } from './run.js';
import { cachedBubblewrap, sandboxMissingReason, systemLayout } from './sandbox.js';
import { sandboxedNetwork } from './net-outer.js';
import type { PolicyVariables, ResolvedPolicy } from './types.js';

/** Real path when it exists (so `${tmp}` matches what Node reports on systems where /tmp is a link). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The path variables: the project (the permissions file's directory unless given), home, temp. */
export function policyVariables(project: string): PolicyVariables {
  return { project: real(project), home: real(homedir()), tmp: real(tmpdir()) };
}

/**
 * The allow-list as the guard checks it: each entry's words, and the real path its first word
 * has on the launch PATH (the guard compares the program a spawn would start with it, so a
 * changed PATH cannot swap `git` for something else). An entry whose program is missing is refused.
 */
export function resolveCommands(policy: ResolvedPolicy, cwd: string, pathVariable: string | undefined): AllowedCommand[] | null {
  if (policy.commands === null) return null;
  return policy.commands.map((line) => {
    const words = splitWords(line);
    if (!words || line === 'node') return { line, words, paths: [] };
    const found = findProgram(words[0] as string, pathVariable, cwd);
    if (!found) throw new InputError(`${policy.file}: childProcess ${JSON.stringify(line)}: the program ${words[0]} is not on PATH; refusing to start`, { file: policy.file });
    return { line, words, paths: [...new Set([found, real(found)])] };
  });
}

/** Find a command the way a shell would, so a missing one is a clear error rather than a spawn failure. */
export function resolveCommand(word: string, cwd: string, pathVariable: string | undefined): string {
  const candidates = word.includes('/') ? [resolve(cwd, word)] : (pathVariable ?? '').split(delimiter).filter(Boolean).map((dir) => join(isAbsolute(dir) ? dir : resolve(cwd, dir), word));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next directory
    }
  }
  throw new InputError(`command not found: ${word}${word.includes('/') ? '' : ' (searched PATH)'}`);
}

export interface PrepareRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  command: string[];
  /** The permissions file; default: beside the entry point. */
  permissions?: string;
  /** false with --no-permissions. */
  usePermissions: boolean;
  pin?: string;
  project?: string;
  integrity?: IntegrityLaunch;
  /**
   * false: enforce integrity with Vigil's module hooks even where Node has its own policy
   * manifests (default true: Node 20/21 then check the manifest natively, far cheaper for ESM).
   */
  nodePolicy?: boolean;
  /** Start even where the policy's network has no outer boundary (--accept-in-process-guard); refused otherwise. */
  acceptGuardOnly?: boolean;
}

/** The outer boundary is used when the policy allows no network, or any child process. */
function needsNamespaces(policy: ResolvedPolicy): boolean {
  return offline(policy) || policy.commands === null || policy.commands.length > 0;
}

function offline(policy: ResolvedPolicy): boolean {
  return policy.net.length === 0 && policy.listen.length === 0;
}

/** A new directory name for one of the launch's sockets (created by the launcher, refused if it exists). */
function socketDir(kind: string): string {
  return join(real(tmpdir()), `vigil-${kind}-${process.pid}-${Math.random().toString(36).slice(2)}`);
}

/** Everything `vigil run` decides before starting the process: policy, Node's abilities, flags, boundaries. */
export function prepareRun(options: PrepareRunOptions): RunPlan {
  const [first, ...rest] = options.command;
  if (!first) throw new UsageError('no command given: vigil run [options] -- node app.js');
  const executable = resolveCommand(first, options.cwd, options.env.PATH);
  let policy = null;
  if (options.usePermissions) {
    const file = resolve(options.cwd, options.permissions ?? defaultPolicyFile(options.command, options.cwd));
    const variables = policyVariables(options.project ? resolve(options.cwd, options.project) : dirname(file));
    policy = loadPolicy({ file, variables, ...(options.pin ? { pin: options.pin } : {}), ...(process.getuid ? { uid: process.getuid() } : {}) });
  }
  // Probed (and its answer cached on disk) only once the policy is read: a missing or refused
  // permissions file fails with nothing written, not even the probe cache (issue #17).
  const node = probeNode(isNodeCommand(first) ? executable : resolveCommand('node', options.cwd, options.env.PATH));
  const resources = options.integrity?.resources;
  const nativeIntegrity = resources && node.policyManifests && options.nodePolicy !== false;
  const preloads = nativeIntegrity ? preloadResources(PRELOAD_DIR) : {};
  const cwd = real(options.cwd);
  // Programs that are not Node may start: they run in a bubblewrap sandbox when this machine has one (sandbox.ts).
  const children = policy !== null && (policy.commands === null || policy.commands.length > 0);
  // So do launches that may reach only listed destinations or listen on fixed ports: the sandbox has
  // no network but the launcher's proxy out (net-proxy.ts) and its listeners in (net-inbound.ts).
  const allowList = policy !== null && sandboxedNetwork(policy);
  const namespaces = policy && needsNamespaces(policy) ? cachedNamespaces(options.env) : null;
  // An offline policy without unshare still gets an empty network namespace from bwrap.
  const bwrap = children || allowList || (policy !== null && offline(policy) && !namespaces) ? cachedBubblewrap(options.env) : null;
  const sandboxMissing = bwrap ? undefined : sandboxMissingReason(options.env);
  return planRun({
    command: [executable, ...rest],
    policy,
    node,
    env: options.env,
    namespaces,
    sandbox: bwrap ? { bwrap, system: systemLayout(), tmp: real(tmpdir()), cwd } : null,
    ...(sandboxMissing ? { sandboxMissing } : {}),
    ...(allowList && bwrap && policy?.net.length ? { proxyDir: socketDir('net') } : {}),
    ...(allowList && bwrap && policy?.listen.length ? { inboundDir: socketDir('in') } : {}),
    ...(options.acceptGuardOnly ? { acceptGuardOnly: true } : {}),
    ...(policy ? { commands: resolveCommands(policy, options.cwd, options.env.PATH) } : {}),
    nodePaths: [...new Set([node.executable, real(node.executable)])],
    ...(options.integrity ? { integrity: options.integrity } : {}),
    ...(nativeIntegrity
      ? {
          nodePolicy: {
            dir: join(real(tmpdir()), `vigil-run-${nodeCrypto().randomBytes(8).toString('hex')}`),
            preloads,
            cwd,
            packageJsons: packageJsonResources([...Object.keys(resources), ...Object.keys(preloads), join(cwd, '[eval]')], resources),
          },
        }
      : {}),
  });
}
