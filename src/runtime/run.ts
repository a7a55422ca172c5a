import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import { nodePolicy, writePrivateFile } from './integrity/node-policy.js';
import { permissionFlags, quoteNodeOption } from './policy/flags.js';
import { POLICY_FILE_NAME } from './policy/schema.js';
import { cachedProbe, findOnPath } from './probe-cache.js';
import { bubblewrapArgs, type SystemEntry } from './sandbox.js';
import { startNetProxy, type NetProxy } from './net-proxy.js';
import { startInbound, type InboundListen, type NetInbound } from './net-inbound.js';
import { netOuterBoundary, noOuterBoundaryWarning, proxyBoundaryText, refusalText } from './net-outer.js';
import type { NetRule, NodeCapabilities, ResolvedPolicy } from './types.js';

/** Where the plain-JS preloads live (copied beside the compiled files by the build). */
export const PRELOAD_DIR = join(dirname(fileURLToPath(import.meta.url)), 'preload');

/** What the integrity preload needs: the manifest the launcher checked, and the hash it checked. */
export interface IntegrityLaunch {
  manifest: string;
  sha256: string;
  /** Files (absolute) the manifest says may load; reported, not passed. */
  modules: number;
  signedBy?: string;
  /** Absolute real path → SRI, from the bytes the launcher verified (for Node's own policy manifests). */
  resources?: Record<string, string>;
}

/** Where Node's policy manifest goes when the launch uses one (a directory that must not exist yet). */
export interface NodePolicyRequest {
  dir: string;
  /** SRI of Vigil's preloads: Node checks them like any module. */
  preloads: Record<string, string>;
  /** The launch's working directory (real path): `node -e` code there is allowed, as under the hooks. */
  cwd: string;
  /** package.json files Node will read and check (see `packageJsonResources`). */
  packageJsons: Record<string, string | true>;
}

/**
 * One allow-listed command as the guard checks it: the line, its words (null: shell syntax), and
 * the paths its program has on the launch PATH (as found, then real). The guard runs the first
 * of them: under the permission model it cannot look at files outside its grants, so it decides
 * from names the launcher resolved.
 */
export interface AllowedCommand {
  line: string;
  words: string[] | null;
  paths: string[];
}

/**
 * PID 1 of the namespace: starts the command and passes TERM/INT/HUP on (an init without handlers
 * ignores them, so Ctrl-C would not stop a server). `0<&0` keeps stdin, which sh gives a
 * background job as /dev/null otherwise.
 */
const INIT = 'trap \'kill -TERM $c 2>/dev/null\' TERM; trap \'kill -INT $c 2>/dev/null\' INT; trap \'kill -HUP $c 2>/dev/null\' HUP; "$@" 0<&0 & c=$!; while :; do wait $c; s=$?; kill -0 $c 2>/dev/null || exit $s; done';

/**
 * The init when the launch listens (net-inbound.ts): first the inbound forwarder, with an
 * environment of its own (not the application's preloads or variables), then INIT as usual.
 * `$1 $2 $3 $4`: the Node binary, the forwarder, the launcher's inbound socket, and the
 * forwarder's NODE_OPTIONS: Node's permission model with nothing but its own file to read (and,
 * where Node governs the network, the network), so even a forwarder taken over by the application
 * could read no more than the application itself.
 */
const INIT_INBOUND = `n=$1 f=$2 s=$3 o=$4; shift 4; env -i NODE_OPTIONS="$o" "$n" "$f" "$s" </dev/null & ${INIT}`;

/** The forwarder's NODE_OPTIONS (see INIT_INBOUND). */
function forwarderOptions(node: NodeCapabilities, forwarder: string): string {
  const net = node.flags.has('--allow-net') ? ['--allow-net'] : [];
  return [node.permissionFlag ?? '--permission', `--allow-fs-read=${forwarder}`, ...net, '--no-warnings'].map(quoteNodeOption).join(' ');
}

/** A file the launch needs that only exists while it runs (written just before, removed after). */
export interface PrivateFile {
  dir: string;
  name: string;
  text: string;
}

