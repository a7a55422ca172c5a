import type { Reporter } from './types.js';

/** The whole report as JSON: the stable machine-readable form (`--json`). */
export const jsonReporter: Reporter = {
  id: 'json',
  description: 'the full report as JSON',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
