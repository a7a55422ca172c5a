import type { Command, Option } from 'commander';
import { nearestCommand } from '../util/nearest.js';

/**
 * Users coming from osv-scanner, scorecard and other Go tools type long options with one dash
 * (`-json`, `-config f`). Commander reads such a word as a cluster of short flags: `-json` is
 * `-j -s -o -n` ("unknown option '-json'", no hint) and `-config f.yaml` is `-c onfig` (the config
 * file "onfig" is read, and `f.yaml` becomes an operand). Commander suggests a near option only
 * for `--` words. Found before parsing, over the command and sub-command the words name and the
 * options they inherit, so every command answers the same (issue #17).
 */

/** The options a command accepts: its own, help and version (hidden ones included). */
function optionsOf(command: Command): Option[] {
  const visible = command.createHelp().visibleOptions(command);
  return [...command.options, ...visible.filter((option) => !command.options.includes(option))];
}

const takesValue = (option: Option | undefined): boolean => option !== undefined && (option.required || option.optional);

/**
 * Whether commander would read `-abc` as flags it knows: each letter a short option, and the first
 * one that takes a value takes the rest of the word (`-cfile.yaml`). Returns whether the next word
 * is that option's value too, or undefined when the cluster has an unknown letter.
 */
function readCluster(body: string, options: Option[]): { valueNext: boolean } | undefined {
  for (let at = 0; at < body.length; at++) {
    const option = options.find((each) => each.short === `-${body[at]}`);
    if (!option) return undefined;
    if (takesValue(option)) return { valueNext: at === body.length - 1 && option.required };
  }
  return { valueNext: false };
}

/**
 * The usage error for the first single-dash long option in `words` (argv after the script), or
 * undefined. `-json` where `--json` exists says "did you mean --json?"; a single-dash word that is
 * no cluster of known short flags gets the nearest long option, as commander gives for `--jsn`.
 */
export function singleDashMistake(program: Command, words: string[]): string | undefined {
  let command = program;
  const chain: Command[] = [program];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word === '--') break;
    const options = chain.flatMap(optionsOf);
    const next = words[index + 1];
    if (!word.startsWith('-') || word === '-') {
      const sub = command.commands.find((each) => each.name() === word || each.aliases().includes(word));
      if (sub) {
        command = sub;
        chain.push(sub);
      }
      continue;
    }
    if (word.startsWith('--')) {
      const option = options.find((each) => each.long === word);
      // `--since -7d`: a required value is taken whatever it looks like; an optional one is not.
      if (takesValue(option) && (option!.required || (next !== undefined && !next.startsWith('-')))) index++;
      continue;
    }
    const body = word.slice(1);
    const equals = body.indexOf('=');
    const name = equals < 0 ? body : body.slice(0, equals);
    if (name.length < 2) {
      if (takesValue(options.find((each) => each.short === word)) && options.find((each) => each.short === word)!.required) index++;
      continue;
    }
    const longs = options.map((each) => each.long).filter((long): long is string => long !== undefined);
    const suffix = equals < 0 ? '' : body.slice(equals);
    if (longs.includes(`--${name}`)) return `error: unknown option '${word}'\n(Did you mean --${name}${suffix}?)\n`;
    const cluster = readCluster(body, options);
    if (cluster) {
      if (cluster.valueNext) index++;
      continue;
    }
    const nearest = nearestCommand(name, longs.map((long) => long.slice(2)));
    return `error: unknown option '${word}'\n${nearest ? `(Did you mean --${nearest}?)\n` : ''}`;
  }
  return undefined;
}
