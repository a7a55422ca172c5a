import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';

/**
 * A path the user typed that must already exist (issue #17): a mistyped `--project` or
 * `--exclude` was silently accepted (exit 0), or worse, created. Exit 2 naming the option and
 * the path as typed and as resolved. `kind` adds the expected type.
 */
export function requireExistingPath(cwd: string, path: string, option: string, kind?: 'directory' | 'file'): string {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    throw new InputError(`${option} ${path}: no such ${kind ?? 'file or directory'}${absolute === path ? '' : ` (${absolute})`}`, { code: 'file', file: absolute });
  }
  if (kind) {
    const isDirectory = statSync(absolute).isDirectory();
    if (isDirectory !== (kind === 'directory')) throw new InputError(`${option} ${path}: ${isDirectory ? 'is a directory, a file was expected' : 'is a file, a directory was expected'}`, { code: 'file', file: absolute });
  }
  return absolute;
}
