import { Command, CommanderError } from 'commander';
import { EXIT } from '../errors.js';
import { packageVersion, reportFailure } from './failure.js';
import { commands } from './commands/registry.js';
import { exitCodesLine } from './exit-codes.js';
import { checkOptions } from './option-checks.js';
import { addSecretsFromEnvironment } from '../util/redact.js';
import { forgetUnreachableHosts } from '../util/fetch-policy.js';
import { nearestCommand } from '../util/nearest.js';
import { singleDashMistake } from './single-dash.js';

function buildProgram(version: string): Command {
  const program = new Command('vigil')
    .description('The security working group of an open-source organisation, as software.')
    .version(version, '-V, --version', 'print the version and exit')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'only errors and results')
    .option('-v, --verbose', 'more detail on stderr')
    .option('--no-color', 'no colours (NO_COLOR is respected too)')
    .option('-c, --config <file>', 'configuration file (default: vigil.config.yaml in the current directory)')
    .option('--db <path>', 'the store: a SQLite file (default: ~/.cache/vigil/vigil.db) or a postgres:// URL')
    .showHelpAfterError('(run with --help for usage)')
    // Subcommand help lists the options they inherit (--json, --db, --config ...): they work before
    // or after the command, as gh and npm accept them (issue #17).
    .configureHelp({ showGlobalOptions: true })
    // Dates and output paths are checked the same way for every command before it runs (issue #17).
    .hook('preAction', (_program, actionCommand) => checkOptions(actionCommand))
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 clean, 1 findings over the threshold, 2 usage or input error, 3 internal error.
Run \`vigil <command> --help\` for a command's options and examples.`,
  );
  return program;
}

/** What `--help` prints for a command, captured: the `addHelpText` sections included. */
function helpText(command: Command): string {
  let text = '';
  const output = command.configureOutput();
  command.configureOutput({ ...output, writeOut: (chunk: string) => void (text += chunk) });
  command.outputHelp();
  command.configureOutput(output);
  return text;
}

/** The indented lines under `Examples:` in a help text. */
function exampleLines(text: string): string[] {
  const start = text.indexOf('Examples:\n');
  if (start < 0) return [];
  const lines: string[] = [];
  for (const line of text.slice(start + 'Examples:\n'.length).split('\n')) {
    if (!line.startsWith('  ')) break;
    lines.push(line);
  }
  return lines;
}

/**
 * A subcommand whose definition gives no examples of its own shows the group's examples that run
 * it (`vigil db import --help` shows the `vigil db import ...` lines of `vigil db --help`), so
 * every help screen teaches by example. Only done when help is asked for.
 */
function lendExamples(group: Command, prefix: string): void {
  const examples = exampleLines(helpText(group));
  for (const sub of group.commands) {
    if (helpText(sub).includes('Examples:\n')) continue;
    const runs: string[] = [];
    examples.forEach((line, index) => {
      const command = line.trim();
      if (!command.startsWith(`${prefix} ${sub.name()} `) && command !== `${prefix} ${sub.name()}`) return;
      // An example continued with a trailing backslash keeps its continuation lines.
      let end = index;
      while (examples[end]?.trimEnd().endsWith('\\') && end + 1 < examples.length) end++;
      runs.push(...examples.slice(index, end + 1));
    });
    if (runs.length > 0) sub.addHelpText('after', `\nExamples:\n${runs.join('\n')}`);
  }
}

/** Global options that take a value: `vigil --db x.db db status` names the command `db`, not `x.db`. */
const GLOBAL_VALUE_OPTIONS = new Set(['-c', '--config', '--db']);

/** The command's name: the first word of argv that is neither an option nor a global option's value. */
export function commandName(words: string[]): string | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === '--') return words[index + 1];
    if (GLOBAL_VALUE_OPTIONS.has(word)) {
      index++;
      continue;
    }
    if (!word.startsWith('-')) return word;
  }
  return undefined;
}

export { nearestCommand } from '../util/nearest.js';

/**
 * `vigil updates aply undici` said only "too many arguments for 'updates'": the mistyped sub-command
 * was taken as the command's own argument. When the command has sub-commands and its first
 * operand is near one of them, the error says which was meant (issue #17).
 */
export function subcommandHint(program: Command, words: string[], message: string): string {
  const name = commandName(words);
  const group = program.commands.find((command) => command.name() === name);
  if (!group || group.commands.length === 0 || !message.includes(`too many arguments for '${group.name()}'`)) return '';
  const takesValue = (word: string) => GLOBAL_VALUE_OPTIONS.has(word) || group.options.some((option) => (option.long === word || option.short === word) && (option.required || option.optional));
  const rest = words.slice(words.indexOf(name!) + 1);
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index]!;
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (!word.includes('=') && takesValue(word)) index++;
      continue;
    }
    const nearest = nearestCommand(word, group.commands.map((command) => command.name()));
    return nearest && nearest !== word ? `(Did you mean ${group.name()} ${nearest}?)\n` : '';
  }
  return '';
}

