import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * better-sqlite3, the one SQLite driver, through require: importing the CommonJS package made the
 * ESM loader lex it at every open. In the CLI bundles (scripts/bundle-cli.mjs) the first
 * `require` below becomes the bundle's own, so its JavaScript (14 files, the `bindings` search
 * among them: ~8 ms of every `vigil review` on Node 20, #15) is part of the bundle; the addon
 * always comes from the installed package, given to it by path.
 */
const require = createRequire(import.meta.url);
const installed = createRequire(import.meta.url);

export interface SqliteDriver {
  Database: typeof Database;
  /** The installed addon, passed as better-sqlite3's `nativeBinding` option. */
  nativeBinding?: string;
}

/**
 * The JavaScript in hand (bundled, or the installed package's own) with the installed package's
 * addon, when both are the same release of better-sqlite3 and the addon is where its build puts
 * it; otherwise the installed package as a whole, which finds its addon itself: a bundled
 * JavaScript must never drive another release's addon. (`installedRequire`: where to look, for tests.)
 */
export function loadSqliteDriver(installedRequire: NodeJS.Require = installed): SqliteDriver {
  const ours = (require('better-sqlite3/package.json') as { version: string }).version;
  const manifest = installedRequire.resolve('better-sqlite3/package.json');
  const theirs = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
  const addon = join(dirname(manifest), 'build', 'Release', 'better_sqlite3.node');
  if (theirs !== ours || !existsSync(addon)) return { Database: installedRequire('better-sqlite3') as typeof Database };
  return { Database: require('better-sqlite3') as typeof Database, nativeBinding: addon };
}
