import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../test/fixtures.js';
import { openStore } from '../store/open.js';

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('vigil CLI', () => {
  it('prints its version and exits 0', () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const result = cli('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('teaches in --help: commands and exit codes', () => {
    const result = cli('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Exit codes: 0 clean, 1 findings/);
  });

  it('global options work before or after the command, and subcommand help lists them (issue #17)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-global-'));
    const db = join(dir, 'x.db');
    // db status reads the store and never creates it (paths.test.ts): make them first.
    for (const file of [db, join(dir, 'from-config.db')]) await (await openStore(file)).close();
    for (const args of [['--db', db, 'db', 'status', '--json'], ['db', 'status', '--db', db, '--json'], ['--json', '--db', db, 'db', 'status']]) {
      const result = cli(...args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.equal((JSON.parse(result.stdout) as { location: string }).location, db, args.join(' '));
    }
    const config = join(dir, 'f.yaml');
    writeFileSync(config, `db: ${join(dir, 'from-config.db')}\n`);
    for (const args of [['--config', config, 'db', 'status', '--json'], ['-c', config, 'db', 'status', '--json'], ['db', 'status', '--json', '--config', config]]) {
      const result = cli(...args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.equal((JSON.parse(result.stdout) as { location: string }).location, join(dir, 'from-config.db'), args.join(' '));
    }
    const help = cli('db', 'status', '--help');
    assert.match(help.stdout, /Global Options:[\s\S]*--config <file>[\s\S]*--db <path>/);
  });

  it('exits 2 on an unknown command or option', () => {
    assert.equal(cli('no-such-command').status, 2);
    assert.equal(cli('--no-such-flag').status, 2);
  });
});

describe('an empty --db (#17)', () => {
  it('is exit 2 before or after the command, never the default store (an unset shell variable)', () => {
    const home = mkdtempSync(join(tmpdir(), 'vigil-empty-db-'));
    for (const args of [['--db', '', 'db', 'status'], ['db', 'status', '--db', ' ']]) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', HOME: home, XDG_CACHE_HOME: join(home, 'cache') } });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /--db: empty/);
      assert.deepEqual(readdirSync(home), [], 'nothing created');
    }
  });
});

describe('a mistyped command (#17)', () => {
  it('is exit 2 with the nearest command, also with --help, after `help`, in capitals or shortened', async () => {
    for (const args of [['revew', '--help'], ['help', 'revew'], ['REVIEW', '.'], ['rev']]) {
      const result = cli(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /unknown command '(revew|REVIEW|rev)'\n\(Did you mean review\?\)/, args.join(' '));
      assert.equal(result.stdout, '', 'no help screen that reads as success');
    }
    const none = cli('xyzzy');
    assert.equal(none.status, 2);
    assert.doesNotMatch(none.stderr, /Did you mean/, 'nothing near: no guess');
    // A mistyped sub-command taken as the command's own argument: "too many arguments" says which was meant.
    for (const [args, hint] of [[['updates', 'aply', 'undici'], /\(Did you mean updates apply\?\)/], [['updates', '--ref', 'v22.x', 'aply', 'undici'], /\(Did you mean updates apply\?\)/], [['updates', '.', 'undici'], undefined]] as const) {
      const result = cli(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /too many arguments for 'updates'/, args.join(' '));
      if (hint) assert.match(result.stderr, hint, args.join(' '));
      else assert.doesNotMatch(result.stderr, /Did you mean/, `${args.join(' ')}: nothing near, no guess`);
    }
    const { nearestCommand } = await import('./program.js');
    assert.equal(nearestCommand('scorcard', ['scorecard', 'serve']), 'scorecard');
    assert.equal(nearestCommand('se', ['scorecard', 'serve']), 'serve');
  });
});

describe('every help screen (#17)', () => {
  it('says what its exit codes mean, per command, and keeps its examples', () => {
    for (const [args, meaning] of [[['harden', '--help'], /Exit codes: 0 done; 2 usage or input error/], [['monitor', 'run', '--help'], /Exit codes: 0 every repository scored, 1 some could not be scored/], [['db', 'import', '--help'], /Exit codes: 0 done/]] as const) {
      const result = cli(...args);
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, meaning, args.join(' '));
      assert.match(result.stdout, /Examples:\n/, args.join(' '));
    }
  });
});

