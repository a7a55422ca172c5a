import { InputError, quote } from '../../errors.js';
import { nodeCrypto } from '../lazy-builtins.js';
import { readProtectedFile } from '../files/protected-file.js';
import { parseStrictJson } from '../files/strict-json.js';
import { parseNetRule } from '../preload/net-match.cjs';
import type { PolicyVariables, ResolvedPolicy } from '../types.js';
import { checkWrittenPolicy } from './schema.js';
import { normaliseCommand } from '../preload/commands.cjs';
import { expandPath, minimisePaths, PolicyPathError } from './variables.js';

export interface LoadPolicyOptions {
  file: string;
  variables: PolicyVariables;
  /** `sha256-<base64>` the file must hash to (pinning), as `vigil permissions infer` prints it. */
  pin?: string;
  /** Our own uid (tests pass one); a file owned by another user (other than root) is refused. */
  uid?: number;
}

/** The pin of a policy file's bytes: `sha256-<base64>`, the SRI form. */
export function policyPin(bytes: Uint8Array | string): string {
  return `sha256-${nodeCrypto().createHash('sha256').update(bytes).digest('base64')}`;
}

/** Parse and validate a policy text; every problem names the file, and the line when JSON is broken. */
export function parsePolicy(text: string, file: string, variables: PolicyVariables): ResolvedPolicy {
  // Null-prototype objects, duplicate and prototype keys refused (#18, #20); comments stay an error.
  const raw = parseStrictJson(text, file, 'permissions file');
  const { policy, problems } = checkWrittenPolicy(raw);
  if (problems.length > 0) throw new InputError(`${file}: invalid permissions file: ${problems.join('; ')}`, { file });
  const expand = (list: string[], key: string): string[] =>
    minimisePaths(
      list.map((entry, index) => {
        try {
          return expandPath(entry, variables);
        } catch (error) {
          if (error instanceof PolicyPathError) throw new InputError(`${file}: ${key}[${index}] ${quote(entry)}: ${error.message}`, { file });
          throw error;
        }
      }),
    );
  const rules = (list: string[], key: string) =>
    list.map((entry, index) => {
      try {
        return parseNetRule(entry);
      } catch (error) {
        throw new InputError(`${file}: ${key}[${index}] ${quote(entry)}: ${(error as Error).message}`, { file });
      }
    });
  const written = Array.isArray(policy.net) ? { connect: policy.net, listen: [] } : policy.net;
  const net = rules(written.connect, Array.isArray(policy.net) ? 'net' : 'net.connect');
  const listen = rules(written.listen, 'net.listen');
  const commands = typeof policy.childProcess === 'boolean' ? (policy.childProcess ? null : []) : [...new Set(policy.childProcess.map(normaliseCommand))].sort();
  return {
    file,
    fsRead: expand(policy.fs.read, 'fs.read'),
    fsWrite: expand(policy.fs.write, 'fs.write'),
    childProcess: commands === null || commands.length > 0,
    commands,
    worker: policy.worker,
    addons: policy.addons,
    wasi: policy.wasi,
    net,
    listen,
    env: [...new Set(policy.env)].sort(),
  };
}

/** Read, check and resolve a permissions file. A missing, unsafe, mismatched or invalid file fails closed. */
export function loadPolicy(options: LoadPolicyOptions): ResolvedPolicy {
  const bytes = readProtectedFile(options.file, 'permissions file', { uid: options.uid });
  if (options.pin) {
    const actual = policyPin(bytes);
    if (actual !== options.pin) throw new InputError(`${options.file}: permissions file does not match its pin (expected ${options.pin}, found ${actual})`, { file: options.file });
  }
  return parsePolicy(bytes.toString('utf8'), options.file, options.variables);
}
