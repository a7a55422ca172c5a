import { createRequire } from 'node:module';
import { InputError } from '../../errors.js';
import type { GraphProblem } from './graph.js';
import { lineAt, parseJson } from './parse-text.js';

/**
 * npm reads a package-lock.json (or shrinkwrap) left with git merge-conflict markers: arborist's
 * Shrinkwrap parses it with parse-conflict-json, which applies "our" side's changes on top of
 * "theirs" and installs the result. Vigil reads it with the same library so that it reports what
 * npm would install, and says that it did. Markers are recognised at line starts only (git writes
 * them there); a file without them, or whose sides are not JSON, is parsed (and refused) as usual.
 */
const OURS = /^<{7}(?: |$)/m;
const MARKERS = [OURS, /^={7}$/m, /^>{7}(?: |$)/m];

function hasConflictMarkers(text: string): boolean {
  // A multi-line regular expression tries every position of the text (~10 ms on a 1 MB lockfile,
  // #15); a plain search for "our" marker's seven characters rules out almost every file first.
  if (!text.includes('<<<<<<<')) return false;
  return MARKERS.every((marker) => marker.test(text));
}

type ParseConflictJson = (text: string, reviver?: undefined, prefer?: 'ours' | 'theirs') => unknown;

/** The lockfile as npm reads it, and a warning when merge conflicts were resolved to get it. */
export function parseNpmLockJson(text: string, file: string): { value: unknown; problem?: GraphProblem } {
  if (!hasConflictMarkers(text)) return { value: parseJson(text, file) };
  // Only a conflicted lockfile pays for loading the library (CommonJS, loaded synchronously).
  const parseConflictJson = createRequire(import.meta.url)('parse-conflict-json') as ParseConflictJson;
  let value: unknown;
  try {
    value = parseConflictJson(text, undefined, 'ours');
  } catch (error) {
    throw new InputError(`${file}: has git merge-conflict markers and its sides are not valid JSON (${(error as Error).message.split('\n')[0] ?? ''}); resolve the conflict, or run npm install to let npm resolve it`, { file, cause: error });
  }
  const line = lineAt(text, OURS.exec(text)?.index ?? 0);
  return { value, problem: { message: 'has git merge-conflict markers: read as npm reads it (our side\'s changes applied over theirs, parse-conflict-json); resolve the conflict to be sure of what is installed', line } };
}
