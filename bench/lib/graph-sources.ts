// The files of a reachability graph that parsing reads, with their text: what the graph parses,
// for the benches that compare parsing paths on a real tree (reachability-dump, -literal-check).
import { readFileSync } from 'node:fs';
import { NOT_CODE } from '../../src/reachability/parse-files.js';

/** Every code file of `files` whose text may load something (`mayLoad`, the code under test's MAY_LOAD), with that text. */
export function* graphSources(files: Iterable<string>, mayLoad: RegExp): Generator<{ file: string; text: string }> {
  for (const file of files) {
    if (NOT_CODE.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (mayLoad.test(text)) yield { file, text };
  }
}