describe('a SQLite --db after a command that reads it (#17)', () => {
  it('holds only the store file, no -wal/-shm, when the command fails or not, and the store still opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sidecars-'));
    const db = join(dir, 'v.db');
    await (await openStore(db)).close();
    mkdirSync(join(dir, 'proj'));
    writeFileSync(join(dir, 'proj', 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0' }));
    writeFileSync(join(dir, 'proj', 'package-lock.json'), '{bad');
    const env = { ...process.env, NO_COLOR: '1', VIGIL_NPM_REGISTRY: 'http://127.0.0.1:9', VIGIL_HTTP_RETRY_DELAY_MS: '1', XDG_CACHE_HOME: dir, XDG_CONFIG_HOME: dir, GITHUB_TOKEN: '', VIGIL_GITHUB_TOKEN: '', GH_TOKEN: '' };
    // review fails (exit 2: the store holds no advisories); scorecard and updates read it too.
    for (const [args, status] of [[['review', 'proj'], 2], [['scorecard', 'proj'], undefined], [['updates', 'proj'], undefined]] as const) {
      const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(projectRoot, 'src/cli/main.ts'), '--db', db, ...args], { cwd: dir, encoding: 'utf8', env });
      if (status !== undefined) assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.notEqual(result.status, 3, `${args.join(' ')}: ${result.stderr}`);
      assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('v.db')), ['v.db'], args.join(' '));
    }
    const store = await openStore(db);
    assert.ok((await store.schemaVersion()) > 0, 'the store still opens, its tables intact');
    await store.close();
  });
});

describe('a Go-style single-dash long option (#17)', () => {
  // Every command as a user coming from osv-scanner or scorecard types it: `-json` is not read as
  // -j -s -o -n, `-config f` not as `-c onfig`; exit 2 with the option meant.
  const lines = [['db', 'status'], ['inventory', '.'], ['node', 'check', '20.0.0'], ['triage', 'check'], ['review', '.'], ['release', 'status'], ['updates', '.'], ['meeting', 'check', '.'], ['scorecard', '.'], ['monitor', 'report'], ['integrity', 'verify'], ['permissions', 'check', 'p.json'], ['worker'], ['serve'], ['run', '--', 'node', '-e', '0'], ['harden', '.']];
  it('says "did you mean --json?" for every command, exit 2, nothing on stdout', () => {
    for (const words of lines) {
      const at = words.indexOf('--') < 0 ? words.length : words.indexOf('--');
      const args = [...words.slice(0, at), '-json', ...words.slice(at)];
      const result = cli(...args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /unknown option '-json'\n\(Did you mean --json\?\)/, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
    }
  });

  it('names the long option of a command or the program, with its value, and the nearest one for a typo', () => {
    for (const [args, hint] of [[['scorecard', '-config', 'f.yaml', '.'], '--config'], [['monitor', 'report', '-database', 'x.json'], '--database'], [['updates', '.', '-fail-on=security'], '--fail-on=security'], [['-version'], '--version'], [['inventory', '-qiet', '.'], '--quiet'], [['review', '.', '--jsn'], '--json']] as const) {
      const result = cli(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.ok(result.stderr.includes(`(Did you mean ${hint}?)`), `${args.join(' ')}: ${result.stderr}`);
    }
    // A mistyped option before the command: the option is named, not its value taken for the command.
    for (const [args, hint] of [[['--dbb', 'x.db', 'db', 'status'], '--db'], [['-db', 'x.db', 'db', 'status'], '--db'], [['--confg', 'f.yaml', 'inventory', '.'], '--config']] as const) {
      const result = cli(...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.ok(result.stderr.includes(`unknown option '${args[0]}'\n(Did you mean ${hint}?)`), `${args.join(' ')}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /unknown command/, args.join(' '));
    }
    assert.match(cli('-qv', 'revew').stderr, /unknown command 'revew'/, 'short flags together are known');
    // Short flags together and a short option's value still work: no false alarm.
    const help = cli('review', '-qv', '-h');
    assert.equal(help.status, 0, help.stderr);
  });
});
