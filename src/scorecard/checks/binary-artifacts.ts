import { collectBinaryArtifacts, type BinaryArtifactFacts } from '../collect/binary-artifacts.js';
import type { CheckDefinition } from '../types.js';
import { scored, warn } from './result.js';

const NAME = 'Binary-Artifacts';

/** Scorecard's rule: 10 minus one per binary file, never below 0 (evaluation/binary_artifacts.go). */
export function evaluateBinaryArtifacts(facts: BinaryArtifactFacts) {
  if (facts.binaries.length === 0) return scored(NAME, 'files', 10, 'no binaries found in the repo');
  const details = facts.binaries.map((path) =>
    warn('binary detected', { path, line: 1, remediation: 'Remove the binary from the repository and build it from source in CI, or fetch it with a verified checksum.' }),
  );
  return scored(NAME, 'files', Math.max(0, 10 - facts.binaries.length), 'binaries present in source code', details);
}

export const binaryArtifacts: CheckDefinition<BinaryArtifactFacts> = {
  name: NAME,
  risk: 'High',
  measured: 'files',
  documentation: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#binary-artifacts',
  collect: (view) => collectBinaryArtifacts(view),
  evaluate: (facts) => evaluateBinaryArtifacts(facts),
};
