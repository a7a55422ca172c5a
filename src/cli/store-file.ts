import { existsSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';
import { isPostgresUrl } from '../store/location.js';

/**
 * A command that only reads the store (db status, db show, monitor history, serve) must not
 * create it: opening a mistyped `--db` made an empty database and reported "0 advisories", exit 0
 * (issue #17). A SQLite file that does not exist is exit 2 naming it; a postgres:// URL is asked.
 */
export function requireStoreFile(location: string): void {
  if (isPostgresUrl(location) || location.trim() === '') return;
  // SQLite takes an empty file for a new database and writes its tables into it: `--db empty.json
  // db status` turned a mistyped path into a store (issue #17). A reading command refuses it.
  if (existsSync(location) && statSync(location).isFile() && statSync(location).size === 0) {
    throw new InputError(`${location}: an empty file, not a store (this command reads the store and does not create one)`, { code: 'file', file: location, hint: 'check --db / VIGIL_DB' });
  }
  if (existsSync(location)) return;
  throw new InputError(`${location}: no such store (this command reads the store and does not create one)`, {
    code: 'file',
    file: location,
    hint: 'check --db / VIGIL_DB, or fill the store first: `vigil db sync` or `vigil db import <path>`',
  });
}
