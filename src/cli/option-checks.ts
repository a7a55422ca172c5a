import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { Command, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';

/**
 * Checks every command's options get before its action runs (issue #17), so a newcomer's mistake
 * is one exit 2 naming the option, never a bug report, a silent success or a file written where
 * it should not be. They are driven by what each option declares, not by a list per command:
 *
 * - a value placeholder `<iso-date>` must be a date, `<YYYY-MM-DD>` a calendar day (`--now
 *   tomorrow` was "Invalid time value", exit 3);
 * - an output (`--output`, `-o`, `--report`, `--write-lock`, `--out`, `--openvex`) must be in a
 *   folder that exists (a typo used to create the folder), must not be a folder when a file is
 *   expected, must not be one of the command's inputs (`monitor report --report database.json`
 *   appended Markdown to the database), and must not be a file Vigil reads from a checkout
 *   (`inventory -o package-lock.json` replaced the lockfile with a table).
 */

/** Option attribute names whose value is a path Vigil writes. */
const OUTPUT_OPTIONS = new Set(['output', 'report', 'writeLock', 'out', 'openvex']);

/** Files a checkout's scan reads: an output never replaces one. */
const READ_FROM_CHECKOUTS = new Set(['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb', 'vigil.config.yaml', 'vigil.config.yml', '.vigil.yaml']);

function flagsOf(option: Option): string {
  return option.long ?? option.short ?? option.flags;
}

/** `<iso-date>` and `<YYYY-MM-DD>` values, checked the same way for every command. */
function checkDate(option: Option, value: unknown): void {
  if (typeof value !== 'string') return;
  if (option.flags.includes('<YYYY-MM-DD>')) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const date = day ? new Date(`${value}T00:00:00Z`) : undefined;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      throw new UsageError(`${flagsOf(option)} ${JSON.stringify(value)}: not a day; expected YYYY-MM-DD, e.g. 2026-12-15`);
    }
  } else if (option.flags.includes('<iso-date>')) {
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
      throw new UsageError(`${flagsOf(option)} ${JSON.stringify(value)}: not a date; expected an ISO date or time, e.g. 2026-12-15 or 2026-12-15T10:00:00Z`);
    }
  }
}

/** Every path-like value the command was given other than `except`: option values and arguments. */
function givenValues(command: Command, except: string, alsoExcept?: string): string[] {
  const values: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) for (const each of value) add(each);
  };
  for (let at: Command | null = command; at; at = at.parent) {
    for (const option of at.options) {
      const name = option.attributeName();
      if (at === command && (name === except || name === alsoExcept)) continue;
      add(at.getOptionValue(name));
    }
  }
  add(command.processedArgs);
  return values;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function checkOutput(command: Command, option: Option, value: unknown, cwd: string): void {
  if (typeof value !== 'string' || value === '-' || value === '') return;
  const flag = flagsOf(option);
  const wantsDirectory = option.flags.includes('<dir>');
  const path = resolve(cwd, value);
  const parent = dirname(path);
  if (!existsSync(parent)) {
    throw new InputError(`${flag} ${value}: the folder ${relative(cwd, parent) || parent} does not exist; nothing was written`, {
      code: 'file',
      file: parent,
      hint: `check the path, or create the folder first (mkdir -p ${relative(cwd, parent) || parent})`,
    });
  }
  if (!isDirectory(parent)) throw new InputError(`${flag} ${value}: ${parent} is not a folder`, { code: 'file', file: parent });
  if (existsSync(path) && isDirectory(path) !== wantsDirectory) {
    throw new InputError(`${flag} ${value}: ${wantsDirectory ? 'is a file, a folder was expected' : 'is a folder, a file was expected'}`, { code: 'file', file: path });
  }
  if (wantsDirectory || option.flags.includes('<prefix>')) return;
  // `--lock pins.txt --write-lock pins.txt` refreshes a pin file in place, on purpose.
  const readBack = option.attributeName() === 'writeLock' ? 'lock' : undefined;
  for (const input of givenValues(command, option.attributeName(), readBack)) {
    if (resolve(cwd, input) !== path || !existsSync(path)) continue;
    throw new InputError(`${flag} ${value}: is also an input of this command (${input}); refusing to overwrite what it reads`, { code: 'file', file: path, hint: `write to another file, e.g. ${value}.out` });
  }
  const name = basename(path);
  if (READ_FROM_CHECKOUTS.has(name) || path.split(sep).slice(-3, -1).join('/') === '.github/workflows') {
    throw new InputError(`${flag} ${value}: ${name} is a file Vigil reads from a checkout; refusing to overwrite it`, { code: 'file', file: path, hint: 'write to another file' });
  }
}

/** Run before every action (a commander `preAction` hook): throws a UsageError or InputError. */
export function checkOptions(command: Command, cwd: string = process.cwd()): void {
  // `--db ""` (an unset shell variable) would silently fall back to the default store.
  const { db } = command.optsWithGlobals<{ db?: unknown }>();
  if (typeof db === 'string' && db.trim() === '') throw new UsageError('--db: empty; give a SQLite file or a postgres:// URL, or leave --db out for the default store (~/.cache/vigil/vigil.db)');
  for (const option of command.options) {
    const value = command.getOptionValue(option.attributeName());
    if (value === undefined) continue;
    checkDate(option, value);
    if (OUTPUT_OPTIONS.has(option.attributeName()) && /<(file|dir|prefix)>/.test(option.flags)) checkOutput(command, option, value, cwd);
  }
}
