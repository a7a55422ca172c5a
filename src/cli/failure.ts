import { readFileSync } from 'node:fs';
import { InternalError, toVigilError } from '../errors.js';
import { redact } from '../util/redact.js';

/** Vigil's version, from its package.json. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

const ISSUES_URL = 'https://github.com/vigil-security/vigil/issues/new';

/**
 * Print a failed command's error (redacted, its file said once, the hint, and for a bug where to
 * report it) and return its exit code. Shared by the full CLI and `vigil run`'s lean path.
 */
export function reportFailure(error: unknown, version: string): number {
  const vigilError = toVigilError(error);
  // A progress line may still be on screen: the error gets its own line.
  if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');
  // Most messages already name their file (`a/package-lock.json:5: not valid JSON`): say it once.
  const where = vigilError.location && !vigilError.message.includes(vigilError.location) ? ` (${vigilError.location})` : '';
  process.stderr.write(redact(`vigil: error: ${vigilError.message}${where}\n`));
  if (vigilError.hint) process.stderr.write(redact(`hint: ${vigilError.hint}\n`));
  if (vigilError instanceof InternalError) {
    process.stderr.write(`This is a bug in Vigil. Please report it at ${ISSUES_URL} with: vigil ${version}, node ${process.version}, ${process.platform}-${process.arch}.\n`);
    if (process.env.VIGIL_DEBUG) process.stderr.write(redact(`${String((error as Error).stack)}\n`));
  }
  return vigilError.exitCode;
}
