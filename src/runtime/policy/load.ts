import { createHash } from 'node:crypto';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { statSync } from 'node:fs';
import { InputError, quote } from '../../errors.js';
import { parseNetRule } from '../preload/net-match.cjs';
import type { PolicyVariables, ResolvedPolicy } from '../types.js';
import { WrittenPolicy } from './schema.js';
import { expandPath, minimisePaths, PolicyPathError } from './variables.js';
import { readInputBytesSync } from '../../util/read-input.js';

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
  return `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
}

/**
 * Refuse a policy file others could have changed: writable by group or others, or owned by
 * another user. The WG's "fall-through" worry: whoever can write the policy owns the process.
 */
export function checkPolicyFileSafety(file: string, uid: number | undefined): void {
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new InputError(`${file}: permissions file not found; refusing to run without one (fail closed)`, { file, cause: error });
  }
  if (!stats.isFile()) throw new InputError(`${file}: permissions file is not a regular file`, { file });
  if ((stats.mode & 0o022) !== 0) {
    throw new InputError(`${file}: permissions file is writable by ${stats.mode & 0o002 ? 'others' : 'its group'} (mode ${(stats.mode & 0o777).toString(8)}); refusing it`, {
      file,
      hint: `chmod go-w ${file}`,
    });
  }
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
    throw new InputError(`${file}: permissions file belongs to uid ${stats.uid}, not to you (uid ${uid}) or root; refusing it`, { file });
  }
}

/** Line (1-based) of a character offset, for parse errors. */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Parse and validate a policy text; every problem names the file, and the line when JSON is broken. */
export function parsePolicy(text: string, file: string, variables: PolicyVariables): ResolvedPolicy {
  // jsonc-parser gives the offset JSON.parse hides on Node 20; comments stay an error (strict JSON).
  const errors: ParseError[] = [];
  const raw: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    throw new InputError(`${file}: not valid JSON: ${printParseErrorCode(first.error)}`, { file, line: lineOf(text, first.offset) });
  }
  const parsed = WrittenPolicy.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('; ');
    throw new InputError(`${file}: invalid permissions file: ${problems}`, { file });
  }
  const policy = parsed.data;
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
  const net = policy.net.map((entry, index) => {
    try {
      return parseNetRule(entry);
    } catch (error) {
      throw new InputError(`${file}: net[${index}] ${quote(entry)}: ${(error as Error).message}`, { file });
    }
  });
  return {
    file,
    fsRead: expand(policy.fs.read, 'fs.read'),
    fsWrite: expand(policy.fs.write, 'fs.write'),
    childProcess: policy.childProcess,
    worker: policy.worker,
    addons: policy.addons,
    wasi: policy.wasi,
    net,
    env: [...new Set(policy.env)].sort(),
  };
}

/** Read, check and resolve a permissions file. A missing, unsafe, mismatched or invalid file fails closed. */
export function loadPolicy(options: LoadPolicyOptions): ResolvedPolicy {
  checkPolicyFileSafety(options.file, options.uid);
  const bytes = readInputBytesSync(options.file, { kind: 'config' });
  if (options.pin) {
    const actual = policyPin(bytes);
    if (actual !== options.pin) throw new InputError(`${options.file}: permissions file does not match its pin (expected ${options.pin}, found ${actual})`, { file: options.file });
  }
  return parsePolicy(bytes.toString('utf8'), options.file, options.variables);
}
