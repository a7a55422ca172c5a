import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Command } from 'commander';
import { projectRoot } from '../../test/fixtures.js';
import { InternalError } from '../errors.js';
import { createLogger, shouldUseColor } from '../util/log.js';
import { commands } from './commands/registry.js';
import { main } from './program.js';

// Issue #2, Foundation: help with examples everywhere, colours only on a TTY (NO_COLOR wins),
// --quiet/--verbose, and the four exit codes.

/**
 * Run main() in-process, capturing stderr. Stdout is left alone: the test runner reports on it.
 * Commands that print results are run as a child process instead (`cli`, `helpOfEveryCommand`).
 */
async function runMain(...args: string[]): Promise<{ code: number; stderr: string }> {
  const err: string[] = [];
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'vigil', ...args]);
    return { code, stderr: err.join('') };
  } finally {
    process.stderr.write = stderrWrite;
    process.exitCode = previousExitCode;
  }
}

/**
 * `--help` of every registered command and of each of its subcommands, keyed `db`, `db import`,
 * from one child process (one start-up, not sixty).
 */
function helpOfEveryCommand(): Record<string, { code: number; stdout: string }> {
  const script = `
    import { Command } from 'commander';
    import { main } from './src/cli/program.ts';
    import { commands } from './src/cli/commands/registry.ts';
    const write = process.stdout.write.bind(process.stdout);
    const results = {};
    const capture = async (argv) => {
      let stdout = '';
      process.stdout.write = (chunk) => { stdout += String(chunk); return true; };
      const code = await main(['node', 'vigil', ...argv]);
      process.stdout.write = write;
      return { code, stdout };
    };
    const help = async (words) => {
      results[words.join(' ')] = await capture([...words, '--help']);
      results['help ' + words.join(' ')] = await capture(['help', ...words]);
    };
    for (const entry of commands) {
      await help([entry.name]);
      const group = new Command(entry.name);
      (await entry.load()).configure(group);
      for (const sub of group.commands) await help([entry.name, sub.name()]);
    }
    write(JSON.stringify(results));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Record<string, { code: number; stdout: string }>;
}

const cli = (env: Record<string, string | undefined>, ...args: string[]) => {
  const merged: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: merged });
};

describe('every command teaches in --help', () => {
  const help = helpOfEveryCommand();
  for (const { name } of commands) {
    it(`vigil ${name} --help and each of its subcommands' --help show examples that run it`, () => {
      const screens = Object.keys(help).filter((words) => words === name || words.startsWith(`${name} `));
      assert.ok(screens.length > 0);
      for (const words of screens) {
        const { code, stdout } = help[words] ?? { code: -1, stdout: '' };
        assert.equal(code, 0, words);
        assert.match(stdout, /Examples:\n/, `vigil ${words} --help has an Examples section`);
        assert.match(stdout.slice(stdout.indexOf('Examples:')), new RegExp(`\\n  vigil ${words}\\b`), `vigil ${words} --help shows how to run it`);
      }
    });
  }
  it('`vigil help <command> [<subcommand>]` prints the same screen as `--help` on every screen', () => {
    const screens = Object.keys(help).filter((words) => !words.startsWith('help '));
    for (const words of screens) {
      const asked = help[`help ${words}`];
      assert.equal(asked?.code, 0, `vigil help ${words}`);
      assert.equal(asked.stdout, help[words]!.stdout, `vigil help ${words} shows what vigil ${words} --help shows`);
      assert.match(asked.stdout, /Exit codes:/, `vigil help ${words} says what its exit codes mean`);
    }
    assert.ok(screens.length > 50, `${screens.length} help screens`);
  });
  it('the subcommands are there too', () => {
    assert.ok(Object.keys(help).includes('db import'));
    assert.ok(Object.keys(help).filter((words) => !words.startsWith('help ')).length > commands.length * 2);
  });
});

