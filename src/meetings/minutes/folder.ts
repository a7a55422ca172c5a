import { readdir,  } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseMinutes } from './parse.js';
import { renderMinutes } from './render.js';
import type { Minutes } from '../types.js';
import { readInputText } from '../../util/read-input.js';

/** A minutes file read from a folder. */
export interface MinutesFile {
  path: string;
  /** Path relative to the folder, e.g. `2023-03-16.md` or `nodejs-collab-summit/…md`. */
  name: string;
  text: string;
  minutes: Minutes;
}

/** Minutes files are `*.md` (any depth) and date-named files without an extension (`2019-12-02`). */
function isMinutesFile(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.endsWith('.md') ? base.toLowerCase() !== 'readme.md' : /^\d{4}-\d{2}-\d{2}$/.test(base);
}

/** Read and parse every minutes file under `dir`, sorted by name. */
export async function readMinutesFolder(dir: string): Promise<MinutesFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter(isMinutesFile)
    .sort();
  return Promise.all(
    files.map(async (name) => {
      const path = join(dir, name);
      const text = await readInputText(path, { kind: 'minutes' });
      return { path, name, text, minutes: parseMinutes(text, name) };
    }),
  );
}

/** How one file fared: rendered back byte for byte, and what the parser could not place. */
export interface RoundTripResult {
  name: string;
  exact: boolean;
  /** First differing line (1-based) and both versions of it, when not exact. */
  difference: { line: number; original: string; rendered: string } | undefined;
  items: number;
  numberedItems: number;
  attendees: number;
  problems: number;
}

/** Parse then render one file and compare with the original. */
export function roundTrip(file: MinutesFile): RoundTripResult {
  const rendered = renderMinutes(file.minutes);
  const exact = rendered === file.text;
  let difference: RoundTripResult['difference'];
  if (!exact) {
    const original = file.text.split('\n');
    const back = rendered.split('\n');
    const index = Math.max(0, original.findIndex((line, at) => line !== back[at]));
    difference = { line: index + 1, original: original[index] ?? '', rendered: back[index] ?? '' };
  }
  const items = file.minutes.sections.flatMap((section) => section.items);
  return {
    name: file.name,
    exact,
    difference,
    items: items.length,
    numberedItems: items.filter((item) => item.number !== undefined).length,
    attendees: file.minutes.sections.reduce((sum, section) => sum + section.attendees.length, 0),
    problems: file.minutes.problems.length,
  };
}
