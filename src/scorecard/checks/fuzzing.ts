import { collectFuzzing, type FuzzerFound } from '../collect/fuzzing.js';
import type { CheckDefinition, CheckDetail } from '../types.js';
import { info, scored, warn } from './result.js';

const NAME = 'Fuzzing';

/** 10 when any fuzzer is found, else 0 (evaluation/fuzzing.go). */
export function evaluateFuzzing(fuzzers: FuzzerFound[]) {
  if (fuzzers.length === 0) {
    return scored(NAME, 'files', 0, 'project is not fuzzed', [
      warn('no fuzzer integrations found', { remediation: 'Integrate with OSS-Fuzz or ClusterFuzzLite, or add property-based tests (fast-check for JavaScript).' }),
    ]);
  }
  const details: CheckDetail[] = fuzzers.flatMap((fuzzer) =>
    fuzzer.files.length === 0 ? [info(`${fuzzer.name} integration found`)] : fuzzer.files.map((file) => info(`${fuzzer.name} integration found`, { path: file.path, line: file.line, snippet: file.snippet })),
  );
  return scored(NAME, 'files', 10, 'project is fuzzed', details);
}

export const fuzzing: CheckDefinition<FuzzerFound[]> = {
  name: NAME,
  risk: 'Medium',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#fuzzing',
  collect: (view) => collectFuzzing(view),
  evaluate: (fuzzers) => evaluateFuzzing(fuzzers),
};
