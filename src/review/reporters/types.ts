import type { ReviewReport } from '../types.js';

/** What every reporter is given besides the report. */
export interface ReporterOptions {
  now: Date;
  /** Colours in the table (never in files). */
  color: boolean;
  /** OpenVEX author (a person or team); defaults to "Vigil". */
  author?: string;
  /** The terminal's width when printing to one: the table fits it (issue #17); unset, cells stay whole. */
  width?: number;
  /** The tool version SARIF names. */
  toolVersion: string;
}

/** One output format of `vigil review --format`. */
export interface Reporter {
  id: string;
  description: string;
  render(report: ReviewReport, options: ReporterOptions): string;
}
