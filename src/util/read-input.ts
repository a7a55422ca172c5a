// fs.promises rather than node:fs/promises: in `vigil run`'s bundled launcher the getter loads it only when used (#18).
import { openSync, closeSync, fstatSync, readSync, statSync, constants, promises as fsPromises } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * The one reader for every file Vigil is given (issue #20): it refuses anything that is not a
 * regular file (a FIFO would block forever, /dev/zero would fill memory), bounds the size per kind
 * of file, and names the file in every error. Open with O_NONBLOCK so opening a FIFO never hangs,
 * then decide from fstat of the opened descriptor (no race between stat and open).
 */

/** Size limits in bytes per kind of input; `VIGIL_MAX_INPUT_MB` lifts all of them at once. */
export const INPUT_LIMITS = {
  manifest: 16 * 1024 * 1024,
  lockfile: 100 * 1024 * 1024,
  config: 1024 * 1024,
  triage: 16 * 1024 * 1024,
  advisory: 64 * 1024 * 1024,
  feed: 512 * 1024 * 1024,
  archive: 2 * 1024 * 1024 * 1024,
  minutes: 8 * 1024 * 1024,
  workflow: 4 * 1024 * 1024,
  dockerfile: 2 * 1024 * 1024,
  state: 256 * 1024 * 1024,
  source: 64 * 1024 * 1024,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

/** The limit for a kind, honouring `VIGIL_MAX_INPUT_MB` when it is a positive number. */
export function inputLimit(kind: InputKind, env: NodeJS.ProcessEnv = process.env): number {
  const lifted = Number(env.VIGIL_MAX_INPUT_MB);
  return Number.isFinite(lifted) && lifted > 0 ? Math.max(INPUT_LIMITS[kind], lifted * 1024 * 1024) : INPUT_LIMITS[kind];
}

export interface ReadInputOptions {
  kind: InputKind;
  /** Overrides the kind's limit (bytes). */
  maxBytes?: number;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;
}

/** What a non-regular file is, for messages ("a FIFO (named pipe)", "a directory"). */
export function describeFileKind(mode: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (mode.isFIFO()) return 'a FIFO (named pipe)';
  if (mode.isCharacterDevice()) return 'a character device';
  if (mode.isBlockDevice()) return 'a block device';
  if (mode.isSocket()) return 'a socket';
  if (mode.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function openError(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const what =
    code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : code === 'EISDIR' ? 'is a directory, a file was expected' : code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code ?? (error as Error).message})`;
  return new InputError(`${file} ${what}`, { file, cause: error, code: code === 'ENOENT' ? 'not-found' : 'unreadable' });
}

function checkStat(file: string, info: { size: number; isFile(): boolean } & Parameters<typeof describeFileKind>[0], limit: number, kind: InputKind): void {
  if (!info.isFile()) throw new InputError(`${file} is ${describeFileKind(info)}; a regular file was expected`, { file, code: 'not-regular-file' });
  if (info.size > limit) {
    throw new InputError(`${file} is ${megabytes(info.size)}, over the ${megabytes(limit)} limit for a ${kind} file`, {
      file,
      code: 'input-too-large',
      hint: 'set VIGIL_MAX_INPUT_MB to a larger number of megabytes if the file is genuine',
    });
  }
}

/** Read a regular file as bytes, bounded; never hangs on a FIFO or device. */
export async function readInputBytes(file: string, options: ReadInputOptions): Promise<Buffer> {
  const limit = options.maxBytes ?? inputLimit(options.kind);
  let handle;
  try {
    handle = await fsPromises.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const info = await handle.stat();
    checkStat(file, info, limit, options.kind);
    // Read at most limit + 1 bytes: a file that grows while we read is still bounded.
    const buffer = Buffer.allocUnsafe(Math.min(info.size, limit) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) throw new InputError(`${file} grew past the ${megabytes(limit)} limit while being read`, { file, code: 'input-too-large' });
      if (length === buffer.length) break;
      // The whole file as fstat sized it: no second read to find the end (one syscall less per
      // package.json of a node_modules tree, #15). Files that say 0 bytes (/proc) read to the end.
      if (length === info.size && info.size > 0) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw openError(file, error);
  } finally {
    await handle.close();
  }
}

/** Read a regular file as UTF-8 text, bounded. */
export async function readInputText(file: string, options: ReadInputOptions): Promise<string> {
  return (await readInputBytes(file, options)).toString('utf8');
}

/** Synchronous twin of readInputBytes for code paths that are synchronous end to end. */
export function readInputBytesSync(file: string, options: ReadInputOptions): Buffer {
  const limit = options.maxBytes ?? inputLimit(options.kind);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const info = fstatSync(fd);
    checkStat(file, info, limit, options.kind);
    const buffer = Buffer.allocUnsafe(Math.min(info.size, limit) + 1);
    let length = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) throw new InputError(`${file} grew past the ${megabytes(limit)} limit while being read`, { file, code: 'input-too-large' });
      if (length === buffer.length) break;
      // The whole file as fstat sized it: no second read to find the end (one syscall less per
      // package.json of a node_modules tree, #15). Files that say 0 bytes (/proc) read to the end.
      if (length === info.size && info.size > 0) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw openError(file, error);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous twin of readInputText. */
export function readInputTextSync(file: string, options: ReadInputOptions): string {
  return readInputBytesSync(file, options).toString('utf8');
}

/** Is this path a regular file (following links)? False for FIFOs, devices, directories and missing paths. */
export async function isRegularFile(file: string): Promise<boolean> {
  return fsPromises.stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** Synchronous twin of isRegularFile. */
export function isRegularFileSync(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** How deeply a JSON document may nest; real advisories and manifests stay under 20 levels. */
export const MAX_JSON_DEPTH = 256;

/**
 * The nesting depth of a parsed value, measured without recursion so a hostile document cannot
 * overflow the stack here; stops as soon as `limit` is passed.
 */
export function nestingDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * JSON.parse with the file named on a syntax error and a bound on nesting, so later recursive
 * code (schema validation, walkers) never meets a 10,000-level document.
 */
export function parseJsonInput(text: string, file: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${file}: JSON nested too deeply to parse`, { file, code: 'input-too-deep', cause: error });
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`, { file, code: 'invalid-json', cause: error });
  }
  if (nestingDepth(value, maxDepth) > maxDepth) {
    throw new InputError(`${file}: JSON nested more than ${maxDepth} levels deep; refusing it`, { file, code: 'input-too-deep' });
  }
  return value;
}

/** Read and parse a JSON file through the bounded reader. */
export async function readJsonInput(file: string, options: ReadInputOptions & { maxDepth?: number }): Promise<unknown> {
  return parseJsonInput(await readInputText(file, options), file, options.maxDepth);
}

/** Synchronous twin of readJsonInput. */
export function readJsonInputSync(file: string, options: ReadInputOptions & { maxDepth?: number }): unknown {
  return parseJsonInput(readInputTextSync(file, options), file, options.maxDepth);
}

/**
 * Options for `yaml`'s parse/parseDocument on files Vigil is given: a billion-laughs document
 * (aliases of aliases) is refused by `maxAliasCount`, and `uniqueKeys` stays on.
 */
export const YAML_LIMITS = { maxAliasCount: 1000 } as const;

/** `document.toJS()` with the alias bound, an expansion failure becoming an InputError naming the file. */
export function yamlToJs(document: { toJS(options: { maxAliasCount: number }): unknown }, file: string): unknown {
  try {
    return document.toJS(YAML_LIMITS);
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${file}: YAML nested too deeply`, { file, code: 'input-too-deep', cause: error });
    throw new InputError(`${file}: cannot expand YAML: ${(error as Error).message}`, { file, code: 'yaml-aliases', cause: error });
  }
}

/** Bounds for decompressing archives and gzip files (zip bombs): per entry, in total, by ratio. */
export const EXPANSION_LIMITS = {
  /** Largest single decompressed entry or .gz file. */
  entryBytes: 512 * 1024 * 1024,
  /** Largest sum of decompressed entries in one archive. */
  totalBytes: 8 * 1024 * 1024 * 1024,
  /** Largest decompressed/compressed ratio above 1 MB of output (real JSON compresses ~10-30x). */
  ratio: 200,
} as const;
