'use strict';
// The child-process allow-list, in-process (#18): Node's permission model only switches child
// processes on or off (--allow-child-process), so which commands run is decided here, before the
// spawn, on every path child-control.cjs covers. Under the permission model this code cannot look
// at files outside the grants, so it decides from names: the launcher found each listed
// program on the launch PATH, and an allowed spawn runs exactly that file.
const path = require('node:path');
const { controlChildren } = require('./child-control.cjs');
const { commandLine, describeSpawn, splitWords, normaliseCommand } = require('./commands.cjs');

/** Node options that would change a Node child's permissions or what it runs before them. */
const WIDENING = /^--(allow-[a-z-]+|permission|experimental-permission|env-file(-if-exists)?|experimental-policy|policy-integrity)(=|$)/;

/** The options before a Node child's script (after it, words belong to the script). */
function nodeOptionsOf(words) {
  const options = [];
  for (const word of words) {
    if (word === '--' || !word.startsWith('-')) break;
    options.push(word);
  }
  return options;
}

/**
 * `config.commands`: null (any child, `childProcess: true`) or [{ line, words, paths }].
 * `config.nodes`: the paths of the Node binary that count as "node" (it gets the policy again
 * through NODE_OPTIONS); a bare `node` runs that binary, never another one on a changed PATH.
 */
function guardChildren(config, forced, denied) {
  const nodes = new Set([process.execPath, ...(config.nodes ?? [])]);
  const entries = config.commands;
  const allowsNode = entries === null || entries.some((entry) => entry.line === 'node');
  const list = () => (entries.length > 0 ? entries.map((entry) => entry.line).join(', ') : 'none');

  function isNode(file, cwd) {
    return file.includes('/') ? nodes.has(path.resolve(cwd, file)) : /^node(js)?$/.test(file);
  }

  function decideWords(file, words, cwd, shown, original) {
    if (isNode(file, cwd)) {
      if (!allowsNode) throw denied('starting the Node process', `\`${shown}\``, `(allowed commands: ${list()})`);
      const widening = nodeOptionsOf(words).find((word) => WIDENING.test(word));
      if (widening) throw denied('starting a Node child with', widening, '(a Node child runs under the same policy; its permission flags come from vigil run)');
      return { file: process.execPath, args: [original?.args?.[0] ?? file, ...words] };
    }
    if (entries === null) return original ?? { file, args: [file, ...words] };
    const absolute = file.includes('/') ? path.resolve(cwd, file) : null;
    const entry = entries.find(
      (candidate) =>
        candidate.words &&
        (absolute ? candidate.paths.includes(absolute) : candidate.words[0] === file) &&
        candidate.words.length === words.length + 1 &&
        candidate.words.slice(1).every((word, index) => word === words[index]),
    );
    if (!entry) throw denied('starting the process', `\`${shown}\``, `(allowed commands: ${list()})`);
    return { file: entry.paths[0], args: [entry.words[0], ...words] };
  }

  controlChildren({
    forced,
    decide({ file, args, cwd }) {
      const spawn = describeSpawn(file, args);
      if (spawn.shell !== null) {
        const line = normaliseCommand(spawn.shell);
        const words = splitWords(line);
        // A plain command line needs no shell: run it directly, so PATH and the shell cannot change what starts.
        if (words) return decideWords(words[0], words.slice(1), cwd, line, entries === null ? { file, args } : null);
        if (entries === null) return { file, args };
        if (!entries.some((entry) => entry.line === line)) throw denied('starting the shell command', `\`${line}\``, `(allowed commands: ${list()})`);
        // Shell syntax from the list runs as written, with the PATH vigil run started with.
        return { file, args, env: { PATH: config.launchPath ?? '' } };
      }
      return decideWords(String(file), spawn.words, cwd, commandLine(spawn, false), { file, args });
    },
  });
}

module.exports = { guardChildren, WIDENING, nodeOptionsOf };