export interface RunRequest {
  /** The command after `--`: `node app.js ...`, or any command whose Node children get the policy. */
  command: string[];
  /** null with --no-permissions (integrity only). */
  policy: ResolvedPolicy | null;
  node: NodeCapabilities;
  /** The launcher's environment, filtered here to the policy's list. */
  env: NodeJS.ProcessEnv;
  integrity?: IntegrityLaunch;
  /** The `unshare` words that work on this machine (`probeNamespaces`), or null: no outer boundary. */
  namespaces: string[] | null;
  /** The allow-list with each command's program found on the launch PATH (`resolveCommands`); null: any. */
  commands?: AllowedCommand[] | null;
  /** The Node binary's paths (as given and real): a child started from one of them is Node under the same policy. */
  nodePaths?: string[];
  preloadDir?: string;
  /** With integrity on a Node that has policy manifests: let Node enforce the manifest itself. */
  nodePolicy?: NodePolicyRequest;
  /**
   * bubblewrap, when it works here (`cachedBubblewrap`): a policy that lets non-Node programs start
   * runs the launch inside it (sandbox.ts). `tmp` and `cwd` are real paths.
   */
  sandbox?: { bwrap: string; system: SystemEntry[]; tmp: string; cwd: string } | null;
  /** Why there is no sandbox (said in the warning when non-Node programs may start). */
  sandboxMissing?: string;
  /**
   * A directory that must not exist yet, for the network proxy's socket (net-proxy.ts): with a
   * sandbox, a policy that allows only listed destinations runs without the host's network.
   */
  proxyDir?: string;
  /** A directory that must not exist yet, for the inbound socket (net-inbound.ts): with a sandbox, a policy that listens on fixed ports runs without the host's network. */
  inboundDir?: string;
  /**
   * Start even when the policy's network has no outer boundary here (ACCEPT_GUARD_FLAG, net-outer.ts):
   * Vigil's in-process guard alone, warned loudly. Without it such a launch is refused.
   */
  acceptGuardOnly?: boolean;
  /** The platform the launch runs on (default: this one); said in the warning when there is no outer network boundary. */
  platform?: NodeJS.Platform;
}

/** A launch, fully decided: run it, print it, or test it. */
export interface RunPlan {
  executable: string;
  args: string[];
  env: Record<string, string>;
  nodeOptions: string[];
  /** One line per boundary: what is enforced, and by what. */
  boundaries: string[];
  warnings: string[];
  /** Written (private) before the process starts, removed when it ends: see `materialise`. */
  files: PrivateFile[];
  /** The executable is bwrap, writing its sandbox's first process id to descriptor 3: signals go to that process. */
  infoFd?: boolean;
  /** The launcher's network proxy, started by `materialise` and stopped by `cleanUp` (net-proxy.ts). */
  proxy?: { dir: string; rules: NetRule[] };
  /** The launcher's listeners for a policy that listens, started by `materialise` (net-inbound.ts). */
  inbound?: { dir: string; listens: InboundListen[] };
  /**
   * The executable is `unshare --fork` (maybe behind `setpriv`), which ignores SIGINT and SIGTERM:
   * signals go to its child, the namespace's first process (read from /proc).
   */
  initChild?: boolean;
}

/** Variables every child gets back, whatever `env` the application passes. */
const CHILD_ENV = ['NODE_OPTIONS', 'VIGIL_GUARD', 'VIGIL_INTEGRITY'];

/** Does this command word start Node? (`node`, `node22`, `/usr/bin/node`, `nodejs`) */
export function isNodeCommand(word: string): boolean {
  return /^node(js)?(\d+)?(\.exe)?$/.test(basename(word));
}

/** Node options that take the next word as their value (so it is not mistaken for the entry point). */
const VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--input-type']);

/** The script `node [options] script.js` runs, or null (`-e`, `-p`, REPL, or not Node). */
export function entryPoint(command: string[], cwd: string): string | null {
  if (!command[0] || !isNodeCommand(command[0])) return null;
  for (let index = 1; index < command.length; index++) {
    const word = command[index] ?? '';
    if (['-e', '--eval', '-p', '--print', '-'].includes(word)) return null;
    if (VALUE_OPTIONS.has(word)) {
      index++;
      continue;
    }
    if (word.startsWith('-')) continue;
    return resolve(cwd, word);
  }
  return null;
}

/** The policy file's one fixed place when none is given: beside the entry point, never a parent directory. */
export function defaultPolicyFile(command: string[], cwd: string): string {
  const entry = entryPoint(command, cwd);
  if (!entry) throw new UsageError('cannot tell the entry point of this command; give the permissions file with --permissions <file>');
  return join(dirname(entry), POLICY_FILE_NAME);
}

