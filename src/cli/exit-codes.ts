/**
 * What exit 0 and 1 mean per command, as the README's exit-code table says (issue #17); every
 * `--help` screen ends with its line. 2 and 3 mean the same everywhere.
 */
const MEANINGS: Record<string, string> = {
  review: '0 no finding at or above --fail-on, 1 findings at or above it',
  updates: '0 done (or nothing counts for --fail-on), 1 --fail-on outdated|security counted a dependency',
  'node check': '0 not affected and supported, 1 affected or past end-of-life',
  'release validate': '0 no errors, 1 the file or vuln/ tree has errors',
  'monitor run': '0 every repository scored, 1 some could not be scored (the others are recorded)',
  'permissions infer': '0 the traced command exited 0, 1 it failed',
  'permissions check': '0 no warning-level gap, 1 a gap that weakens the policy',
  'integrity verify': '0 every module matches, 1 a module or signature does not',
  'db migrate': '0 up to date or migrated, 1 --dry-run found pending steps',
  run: 'the exit code of the command it runs',
};

/** The `Exit codes:` line of a command's help (`path` is `review`, `node check` …). */
export function exitCodesLine(path: string): string {
  const meaning = MEANINGS[path] ?? '0 done';
  return `Exit codes: ${meaning}; 2 usage or input error (named in the message, nothing written); 3 a bug in Vigil.`;
}
