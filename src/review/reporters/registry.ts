/** The output formats of `vigil review` (STYLE.md rule 2: a table, not a switch). */
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { openvexReporter } from './openvex.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';
import type { Reporter } from './types.js';

export const reporters: Reporter[] = [tableReporter, jsonReporter, sarifReporter, markdownReporter, openvexReporter];

/** The reporter for a `--format` value, or undefined. */
export function reporterFor(id: string): Reporter | undefined {
  return reporters.find((reporter) => reporter.id === id);
}