/** Plan a launch: the permission flags this Node understands, the guard, the environment. Pure. */
export function planRun(request: RunRequest): RunPlan {
  const [first, ...rest] = request.command;
  if (!first) throw new UsageError('no command given: vigil run [options] -- node app.js');
  const preloadDir = request.preloadDir ?? PRELOAD_DIR;
  const warnings: string[] = [];
  const boundaries: string[] = [];
  const nodeOptions: string[] = [];
  const env: Record<string, string> = {};
  const { policy, node } = request;
  const files: PrivateFile[] = [];
  // Node 20/21 check a policy manifest natively in both loaders; no hooks thread, no worker needed.
  const native = request.integrity?.resources && node.policyManifests && request.nodePolicy ? { ...request.nodePolicy, resources: request.integrity.resources } : null;
  const nodePolicyFile = native ? join(native.dir, 'node-policy.json') : null;
  let prefix: string[] = [];
  let sandbox: RunRequest['sandbox'] = null;
  if (request.env.NODE_OPTIONS) warnings.push(`NODE_OPTIONS from your environment is replaced (${request.env.NODE_OPTIONS.slice(0, 80)})`);
  let proxy: RunPlan['proxy'];
  let inbound: RunPlan['inbound'];
  if (policy) {
    // Which outer boundary this policy's network can have here (net-outer.ts, the same answer `permissions check` gives).
    const outer = netOuterBoundary(policy, {
      platform: request.platform ?? process.platform,
      bwrap: request.sandbox?.bwrap ?? null,
      namespaces: Boolean(request.namespaces),
      ...(request.sandboxMissing ? { sandboxMissing: request.sandboxMissing } : {}),
    });
    // Listed destinations and fixed listens: with a sandbox, no host network, only the launcher's proxy out and its listeners in.
    if (outer.kind === 'proxy' && request.sandbox) {
      if (policy.net.length > 0 && request.proxyDir) proxy = { dir: request.proxyDir, rules: policy.net };
      if (outer.listens.length > 0 && request.inboundDir) inbound = { dir: request.inboundDir, listens: outer.listens };
    }
    const netUnplanned = outer.kind === 'proxy' && ((policy.net.length > 0 && !proxy) || (outer.listens.length > 0 && !inbound));
    if (netUnplanned) proxy = inbound = undefined;
    const extraRead = [...(proxy ? [proxy.dir] : []), ...(inbound ? [inbound.dir] : []), preloadDir, ...(request.integrity ? [request.integrity.manifest] : []), ...(nodePolicyFile ? [nodePolicyFile] : [])];
    // Node 20's module hooks run on a worker thread, which the permission model treats like any
    // worker: Node must allow workers, and the guard denies the application's own.
    const hooksNeedWorker = Boolean(request.integrity) && !native && !node.syncHooks && !policy.worker;
    const enforcement = permissionFlags(hooksNeedWorker ? { ...policy, worker: true } : policy, node, extraRead);
    if (!node.permissionFlag) throw new InputError(`${node.executable} (${node.version}) has no permission model; refusing to run without one (fail closed)`, { hint: 'use Node 20 or newer' });
    nodeOptions.push(...enforcement.nodeOptions);
    boundaries.push(`${enforcement.byNode.join(', ')}: Node's permission model (${node.permissionFlag}, node ${node.version})`);
    // Switches this Node lacks are denied by the guard instead (stated in the boundaries).
    const denyByGuard = (['worker', 'addons', 'wasi'] as const).filter((name) => !policy[name] && (!node.flags.has(`--allow-${name}`) || (name === 'worker' && hooksNeedWorker)));
    if (hooksNeedWorker) boundaries.push(`workers: denied by Vigil's in-process guard (node ${node.version} runs the integrity hooks on a worker, so its permission model must allow workers)`);
    const guarded = enforcement.byGuard.filter((label) => label !== 'network destinations');
    if (guarded.length > 0) boundaries.push(`${guarded.join(', ')}: denied by Vigil's in-process guard (this Node has no switch for them)`);
    const netByNode = enforcement.byNode.includes('network (denied)') ? "Node's permission model, " : '';
    const offline = policy.net.length === 0 && policy.listen.length === 0;
    const namespaces = request.namespaces;
    const commands = request.commands === undefined ? (policy.commands === null ? null : policy.commands.map((line) => ({ line, words: null, paths: [] }))) : request.commands;
    // Node's permission model governs Node processes only: which allowed commands run outside it.
    const nodePaths = new Set(request.nodePaths ?? [node.executable]);
    const outside = (commands ?? []).filter((command) => command.line !== 'node' && !(command.words?.[0] && isNodeCommand(command.words[0])) && !command.paths.some((path) => nodePaths.has(path)));
    sandbox = request.sandbox && (commands === null || outside.length > 0 || proxy || inbound || (offline && !namespaces)) ? request.sandbox : null;
    if (offline && sandbox) {
      boundaries.push(`network: none allowed; ${netByNode}Vigil's in-process guard, and an outer boundary: the bubblewrap sandbox's empty network namespace`);
    } else if (offline && namespaces) {
      boundaries.push(`network: none allowed; ${netByNode}Vigil's in-process guard, and an outer boundary: an empty network namespace (unshare --net)`);
    } else if (proxy || inbound) {
      boundaries.push(proxyBoundaryText(policy, inbound?.listens ?? []));
    } else {
      // No outer boundary: refused up front unless the user accepts the in-process guard alone (never a silent gap).
      const reason = outer.kind === 'none' ? outer.reason : 'the launch was planned without a sandbox or a directory for its sockets';
      if (!request.acceptGuardOnly) throw new InputError(refusalText(policy, reason), { file: policy.file });
      const listen = policy.listen.length > 0 ? `; listening on ${policy.listen.length} address(es)` : '';
      boundaries.push(
        offline
          ? `network: none allowed; ${netByNode}Vigil's in-process guard only, accepted with --accept-in-process-guard (${reason}; native code can bypass the guard)`
          : `network: ${policy.net.length} destination(s) (and the DNS names among them)${listen} allowed by Vigil's in-process guard; no outer boundary, accepted with --accept-in-process-guard (${reason})`,
      );
      warnings.push(noOuterBoundaryWarning(policy, reason));
    }
    const network = offline
      ? 'and no network'
      : proxy
        ? `and no network but vigil's proxy (the listed destinations)${inbound ? ' and the connections vigil hands in' : ''}`
        : inbound
          ? 'and no network but the connections vigil hands in'
          : "but the host's network (no packet filter: they can reach any host)";
    const confinedBy = sandbox ? `a bubblewrap sandbox (${sandbox.bwrap}) shows them only the system's programs and libraries, the policy's files, ${network}` : null;
    const unconfined = `install bubblewrap (bwrap) to confine them${request.sandboxMissing ? `; ${request.sandboxMissing}` : ''}`;
    if (commands === null) {
      warnings.push(
        `${policy.file} allows ANY child process (childProcess: true): ${confinedBy ? `${confinedBy}, but any program may start` : `a child that is not Node runs outside every file, network and environment rule (${unconfined})`}; list the exact commands instead (vigil permissions infer writes them)`,
      );
      boundaries.push(`child processes: any command (childProcess: true); Node children get the policy again; other children: ${confinedBy ?? 'not confined'}`);
    } else if (commands.length > 0) {
      if (outside.length > 0 && (!confinedBy || !(offline || proxy))) {
        const list = outside.map((command) => command.line).join(', ');
        warnings.push(
          confinedBy
            ? `${policy.file} allows ${outside.length} command(s) that are not Node (${list}): ${confinedBy}`
            : `${policy.file} allows ${outside.length} command(s) that are not Node (${list}): they run outside Node's permission model, so the file, network and environment rules do not confine what they do once started${request.namespaces ? ' (only the PID namespace does)' : ''}; ${unconfined}`,
        );
      }
      const outer = sandbox
        ? `a bubblewrap sandbox around the whole launch (read-only system directories, the policy's files, its own PID namespace and /proc${offline ? ', no network' : ''})`
        : namespaces
          ? `a PID namespace (unshare --pid: no other process, vigil's included, is visible in /proc)${offline ? ' and the empty network namespace' : ''}`
          : 'none on this machine (no user namespaces)';
      boundaries.push(
        `child processes: ${commands.length} command(s) allowed (${commands.map((command) => command.line).join(', ')}), checked by Vigil's in-process guard before every spawn (Node's --allow-child-process is all or nothing); Node children get the policy again; other children: ${confinedBy ?? 'not confined by the file rules'}; outer boundary: ${outer}`,
      );
    }
    for (const name of policy.env) if (request.env[name] !== undefined) env[name] = request.env[name] as string;
    boundaries.push(`environment: ${Object.keys(env).length} variable(s) passed, ${Object.keys(request.env).length - Object.keys(env).length} dropped`);
    const guard = {
      policy: policy.file,
      net: policy.net,
      listen: policy.listen,
      fsWrite: policy.fsWrite,
      deny: denyByGuard,
      childEnv: CHILD_ENV,
      commands,
      nodes: request.nodePaths ?? [node.executable],
      launchPath: request.env.PATH ?? '',
      ...(proxy ? { proxy: join(proxy.dir, 'net.sock') } : {}),
    };
    env.VIGIL_GUARD = JSON.stringify(guard);
    if (sandbox) {
      const extra = [...(request.nodePaths ?? [node.executable]), ...(commands ?? []).flatMap((command) => command.paths)];
      const forwarder = join(preloadDir, 'inbound-forwarder.cjs');
      const init = inbound ? [INIT_INBOUND, 'vigil-init', node.executable, forwarder, join(inbound.dir, 'in.sock'), forwarderOptions(node, forwarder)] : [INIT, 'vigil-init'];
      prefix = [sandbox.bwrap, ...bubblewrapArgs({ ...sandbox, reads: [...policy.fsRead, ...extraRead, ...extra], writes: policy.fsWrite, offline: offline || Boolean(proxy) || Boolean(inbound) }), '/bin/sh', '-c', ...init];
    } else if (namespaces && (offline || commands === null || commands.length > 0)) {
      // --kill-child=SIGKILL: unshare ignores SIGINT and SIGTERM, so it only dies when killed, or
      // when the launcher dies (setpriv --pdeathsig); then nobody waits for the application, and
      // the namespace's first process is killed, taking every process in the namespace with it.
      prefix = [...namespaces, '--pid', '--fork', '--kill-child=SIGKILL', '--mount-proc', ...(offline ? ['--net'] : []), '--', '/bin/sh', '-c', INIT, 'vigil-init'];
      if (namespaces[0] === 'setpriv') boundaries.push('lifetime: the namespace ends with vigil, even when vigil is killed (setpriv --pdeathsig, unshare --kill-child)');
      else warnings.push('no setpriv (util-linux) on PATH: if vigil is killed with SIGKILL, the application keeps running in its namespace');
    }
    if (sandbox) boundaries.push('lifetime: the sandbox ends with vigil, even when vigil is killed (bwrap --die-with-parent)');
    nodeOptions.push(`--require=${join(preloadDir, 'guard.cjs')}`);
  } else {
    Object.assign(env, Object.fromEntries(Object.entries(request.env).filter((entry): entry is [string, string] => entry[1] !== undefined)));
    boundaries.push('permissions: none (--no-permissions)');
    if (request.integrity) {
      // Integrity only: the guard still puts Vigil's variables back on every child that gets its own env.
      env.VIGIL_GUARD = JSON.stringify({ childEnv: CHILD_ENV, commands: null, nodes: [node.executable], deny: [] });
      nodeOptions.push(`--require=${join(preloadDir, 'guard.cjs')}`);
    }
  }
  if (request.integrity && native && nodePolicyFile) {
    const manifest = nodePolicy({ ...native.packageJsons, ...native.resources, ...native.preloads }, [native.cwd]);
    files.push({ dir: native.dir, name: basename(nodePolicyFile), text: manifest.text });
    env.VIGIL_INTEGRITY = JSON.stringify({ manifest: request.integrity.manifest, nodePolicy: true, sha256: request.integrity.sha256, trusted: [preloadDir] });
    nodeOptions.push(`--experimental-policy=${nodePolicyFile}`, `--policy-integrity=${manifest.integrity}`, `--require=${join(preloadDir, 'integrity-policy.cjs')}`);
    boundaries.push(
      `integrity: ${request.integrity.modules} module(s) in ${request.integrity.manifest}${request.integrity.signedBy ? `, signature by ${request.integrity.signedBy}` : ', unsigned'} (Node's own policy manifest, --experimental-policy, checks require and import; node ${node.version})`,
    );
  } else if (request.integrity) {
    if (!node.syncHooks && !node.asyncHooks) throw new InputError(`${node.executable} (${node.version}) has no module hooks; cannot enforce integrity`);
    env.VIGIL_INTEGRITY = JSON.stringify({ manifest: request.integrity.manifest, sha256: request.integrity.sha256, trusted: [preloadDir] });
    // Last, so the other preloads are loaded before the hooks start refusing unknown modules.
    nodeOptions.push(`--require=${join(preloadDir, 'integrity.cjs')}`);
    const hooks = node.syncHooks ? 'synchronous module hooks' : 'ESM hooks plus the CommonJS loader';
    boundaries.push(`integrity: ${request.integrity.modules} module(s) in ${request.integrity.manifest}${request.integrity.signedBy ? `, signature by ${request.integrity.signedBy}` : ', unsigned'} (${hooks})`);
  } else delete env.VIGIL_INTEGRITY;
  env.NODE_OPTIONS = nodeOptions.map(quoteNodeOption).join(' ');
  const [executable, ...args] = [...prefix, first, ...rest] as [string, ...string[]];
  const signalsTo = sandbox ? { infoFd: true } : prefix.length > 0 ? { initChild: true } : {};
  return { executable, args, env, nodeOptions, boundaries, warnings, files, ...signalsTo, ...(proxy ? { proxy } : {}), ...(inbound ? { inbound } : {}) };
}

