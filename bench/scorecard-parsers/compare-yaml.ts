/**
 * Workflow YAML acceptance, Vigil's reader (`src/scorecard/workflow/yaml.ts`) against go-yaml v3
 * (`yaml-oracle/`, the parser under actionlint, which Scorecard uses), on a corpus built by
 * `workflow-corpus.sh` (issue #16).
 *
 *   bench/scorecard-parsers/compare-yaml.sh CORPUS   (builds the oracle, then runs this)
 *   node --import tsx bench/scorecard-parsers/compare-yaml.ts ORACLE_JSONL
 *
 * Prints counts and every disagreement; exits 1 when there is one.
 */
import { readFileSync } from 'node:fs';
import { readWorkflowYaml } from '../../src/scorecard/workflow/yaml.js';

interface Verdict {
  path: string;
  ok: boolean;
  error?: string;
}

const oraclePath = process.argv[2];
if (oraclePath === undefined) {
  process.stderr.write('usage: compare-yaml.ts ORACLE_JSONL\n');
  process.exit(2);
}
const verdicts = readFileSync(oraclePath, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as Verdict);
const counts = { files: 0, bothAccept: 0, bothReject: 0, onlyGoAccepts: 0, onlyVigilAccepts: 0 };
const differences: string[] = [];
let elapsed = 0;
for (const verdict of verdicts) {
  const text = readFileSync(verdict.path, 'utf8');
  const start = process.hrtime.bigint();
  const ours = readWorkflowYaml(text);
  elapsed += Number(process.hrtime.bigint() - start) / 1e6;
  counts.files += 1;
  if (ours.ok && verdict.ok) counts.bothAccept += 1;
  else if (!ours.ok && !verdict.ok) counts.bothReject += 1;
  else if (verdict.ok) {
    counts.onlyGoAccepts += 1;
    differences.push(`go-yaml accepts, Vigil rejects (${ours.ok ? '' : ours.message}): ${verdict.path}`);
  } else {
    counts.onlyVigilAccepts += 1;
    differences.push(`Vigil accepts, go-yaml rejects (${verdict.error ?? ''}): ${verdict.path}`);
  }
}
process.stdout.write(`${JSON.stringify({ ...counts, vigilMsPerFile: Number((elapsed / Math.max(1, counts.files)).toFixed(3)) })}\n`);
for (const line of differences) process.stdout.write(`${line}\n`);
process.exit(differences.length > 0 ? 1 : 0);
