import { collectLicense, type LicenseFacts } from '../collect/license.js';
import type { CheckDefinition } from '../types.js';
import { info, scored, warn } from './result.js';

const NAME = 'License';

/** 9 for a license file, +1 when its SPDX id is FSF/OSI approved (evaluation/license.go). */
export function evaluateLicense(facts: LicenseFacts) {
  if (!facts.file) {
    return scored(NAME, 'files', 0, 'license file not detected', [
      warn('project does not have a license file', { remediation: 'Add a LICENSE file at the top of the repository (e.g. LICENSE with an OSI-approved license).' }),
    ]);
  }
  const { path, spdxId, approved } = facts.file;
  const details = [info('project has a license file', { path, line: 1 })];
  details.push(approved ? info(`FSF or OSI recognized license: ${spdxId}`, { path, line: 1 }) : warn('project license file does not contain an FSF or OSI license.'));
  return scored(NAME, 'files', approved ? 10 : 9, 'license file detected', details);
}

export const license: CheckDefinition<LicenseFacts> = {
  name: NAME,
  risk: 'Low',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#license',
  collect: (view) => collectLicense(view),
  evaluate: (facts) => evaluateLicense(facts),
};