/**
 * The error for a word before the command that is no option of the program (`--dbb`, `-db`), with
 * the nearest one; undefined when the program knows it.
 */
function unknownProgramOption(program: Command, word: string): string | undefined {
  const flag = word.split('=')[0]!;
  if (program.options.some((option) => option.long === flag || option.short === flag) || flag === '--help' || flag === '-h') return undefined;
  // `-qv`: short flags together.
  if (/^-[A-Za-z]{2,}$/.test(flag) && [...flag.slice(1)].every((letter) => program.options.some((option) => option.short === `-${letter}`))) return undefined;
  const longs = program.options.map((option) => option.long).filter((long): long is string => long !== undefined);
  const name = flag.replace(/^--?/, '');
  const nearest = longs.includes(`--${name}`) ? name : nearestCommand(name, longs.map((long) => long.slice(2)));
  return `error: unknown option '${word}'\n${nearest ? `(Did you mean --${nearest}?)\n` : ''}`;
}

/** Parse argv, load only the command that runs, and map every outcome to an exit code. */
export async function main(argv: string[]): Promise<number> {
  addSecretsFromEnvironment(process.env);
  // One run, one view of the network: hosts found unreachable or failing in an earlier in-process run are asked again.
  forgetUnreachableHosts();
  const version = packageVersion();
  const program = buildProgram(version);
  // Set before the commands are added: they share the program's output settings.
  program.configureOutput({ outputError: (text, write) => write(`${text}${subcommandHint(program, argv.slice(2), text)}`) });
  // `vigil help db import` is `vigil db import --help`: the same screen, examples and exit codes
  // included (commander's own help command printed the options only).
  const words = argv.slice(2);
  if (commandName(words) === 'help') {
    const at = words.indexOf('help');
    const rest = words.slice(at + 1).filter((word) => word !== '--help' && word !== '-h');
    if (rest.some((word) => !word.startsWith('-'))) argv = [...argv.slice(0, 2), ...words.slice(0, at), ...rest, '--help'];
  }
  const name = commandName(argv.slice(2));
  // `vigil revew --help` and `vigil help revew` would print the top-level help and exit 0: a typo
  // is a usage error (exit 2) with the nearest command, whatever else is on the line (issue #17).
  const helpTarget = name === 'help' ? commandName(argv.slice(argv.indexOf('help') + 1)) : undefined;
  const unknown = [name, helpTarget].find((word) => word !== undefined && word !== 'help' && !commands.some((entry) => entry.name === word));
  if (unknown !== undefined) {
    // `vigil --dbb x.db db status`: the mistyped option, not its value, is the mistake (issue #17).
    const before = words[words.indexOf(unknown) - 1];
    const option = before?.startsWith('-') && before !== '--' ? unknownProgramOption(program, before) : undefined;
    if (option !== undefined) {
      process.stderr.write(`${option}(run with --help for usage)\n`);
      return EXIT.usage;
    }
    const nearest = nearestCommand(unknown, commands.map((entry) => entry.name));
    process.stderr.write(`error: unknown command '${unknown}'\n${nearest ? `(Did you mean ${nearest}?)\n` : ''}(run \`vigil --help\` for the commands)\n`);
    return EXIT.usage;
  }
  const selected = commands.filter((entry) => entry.name === name);
  // `vigil --help` lists every command without loading any of them.
  for (const entry of selected.length > 0 ? selected : commands) {
    if (selected.length > 0) {
      const definition = await entry.load();
      const command = program.command(definition.name).description(definition.summary).exitOverride();
      definition.configure(command);
      if (argv.includes('--help') || argv.includes('-h') || argv.includes('help')) {
        lendExamples(command, `vigil ${definition.name}`);
        // Every help screen says what its exit codes mean, unless the command already does.
        for (const [path, each] of [[definition.name, command] as const, ...command.commands.map((sub) => [`${definition.name} ${sub.name()}`, sub] as const)]) {
          if (!helpText(each).includes('Exit codes:')) each.addHelpText('after', `\n${exitCodesLine(path)}`);
        }
      }
    } else {
      program.command(entry.name).description(entry.summary);
    }
  }
  // `-json` (Go style) is `--json` mistyped, not the flags -j -s -o -n (issue #17).
  const dashMistake = singleDashMistake(program, argv.slice(2));
  if (dashMistake !== undefined) {
    process.stderr.write(`${dashMistake}(run with --help for usage)\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportFailure(error, version);
  }
}


