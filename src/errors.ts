import { redact, safeExcerpt } from './util/redact.js';

/**
 * Vigil's one error file (STYLE.md rule 12). Every error a user can see is a VigilError:
 * it says what was wrong, where (file:line when there is one), and maps to one exit code.
 */

/** Exit codes, as DESIGN.md fixes them. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 2,
  internal: 3,
} as const;

export interface VigilErrorOptions {
  file?: string;
  line?: number;
  column?: number;
  cause?: unknown;
  /** A hint the user can act on, printed after the message. */
  hint?: string;
  /** Already shown to the user once (a host found unreachable): callers need not warn again. */
  reported?: boolean;
}

/** Base class: a stable kebab `code`, an exit code, and an optional location. */
export class VigilError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  readonly reported: boolean;

  /** Message and hint pass through the one redaction: no error can carry a token out. */
  constructor(code: string, message: string, exitCode: number, options: VigilErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint === undefined ? undefined : redact(options.hint);
    this.reported = options.reported === true;
  }

  /** `file:line:column` when known, else the file, else undefined. */
  get location(): string | undefined {
    if (this.file === undefined) return undefined;
    if (this.line === undefined) return this.file;
    return this.column === undefined ? `${this.file}:${this.line}` : `${this.file}:${this.line}:${this.column}`;
  }
}

/** The command line itself is wrong: unknown flag, missing argument, bad value. Exit 2. */
export class UsageError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('usage', message, EXIT.usage, options);
  }
}

/** A file, feed or repository Vigil was given cannot be used as it is. Exit 2. */
export class InputError extends VigilError {
  constructor(message: string, options: VigilErrorOptions & { code?: string } = {}) {
    super(options.code ?? 'input', message, EXIT.input, options);
  }
}

/** A network service (forge, feed, registry) failed; never reported as "nothing found". Exit 2. */
export class ExternalHostError extends VigilError {
  readonly host: string;
  readonly status: number | undefined;
  constructor(host: string, message: string, options: VigilErrorOptions & { status?: number } = {}) {
    super('external-host', message, EXIT.input, options);
    this.host = host;
    this.status = options.status;
  }
}

/** A bug in Vigil. Exit 3; the CLI asks for a report with versions filled in. */
export class InternalError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('internal', message, EXIT.internal, options);
  }
}

/** Quote untrusted input in a message: one line, cut at 200 characters. */
export function quote(input: string, max = 200): string {
  const oneLine = input.replace(/\r?\n/g, '\\n');
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine);
}

/**
 * An error from Octokit (its RequestError is named `HttpError` and carries the HTTP status, 500
 * when GitHub could not be reached at all) is the host's failure, not a bug in Vigil.
 */
function forgeError(error: Error): VigilError | undefined {
  // Our own fetch failed inside Octokit, which wraps the error: the cause says it better.
  if (error.cause instanceof VigilError) return error.cause;
  const failed = error as Error & { status?: unknown; request?: { url?: unknown } };
  if (error.name !== 'HttpError' || typeof failed.status !== 'number') return undefined;
  const url = typeof failed.request?.url === 'string' ? failed.request.url : undefined;
  const host = url && URL.canParse(url) ? new URL(url).host : 'GitHub';
  return forgeHttpError(host, url ?? host, failed.status, error.message, error);
}

/** A forge's HTTP failure in words: the URL, the status, and a short, safe excerpt of what it said. */
export function forgeHttpError(host: string, url: string, status: number, said: string, cause?: unknown): ExternalHostError {
  const hint =
    status === 401 ? 'the token was refused: check GITHUB_TOKEN (or VIGIL_GITHUB_TOKEN) and that it has not expired' : status === 403 ? 'the token lacks a permission for this, or a rate limit was reached' : undefined;
  return new ExternalHostError(host, `${url} answered HTTP ${status}: ${safeExcerpt(said)}`, { status, cause, ...(hint ? { hint } : {}) });
}

/** What a file-system error code means to the user who gave the path. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory, a file was expected',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
};

/** The reason of a failed file-system call in words, without its path (the message names the path once). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && FILE_ERRORS[code]) || (error as Error).message;
}

/**
 * A file-system error on a path the user named (a missing folder, an unreadable file) or a port
 * already taken is the user's input, not a bug in Vigil: exit 2 naming the path or port (issue #17).
 */
function systemError(error: Error): InputError | undefined {
  const failed = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (typeof failed.code !== 'string') return undefined;
  const meaning = FILE_ERRORS[failed.code];
  if (meaning && typeof failed.path === 'string') return new InputError(`${failed.path}: ${meaning}`, { code: 'file', file: failed.path, cause: error });
  if (failed.code === 'EADDRINUSE' || failed.code === 'EADDRNOTAVAIL') {
    const where = `${failed.address ?? 'address'}${failed.port === undefined ? '' : `:${failed.port}`}`;
    return new InputError(`${where}: ${failed.code === 'EADDRINUSE' ? 'the port is already in use' : 'not an address of this machine'}`, { code: 'address', cause: error, hint: 'pick another --port (0 picks a free one)' });
  }
  return undefined;
}

/** Wrap anything thrown into a VigilError, keeping VigilErrors as they are. */
export function toVigilError(error: unknown): VigilError {
  if (error instanceof VigilError) return error;
  if (error instanceof Error) {
    const host = forgeError(error) ?? systemError(error);
    if (host) return host;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(message, { cause: error });
}
