/**
 * The fixed environment and overrides every git process runs with (issue #20: a repository's own
 * `.git/config`, and the user's, must never make Vigil run a program). Git reads configuration
 * from the system, the user and the repository; programs named there run on ordinary commands
 * (`log.showSignature` + `gpg.program` on `git log`, `core.fsmonitor` on any index read,
 * `core.pager`, hooks, filters on checkout/add/status, external diff and textconv on diffs,
 * credential helpers and `ext::` URLs on fetches). System and user files are not read at all;
 * the repository's file cannot be skipped, so each key that executes is overridden on the command
 * line, which git reads last.
 */

/** `-c` pairs that neutralise every executing key whose last value wins. */
export const SAFE_CONFIG: readonly (readonly [string, string])[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.askPass', ''],
  ['core.sshCommand', 'ssh'],
  ['core.alternateRefsCommand', ''],
  ['core.editor', 'true'],
  ['sequence.editor', 'true'],
  ['log.showSignature', 'false'],
  // A program that does not exist: nothing Vigil runs verifies or makes signatures, and if git
  // ever tried, it fails instead of running something.
  ['gpg.program', '/nonexistent/vigil-no-gpg'],
  ['gpg.openpgp.program', '/nonexistent/vigil-no-gpg'],
  ['gpg.x509.program', '/nonexistent/vigil-no-gpg'],
  ['gpg.ssh.program', '/nonexistent/vigil-no-gpg'],
  ['gpg.ssh.defaultKeyCommand', ''],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['diff.external', ''],
  // An empty value clears the list of credential helpers (gitcredentials(7)).
  ['credential.helper', ''],
  ['protocol.ext.allow', 'never'],
  // core.gitProxy keeps its first value, so the repository's would win: refuse git:// instead.
  ['protocol.git.allow', 'never'],
  ['remote.origin.uploadpack', 'git-upload-pack'],
  ['remote.origin.receivepack', 'git-receive-pack'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['init.templateDir', ''],
  // Output Vigil parses: no colour codes, UTF-8 messages.
  ['color.ui', 'false'],
  ['i18n.logOutputEncoding', 'UTF-8'],
];

/** Subcommands that may run a filter's clean or smudge program (they compare or write the work tree). */
export const FILTERING_COMMANDS: ReadonlySet<string> = new Set(['add', 'checkout', 'commit', 'diff', 'reset', 'restore', 'stash', 'status', 'switch', 'merge', 'rebase', 'cherry-pick', 'revert', 'pull', 'clone']);

/** Subcommands that run diffs, where `--no-ext-diff --no-textconv` must be given. */
export const DIFF_COMMANDS: ReadonlySet<string> = new Set(['diff', 'log', 'show', 'whatchanged']);

/** `-c` pairs that disable the named filter drivers (an empty command is no command; `required` would make that an error). */
export function filterOverrides(drivers: Iterable<string>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const driver of drivers) {
    for (const key of ['clean', 'smudge', 'process']) pairs.push([`filter.${driver}.${key}`, '']);
    pairs.push([`filter.${driver}.required`, 'false']);
  }
  return pairs;
}

/** Filter driver names from `git config --name-only --get-regexp '^filter\.'` output. Pure. */
export function parseFilterDrivers(output: string): string[] {
  const names = new Set<string>();
  for (const line of output.split('\n')) {
    const match = /^filter\.(.+)\.[^.]+$/.exec(line.trim());
    if (match?.[1] !== undefined) names.add(match[1]);
  }
  return [...names];
}

/** Variables kept from Vigil's own environment: finding programs, temp files, and reaching a network through the user's proxy. */
const KEPT_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'SSH_AUTH_SOCK'];

/**
 * The whole environment of a git process: nothing else of Vigil's is passed, so `GIT_DIR`,
 * `GIT_EXTERNAL_DIFF`, `GIT_SSH_COMMAND`, `GIT_CONFIG_*` or a token in the parent never reach it.
 */
export function gitEnvironment(parent: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of KEPT_VARIABLES) if (parent[name] !== undefined) env[name] = parent[name];
  return {
    ...env,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_EDITOR: 'true',
  };
}

/**
 * The full argument list for `git <args>`: global options, the overrides, the filter drivers
 * found in the repository's config (for commands that may run them), and the diff switches.
 */
export function safeArguments(args: readonly string[], filterDrivers: readonly string[] = [], safeDirectories: readonly string[] = []): string[] {
  const command = args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? '';
  const trusted = safeDirectories.map((directory): [string, string] => ['safe.directory', directory]);
  const pairs = [...SAFE_CONFIG, ...(FILTERING_COMMANDS.has(command) ? filterOverrides(filterDrivers) : []), ...trusted];
  const config = pairs.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const index = args.indexOf(command);
  const rest = DIFF_COMMANDS.has(command) ? [...args.slice(0, index + 1), '--no-ext-diff', '--no-textconv', ...args.slice(index + 1)] : [...args];
  return ['--no-pager', '--no-replace-objects', ...config, ...rest];
}