/** The proxies and inbound listeners `materialise` started, by plan, for `cleanUp`. */
const proxies = new WeakMap<RunPlan, NetProxy>();
const inbounds = new WeakMap<RunPlan, NetInbound>();

/** Write the plan's private files (a new directory each, mode 700; refused if it exists) and start its network proxy and inbound listeners (`listenersReady` says when they are bound). */
export function materialise(plan: RunPlan): void {
  if (plan.proxy) {
    try {
      proxies.set(plan, startNetProxy(plan.proxy.dir, plan.proxy.rules));
    } catch (error) {
      throw new InputError(`cannot start the network proxy in ${plan.proxy.dir}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (plan.inbound) {
    try {
      inbounds.set(plan, startInbound(plan.inbound.dir, plan.inbound.listens));
    } catch (error) {
      stopSockets(plan);
      throw new InputError(`cannot start the inbound listeners in ${plan.inbound.dir}: ${(error as Error).message}`, { cause: error });
    }
  }
  for (const [index, file] of plan.files.entries()) {
    try {
      writePrivateFile(file.dir, file.name, file.text);
    } catch (error) {
      stopSockets(plan);
      cleanUp({ ...plan, files: plan.files.slice(0, index) });
      throw new InputError(`cannot write ${join(file.dir, file.name)} for the launch: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Stop the plan's proxy and inbound listeners (their directories go with them). */
function stopSockets(plan: RunPlan): void {
  proxies.get(plan)?.close();
  proxies.delete(plan);
  inbounds.get(plan)?.close();
  inbounds.delete(plan);
}

/** Remove what `materialise` wrote, and stop the proxy and listeners. */
export function cleanUp(plan: RunPlan): void {
  stopSockets(plan);
  for (const file of plan.files) rmSync(file.dir, { recursive: true, force: true });
}

/**
 * `setpriv --pdeathsig KILL --`: the kernel kills `unshare` when the launcher dies, even by SIGKILL
 * (PR_SET_PDEATHSIG survives the exec), and unshare's --kill-child then ends the namespace (#18).
 */
const DIE_WITH_PARENT = ['setpriv', '--pdeathsig', 'KILL', '--'];

/**
 * The words that give a process its own PID, mount and network namespaces here, or null when this
 * machine refuses: `unshare ...`, behind `setpriv --pdeathsig` where util-linux has it (without
 * it, a launcher killed by SIGKILL leaves the application running: the launch says so).
 */
export function probeNamespaces(): string[] | null {
  for (const parent of [DIE_WITH_PARENT, []]) {
    for (const words of [['--user', '--map-current-user'], []]) {
      const argv = [...parent, 'unshare', ...words, '--pid', '--fork', '--mount-proc', '--net', 'true'];
      const result = spawnSync(argv[0] as string, argv.slice(1), { stdio: 'ignore', timeout: 5000 });
      if (result.status === 0) return [...parent, 'unshare', ...words];
    }
  }
  return null;
}

/**
 * `probeNamespaces`, remembered for an hour in `$XDG_CACHE_HOME/vigil/namespaces-2.json`, keyed by
 * the kernel release, uid and the `unshare` found on PATH (`cachedProbe`): probing costs a process
 * start on every launch (~10-60 ms of wall time on a loaded machine, #18). A stale "yes" fails
 * closed (unshare refuses and the application does not start); a stale "no" is said in the
 * launch's boundaries.
 */
export function cachedNamespaces(env: NodeJS.ProcessEnv = process.env, now = Date.now()): string[] | null {
  const unshare = findOnPath('unshare', env);
  if (!unshare) return null;
  return cachedProbe({
    name: 'namespaces-2', // -2: answers may start with setpriv; older ones never do, and are probed again
    program: unshare,
    env,
    now,
    probe: probeNamespaces,
    // Words that are not unshare's own are never run from the cache.
    valid: (words): words is string[] | null =>
      words === null || (Array.isArray(words) && words.every((word) => typeof word === 'string' && /^(setpriv|--pdeathsig|KILL|--|unshare|--user|--map-current-user)$/.test(word))),
  });
}

/** The first child of `pid` (Linux, /proc/<pid>/task/<pid>/children), or undefined. */
function firstChild(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const first = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Start the planned process with the terminal attached; resolve to its exit code (128+n for a
 * signal). SIGINT/SIGTERM/SIGHUP to the launcher are passed on: to the process started, or, in a
 * namespace, to its first process, which passes them to the application: bwrap reports that
 * process's id on descriptor 3 (bwrap itself would die on the signal and, with --die-with-parent,
 * take the sandbox down without the application's handlers running); `unshare` ignores SIGINT and
 * SIGTERM, so its child is read from /proc. Both start in a session of their own (`detached`), so
 * the terminal's Ctrl-C reaches the application once, through the launcher, not three times.
 */
/**
 * Resolves once `materialise` has bound every address the launch listens on (at once when it
 * listens on none); rejects (exit 2, the proxy and files removed) naming an address this machine
 * would not give, before the application starts.
 */
export async function listenersReady(plan: RunPlan): Promise<void> {
  try {
    await inbounds.get(plan)?.ready;
  } catch (error) {
    cleanUp(plan);
    throw new InputError((error as Error).message, { cause: error });
  }
}

export async function executeRun(plan: RunPlan, cwd: string): Promise<number> {
  materialise(plan);
  await listenersReady(plan);
  return new Promise((resolvePromise, reject) => {
    const detached = Boolean(plan.infoFd || plan.initChild);
    const child = spawn(plan.executable, plan.args, { cwd, env: plan.env, detached, stdio: plan.infoFd ? ['inherit', 'inherit', 'inherit', 'pipe'] : 'inherit' });
    let inner: number | undefined;
    // Signals that arrive before bwrap has said which process is the sandbox's first: sent once it has.
    const pending: NodeJS.Signals[] = [];
    const signalInner = (signal: NodeJS.Signals) => {
      try {
        process.kill(inner as number, signal);
      } catch {
        child.kill(signal);
      }
    };
    if (plan.infoFd) {
      let info = '';
      const fd3 = child.stdio[3] as NodeJS.ReadableStream | null | undefined;
      fd3?.setEncoding('utf8');
      fd3?.on('data', (chunk: string) => {
        info += chunk;
        const pid = /"child-pid"\s*:\s*(\d+)/.exec(info)?.[1];
        if (pid && inner === undefined) {
          inner = Number(pid);
          for (const signal of pending.splice(0)) signalInner(signal);
        }
      });
    }
    // unshare forks its child right after it starts: a signal that comes earlier waits for it.
    const toInitChild = (signal: NodeJS.Signals, tries = 0) => {
      const init = firstChild(child.pid);
      if (init !== undefined) {
        inner = init;
        signalInner(signal);
      } else if (tries < 50 && child.exitCode === null && child.signalCode === null) setTimeout(toInitChild, 20, signal, tries + 1);
      else child.kill(signal);
    };
    const forward = (signal: NodeJS.Signals) => {
      if (plan.initChild) toInitChild(signal);
      else if (!plan.infoFd) child.kill(signal);
      else if (inner === undefined) pending.push(signal);
      else signalInner(signal);
    };
    process.on('SIGINT', forward).on('SIGTERM', forward).on('SIGHUP', forward);
    const done = () => {
      process.off('SIGINT', forward).off('SIGTERM', forward).off('SIGHUP', forward);
      cleanUp(plan);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? new InputError(`command not found: ${plan.executable}`, { cause: error }) : error);
    });
    child.on('exit', (code, signal) => {
      done();
      const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolvePromise(code ?? 128 + (signal ? (signals[signal] ?? 1) : 1));
    });
  });
}
