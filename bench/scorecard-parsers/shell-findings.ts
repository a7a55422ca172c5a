/**
 * Pinned-Dependencies shell findings on real scripts (issue #16): every distinct `run:` step of
 * every workflow version in the given repositories' histories, and every version of their shell
 * scripts, scanned with `shell/scan.ts`. One JSON line per script (its hash, where it was first
 * seen, the dependencies and processing errors found), so that two runs — before and after a
 * parser change — can be compared finding by finding with `--diff`.
 *
 *   node --import tsx bench/scorecard-parsers/shell-findings.ts OUT.jsonl GITDIR...
 *   node --import tsx bench/scorecard-parsers/shell-findings.ts --diff BEFORE.jsonl AFTER.jsonl
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { isSupportedShellScript } from '../../src/scorecard/collect/shell-scripts.js';
import { scanShell } from '../../src/scorecard/shell/scan.js';
import { parseWorkflow } from '../../src/scorecard/workflow/parse.js';
import type { PinningFacts } from '../../src/scorecard/pinning-types.js';

interface Row {
  hash: string;
  where: string;
  ms: number;
  deps: string[];
  errors: string[];
}

const SHELL_EXTENSIONS = /\.(sh|bash|mksh|dash|ksh)$/;

function git(dir: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['-C', dir, ...args], { input, maxBuffer: 1 << 30 });
}

/** Blobs named by `git log --raw` lines (new side, not deletions), with a path each. */
function historyBlobs(dir: string, pathspecs: string[]): Map<string, string> {
  const blobs = new Map<string, string>();
  const log = git(dir, ['log', '--all', '--format=', '--raw', '--no-abbrev', '--no-renames', '--', ...pathspecs]).toString('utf8');
  for (const line of log.split('\n')) {
    const match = /^:\d+ (\d+) \w+ (\w+) (\w)\t(.*)$/.exec(line);
    if (match === null || match[3] === 'D' || /^0+$/.test(match[2] ?? '')) continue;
    if (!blobs.has(match[2] ?? '')) blobs.set(match[2] ?? '', match[4] ?? '');
  }
  return blobs;
}

/** Shell-script candidates of HEAD: shell extensions, executables, extension-less files. */
function headScripts(dir: string): Map<string, string> {
  const blobs = new Map<string, string>();
  const tree = git(dir, ['ls-tree', '-r', '--full-tree', 'HEAD']).toString('utf8');
  for (const line of tree.split('\n')) {
    const match = /^(\d+) blob (\w+)\t(.*)$/.exec(line);
    if (match === null) continue;
    const [, mode, blob = '', path = ''] = match;
    if (SHELL_EXTENSIONS.test(path) || mode === '100755' || !posix.basename(path).includes('.')) blobs.set(blob, path);
  }
  return blobs;
}

function readBlobs(dir: string, blobs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (blobs.length === 0) return out;
  const data = git(dir, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  let at = 0;
  while (at < data.length) {
    const newline = data.indexOf(10, at);
    const [sha = '', , size = '0'] = data.subarray(at, newline).toString('latin1').split(' ');
    const start = newline + 1;
    out.set(sha, data.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return out;
}

function scan(where: string, text: string): Row {
  const facts: PinningFacts = { dependencies: [], errors: [] };
  const started = performance.now();
  scanShell(where, 0, 0, text, new Set(), facts);
  const ms = performance.now() - started;
  return {
    hash: createHash('sha1').update(text).digest('hex'),
    where,
    ms,
    deps: facts.dependencies.map((d) => `${d.line}-${d.endLine} ${d.type} ${d.pinned ? 'pinned' : 'unpinned'} ${JSON.stringify(d.snippet)}`),
    errors: facts.errors.map((e) => `${e.line ?? ''} ${e.message}`),
  };
}

function collect(out: string, dirs: string[]): void {
  const seen = new Set<string>();
  const rows: Row[] = [];
  const add = (where: string, text: string): void => {
    const hash = createHash('sha1').update(text).digest('hex');
    if (seen.has(hash)) return;
    seen.add(hash);
    rows.push(scan(where, text));
  };
  for (const dir of dirs) {
    const name = posix.basename(posix.dirname(dir));
    const workflows = historyBlobs(dir, ['.github/workflows/*.yml', '.github/workflows/*.yaml']);
    for (const [blob, text] of readBlobs(dir, [...workflows.keys()])) {
      const path = `${name}/${workflows.get(blob) ?? ''}@${blob.slice(0, 10)}`;
      const parsed = parseWorkflow(path, text);
      if (!parsed.ok) continue;
      for (const job of parsed.workflow.jobs) {
        for (const step of job.steps) {
          if (step.run !== null) add(`${path}:${step.run.line}`, step.run.value.replace(/\{\{[^{}]*\}\}/g, 'GITHUB_REDACTED_VAR'));
        }
      }
    }
    const scripts = new Map([...headScripts(dir), ...historyBlobs(dir, ['*.sh', '*.bash'])]);
    for (const [blob, text] of readBlobs(dir, [...scripts.keys()])) {
      const path = scripts.get(blob) ?? '';
      if (text.includes('\u0000') || !isSupportedShellScript(path, text)) continue;
      add(`${name}/${path}@${blob.slice(0, 10)}`, text);
    }
    process.stderr.write(`${name}: ${rows.length} distinct scripts so far\n`);
  }
  rows.sort((a, b) => a.hash.localeCompare(b.hash));
  writeFileSync(out, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const ms = rows.reduce((sum, row) => sum + row.ms, 0);
  const summary = {
    scripts: rows.length,
    withFindings: rows.filter((row) => row.deps.length > 0).length,
    findings: rows.reduce((sum, row) => sum + row.deps.length, 0),
    parseErrors: rows.filter((row) => row.errors.length > 0).length,
    msPerScript: Number((ms / Math.max(1, rows.length)).toFixed(3)),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

function diff(before: string, after: string): void {
  const read = (file: string): Map<string, Row> =>
    new Map(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Row)
        .map((row) => [row.hash, row]),
    );
  const a = read(before);
  const b = read(after);
  const counts = { scripts: 0, sameFindings: 0, differentFindings: 0, sameErrors: 0, differentErrors: 0 };
  for (const [hash, x] of a) {
    const y = b.get(hash);
    if (y === undefined) continue;
    counts.scripts += 1;
    if (JSON.stringify(x.deps) === JSON.stringify(y.deps)) counts.sameFindings += 1;
    else {
      counts.differentFindings += 1;
      process.stdout.write(`findings differ: ${x.where}\n  before: ${JSON.stringify(x.deps)}\n  after:  ${JSON.stringify(y.deps)}\n`);
    }
    if ((x.errors.length > 0) === (y.errors.length > 0)) counts.sameErrors += 1;
    else {
      counts.differentErrors += 1;
      process.stdout.write(`parse result differs: ${x.where}\n  before: ${JSON.stringify(x.errors)}\n  after:  ${JSON.stringify(y.errors)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--diff' && args.length === 3) diff(args[1] ?? '', args[2] ?? '');
else if (args.length >= 2 && args[0] !== '--diff') collect(args[0] ?? '', args.slice(1));
else {
  process.stderr.write('usage: shell-findings.ts OUT.jsonl GITDIR... | --diff BEFORE.jsonl AFTER.jsonl\n');
  process.exit(2);
}
