'use strict';
// The child-process allow-list (`childProcess: ["git --version", "node"]`), shared by the
// launcher (TypeScript imports this file), the guard and the tracer, so all three agree on what a
// command is. Plain JS: preloads run without a compiler.
const fs = require('node:fs');
const path = require('node:path');

/** Characters that make a command line a shell program rather than one program and its words. */
const SHELL_SYNTAX = /[|&;<>()$`\\*?[\]#~{}!\n\r]/;
/** Shells whose `-c <string>` runs a command line: the string is what gets checked. */
const SHELLS = /^(sh|bash|dash|zsh|ksh|ash|busybox)$/;

/** One space between words, no padding: how entries are compared. */
function normaliseCommand(text) {
  return String(text).trim().replace(/\s+/g, ' ');
}

/** Quote a word the way a person would write it in the policy (single quotes when it needs them). */
function quoteWord(word) {
  const text = String(word);
  return text !== '' && !/[\s'"]/.test(text) && !SHELL_SYNTAX.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The words of an entry, honouring '...' and "..." quotes; null when the entry is shell syntax (a pipe, `$VAR`, ...). */
function splitWords(line) {
  const words = [];
  let current = null;
  let quote = null;
  for (const char of String(line)) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      current = current ?? '';
    } else if (/\s/.test(char)) {
      if (current !== null) words.push(current);
      current = null;
    } else if (SHELL_SYNTAX.test(char)) return null;
    else current = (current ?? '') + char;
  }
  if (quote) return null;
  if (current !== null) words.push(current);
  return words.length > 0 ? words : null;
}

/** Find a program the way execvp does, with the given PATH: the path found (not resolved), or null. */
function findProgram(word, pathVariable, cwd) {
  const candidates = word.includes('/') ? [path.resolve(cwd, word)] : String(pathVariable ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.resolve(cwd, dir, word));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // next directory
    }
  }
  return null;
}

/**
 * What a spawn will run, from the normalised options Node's ChildProcess#spawn and spawnSync
 * receive (`file`, `args` with argv0 first): the program and its words, or the shell string.
 */
function describeSpawn(file, args) {
  const words = Array.isArray(args) && args.length > 0 ? args.slice(1).map(String) : [];
  const base = path.basename(String(file));
  if (SHELLS.test(base) && words[0] === '-c' && words.length >= 2) return { file: String(file), words, shell: words[1] };
  return { file: String(file), words, shell: null };
}

/** The command line a person reads (and `permissions infer` writes) for a spawn. */
function commandLine(spawn, isNode) {
  if (isNode) return 'node';
  if (spawn.shell !== null) return normaliseCommand(spawn.shell);
  return [path.basename(spawn.file), ...spawn.words].map(quoteWord).join(' ');
}

module.exports = { SHELL_SYNTAX, normaliseCommand, quoteWord, splitWords, findProgram, describeSpawn, commandLine };
