/**
 * Shell parsing, Vigil's parser (`src/scorecard/shell/parse.ts`) against mvdan-sh (mvdan/sh,
 * Scorecard's parser, compiled to JavaScript): accept/reject agreement and time per script on
 * real scripts — `run:` steps of the workflow corpus (workflow-corpus.sh) and `.sh` files.
 *
 *   node --import tsx bench/scorecard-parsers/compare-shell.ts MVDAN_SH_DIR FILE...
 * (MVDAN_SH_DIR: a folder where `npm install mvdan-sh` was run; FILE: .yml or shell scripts)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseShell } from '../../src/scorecard/shell/parse.js';
import { parseWorkflow } from '../../src/scorecard/workflow/parse.js';

const [dir, ...files] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write('usage: compare-shell.ts MVDAN_SH_DIR FILE...\n');
  process.exit(2);
}
const require = createRequire(join(dir, 'package.json'));
const sh = require('mvdan-sh') as { syntax: { NewParser(): { Parse(src: string, name: string): unknown } } };
const scripts: { where: string; text: string }[] = [];
const seen = new Set<string>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const found = /\.ya?ml$/.test(file)
    ? (() => {
        const parsed = parseWorkflow(file, text);
        return parsed.ok ? parsed.workflow.jobs.flatMap((j) => j.steps.flatMap((s) => (s.run ? [{ where: `${file}:${s.run.line}`, text: s.run.value.replace(/\{\{[^{}]*\}\}/g, 'GITHUB_REDACTED_VAR') }] : []))) : [];
      })()
    : [{ where: file, text }];
  for (const script of found) {
    if (seen.has(script.text)) continue;
    seen.add(script.text);
    scripts.push(script);
  }
}
const accepts = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};
const counts = { scripts: scripts.length, bothAccept: 0, bothReject: 0, onlyMvdan: 0, onlyVigil: 0 };
const differences: string[] = [];
let oursMs = 0;
let mvdanMs = 0;
const parser = sh.syntax.NewParser();
for (const { where, text } of scripts) {
  let t = performance.now();
  const ours = accepts(() => parseShell(text));
  oursMs += performance.now() - t;
  t = performance.now();
  const theirs = accepts(() => parser.Parse(text, 'script'));
  mvdanMs += performance.now() - t;
  if (ours && theirs) counts.bothAccept += 1;
  else if (!ours && !theirs) counts.bothReject += 1;
  else if (theirs) {
    counts.onlyMvdan += 1;
    differences.push(`only mvdan-sh accepts: ${where}`);
  } else {
    counts.onlyVigil += 1;
    differences.push(`only Vigil accepts: ${where}`);
  }
}
const per = (ms: number): number => Number((ms / Math.max(1, scripts.length)).toFixed(3));
process.stdout.write(`${JSON.stringify({ ...counts, vigilMsPerScript: per(oursMs), mvdanShMsPerScript: per(mvdanMs) })}\n`);
for (const line of differences) process.stdout.write(`${line}\n`);