describe('colours', () => {
  it('only on a TTY, never with NO_COLOR (https://no-color.org), FORCE_COLOR for pipes', () => {
    assert.equal(shouldUseColor({ isTTY: true }, {}), true);
    assert.equal(shouldUseColor({ isTTY: false }, {}), false);
    assert.equal(shouldUseColor({}, {}), false);
    assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }), false);
    assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '' }), true, 'an empty NO_COLOR is not set');
    assert.equal(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '0' }), false);
  });

  describe('from the built command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-colour-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0' } } }));
    // eslint-disable-next-line no-control-regex -- an ANSI escape is exactly what is looked for
    const ansi = /\u001b\[/;

    it('a pipe gets plain text; FORCE_COLOR colours it; NO_COLOR and --no-color win', () => {
      const piped = cli({}, 'inventory', dir);
      assert.equal(piped.status, 0, piped.stderr);
      assert.doesNotMatch(piped.stdout, ansi);
      assert.match(cli({ FORCE_COLOR: '1' }, 'inventory', dir).stdout, ansi);
      assert.doesNotMatch(cli({ FORCE_COLOR: '1', NO_COLOR: '1' }, 'inventory', dir).stdout, ansi);
      assert.doesNotMatch(cli({ FORCE_COLOR: '1' }, '--no-color', 'inventory', dir).stdout, ansi);
    });

    it('--quiet keeps stderr to errors and warnings, --verbose adds detail, --json keeps stdout to JSON', () => {
      // Written outside the scanned directory: an SBOM inside it would be read as one more input.
      const file = join(dir, '..', `${dir.split('/').pop() ?? 'x'}.cdx.json`);
      after(() => rmSync(file, { force: true }));
      const normal = cli({}, 'inventory', dir, '--format', 'cyclonedx', '--output', file);
      assert.match(normal.stderr, /^wrote .*\.cdx\.json \(1 distinct packages in 1 components/m);
      const quiet = cli({}, '--quiet', 'inventory', dir, '--format', 'cyclonedx', '--output', file);
      assert.equal(quiet.status, 0);
      assert.equal(quiet.stderr, '');
      const verbose = cli({}, '--verbose', 'inventory', dir, '--format', 'cyclonedx', '--output', file);
      assert.match(verbose.stderr, /^read package-lock\.json: package-lock\.json v3, 1 package$/m, '--verbose says what was read');
      assert.doesNotMatch(normal.stderr, /^read /m);
      const json = cli({}, '--json', 'inventory', dir);
      assert.equal((JSON.parse(json.stdout) as { packages: unknown[] }).packages.length, 1);
    });
  });
});

describe('logger levels', () => {
  const capture = (level: 'quiet' | 'normal' | 'verbose') => {
    const lines: string[] = [];
    const logger = createLogger({ level, stream: { isTTY: false, write: (chunk: string) => lines.push(chunk) > 0 } as unknown as NodeJS.WritableStream });
    logger.info('info');
    logger.debug('debug');
    logger.warn('warn');
    return lines.join('');
  };

  it('--quiet: warnings only; normal: info too; --verbose: debug detail as well', () => {
    assert.equal(capture('quiet'), 'warning: warn\n');
    assert.equal(capture('normal'), 'info\nwarning: warn\n');
    assert.equal(capture('verbose'), 'info\ndebug\nwarning: warn\n');
  });
});

describe('progress on a terminal', () => {
  it('a warning written while the progress line is on screen clears it first, and is then redrawn', async () => {
    let screen = '';
    const stream = { isTTY: true, columns: 80, write: (chunk: string) => (screen += chunk).length > 0 } as unknown as NodeJS.WritableStream;
    const logger = createLogger({ level: 'normal', stream });
    const progress = logger.progress('review', 3);
    progress.update(1, 'reading the dependencies');
    logger.warn('registry.npmjs.org could not be reached');
    await new Promise((done) => setTimeout(done, 100));
    progress.update(2, 'matching');
    progress.done('done');
    // Each \r starts a fresh line on screen: the warning owns its line, no progress text before it.
    const rows = screen.split('\n');
    assert.equal(rows[0], '\r\u001b[2Kreview   0s 1/3 reading the dependencies\r\u001b[2Kwarning: registry.npmjs.org could not be reached');
    // eslint-disable-next-line no-control-regex -- the escape that clears the line is what is checked
    assert.match(rows[1]!, /^\r\u001b\[2Kreview {3}0s 2\/3 matching\r\u001b\[2Kreview done/);
    const piped = createMemoryTty(false);
    const quiet = createLogger({ level: 'normal', stream: piped.stream });
    quiet.progress('review', 3).update(1, 'x');
    quiet.warn('w');
    assert.equal(piped.text(), 'warning: w\n', 'piped: no progress and nothing to clear');
  });
});

function createMemoryTty(isTTY: boolean) {
  let text = '';
  return { stream: { isTTY, write: (chunk: string) => (text += chunk).length > 0 } as unknown as NodeJS.WritableStream, text: () => text };
}

describe('exit codes', () => {
  it('2 usage, 2 input, 3 internal error with a request to report it (1 is review --fail-on: review.test.ts)', async () => {
    assert.equal((await runMain('inventory', '--no-such-option')).code, 2);
    const missing = await runMain('inventory', join(tmpdir(), 'vigil-no-such-directory'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^vigil: error: .*vigil-no-such-directory: no such directory\n/, 'the path is said once');

    const crash = { name: 'crash-for-test', summary: 'throws a bug', load: async () => ({ name: 'crash-for-test', summary: 'throws a bug', configure: (command: Command) => void command.action(() => { throw new TypeError('undefined is not a function'); }) }) };
    commands.push(crash);
    try {
      const result = await runMain('crash-for-test');
      assert.equal(result.code, 3);
      assert.match(result.stderr, /vigil: error: undefined is not a function\nThis is a bug in Vigil\. Please report it/);
      assert.equal(new InternalError('x').exitCode, 3);
    } finally {
      commands.splice(commands.indexOf(crash), 1);
    }
  });
});
