/**
 * The runtime area's shared model: a permission policy as written and as resolved, what a Node
 * binary can enforce, and what a traced run observed.
 */

/** One allowed network destination: `host[:port]`, `*.suffix` host patterns, `*` port. */
export interface NetRule {
  /** Lower-case host name, IP address (IPv6 without brackets), `*`, or `*.example.com`. */
  host: string;
  /** A port number, or null for any port. */
  port: number | null;
}

/** A policy with every path absolute and every default filled in: what `vigil run` enforces. */
export interface ResolvedPolicy {
  /** The policy file it came from (for messages). */
  file: string;
  fsRead: string[];
  fsWrite: string[];
  /** Node's switch: true when any child may start (the allow-list below narrows it). */
  childProcess: boolean;
  /** The exact commands children may run (`git --version`, `node` for Node under this policy); null: any (`childProcess: true`). */
  commands: string[] | null;
  worker: boolean;
  addons: boolean;
  wasi: boolean;
  /** Outbound destinations (connect, and the names DNS may look up). */
  net: NetRule[];
  /** What servers may bind (`listen()`, UDP `bind()`); port 0 stands for a port the system picks. */
  listen: NetRule[];
  /** Names of the environment variables the application receives. */
  env: string[];
}

/** The values of the path variables a policy may use (`${project}`, `${home}`, `${tmp}`). */
export interface PolicyVariables {
  project: string;
  home: string;
  tmp: string;
}

/** What a Node binary understands, from `process.allowedNodeEnvironmentFlags`. */
export interface NodeCapabilities {
  executable: string;
  version: string;
  /** `--permission` (22.13+), `--experimental-permission` (20, 21, 22.0–22.12), or null. */
  permissionFlag: '--permission' | '--experimental-permission' | null;
  /** Flags accepted in NODE_OPTIONS (we pass every permission flag there, once). */
  flags: ReadonlySet<string>;
  /** `module.registerHooks` (synchronous hooks, 22.15+/23.5+). */
  syncHooks: boolean;
  /** `module.register` (off-thread ESM hooks, 20.6+). */
  asyncHooks: boolean;
  /**
   * Node's own policy manifests (`--experimental-policy` with `--policy-integrity`; 11.8 to 22.1,
   * removed in 22.2): Node checks every module's bytes itself, for require and import alike.
   */
  policyManifests?: boolean;
}

/** Kinds of access the tracing preload records. */
export type AccessKind = 'read' | 'write' | 'net' | 'listen' | 'spawn' | 'worker' | 'addon' | 'wasi' | 'env' | 'module';

/** One distinct access seen in a traced process: what, on which target, from which file. */
export interface TraceRecord {
  kind: AccessKind;
  target: string;
  /** The file (absolute path) whose code made the access; '' when only Node's own code was on the stack. */
  by: string;
}

/** What one traced process (or worker thread) wrote when it exited. */
export interface TraceFile {
  pid: number;
  thread: number;
  argv: string[];
  records: TraceRecord[];
}
