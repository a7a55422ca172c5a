/**
 * The permissions file as a person writes it (`vigil-permissions.json`). Unknown keys are an
 * error and every grant defaults to "denied", so a typo can never widen the policy (fail closed).
 * Paths may start with `${project}`, `${home}` or `${tmp}`; relative paths are relative to the
 * project and may not leave it.
 *
 * Checked by hand rather than with a schema library: this runs on every `vigil run`, before the
 * application starts, and loading zod alone cost ~60 ms of CPU there (#18 launcher speed).
 */
export interface WrittenPolicy {
  /** Format version; only 1 exists. */
  version: 1;
  fs: { read: string[]; write: string[] };
  /**
   * The exact commands the application may start (`["git --version", "node"]`): each is matched
   * word for word before the spawn; `true` allows any child (warned about everywhere), `false` none.
   */
  childProcess: boolean | string[];
  worker: boolean;
  addons: boolean;
  wasi: boolean;
  /**
   * Network destinations: a list (outbound only: `host`, `host:port`, `*.example.com:443`,
   * `[::1]:*`, `*`), or `{ connect, listen }` where `listen` lists what servers may bind
   * (`127.0.0.1:3000`, `*:8080`, `127.0.0.1:0` for a port the system picks).
   */
  net: string[] | { connect: string[]; listen: string[] };
  /** Environment variables passed to the application; every other one is dropped. */
  env: string[];
}

/** The default file name, looked for next to the entry point only (never in parent directories). */
export const POLICY_FILE_NAME = 'vigil-permissions.json';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every problem found, as `path: message` (all of them, so one edit fixes the file). */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path || '(top level)'}: ${message}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0) problems.add(path, `Unrecognized key(s) in object: ${extra.map((key) => `'${key}'`).join(', ')}`);
}

function stringList(value: unknown, path: string, problems: Problems, check?: (entry: string) => string | null): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.add(path, `expected a list of strings, found ${describe(value)}`);
    return [];
  }
  const out: string[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') return problems.add(`${path}.${index}`, `expected a string, found ${describe(entry)}`);
    const problem = entry.length === 0 ? 'an empty string' : (check?.(entry) ?? null);
    if (problem) return problems.add(`${path}.${index}`, problem);
    out.push(entry);
  });
  return out;
}

function flag(value: unknown, path: string, problems: Problems): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') problems.add(path, `expected true or false, found ${describe(value)}`);
  return value === true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/**
 * Check parsed JSON against the format; `problems` is empty when it is a policy. Unknown keys,
 * wrong types and empty strings are all problems; missing keys take their denied default.
 */
export function checkWrittenPolicy(raw: unknown): { policy: WrittenPolicy; problems: string[] } {
  const problems = new Problems();
  const policy: WrittenPolicy = { version: 1, fs: { read: [], write: [] }, childProcess: false, worker: false, addons: false, wasi: false, net: [], env: [] };
  if (!isRecord(raw)) {
    problems.add('', `expected an object, found ${describe(raw)}`);
    return { policy, problems: problems.list };
  }
  unknownKeys(raw, ['version', 'fs', 'childProcess', 'worker', 'addons', 'wasi', 'net', 'env'], '', problems);
  if (raw.version !== 1) problems.add('version', `expected 1, found ${describe(raw.version)}`);
  if (raw.fs !== undefined) {
    if (!isRecord(raw.fs)) problems.add('fs', `expected an object, found ${describe(raw.fs)}`);
    else {
      unknownKeys(raw.fs, ['read', 'write'], 'fs', problems);
      policy.fs = { read: stringList(raw.fs.read, 'fs.read', problems), write: stringList(raw.fs.write, 'fs.write', problems) };
    }
  }
  if (Array.isArray(raw.childProcess)) {
    policy.childProcess = stringList(raw.childProcess, 'childProcess', problems, (entry) => (entry.trim() === '' ? 'an empty command' : null)).map((entry) => entry.trim());
  } else policy.childProcess = flag(raw.childProcess, 'childProcess', problems);
  policy.worker = flag(raw.worker, 'worker', problems);
  policy.addons = flag(raw.addons, 'addons', problems);
  policy.wasi = flag(raw.wasi, 'wasi', problems);
  if (isRecord(raw.net)) {
    unknownKeys(raw.net, ['connect', 'listen'], 'net', problems);
    policy.net = { connect: stringList(raw.net.connect, 'net.connect', problems), listen: stringList(raw.net.listen, 'net.listen', problems) };
  } else policy.net = stringList(raw.net, 'net', problems);
  policy.env = stringList(raw.env, 'env', problems, (entry) => (ENV_NAME.test(entry) ? null : 'an environment variable name'));
  return { policy, problems: problems.list };
}
